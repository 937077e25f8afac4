/* interpolate_seeds.c - "seed travel": a smooth path of valid latents
 * between two seeds, as used for animations.
 *
 * Makes the two latents PyTorch would make for the seeds (torch.randn on the
 * CPU, as ComfyUI does), then builds every frame of the path in ONE pass
 * over the inputs with cog_combine_batch: LERP weights made valid by COG,
 * and SLERP weights through COG for comparison. Prints, per frame, the
 * weights and the z-score of the frame's squared norm against the
 * chi-squared distribution of real latents (|z| < 4 looks real).
 *
 * Run:  ./build/examples/interpolate_seeds [seed_a seed_b frames dim]
 *       (defaults: 1 2 9 16384 = 4 x 64 x 64, an SD1.5 512px latent)
 */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "common/norm_z.h" /* norm_z: is a latent's length typical? */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned long seed_a = 1, seed_b = 2;
    size_t frames = 9, dim = 4 * 64 * 64, f;
    float *a, *b, *frame_mem, **lerp_frames, **slerp_frames;
    const float *ends[2];
    double *wl, *ws, theta;
    cog_result st;

    if (argc > 1) seed_a = strtoul(argv[1], NULL, 10);
    if (argc > 2) seed_b = strtoul(argv[2], NULL, 10);
    if (argc > 3) frames = (size_t)strtoul(argv[3], NULL, 10);
    if (argc > 4) dim = (size_t)strtoul(argv[4], NULL, 10);
    if (frames < 2 || frames > 1000 || dim == 0 || dim > 50000000) {
        fprintf(stderr, "usage: interpolate_seeds [seed_a seed_b frames(2..1000) dim]\n");
        return 2;
    }

    a = (float *)malloc(dim * sizeof *a);
    b = (float *)malloc(dim * sizeof *b);
    frame_mem = (float *)malloc(2 * frames * dim * sizeof *frame_mem);
    lerp_frames = (float **)malloc(2 * frames * sizeof *lerp_frames);
    wl = (double *)malloc(4 * frames * sizeof *wl);
    if (!a || !b || !frame_mem || !lerp_frames || !wl) {
        fprintf(stderr, "interpolate_seeds: out of memory\n");
        return 1;
    }
    slerp_frames = lerp_frames + frames;
    ws = wl + 2 * frames;
    for (f = 0; f < 2 * frames; ++f) lerp_frames[f] = frame_mem + f * dim;

    cog_randn_torch(seed_a, a, dim); /* cannot fail: non-NULL buffers */
    cog_randn_torch(seed_b, b, dim);
    ends[0] = a;
    ends[1] = b;

    /* Weights of every frame: t = f / (frames - 1), endpoints included. */
    st = cog_slerp_angle(a, b, dim, &theta);
    if (st != COG_OK) {
        fprintf(stderr, "interpolate_seeds: %s\n", cog_result_string(st));
        return 1;
    }
    for (f = 0; f < frames; ++f) {
        const double t = (double)f / (double)(frames - 1);
        cog_lerp_weights(t, wl + 2 * f);
        st = cog_slerp_weights(theta, t, ws + 2 * f);
        if (st != COG_OK) {
            fprintf(stderr, "interpolate_seeds: %s\n", cog_result_string(st));
            return 1;
        }
    }
    /* All frames of each path in one pass over the two seeds. */
    st = cog_combine_batch(ends, 2, dim, wl, frames, NULL, 0, lerp_frames);
    if (st == COG_OK)
        st = cog_combine_batch(ends, 2, dim, ws, frames, NULL, 0, slerp_frames);
    if (st != COG_OK) {
        fprintf(stderr, "interpolate_seeds: %s\n", cog_result_string(st));
        return 1;
    }

    printf("seeds %lu -> %lu, D = %zu, angle %.2f deg\n", seed_a, seed_b, dim,
           theta * 180.0 / 3.14159265358979);
    printf("frame     t    LERP w (a, b)     z     SLERP w (a, b)    z\n");
    for (f = 0; f < frames; ++f)
        printf("%5zu  %.3f  %6.3f %6.3f  %6.2f   %6.3f %6.3f  %6.2f\n", f,
               (double)f / (double)(frames - 1), wl[2 * f], wl[2 * f + 1],
               norm_z(lerp_frames[f], dim, 0.0, 1.0), ws[2 * f],
               ws[2 * f + 1], norm_z(slerp_frames[f], dim, 0.0, 1.0));
    printf("Every frame is a valid latent: feed lerp_frames[f] to the sampler.\n");

    free(a);
    free(b);
    free(frame_mem);
    free(lerp_frames);
    free(wl);
    return 0;
}
