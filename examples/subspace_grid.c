/* subspace_grid.c - a navigable 2-D slice of the space spanned by a few
 * seeds, as in the paper's grid figures.
 *
 * Builds the subspace of K seed latents (thin QR, first axis along the
 * first seed), then sweeps axes 0 and 1 over the range of the seeds' own
 * coordinates with the other coordinates held at those of seed 0. Each grid
 * point's weights come from cog_subspace_weights; the whole N x N grid is
 * then made in one pass with cog_combine_batch. Prints the weights and the
 * z-score of each latent's squared norm (|z| < 4 looks real), and the
 * coordinates of a new seed projected into the subspace.
 *
 * Run:  ./build/examples/subspace_grid [k n dim]   (defaults 3 5 36864)
 */
#define COG_IMPLEMENTATION
#include "cog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double norm_z(const float *v, size_t dim)
{
    double ss = 0.0;
    size_t j;
    for (j = 0; j < dim; ++j) ss += (double)v[j] * v[j];
    return (ss - (double)dim) / sqrt(2.0 * (double)dim);
}

static int fail(const char *what, cog_result st)
{
    fprintf(stderr, "subspace_grid: %s: %s\n", what, cog_result_string(st));
    return 1;
}

int main(int argc, char **argv)
{
    size_t k = 3, n = 5, dim = 36864, i, a, b;
    float *mem, **grid;
    const float **x;
    double *w, *s, *lo, *hi, *origin;
    cog_subspace sub;
    cog_result st;

    if (argc > 1) k = (size_t)strtoul(argv[1], NULL, 10);
    if (argc > 2) n = (size_t)strtoul(argv[2], NULL, 10);
    if (argc > 3) dim = (size_t)strtoul(argv[3], NULL, 10);
    if (k < 2 || k > 64 || n < 2 || n > 64 || dim < k || dim > 10000000) {
        fprintf(stderr, "usage: subspace_grid [k(2..64) n(2..64) dim(>=k)]\n");
        return 2;
    }
    mem = (float *)malloc((k + 1 + n * n) * dim * sizeof *mem);
    x = (const float **)malloc(k * sizeof *x);
    grid = (float **)malloc(n * n * sizeof *grid);
    w = (double *)malloc((n * n * k + 4 * k) * sizeof *w);
    if (!mem || !x || !grid || !w) return fail("malloc", COG_ERR_MEMORY);
    s = w + n * n * k;
    lo = s + k;
    hi = lo + k;
    origin = hi + k;
    for (i = 0; i < k; ++i) {
        cog_randn_torch(100 + i, mem + i * dim, dim);
        x[i] = mem + i * dim;
    }
    for (i = 0; i < n * n; ++i) grid[i] = mem + (k + 1 + i) * dim;

    st = cog_subspace_create(&sub, x, k, dim, 0.0, NULL);
    if (st != COG_OK) return fail("cog_subspace_create", st);

    /* Axis ranges from the seeds' own coordinates (columns of R). */
    for (i = 0; i < k; ++i) {
        lo[i] = 1e300;
        hi[i] = -1e300;
    }
    for (b = 0; b < k; ++b) {
        cog_subspace_basis_coords(&sub, b, s);
        for (i = 0; i < k; ++i) {
            if (s[i] < lo[i]) lo[i] = s[i];
            if (s[i] > hi[i]) hi[i] = s[i];
        }
    }
    cog_subspace_basis_coords(&sub, 0, origin);

    /* Weights of every grid point, then the whole grid in one pass. */
    for (a = 0; a < n; ++a)
        for (b = 0; b < n; ++b) {
            for (i = 0; i < k; ++i) s[i] = origin[i];
            s[0] = lo[0] + (hi[0] - lo[0]) * (double)a / (double)(n - 1);
            s[1] = lo[1] + (hi[1] - lo[1]) * (double)b / (double)(n - 1);
            st = cog_subspace_weights(&sub, s, w + (a * n + b) * k);
            if (st != COG_OK) return fail("cog_subspace_weights", st);
        }
    st = cog_combine_batch(x, k, dim, w, n * n, NULL, 0, grid);
    if (st != COG_OK) return fail("cog_combine_batch", st);

    printf("subspace of %zu seeds (100..%zu), D = %zu, rank %zu\n", k,
           99 + k, dim, sub.rank);
    printf("axis 0 in [%.1f, %.1f], axis 1 in [%.1f, %.1f]\n", lo[0], hi[0],
           lo[1], hi[1]);
    printf("grid point: weights on the seeds -> z of the COG latent\n");
    for (a = 0; a < n; ++a) {
        for (b = 0; b < n; ++b) {
            const double *wp = w + (a * n + b) * k;
            printf(" (%5.2f %5.2f%s) %5.1f", wp[0], wp[1], k > 2 ? " .." : "",
                   norm_z(grid[a * n + b], dim));
        }
        printf("\n");
    }

    /* Where does a new seed land? */
    cog_randn_torch(7, mem + k * dim, dim);
    st = cog_subspace_project(&sub, mem + k * dim, s);
    if (st != COG_OK) return fail("cog_subspace_project", st);
    printf("seed 7 projects to (");
    for (i = 0; i < k; ++i) printf("%s%.2f", i ? ", " : "", s[i]);
    printf(") - small: it is nearly orthogonal to the subspace\n");

    cog_subspace_destroy(&sub);
    free(mem);
    free(x);
    free(grid);
    free(w);
    return 0;
}
