/* subspace_grid.c - a navigable 2-D slice of the space spanned by a few
 * seeds: an N x N grid of pairwise distinct, valid latents.
 *
 * Builds the subspace of K seed latents, asks cog_subspace_grid for the
 * weights of an N x N grid in the plane of seeds 0, 1 and 2 (affine: the
 * corners are the seeds themselves and seed 1 + seed 2 - seed 0; tangent:
 * centred on seed 0), and makes the whole grid in one pass with
 * cog_combine_batch. (A sweep over the seeds' own coordinate ranges would
 * repeat cells: with mean 0, COG is scale-invariant, so coordinates on one
 * ray from 0 are one latent.) Prints each cell's weights on seeds 0..2 and
 * the z-score of its squared norm (|z| < 4 looks real), the largest |cosine|
 * between two cells (1 would be a repeated or opposite cell), and the
 * coordinates of a new seed projected into the subspace. Exits 1 if two
 * cells are (nearly) the same or opposite (|cos| >= 0.999) or a cell is
 * atypical (|z| >= 4); ctest runs it.
 *
 * Run:  ./build/examples/subspace_grid [k n dim affine|tangent]
 *       (defaults 3 5 36864 affine)
 */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "common/norm_z.h" /* norm_z: is a latent's length typical? */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, cog_result st)
{
    fprintf(stderr, "subspace_grid: %s: %s\n", what, cog_result_string(st));
    return 1;
}

int main(int argc, char **argv)
{
    size_t k = 3, n = 5, dim = 36864, i, a, b;
    cog_grid_kind kind = COG_GRID_AFFINE;
    float *mem, **grid;
    const float **x;
    double *w, *s, *g, maxcos = 0.0, maxz = 0.0;
    cog_subspace sub;
    cog_result st;

    if (argc > 1) k = (size_t)strtoul(argv[1], NULL, 10);
    if (argc > 2) n = (size_t)strtoul(argv[2], NULL, 10);
    if (argc > 3) dim = (size_t)strtoul(argv[3], NULL, 10);
    if (argc > 4 && strcmp(argv[4], "tangent") == 0) kind = COG_GRID_TANGENT;
    if (k < 3 || k > 64 || n < 2 || n > 64 || dim < k || dim > 10000000 ||
        (argc > 4 && kind != COG_GRID_TANGENT &&
         strcmp(argv[4], "affine") != 0)) {
        fprintf(stderr, "usage: subspace_grid [k(3..64) n(2..64) dim(>=k) "
                        "affine|tangent]\n");
        return 2;
    }
    mem = (float *)malloc((k + 1 + n * n) * dim * sizeof *mem);
    x = (const float **)malloc(k * sizeof *x);
    grid = (float **)malloc(n * n * sizeof *grid);
    w = (double *)malloc((n * n * k + k + n * n * n * n) * sizeof *w);
    if (!mem || !x || !grid || !w) return fail("malloc", COG_ERR_MEMORY);
    s = w + n * n * k;
    g = s + k; /* Gram matrix of the cells */
    for (i = 0; i < k; ++i) {
        cog_randn_torch(100 + i, mem + i * dim, dim);
        x[i] = mem + i * dim;
    }
    for (i = 0; i < n * n; ++i) grid[i] = mem + (k + 1 + i) * dim;

    st = cog_subspace_create(&sub, x, k, dim, 0.0, NULL);
    if (st != COG_OK) return fail("cog_subspace_create", st);

    /* Weights of every cell, then the whole grid in one pass. */
    st = cog_subspace_grid(&sub, kind, 0, 1, 2, n, 1.0, w);
    if (st != COG_OK) return fail("cog_subspace_grid", st);
    st = cog_combine_batch(x, k, dim, w, n * n, NULL, 0, grid);
    if (st != COG_OK) return fail("cog_combine_batch", st);
    st = cog_gram((const float *const *)grid, n * n, dim, g);
    if (st != COG_OK) return fail("cog_gram", st);
    for (a = 0; a < n * n; ++a)
        for (b = 0; b < a; ++b) {
            const double c =
                fabs(g[a * n * n + b]) / sqrt(g[a * n * n + a] * g[b * n * n + b]);
            if (c > maxcos) maxcos = c;
        }

    printf("subspace of %zu seeds (100..%zu), D = %zu, rank %zu\n", k,
           99 + k, dim, sub.rank);
    printf("%s grid in the plane of seeds 100, 101, 102: weights on them -> "
           "z of the COG latent\n",
           kind == COG_GRID_AFFINE ? "affine" : "tangent");
    for (a = 0; a < n; ++a) {
        for (b = 0; b < n; ++b) {
            const double *wp = w + (a * n + b) * k;
            const double z = norm_z(grid[a * n + b], dim, 0.0, 1.0);
            if (fabs(z) > maxz) maxz = fabs(z);
            printf(" (%5.2f %5.2f %5.2f%s) %5.1f", wp[0], wp[1], wp[2],
                   k > 3 ? " .." : "", z);
        }
        printf("\n");
    }
    printf("largest |cosine| between two cells: %.4f (1 would be a repeated "
           "or opposite cell)\n",
           maxcos);

    /* Where does a new seed land? */
    cog_randn_torch(7, mem + k * dim, dim);
    st = cog_subspace_project(&sub, mem + k * dim, s);
    if (st != COG_OK) return fail("cog_subspace_project", st);
    printf("seed 7 projects to (");
    for (i = 0; i < k; ++i) printf("%s%.2f", i ? ", " : "", s[i]);
    printf(") - small against its norm %.0f: an unrelated seed is nearly "
           "orthogonal to the subspace\n",
           sqrt((double)dim));

    cog_subspace_destroy(&sub);
    free(mem);
    if (maxcos >= 0.999 || maxz >= 4.0) { /* the promise, checked (ctest) */
        fprintf(stderr, "subspace_grid: repeated or atypical cells\n");
        return 1;
    }
    free(x);
    free(grid);
    free(w);
    return 0;
}
