/* test_subspace.c - cog.h's subspaces against a double-precision modified
 * Gram-Schmidt QR of the same float data, with stated tolerances:
 *   R, weights, coordinates (well conditioned): 1e-9 relative
 *   ill-conditioned basis (cond ~ 1e3):          1e-6 relative
 *   latents rebuilt by cog_subspace_latent:      float rounding
 * plus rank-deficient bases (duplicate, dependent, zero latents), the
 * tolerance override, and caller-provided memory. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "test_util.h"

#include <float.h>

#define MAXK 12
#define D 3000

static float g_x[MAXK][D];
static double g_q[MAXK][D]; /* reference U, column by column */
static double g_r[MAXK * MAXK];

/* Modified Gram-Schmidt in double on the float data: U (g_q) and R (g_r)
 * with a positive diagonal, the factorisation cog.h must reproduce. */
static void ref_qr(size_t k)
{
    size_t i, l, j;
    memset(g_r, 0, sizeof g_r);
    for (i = 0; i < k; ++i)
        for (j = 0; j < D; ++j) g_q[i][j] = g_x[i][j];
    for (i = 0; i < k; ++i) {
        long double nn = 0;
        for (l = 0; l < i; ++l) {
            long double d = 0;
            for (j = 0; j < D; ++j) d += (long double)g_q[l][j] * g_q[i][j];
            g_r[l * k + i] += (double)d;
            for (j = 0; j < D; ++j) g_q[i][j] -= (double)d * g_q[l][j];
        }
        for (j = 0; j < D; ++j) nn += (long double)g_q[i][j] * g_q[i][j];
        g_r[i * k + i] = (double)sqrtl(nn);
        for (j = 0; j < D; ++j) g_q[i][j] /= g_r[i * k + i];
    }
}

/* w = R^{-1} s by back substitution. */
static void ref_solve(size_t k, const double *s, double *w)
{
    size_t ii;
    for (ii = k; ii-- > 0;) {
        long double acc = s[ii];
        size_t l;
        for (l = ii + 1; l < k; ++l) acc -= (long double)g_r[ii * k + l] * w[l];
        w[ii] = (double)(acc / g_r[ii * k + ii]);
    }
}

static double vec_norm(const double *v, size_t n)
{
    double s = 0;
    size_t i;
    for (i = 0; i < n; ++i) s += v[i] * v[i];
    return sqrt(s);
}

static double max_abs_diff(const double *a, const double *b, size_t n)
{
    double m = 0;
    size_t i;
    for (i = 0; i < n; ++i)
        if (fabs(a[i] - b[i]) > m) m = fabs(a[i] - b[i]);
    return m;
}

static void pointers(const float **x, size_t k)
{
    size_t i;
    for (i = 0; i < k; ++i) x[i] = g_x[i];
}

/* Full-rank basis against the double reference. */
static void check_full_rank(size_t k, double rel_tol, const char *what)
{
    const float *x[MAXK];
    cog_subspace sub;
    double s[MAXK], w[MAXK], wr[MAXK], col[MAXK], rscale;
    cogt_rng rng;
    size_t i, j, t;
    pointers(x, k);
    ref_qr(k);
    CHECK_STATUS(cog_subspace_create(&sub, x, k, D, 0.0, NULL), COG_OK);
    if (!sub.r) return;
    printf("  %s: k=%zu rank=%zu sigma max/min = %.3g\n", what, k, sub.rank,
           sub.sigma[0] / sub.sigma[k - 1]);
    CHECK(sub.rank == k);
    CHECK(sub.k == k && sub.dim == D && sub.tol == COG_SUBSPACE_TOL);
    rscale = vec_norm(g_r, k * k);
    /* R: upper triangular, positive diagonal, equal to the reference. */
    CHECK(max_abs_diff(sub.r, g_r, k * k) <= rel_tol * rscale);
    for (i = 0; i < k; ++i) {
        CHECK(sub.r[i * k + i] > 0);
        for (j = 0; j < i; ++j) CHECK(sub.r[i * k + j] == 0.0);
    }
    /* Singular values: descending, squares summing to trace(G). */
    {
        double ss = 0, tr = 0;
        for (i = 0; i < k; ++i) {
            ss += sub.sigma[i] * sub.sigma[i];
            tr += g_r[i * k + i] * g_r[i * k + i];
            for (j = 0; j < i; ++j) tr += g_r[j * k + i] * g_r[j * k + i];
            if (i) CHECK(sub.sigma[i] <= sub.sigma[i - 1]);
        }
        CHECK_NEAR(ss, tr, 1e-10 * tr);
    }
    /* Weights of random coordinates: R^{-1} s. */
    cogt_seed(&rng, 77 + k);
    for (t = 0; t < 5; ++t) {
        for (i = 0; i < k; ++i) s[i] = 50.0 * cogt_normal(&rng);
        CHECK_STATUS(cog_subspace_weights(&sub, s, w), COG_OK);
        ref_solve(k, s, wr);
        CHECK(max_abs_diff(w, wr, k) <= rel_tol * vec_norm(wr, k));
    }
    /* Basis latent j: coordinates = column j of R, projection agrees, its
     * weights are e_j, and its COG latent is the latent itself. */
    for (j = 0; j < k; ++j) {
        static float rebuilt[D];
        double proj[MAXK];
        int same = 1;
        size_t e;
        CHECK_STATUS(cog_subspace_basis_coords(&sub, j, col), COG_OK);
        for (i = 0; i < k; ++i) CHECK(col[i] == sub.r[i * k + j]);
        CHECK_STATUS(cog_subspace_project(&sub, g_x[j], proj), COG_OK);
        CHECK(max_abs_diff(proj, col, k) <= rel_tol * vec_norm(col, k));
        CHECK_STATUS(cog_subspace_weights(&sub, col, w), COG_OK);
        for (i = 0; i < k; ++i)
            CHECK_NEAR(w[i], i == j ? 1.0 : 0.0, rel_tol * 10);
        CHECK_STATUS(cog_subspace_latent(&sub, col, NULL, 0, rebuilt), COG_OK);
        for (e = 0; e < D; ++e)
            if (fabs(rebuilt[e] - g_x[j][e]) >
                (k + 2) * FLT_EPSILON * (1 + fabs(g_x[j][e])) + 1e3 * rel_tol)
                same = 0;
        CHECK(same);
    }
    /* A new latent: s = U^T y. */
    {
        static float y[D];
        double proj[MAXK], ref[MAXK];
        cogt_fill_normal(&rng, y, D);
        CHECK_STATUS(cog_subspace_project(&sub, y, proj), COG_OK);
        for (i = 0; i < k; ++i) {
            long double d = 0;
            for (j = 0; j < D; ++j) d += (long double)g_q[i][j] * y[j];
            ref[i] = (double)d;
        }
        CHECK(max_abs_diff(proj, ref, k) <= rel_tol * sqrt((double)D));
    }
    cog_subspace_destroy(&sub);
    CHECK(sub.r == NULL && sub.k == 0);
}

static void test_full_rank(void)
{
    cogt_rng rng;
    size_t i, j;
    cogt_seed(&rng, 10);
    for (i = 0; i < MAXK; ++i) cogt_fill_normal(&rng, g_x[i], D);
    check_full_rank(1, 1e-9, "random");
    check_full_rank(2, 1e-9, "random");
    check_full_rank(MAXK, 1e-9, "random");
    /* Ill-conditioned: latent 2 is latent 1 plus a small perturbation. */
    for (j = 0; j < D; ++j)
        g_x[1][j] = g_x[0][j] + 1e-3f * (float)cogt_normal(&rng);
    check_full_rank(4, 1e-6, "ill-conditioned");
}

/* k latents of which some are duplicates, sums or zero. */
static void test_rank_deficient(void)
{
    const float *x[MAXK];
    cog_subspace sub;
    double s[MAXK], w[MAXK], proj[MAXK];
    static float y[D];
    cogt_rng rng;
    size_t i, j;
    cogt_seed(&rng, 11);
    for (i = 0; i < 4; ++i) cogt_fill_normal(&rng, g_x[i], D);

    /* Duplicate: (x0, x0, x1). */
    memcpy(g_x[1], g_x[0], sizeof g_x[0]);
    pointers(x, 3);
    CHECK_STATUS(cog_subspace_create(&sub, x, 3, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 2);
    for (j = 0; j < 3; ++j) CHECK(sub.r[1 * 3 + j] == 0.0);
    /* Min-norm weights split a coordinate equally between duplicates. */
    s[0] = 30.0; s[1] = 0.0; s[2] = 0.0;
    CHECK_STATUS(cog_subspace_weights(&sub, s, w), COG_OK);
    CHECK_NEAR(w[0], w[1], 1e-12);
    CHECK_NEAR(w[0] + w[1], 30.0 / sub.r[0], 1e-9);
    CHECK_NEAR(w[2], 0.0, 1e-12);
    /* The coordinate of a dropped axis is ignored. */
    s[1] = 5.0;
    {
        double w2[3];
        CHECK_STATUS(cog_subspace_weights(&sub, s, w2), COG_OK);
        CHECK(max_abs_diff(w, w2, 3) <= 1e-12);
    }
    /* Projecting a basis latent gives its own coordinates, 0 on the
     * dropped axis. */
    CHECK_STATUS(cog_subspace_project(&sub, g_x[1], proj), COG_OK);
    CHECK_NEAR(proj[0], sub.r[0], 1e-9 * sub.r[0]);
    CHECK(proj[1] == 0.0);
    CHECK_NEAR(proj[2], 0.0, 1e-9 * sub.r[0]);
    cog_subspace_destroy(&sub);

    /* Dependent: (x0, x2, x0 + x2, x3), the third is the sum of two. */
    memcpy(g_x[1], g_x[2], sizeof g_x[0]);
    for (j = 0; j < D; ++j) g_x[2][j] = g_x[0][j] + g_x[1][j];
    pointers(x, 4);
    CHECK_STATUS(cog_subspace_create(&sub, x, 4, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 3);
    cogt_fill_normal(&rng, y, D);
    CHECK_STATUS(cog_subspace_project(&sub, y, proj), COG_OK);
    CHECK(proj[2] == 0.0);
    CHECK_STATUS(cog_subspace_weights(&sub, proj, w), COG_OK);
    /* Minimum norm: w is orthogonal to the null vector (1, 1, -1, 0). */
    CHECK_NEAR(w[0] + w[1] - w[2], 0.0, 1e-9 * vec_norm(w, 4));
    /* ... and the weighted basis lands on the same coordinates. */
    {
        static float back[D];
        double proj2[4];
        CHECK_STATUS(cog_linear(x, 4, D, w, back), COG_OK);
        CHECK_STATUS(cog_subspace_project(&sub, back, proj2), COG_OK);
        CHECK(max_abs_diff(proj, proj2, 4) <= 1e-5 * vec_norm(proj, 4));
    }
    cog_subspace_destroy(&sub);

    /* A zero latent adds no axis and gets no weight. */
    memset(g_x[1], 0, sizeof g_x[1]);
    pointers(x, 2);
    x[1] = g_x[1];
    x[0] = g_x[0];
    CHECK_STATUS(cog_subspace_create(&sub, x, 2, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 1);
    s[0] = 1.0; s[1] = 1.0;
    CHECK_STATUS(cog_subspace_weights(&sub, s, w), COG_OK);
    CHECK(w[1] == 0.0);
    cog_subspace_destroy(&sub);

    /* Only zero latents: no subspace. */
    x[0] = g_x[1];
    CHECK_STATUS(cog_subspace_create(&sub, x, 2, D, 0.0, NULL),
                 COG_ERR_ZERO_NORM);
    CHECK(sub.r == NULL && sub.owned == NULL);
}

/* The tolerance decides when a nearly dependent latent counts. */
static void test_tolerance(void)
{
    const float *x[2];
    cog_subspace sub;
    cogt_rng rng;
    size_t j;
    cogt_seed(&rng, 12);
    cogt_fill_normal(&rng, g_x[0], D);
    /* Distance from x0's line about 1e-4 of the norm. */
    for (j = 0; j < D; ++j)
        g_x[1][j] = g_x[0][j] + 1e-4f * (float)cogt_normal(&rng);
    pointers(x, 2);
    CHECK_STATUS(cog_subspace_create(&sub, x, 2, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 2);
    cog_subspace_destroy(&sub);
    CHECK_STATUS(cog_subspace_create(&sub, x, 2, D, 1e-3, NULL), COG_OK);
    CHECK(sub.rank == 1);
    CHECK(sub.tol == 1e-3);
    cog_subspace_destroy(&sub);
}

/* Caller memory: exact size works, too small or misaligned does not, and
 * s = 0 gives the COG centroid of the basis. */
static void test_caller_memory(void)
{
    enum { K = 3 };
    static double mem[4 * K * K + 2 * K + 8];
    const float *x[K];
    cog_subspace sub;
    size_t bytes;
    double s[K] = {0, 0, 0}, cw[K];
    static float a[D], b[D];
    cogt_rng rng;
    size_t i;
    cogt_seed(&rng, 13);
    for (i = 0; i < K; ++i) cogt_fill_normal(&rng, g_x[i], D);
    pointers(x, K);
    CHECK_STATUS(cog_subspace_memory_size(K, &bytes), COG_OK);
    CHECK(bytes <= sizeof mem);
    CHECK_STATUS(cog_subspace_init(&sub, mem, bytes - 1, x, K, D, 0.0),
                 COG_ERR_MEMORY);
    CHECK_STATUS(cog_subspace_init(&sub, (char *)mem + 4, bytes, x, K, D, 0.0),
                 COG_ERR_MEMORY);
    CHECK_STATUS(cog_subspace_init(&sub, mem, bytes, x, K, D, 0.0), COG_OK);
    CHECK(sub.rank == K && sub.owned == NULL);
    CHECK_STATUS(cog_subspace_latent(&sub, s, NULL, 0, a), COG_OK);
    cog_centroid_weights(K, cw);
    CHECK_STATUS(cog_combine(x, K, D, cw, NULL, 0, b), COG_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
    /* Coordinates so large that a weight overflows (small latents give
     * weights far above 1 per unit coordinate): a status, w untouched. */
    {
        double big[K] = {1e308, 1e308, 1e308}, wb[K] = {7, 7, 7};
        cog_subspace tiny;
        const float *xt[K];
        size_t j;
        for (i = 0; i < K; ++i) {
            for (j = 0; j < D; ++j) g_x[K + i][j] = 1e-3f * g_x[i][j];
            xt[i] = g_x[K + i];
        }
        CHECK_STATUS(cog_subspace_create(&tiny, xt, K, D, 0.0, NULL), COG_OK);
        CHECK_STATUS(cog_subspace_weights(&tiny, big, wb), COG_ERR_NONFINITE);
        CHECK(wb[0] == 7 && wb[1] == 7 && wb[2] == 7);
        cog_subspace_destroy(&tiny);
    }
    cog_subspace_destroy(&sub); /* only zeroes: the memory is ours */
    CHECK(sub.r == NULL);
    cog_subspace_destroy(NULL);
}

/* Review findings: a latent just above the tolerance keeps its axis in
 * every function (the rank rule is single), and the tolerance is relative
 * to the largest latent, not the first. */
static void test_rank_rule(void)
{
    const float *x[3];
    cog_subspace sub;
    double col[3], w[3], proj[3], n0 = 0.0, dot = 0.0, ne = 0.0;
    static float e[D];
    cogt_rng rng;
    size_t j;
    cogt_seed(&rng, 14);
    cogt_fill_normal(&rng, g_x[0], D);
    cogt_fill_normal(&rng, e, D);
    for (j = 0; j < D; ++j) {
        n0 += (double)g_x[0][j] * g_x[0][j];
        dot += (double)g_x[0][j] * e[j];
    }
    for (j = 0; j < D; ++j) e[j] = (float)(e[j] - dot / n0 * g_x[0][j]);
    for (j = 0; j < D; ++j) ne += (double)e[j] * e[j];
    /* x1 = x0 + 1.2e-5 |x0| e_hat: distance 1.2 tol from x0's line. */
    for (j = 0; j < D; ++j)
        g_x[1][j] = (float)(g_x[0][j] + 1.2e-5 * sqrt(n0 / ne) * e[j]);
    pointers(x, 2);
    CHECK_STATUS(cog_subspace_create(&sub, x, 2, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 2);
    CHECK_STATUS(cog_subspace_basis_coords(&sub, 1, col), COG_OK);
    CHECK(col[1] > 0.0);
    CHECK_STATUS(cog_subspace_weights(&sub, col, w), COG_OK);
    CHECK_NEAR(w[0], 0.0, 1e-6);
    CHECK_NEAR(w[1], 1.0, 1e-6);
    CHECK_STATUS(cog_subspace_project(&sub, g_x[1], proj), COG_OK);
    CHECK_NEAR(proj[1], col[1], 0.05 * col[1]);
    cog_subspace_destroy(&sub);

    /* Small first latent, then x2 = x1 up to 1e-7 relative: dependent on
     * the scale of the largest latent (x1), not of x0. */
    for (j = 0; j < D; ++j) g_x[0][j] *= 0.01f;
    cogt_fill_normal(&rng, g_x[1], D);
    for (j = 0; j < D; ++j)
        g_x[2][j] = g_x[1][j] * (1.0f + 1e-7f * (float)cogt_normal(&rng));
    pointers(x, 3);
    CHECK_STATUS(cog_subspace_create(&sub, x, 3, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 2);
    CHECK(sub.r[2 * 3 + 2] == 0.0);
    cog_subspace_destroy(&sub);
}

int main(void)
{
    test_full_rank();
    test_rank_deficient();
    test_tolerance();
    test_caller_memory();
    test_rank_rule();
    return cogt_report("test_subspace");
}
