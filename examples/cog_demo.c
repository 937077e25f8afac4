/* cog_demo.c - the point of cog.h in one screen.
 *
 * Makes Stable-Diffusion-2.1-sized latents (4 x 96 x 96 = 36,864 floats)
 * from PyTorch-compatible seeds (the same numbers torch.manual_seed(s);
 * torch.randn(...) gives), then compares interpolations, centroids and
 * subspace points made with LERP, SLERP, the paper's centroid baselines and
 * COG. For each result it prints the norm and the z-score of the squared
 * norm against the chi-squared distribution a real N(0, I) latent follows:
 * |z| < 4 is what real latents look like; LERP midpoints and plain
 * centroids are hundreds of standard deviations off ("washed out"), COG
 * results never are. A last table shows what happens when the latents are
 * not N(0, I): only COG keeps the mean and the spread.
 *
 * Run:  cmake -S . -B build && cmake --build build && ./build/examples/cog_demo
 *       ./build/examples/cog_demo [dim] [first-seed]   (defaults 36864 1)
 */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "common/norm_z.h" /* norm_z: is a latent's length typical? */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXK 25

static double norm_of(const float *v, size_t dim)
{
    double ss = 0.0;
    size_t j;
    for (j = 0; j < dim; ++j) ss += (double)v[j] * v[j];
    return sqrt(ss);
}

static const char *verdict(double z) { return fabs(z) < 4.0 ? "ok" : "BAD"; }

static void cell(const float *v, size_t dim)
{
    const double z = norm_z(v, dim, 0.0, 1.0);
    printf("  %7.1f %8.1f %-3s", norm_of(v, dim), z, verdict(z));
}

static int fail(const char *what, cog_result st)
{
    fprintf(stderr, "cog_demo: %s: %s\n", what, cog_result_string(st));
    return 1;
}

int main(int argc, char **argv)
{
    size_t dim = 36864, i, j;
    unsigned long seed0 = 1;
    float *buf, *seeds[MAXK], *out, *grid_cells;
    const float *x[MAXK];
    double theta, w[2];
    cog_result st;

    if (argc > 1) dim = (size_t)strtoul(argv[1], NULL, 10);
    if (argc > 2) seed0 = strtoul(argv[2], NULL, 10);
    if (dim < 3 || dim > 100000000) {
        fprintf(stderr, "usage: cog_demo [dim >= 3] [first-seed]\n");
        return 2;
    }
    buf = (float *)malloc((MAXK + 1 + 9) * dim * sizeof *buf);
    if (!buf) return fail("malloc", COG_ERR_MEMORY);
    for (i = 0; i < MAXK; ++i) {
        seeds[i] = buf + i * dim;
        x[i] = seeds[i];
        st = cog_randn_torch(seed0 + i, seeds[i], dim);
        if (st != COG_OK) return fail("cog_randn_torch", st);
    }
    out = buf + MAXK * dim;
    grid_cells = out + dim; /* 9 latents of the subspace grid */

    printf("cog.h %s demo: latents of D = %zu floats from torch seeds %lu..%lu\n",
           cog_version_string(), dim, seed0, seed0 + MAXK - 1);
    printf("A real N(0, I) latent has norm %.1f +- %.2f; z = (|x|^2 - D) / "
           "sqrt(2D) is N(0, 1)-ish, |z| < 4 looks real.\n\n",
           sqrt((double)dim - 0.5), sqrt(0.5));

    /* ---- interpolation between seeds 0 and 1 */
    st = cog_slerp_angle(x[0], x[1], dim, &theta);
    if (st != COG_OK) return fail("cog_slerp_angle", st);
    printf("Interpolation (angle between the seeds %.2f deg)\n",
           theta * 180.0 / 3.14159265358979);
    printf("   t       LERP norm     z          SLERP norm     z        "
           "  COG norm     z\n");
    for (i = 0; i <= 4; ++i) {
        const double t = 0.25 * (double)i;
        printf("  %.2f", t);
        cog_lerp_weights(t, w);
        if ((st = cog_linear(x, 2, dim, w, out)) != COG_OK)
            return fail("cog_linear", st);
        cell(out, dim);
        if ((st = cog_slerp_weights(theta, t, w)) != COG_OK)
            return fail("cog_slerp_weights", st);
        if ((st = cog_linear(x, 2, dim, w, out)) != COG_OK)
            return fail("cog_linear", st);
        cell(out, dim);
        cog_lerp_weights(t, w);
        if ((st = cog_combine(x, 2, dim, w, NULL, 0, out)) != COG_OK)
            return fail("cog_combine", st);
        cell(out, dim);
        printf("\n");
    }

    /* ---- centroids of K seeds (the paper's group sizes) */
    printf("\nCentroids of K seeds: norm, z\n");
    printf("   K     Euclidean              standardized           "
           "mode norm              COG\n");
    {
        static const size_t ks[] = {3, 5, 10, 25};
        double cw[MAXK];
        for (i = 0; i < sizeof ks / sizeof ks[0]; ++i) {
            const size_t k = ks[i];
            printf("  %2zu", k);
            if ((st = cog_centroid_euclidean(x, k, dim, out)) != COG_OK)
                return fail("cog_centroid_euclidean", st);
            cell(out, dim);
            if ((st = cog_centroid_standardized(x, k, dim, out)) != COG_OK)
                return fail("cog_centroid_standardized", st);
            cell(out, dim);
            if ((st = cog_centroid_mode_norm(x, k, dim, out)) != COG_OK)
                return fail("cog_centroid_mode_norm", st);
            cell(out, dim);
            cog_centroid_weights(k, cw);
            if ((st = cog_combine(x, k, dim, cw, NULL, 0, out)) != COG_OK)
                return fail("cog_combine", st);
            cell(out, dim);
            printf("\n");
        }
    }
    printf("(For N(0, I) the rescaled baselines fix the norm too; the next "
           "table shows where they break.)\n");

    /* ---- a 2-D slice of the subspace spanned by three seeds: a tangent
     * grid around seed 0 (cog_subspace_grid), whose cells are pairwise
     * distinct latents; plain U s is too long away from the centre. */
    {
        cog_subspace sub;
        double gw[9 * 3], maxcos = 0.0, maxz = 0.0;
        float *cells[9];
        size_t a, b;
        st = cog_subspace_create(&sub, x, 3, dim, 0.0, NULL);
        if (st != COG_OK) return fail("cog_subspace_create", st);
        st = cog_subspace_grid(&sub, COG_GRID_TANGENT, 0, 1, 2, 3, 1.0, gw);
        if (st != COG_OK) return fail("cog_subspace_grid", st);
        printf("\nSubspace of seeds 0..2 (rank %zu), 3 x 3 tangent grid around "
               "seed 0 (up to 55 degrees away): z of plain U*s -> z of COG\n",
               sub.rank);
        for (a = 0; a < 9; ++a) cells[a] = grid_cells + a * dim;
        if ((st = cog_combine_batch(x, 3, dim, gw, 9, NULL, 0, cells)) != COG_OK)
            return fail("cog_combine_batch", st);
        for (a = 0; a < 3; ++a) {
            printf("  ");
            for (b = 0; b < 3; ++b) {
                const double z = norm_z(cells[a * 3 + b], dim, 0.0, 1.0);
                if ((st = cog_linear(x, 3, dim, gw + (a * 3 + b) * 3, out)) !=
                    COG_OK)
                    return fail("cog_linear", st);
                printf("  %8.1f ->", norm_z(out, dim, 0.0, 1.0));
                printf(" %5.1f %-3s", z, verdict(z));
                if (fabs(z) > maxz) maxz = fabs(z);
            }
            printf("\n");
        }
        for (a = 0; a < 9; ++a)
            for (b = 0; b < a; ++b) {
                double d = 0.0, na = 0.0, nb = 0.0;
                for (j = 0; j < dim; ++j) {
                    d += (double)cells[a][j] * cells[b][j];
                    na += (double)cells[a][j] * cells[a][j];
                    nb += (double)cells[b][j] * cells[b][j];
                }
                if (fabs(d) / sqrt(na * nb) > maxcos)
                    maxcos = fabs(d) / sqrt(na * nb);
            }
        printf("  largest |cosine| between two cells: %.3f (no repeats)\n",
               maxcos);
        cog_subspace_destroy(&sub);
        if (maxcos >= 0.999 || maxz >= 4.0)
            return fail("subspace grid: repeated or atypical cells",
                        COG_ERR_ARG);
    }

    /* ---- latents from N(mu, s^2 I), mu = 0.5, s = 0.8 */
    {
        const float mu = 0.5f, sd = 0.8f;
        double cw[MAXK];
        const size_t k = 5;
        printf("\nLatents from N(0.5, 0.8^2 I) (a model with a non-standard "
               "prior), centroid of %zu: mean, std, z\n", k);
        for (i = 0; i < k; ++i)
            for (j = 0; j < dim; ++j) seeds[i][j] = mu + sd * seeds[i][j];
        for (i = 0; i < 4; ++i) {
            static const char *names[] = {"Euclidean", "standardized",
                                          "mode norm", "COG (mean 0.5)"};
            double m = 0.0, v = 0.0, z;
            if (i == 0) st = cog_centroid_euclidean(x, k, dim, out);
            if (i == 1) st = cog_centroid_standardized(x, k, dim, out);
            if (i == 2) st = cog_centroid_mode_norm(x, k, dim, out);
            if (i == 3) {
                cog_centroid_weights(k, cw);
                st = cog_combine(x, k, dim, cw, &mu, 1, out);
            }
            if (st != COG_OK) return fail(names[i], st);
            for (j = 0; j < dim; ++j) m += out[j];
            m /= (double)dim;
            for (j = 0; j < dim; ++j) v += (out[j] - m) * (out[j] - m);
            z = norm_z(out, dim, mu, sd);
            printf("  %-15s mean %6.3f  std %6.3f  z %9.1f %s\n", names[i], m,
                   sqrt(v / (double)dim), z, verdict(z));
        }
        printf("  (a real latent: mean 0.500, std 0.800)\n");
    }
    free(buf);
    return 0;
}
