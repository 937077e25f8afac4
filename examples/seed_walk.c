/* seed_walk.c - a looping animation through four seeds, every frame a
 * valid latent, written as a .npy file of latents.
 *
 * Makes the latents PyTorch would make for four seeds (torch.randn on the
 * CPU, as ComfyUI does), then the whole loop with cog_walk: a Catmull-Rom
 * path through the four keyframes (C1, passing through each), N frames
 * per segment, frame i*N = keyframe i, and no duplicated frame at the
 * seam. Each block of frames is one cog_combine_batch over the 4
 * neighbouring keyframes. Prints each frame's squared-norm z-score
 * against chi-squared(D) (|z| < 4 looks like a real latent) next to the
 * plain (uncorrected) spline's, and writes frames x 4 x 64 x 64 float32 to
 * the output file (numpy.load reads it; feed each frame to a sampler as
 * its initial noise).
 *
 * Run:  ./build/examples/seed_walk [out.npy [frames_per_segment]]
 *       (defaults: seed_walk.npy 8)
 */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "common/norm_z.h" /* norm_z: is a latent's length typical? */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C = 4, H = 64, W = 64, DIM = C * H * W, KEYS = 4 };

/* NumPy .npy format 1.0: magic, version, header length, a Python dict
 * padded with spaces and a newline to a multiple of 64 bytes, then the
 * little-endian float32 data in C order. */
static int write_npy(const char *path, const float *data, size_t frames)
{
    char hdr[128];
    size_t len, i;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
    FILE *f;
    sprintf(hdr, "{'descr': '<f4', 'fortran_order': False, 'shape': (%lu, %d, %d, %d), }",
            (unsigned long)frames, C, H, W);
    len = strlen(hdr);
    while ((10 + len + 1) % 64 != 0) hdr[len++] = ' ';
    hdr[len++] = '\n';
    pre[8] = (unsigned char)(len & 0xff);
    pre[9] = (unsigned char)(len >> 8);
    f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(pre, 1, 10, f);
    fwrite(hdr, 1, len, f);
    for (i = 0; i < frames * DIM; ++i) { /* little-endian on any host */
        unsigned char b[4];
        uint32_t u;
        memcpy(&u, &data[i], 4);
        b[0] = (unsigned char)u;
        b[1] = (unsigned char)(u >> 8);
        b[2] = (unsigned char)(u >> 16);
        b[3] = (unsigned char)(u >> 24);
        fwrite(b, 1, 4, f);
    }
    return fclose(f) == 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "seed_walk.npy";
    size_t per = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 8;
    size_t frames, f, i, idx[COG_WALK_MAX_TERMS], n;
    float *keys, *mem, **out, *plain;
    const float *x[KEYS];
    double w[COG_WALK_MAX_TERMS];
    cog_walk_spec spec;
    cog_result st;

    memset(&spec, 0, sizeof spec);
    spec.keyframes = KEYS;
    spec.frames = per;
    spec.loop = 1;
    spec.path = COG_WALK_CATMULL_ROM;
    if (per == 0 || cog_walk_length(&spec, &frames) != COG_OK) {
        fprintf(stderr, "frames per segment must be >= 1\n");
        return 2;
    }
    keys = (float *)malloc(KEYS * DIM * sizeof *keys);
    mem = (float *)malloc(frames * DIM * sizeof *mem);
    plain = (float *)malloc(DIM * sizeof *plain);
    out = (float **)calloc(frames, sizeof *out);
    if (!keys || !mem || !plain || !out) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (i = 0; i < KEYS; ++i) { /* seeds 1..4, as torch makes them */
        cog_randn_torch(i + 1, keys + i * DIM, DIM);
        x[i] = keys + i * DIM;
    }
    for (f = 0; f < frames; ++f) out[f] = mem + f * DIM;

    st = cog_walk(x, &spec, DIM, NULL, 0, 0, frames, out);
    if (st != COG_OK) {
        fprintf(stderr, "cog_walk: %s\n", cog_result_string(st));
        return 1;
    }
    printf("Catmull-Rom loop through seeds 1..4, %lu frames per segment\n"
           "frame  keyframes:weights              z (COG)  z (plain spline)\n",
           (unsigned long)per);
    for (f = 0; f < frames; ++f) {
        const float *xs[COG_WALK_MAX_TERMS];
        char desc[96] = "";
        cog_walk_weights(&spec, f, idx, w, &n);
        for (i = 0; i < n; ++i) {
            sprintf(desc + strlen(desc), "%lu:%+.3f ", (unsigned long)idx[i], w[i]);
            xs[i] = x[idx[i]];
        }
        cog_linear(xs, n, DIM, w, plain);
        printf("%5lu  %-32s %7.2f  %9.2f\n", (unsigned long)f, desc,
               norm_z(out[f], DIM, 0.0, 1.0),
               norm_z(plain, DIM, 0.0, 1.0));
    }
    if (!write_npy(path, mem, frames)) {
        fprintf(stderr, "%s: cannot write\n", path);
        return 1;
    }
    printf("wrote %s: (%lu, %d, %d, %d) float32\n", path, (unsigned long)frames,
           C, H, W);
    free(keys);
    free(mem);
    free(plain);
    free(out);
    return 0;
}
