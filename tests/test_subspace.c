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
    /* A dropped duplicate gets no weight (splitting it would count the
     * latent twice in COG's variance: weights (1/2, 1/2) on x0, x0 give
     * sqrt(2) x0, not a typical latent). */
    s[0] = 30.0; s[1] = 0.0; s[2] = 0.0;
    CHECK_STATUS(cog_subspace_weights(&sub, s, w), COG_OK);
    CHECK(w[1] == 0.0);
    CHECK_NEAR(w[0], 30.0 / sub.r[0], 1e-9);
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
    /* The dependent latent gets no weight. */
    CHECK(w[2] == 0.0);
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

/* ---- every rank case against an independent QR of the kept columns ----
 * The contract: project(y) = U^T y on the kept axes (0 on dropped ones),
 * and the point with those coordinates, A w with w = weights(project(y)),
 * is the orthogonal projection of y onto the span of the kept latents.
 * The reference is modified Gram-Schmidt with reorthogonalisation in long
 * double on the kept columns only (which latents are kept is checked
 * separately against the construction). Tolerance: 1e-8 |y| up to cond
 * 1e7 (measured: below 1e-9; plain Cholesky QR was 1e-2 at cond 1e7, the
 * leak of a dropped latent up to 0.17 |y|). */
static long double g_qk[MAXK][D]; /* reference U of the kept columns */

static size_t ref_qr_kept(size_t k, const int *kept)
{
    size_t i, l, j, n = 0;
    for (i = 0; i < k; ++i) {
        long double nn = 0;
        int pass;
        if (!kept[i]) continue;
        for (j = 0; j < D; ++j) g_qk[n][j] = g_x[i][j];
        for (pass = 0; pass < 2; ++pass)
            for (l = 0; l < n; ++l) {
                long double d = 0;
                for (j = 0; j < D; ++j) d += g_qk[l][j] * g_qk[n][j];
                for (j = 0; j < D; ++j) g_qk[n][j] -= d * g_qk[l][j];
            }
        for (j = 0; j < D; ++j) nn += g_qk[n][j] * g_qk[n][j];
        nn = sqrtl(nn);
        for (j = 0; j < D; ++j) g_qk[n][j] /= nn;
        ++n;
    }
    return n;
}

/* Checks sub against the reference for random y, for y along each
 * reference axis and for y orthogonal to the span with a part along a
 * dropped latent's residual. Returns the worst error relative to |y|. */
static double check_against_ref(const cog_subspace *sub, const int *kept,
                                uint64_t seed)
{
    static float y[D], rebuilt[D];
    static double point[D];
    const size_t k = sub->k;
    const float *x[MAXK];
    size_t n, i, j, t, a;
    double worst = 0.0;
    cogt_rng rng;
    pointers(x, k);
    n = ref_qr_kept(k, kept);
    CHECK(n == sub->rank);
    for (i = 0; i < k; ++i) CHECK((sub->r[i * k + i] > 0.0) == (kept[i] != 0));
    cogt_seed(&rng, seed);
    for (t = 0; t < 2 * n + 6; ++t) {
        double s[MAXK], w[MAXK], ny = 0.0, err = 0.0, perr = 0.0;
        long double ref[MAXK];
        if (t < n) { /* along a reference axis */
            for (j = 0; j < D; ++j) y[j] = (float)(40.0L * g_qk[t][j]);
        } else if (t < 2 * n) { /* along a dropped latent, or random */
            const size_t d = t - n;
            for (j = 0; j < D; ++j)
                y[j] = !kept[d % k] ? g_x[d % k][j]
                                    : (float)cogt_normal(&rng);
        } else { /* random, then made orthogonal to the kept span */
            cogt_fill_normal(&rng, y, D);
            if (t >= 2 * n + 3) {
                for (a = 0; a < n; ++a) {
                    long double dd = 0;
                    for (j = 0; j < D; ++j) dd += g_qk[a][j] * y[j];
                    for (j = 0; j < D; ++j)
                        y[j] = (float)(y[j] - dd * g_qk[a][j]);
                }
            }
        }
        for (j = 0; j < D; ++j) ny += (double)y[j] * y[j];
        ny = sqrt(ny);
        CHECK_STATUS(cog_subspace_project(sub, y, s), COG_OK);
        /* Coordinates: U^T y on kept axes (in order), 0 on dropped. */
        for (a = 0, i = 0; i < k; ++i) {
            if (!kept[i]) {
                CHECK(s[i] == 0.0);
                continue;
            }
            ref[a] = 0;
            for (j = 0; j < D; ++j) ref[a] += g_qk[a][j] * y[j];
            if (fabs(s[i] - (double)ref[a]) > err)
                err = fabs(s[i] - (double)ref[a]);
            ++a;
        }
        /* The point with these coordinates: A w = U U^T y. */
        CHECK_STATUS(cog_subspace_weights(sub, s, w), COG_OK);
        for (i = 0; i < k; ++i)
            if (!kept[i]) CHECK(w[i] == 0.0);
        for (j = 0; j < D; ++j) {
            long double p = 0, pr = 0;
            for (i = 0; i < k; ++i) p += (long double)w[i] * g_x[i][j];
            for (a = 0; a < n; ++a) pr += ref[a] * g_qk[a][j];
            point[j] = (double)p;
            perr += (double)((p - pr) * (p - pr));
        }
        perr = sqrt(perr);
        if (err / ny > worst) worst = err / ny;
        if (perr / ny > worst) worst = perr / ny;
        /* cog_subspace_latent is cog_combine of the same weights: with no
         * mean, a positive multiple of that point, up to the float rounding
         * of a sum whose terms (|w_i| |x_i| each) may cancel. Skipped when
         * the weights are so small that the all-zero rule applies. */
        {
            double pp = 0, rr = 0, pr = 0, beta = 0, terms = 0, cosv;
            for (i = 0; i < k; ++i) {
                double nx = 0;
                for (j = 0; j < D; ++j) nx += (double)g_x[i][j] * g_x[i][j];
                beta += w[i] * w[i];
                terms += fabs(w[i]) * sqrt(nx);
            }
            CHECK_STATUS(cog_subspace_latent(sub, s, NULL, 0, rebuilt), COG_OK);
            for (j = 0; j < D; ++j) {
                pp += point[j] * point[j];
                rr += (double)rebuilt[j] * rebuilt[j];
                pr += point[j] * rebuilt[j];
            }
            cosv = pr / sqrt(pp * rr);
            if (beta >= 1e3 * COG_ZERO_BETA)
                CHECK(sqrt(2.0 * fmax(0.0, 1.0 - cosv)) <=
                      4.0 * k * FLT_EPSILON * terms / sqrt(pp) + 1e-6);
        }
    }
    return worst;
}

/* x_m = a combination of the latents before it plus a part orthogonal to
 * all of them of norm `dist` times the largest latent's norm. */
static void make_near_dependent(size_t m, size_t k, double dist,
                                cogt_rng *rng)
{
    static double e[D];
    double coef[MAXK], ne = 0.0, nmax = 0.0;
    size_t i, j, l;
    /* |sum coef_i x_i| <= 0.5 max |x_i|: x_m is not the largest latent */
    for (i = 0; i < m; ++i)
        coef[i] = (cogt_normal(rng) > 0 ? 0.5 : -0.5) / (double)m;
    for (j = 0; j < D; ++j) e[j] = cogt_normal(rng);
    /* orthogonalise e against x_0..x_{m-1} (twice, in double) */
    ref_qr(m);
    for (l = 0; l < 2; ++l)
        for (i = 0; i < m; ++i) {
            double d = 0;
            for (j = 0; j < D; ++j) d += g_q[i][j] * e[j];
            for (j = 0; j < D; ++j) e[j] -= d * g_q[i][j];
        }
    for (j = 0; j < D; ++j) ne += e[j] * e[j];
    for (i = 0; i < k; ++i) {
        double nn = 0;
        if (i == m) continue;
        for (j = 0; j < D; ++j) nn += (double)g_x[i][j] * g_x[i][j];
        if (nn > nmax) nmax = nn;
    }
    for (j = 0; j < D; ++j) {
        double v = dist * sqrt(nmax / ne) * e[j];
        for (i = 0; i < m; ++i) v += coef[i] * g_x[i][j];
        g_x[m][j] = (float)v;
    }
}

/* The example: a latent dropped at 0.5 tol must not leak into the
 * coordinates of a y orthogonal to the span (it gave -0.1667). */
static void test_dropped_latent_does_not_leak(void)
{
    const float *x[3];
    cog_subspace sub;
    double c[3], w[3];
    int kept[3] = {1, 1, 0};
    memset(g_x, 0, sizeof g_x);
    g_x[0][0] = g_x[1][0] = g_x[2][0] = 1.0f;
    g_x[1][1] = 1.5e-5f;
    g_x[2][2] = 5e-6f;
    pointers(x, 3);
    CHECK_STATUS(cog_subspace_create(&sub, x, 3, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 2);
    g_x[3][2] = 1.0f; /* y = e_2, orthogonal to the kept span */
    CHECK_STATUS(cog_subspace_project(&sub, g_x[3], c), COG_OK);
    CHECK(fabs(c[0]) < 1e-12 && fabs(c[1]) < 1e-12 && c[2] == 0.0);
    /* coordinates (0, 1, 0) are the latent e_1: weights on x0, x1 only */
    c[0] = 0.0; c[1] = 1.0; c[2] = 0.0;
    CHECK_STATUS(cog_subspace_weights(&sub, c, w), COG_OK);
    CHECK(w[2] == 0.0);
    CHECK_NEAR(w[1], 1.0 / 1.5e-5, 1e-3 / 1.5e-5);
    CHECK_NEAR(w[0], -1.0 / 1.5e-5, 1e-3 / 1.5e-5);
    CHECK(check_against_ref(&sub, kept, 30) <= 1e-8);
    cog_subspace_destroy(&sub);
}

/* Near-dependent latents at several distances around tol: kept above,
 * dropped below, and either way exact against the reference. */
static void test_near_dependent_around_tol(void)
{
    static const double factor[] = {0.2, 0.7, 0.95, 1.05, 1.5, 4.0, 50.0};
    const double tols[] = {0.0, 1e-3, 1e-7};
    size_t f, t, i;
    for (t = 0; t < sizeof tols / sizeof tols[0]; ++t)
        for (f = 0; f < sizeof factor / sizeof factor[0]; ++f) {
            const double tol = tols[t] == 0.0 ? COG_SUBSPACE_TOL : tols[t];
            const float *x[5];
            cog_subspace sub;
            int kept[5] = {1, 1, 1, 1, 1};
            double worst;
            cogt_rng rng;
            cogt_seed(&rng, 40 + 10 * t + f);
            for (i = 0; i < 5; ++i) cogt_fill_normal(&rng, g_x[i], D);
            make_near_dependent(2, 5, factor[f] * tol, &rng); /* x2 */
            kept[2] = factor[f] > 1.0;
            pointers(x, 5);
            CHECK_STATUS(cog_subspace_create(&sub, x, 5, D, tols[t], NULL),
                         COG_OK);
            worst = check_against_ref(&sub, kept, 50 + f);
            printf("  near-dependent at %.2f tol (tol %.0e): rank %zu, "
                   "error %.2g |y|\n", factor[f], tol, sub.rank, worst);
            CHECK(worst <= 1e-8);
            cog_subspace_destroy(&sub);
        }
}

/* Duplicates, exact combinations and zero latents, mixed. */
static void test_exact_dependence(void)
{
    const float *x[7];
    cog_subspace sub;
    int kept[7] = {1, 0, 1, 0, 0, 1, 0};
    cogt_rng rng;
    size_t j;
    cogt_seed(&rng, 60);
    cogt_fill_normal(&rng, g_x[0], D);
    memcpy(g_x[1], g_x[0], sizeof g_x[0]);          /* duplicate */
    cogt_fill_normal(&rng, g_x[2], D);
    for (j = 0; j < D; ++j) g_x[3][j] = g_x[0][j] + g_x[2][j]; /* sum */
    memset(g_x[4], 0, sizeof g_x[4]);                /* zero */
    cogt_fill_normal(&rng, g_x[5], D);
    for (j = 0; j < D; ++j) g_x[6][j] = 0.5f * g_x[5][j] - 2.0f * g_x[2][j];
    pointers(x, 7);
    CHECK_STATUS(cog_subspace_create(&sub, x, 7, D, 0.0, NULL), COG_OK);
    CHECK(sub.rank == 3);
    CHECK(check_against_ref(&sub, kept, 61) <= 1e-8);
    cog_subspace_destroy(&sub);
}

/* Bases of condition number 1e3 .. 1e7 (graded singular values, random
 * singular vectors): with a tol below 1/cond every latent is kept, with the
 * default one the small directions are dropped; exact either way. */
static void test_condition_numbers(void)
{
    enum { K = 6 };
    static double basis[K][D];
    double v[K][K];
    double cond;
    size_t i, j, l;
    cogt_rng rng;
    cogt_seed(&rng, 70);
    for (cond = 1e3; cond <= 1.01e7; cond *= 10.0) {
        const float *x[K];
        int pass;
        for (pass = 0; pass < 2; ++pass) {
            cog_subspace sub;
            int kept[K];
            double worst;
            /* orthonormal directions: the reference QR of Gaussian data */
            for (i = 0; i < K; ++i) cogt_fill_normal(&rng, g_x[i], D);
            ref_qr(K);
            for (i = 0; i < K; ++i)
                for (j = 0; j < D; ++j) basis[i][j] = g_q[i][j];
            /* a random orthogonal K x K V (Gram-Schmidt of Gaussian rows) */
            for (i = 0; i < K; ++i) {
                for (j = 0; j < K; ++j) v[i][j] = cogt_normal(&rng);
                for (l = 0; l < i; ++l) {
                    double d = 0;
                    for (j = 0; j < K; ++j) d += v[l][j] * v[i][j];
                    for (j = 0; j < K; ++j) v[i][j] -= d * v[l][j];
                }
                {
                    double nn = 0;
                    for (j = 0; j < K; ++j) nn += v[i][j] * v[i][j];
                    for (j = 0; j < K; ++j) v[i][j] /= sqrt(nn);
                }
            }
            for (i = 0; i < K; ++i)
                for (j = 0; j < D; ++j) {
                    double a = 0;
                    for (l = 0; l < K; ++l)
                        a += basis[l][j] * pow(cond, -(double)l / (K - 1)) *
                             v[l][i];
                    g_x[i][j] = (float)(a * sqrt((double)D));
                }
            pointers(x, K);
            CHECK_STATUS(cog_subspace_create(&sub, x, K, D,
                                             pass ? 0.0 : 0.1 / cond, NULL),
                         COG_OK);
            for (i = 0; i < K; ++i) kept[i] = sub.r[i * K + i] > 0.0;
            if (!pass) CHECK(sub.rank == K);
            if (pass && cond >= 1e7) CHECK(sub.rank < K);
            worst = check_against_ref(&sub, kept, 71);
            printf("  cond %.0e, tol %.0e: rank %zu, error %.2g |y|\n", cond,
                   sub.tol, sub.rank, worst);
            CHECK(worst <= 1e-8);
            cog_subspace_destroy(&sub);
        }
    }
}

/* Subspace grids: pairwise distinct cells in the geometry the header
 * promises, every COG cell typical; dependent latents refused. */
static void test_grids(void)
{
    enum { K = 5, NMAX = 7 };
    static float cells[NMAX * NMAX][D];
    static double dirs[NMAX * NMAX][D];
    const float *x[K];
    float *rows[NMAX * NMAX];
    double w[NMAX * NMAX * K];
    cog_subspace sub;
    cogt_rng rng;
    size_t i, j, a, b, c, e, n, kind;
    double extent;
    cogt_seed(&rng, 80);
    for (i = 0; i < K; ++i) cogt_fill_normal(&rng, g_x[i], D);
    pointers(x, K);
    CHECK_STATUS(cog_subspace_create(&sub, x, K, D, 0.0, NULL), COG_OK);
    for (i = 0; i < NMAX * NMAX; ++i) rows[i] = cells[i];
    for (kind = 0; kind < 2; ++kind)
        for (n = 2; n <= NMAX; n += 5)
            for (extent = 0.5; extent <= 1.0; extent += 0.5) {
                const size_t o = 3, gi = 1, gj = 4;
                double worst = 0.0, maxcos = 0.0;
                int typical = 1;
                CHECK_STATUS(cog_subspace_grid(&sub, (int)kind, o,
                                               gi, gj, n, extent, w),
                             COG_OK);
                /* each cell's direction A w, in long double */
                for (c = 0; c < n * n; ++c) {
                    long double nn = 0;
                    for (e = 0; e < D; ++e) {
                        long double v = 0;
                        for (i = 0; i < K; ++i)
                            v += (long double)w[c * K + i] * g_x[i][e];
                        dirs[c][e] = (double)v;
                        nn += v * v;
                    }
                    for (e = 0; e < D; ++e) dirs[c][e] /= (double)sqrtl(nn);
                }
                for (c = 0; c < n * n; ++c)
                    for (j = 0; j < c; ++j) {
                        const size_t ca = c / n, cb = c % n, ja = j / n,
                                     jb = j % n;
                        double dot = 0.0, want;
                        for (e = 0; e < D; ++e) dot += dirs[c][e] * dirs[j][e];
                        if (fabs(dot) > maxcos) maxcos = fabs(dot);
                        if (kind == COG_GRID_TANGENT) {
                            const double t = 2.0 * extent / (double)(n - 1);
                            const double u1 = ca * t - extent,
                                         v1 = cb * t - extent,
                                         u2 = ja * t - extent,
                                         v2 = jb * t - extent;
                            want = (1 + u1 * u2 + v1 * v2) /
                                   sqrt((1 + u1 * u1 + v1 * v1) *
                                        (1 + u2 * u2 + v2 * v2));
                            if (fabs(dot - want) > worst)
                                worst = fabs(dot - want);
                        }
                    }
                /* no two cells the same or opposite; neighbours at least
                 * the grid step apart in angle (cos < 1 - 1e-3 here) */
                CHECK(maxcos < 1.0 - 1e-3);
                CHECK(worst <= 1e-9); /* tangent: the promised geometry */
                if (kind == COG_GRID_AFFINE) {
                    /* weights (1-u-v, u, v) on (o, i, j), 0 elsewhere */
                    for (a = 0; a < n; ++a)
                        for (b = 0; b < n; ++b) {
                            const double *wc = w + (a * n + b) * K;
                            const double u = extent * a / (double)(n - 1);
                            const double v = extent * b / (double)(n - 1);
                            CHECK_NEAR(wc[o], 1.0 - u - v, 1e-15);
                            CHECK(wc[gi] == u && wc[gj] == v);
                            CHECK(wc[0] == 0.0 && wc[2] == 0.0);
                        }
                }
                CHECK_STATUS(cog_combine_batch(x, K, D, w, n * n, NULL, 0,
                                               rows),
                             COG_OK);
                for (c = 0; c < n * n; ++c) {
                    double ss = 0.0;
                    for (e = 0; e < D; ++e) ss += (double)cells[c][e] * cells[c][e];
                    if (fabs((ss - D) / sqrt(2.0 * D)) >= 4.0) typical = 0;
                }
                CHECK(typical);
                printf("  grid %s n=%zu extent %.1f: max |cos| between cells "
                       "%.4f, geometry error %.1e\n",
                       kind ? "tangent" : "affine", n, extent, maxcos, worst);
            }
    /* tangent, odd n: the centre cell is latent o itself */
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_TANGENT, 2, 0, 1, 5, 1.0, w),
                 COG_OK);
    for (i = 0; i < K; ++i) CHECK_NEAR(w[12 * K + i], i == 2 ? 1.0 : 0.0, 1e-12);
    /* bad arguments */
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_AFFINE, 1, 1, 2, 5, 1.0, w),
                 COG_ERR_ARG);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_AFFINE, 0, 1, 5, 5, 1.0, w),
                 COG_ERR_ARG);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_AFFINE, 0, 1, 2, 1, 1.0, w),
                 COG_ERR_ARG);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_TANGENT, 0, 1, 2, 5, 0.0, w),
                 COG_ERR_ARG);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_TANGENT, 0, 1, 2, 5, NAN, w),
                 COG_ERR_NONFINITE);
    CHECK_STATUS(cog_subspace_grid(&sub, 7, 0, 1, 2, 5, 1.0, w),
                 COG_ERR_ARG);
    cog_subspace_destroy(&sub);
    /* dependent (o, i, j): x2 = x0 + x1 -> no plane, for both kinds */
    for (e = 0; e < D; ++e) g_x[2][e] = g_x[0][e] + g_x[1][e];
    CHECK_STATUS(cog_subspace_create(&sub, x, K, D, 0.0, NULL), COG_OK);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_AFFINE, 0, 1, 2, 5, 1.0, w),
                 COG_ERR_ZERO_NORM);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_TANGENT, 2, 1, 0, 5, 1.0, w),
                 COG_ERR_ZERO_NORM);
    CHECK_STATUS(cog_subspace_grid(&sub, COG_GRID_TANGENT, 0, 1, 3, 5, 1.0, w),
                 COG_OK);
    cog_subspace_destroy(&sub);
}

static const cogt_test tests[] = {
    COGT_TEST(subspace, full_rank),
    COGT_TEST(subspace, rank_deficient),
    COGT_TEST(subspace, tolerance),
    COGT_TEST(subspace, caller_memory),
    COGT_TEST(subspace, rank_rule),
    COGT_TEST(subspace, dropped_latent_does_not_leak),
    COGT_TEST(subspace, near_dependent_around_tol),
    COGT_TEST(subspace, exact_dependence),
    COGT_TEST(subspace, condition_numbers),
    COGT_TEST(subspace, grids),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
