/* test_bad_input.c - the bad-input catalogue of cog.h, as data.
 *
 * Every row of the table below is one (public function, bad input) pair
 * with the status cog.h promises and what the outputs hold afterwards. The
 * program runs every row: each row's call first fills its output buffers
 * with a sentinel byte (0xA5) and records what every buffer must hold
 * afterwards ("untouched" = every byte still 0xA5, "zeroed" = every byte
 * 0), then compares the status and the buffers. Rows whose outputs hold
 * computed values check them against a reference in the row's call.
 *
 *   test_bad_input              run every row (exit 1 if any fails); one
 *                               test per public function, so --list and
 *                               --filter=cog_combine work (tests/test_util.h)
 *   test_bad_input --markdown   print the catalogue as a Markdown table
 *                               (docs/bad-input.md holds exactly this
 *                               output between its bad-input-table
 *                               markers; the CTest readme_bad_input_table
 *                               checks it)
 *
 * It covers every public function of cog.h and every case of the project's bad-input policy:
 * NULL pointers, k = 0, dim = 0, k*dim overflow, NaN/Inf in weights, t and
 * mean, NaN/Inf in latent data, all-zero weights, parallel / identical /
 * zero / antipodal latents in SLERP, dependent subspace latents, aliasing.
 * Argument errors are checked before any output is written, so for them
 * every output must be untouched. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counting allocator: checks that cog_subspace_create leaves nothing
 * allocated on failure, and lets a row make COG_MALLOC fail. */
static long bi_live_allocs = 0;
static int bi_fail_malloc = 0;
static void *bi_malloc(size_t n, void *ctx)
{
    void *p;
    (void)ctx;
    if (bi_fail_malloc) return NULL;
    p = malloc(n);
    if (p) ++bi_live_allocs;
    return p;
}
static void bi_free(void *p, void *ctx)
{
    (void)ctx;
    if (p) --bi_live_allocs;
    free(p);
}
#define COG_MALLOC(sz, ctx) bi_malloc((sz), (ctx))
#define COG_FREE(p, ctx) bi_free((p), (ctx))
#define COG_IMPLEMENTATION
#include "cog.h"

#include "test_util.h"

/* ------------------------------------------------------------- fixture */

#define K 3
#define D 37 /* not a multiple of any block or vector width */
#define NA 1000 /* "status" of functions that return no cog_result */
#define BIG_DIM (((size_t)-1) / 2 + 1) /* K * BIG_DIM overflows size_t */

static float X[K][D];      /* three standard-normal-ish latents */
static const float *XP[K]; /* the K pointers the API takes */
static float MEAN[D];      /* a per-element mean */
static double W[K];        /* valid weights */
static double WB[2 * K];   /* two rows of valid batch weights */
static double SC[K];       /* subspace coordinates */

static uint64_t bi_rng_state;
static double bi_uniform(void)
{
    bi_rng_state = bi_rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return ((double)(bi_rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static float bi_normal(void)
{
    const double u1 = bi_uniform(), u2 = bi_uniform();
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

static void fx_reset(void)
{
    size_t i, j;
    bi_rng_state = 12345;
    for (i = 0; i < K; ++i) {
        for (j = 0; j < D; ++j) X[i][j] = bi_normal();
        XP[i] = X[i];
    }
    for (j = 0; j < D; ++j) MEAN[j] = 0.25f * bi_normal();
    W[0] = 0.5;
    W[1] = -0.25;
    W[2] = 1.5;
    for (i = 0; i < 2 * K; ++i) WB[i] = 0.125 * (double)(i + 1);
    for (i = 0; i < K; ++i) SC[i] = 0.5 * (double)i - 0.25;
}

/* ------------------------------------------- output buffers and checks */

enum { EXPECT_UNTOUCHED, EXPECT_ZEROED };
typedef struct region {
    unsigned char *p;
    size_t n;
    int expect;
} region;
static region regions[16];
static int nregions = 0;

/* Fills n bytes at p with the sentinel and records that they must stay
 * so; returns p for convenience. */
static void *untouched(void *p, size_t n)
{
    memset(p, 0xA5, n);
    regions[nregions].p = (unsigned char *)p;
    regions[nregions].n = n;
    regions[nregions].expect = EXPECT_UNTOUCHED;
    ++nregions;
    return p;
}

/* Fills n bytes at p with the sentinel and records that they must be
 * zero afterwards (cog_subspace_init / _create zero *sub on failure). */
static void *zeroed(void *p, size_t n)
{
    untouched(p, n);
    regions[nregions - 1].expect = EXPECT_ZEROED;
    return p;
}

static int regions_ok(void)
{
    int r;
    size_t i;
    for (r = 0; r < nregions; ++r) {
        const unsigned char want =
            regions[r].expect == EXPECT_UNTOUCHED ? 0xA5 : 0x00;
        for (i = 0; i < regions[r].n; ++i)
            if (regions[r].p[i] != want) return 0;
    }
    return 1;
}

/* Finiteness, NaN and infinities read from the bits, not from arithmetic
 * (x - x == 0, x != x, x == INFINITY): the test is also built with
 * -ffast-math (test_bad_input_fastmath), where those fold to constants. */
static uint64_t bi_bits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}
static int bi_fin(double v)
{
    return (bi_bits(v) & 0x7ff0000000000000ull) != 0x7ff0000000000000ull;
}
static int bi_isnan(double v)
{
    return (bi_bits(v) & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}
static int bi_inf(double v, int sign)
{
    return bi_bits(v) == (sign < 0 ? 0xfff0000000000000ull : 0x7ff0000000000000ull);
}

static int same_bits_f(const float *a, const float *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int all_finite_f(const float *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (!bi_fin(v[i])) return 0;
    return 1;
}

static int near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1.0 + fabs(b));
}

/* The COG combination of the fixture in double, for value checks. */
static double ref_cog(const double *w, const float *mean, size_t mean_len,
                      size_t j)
{
    double alpha = 0.0, beta = 0.0, y = 0.0, mu;
    size_t i;
    for (i = 0; i < K; ++i) {
        alpha += w[i];
        beta += w[i] * w[i];
        y += w[i] * (double)XP[i][j];
    }
    mu = mean_len == 0 ? 0.0 : mean_len == 1 ? mean[0] : mean[j];
    return y / sqrt(beta) + (1.0 - alpha / sqrt(beta)) * mu;
}

/* A valid subspace of the fixture in static memory. */
static double SUB_MEM[4 * K * K + K + K]; /* >= cog_subspace_memory_size */
static cog_subspace SUB;
static int make_sub(void)
{
    size_t need = 0;
    if (cog_subspace_memory_size(K, &need) != COG_OK || need > sizeof SUB_MEM)
        return 0;
    return cog_subspace_init(&SUB, SUB_MEM, sizeof SUB_MEM, XP, K, D, 0.0) ==
           COG_OK;
}

/* Each call returns the status it got (NA for functions without one) and
 * may clear *ok when a value check fails. */
typedef int (*bi_call)(int *ok);

/* ================================================================ calls */

/* ---- cog_result_string / version */
static int c_rs_unknown(int *ok)
{
    /* 7 and -7: outside the enum's values but inside the range of its
     * type; in C++ a cast to an enum of a value beyond that range (such as
     * -99) is itself undefined (clang -fsanitize=enum reports it). */
    const char *s1 = cog_result_string((cog_result)7);
    const char *s2 = cog_result_string((cog_result)-7);
    *ok = s1 && s2 && strcmp(s1, "unknown cog_result") == 0 &&
          strcmp(s2, "unknown cog_result") == 0;
    return NA;
}
static int c_rs_all(int *ok)
{
    int r, q;
    for (r = COG_ERR_MEMORY; r <= COG_OK; ++r) {
        const char *s = cog_result_string((cog_result)r);
        if (!s || !*s || strcmp(s, "unknown cog_result") == 0) *ok = 0;
        for (q = COG_ERR_MEMORY; q < r; ++q)
            if (s && strcmp(s, cog_result_string((cog_result)q)) == 0) *ok = 0;
    }
    return NA;
}
static int c_version(int *ok)
{
    *ok = strcmp(cog_version_string(), COG_VERSION_STRING) == 0 &&
          cog_version_number() == COG_VERSION_NUMBER;
    return NA;
}

/* ---- cog_coefficients */
static double CO_C[K], CO_M;
static int c_co_w_null(int *ok)
{
    (void)ok;
    untouched(CO_C, sizeof CO_C);
    untouched(&CO_M, sizeof CO_M);
    return cog_coefficients(NULL, K, CO_C, &CO_M);
}
static int c_co_c_null(int *ok)
{
    (void)ok;
    untouched(&CO_M, sizeof CO_M);
    return cog_coefficients(W, K, NULL, &CO_M);
}
static int c_co_m_null(int *ok)
{
    (void)ok;
    untouched(CO_C, sizeof CO_C);
    return cog_coefficients(W, K, CO_C, NULL);
}
static int c_co_k0(int *ok)
{
    (void)ok;
    untouched(CO_C, sizeof CO_C);
    untouched(&CO_M, sizeof CO_M);
    return cog_coefficients(W, 0, CO_C, &CO_M);
}
static int c_co_nan(int *ok)
{
    (void)ok;
    W[1] = NAN;
    untouched(CO_C, sizeof CO_C);
    untouched(&CO_M, sizeof CO_M);
    return cog_coefficients(W, K, CO_C, &CO_M);
}
static int c_co_inf(int *ok)
{
    (void)ok;
    W[2] = -INFINITY;
    untouched(CO_C, sizeof CO_C);
    untouched(&CO_M, sizeof CO_M);
    return cog_coefficients(W, K, CO_C, &CO_M);
}
static int c_co_zero(int *ok)
{
    int st, i;
    W[0] = W[1] = W[2] = 0.0;
    st = cog_coefficients(W, K, CO_C, &CO_M);
    for (i = 0; i < K; ++i)
        if (!near(CO_C[i], 1.0 / sqrt((double)K), 1e-15)) *ok = 0;
    if (!near(CO_M, 1.0 - sqrt((double)K), 1e-15)) *ok = 0;
    return st;
}
static int c_co_tiny(int *ok)
{
    int st, i;
    W[0] = 1e-6;
    W[1] = -2e-6;
    W[2] = 3e-6; /* beta = 1.4e-11 < COG_ZERO_BETA */
    st = cog_coefficients(W, K, CO_C, &CO_M);
    for (i = 0; i < K; ++i)
        if (!near(CO_C[i], 1.0 / sqrt((double)K), 1e-15)) *ok = 0;
    return st;
}
static int c_co_huge(int *ok)
{
    const double tol = 1e-15;
    double c2[K] = {0.0, 0.0, 0.0}, m2 = 0.0;
    int st, i;
    W[0] = 1e300;
    W[1] = -2e300;
    W[2] = 3e300;
    st = cog_coefficients(W, K, CO_C, &CO_M);
    W[0] = 1.0;
    W[1] = -2.0;
    W[2] = 3.0;
    if (cog_coefficients(W, K, c2, &m2) != COG_OK) *ok = 0;
    for (i = 0; i < K; ++i)
        if (!near(CO_C[i], c2[i], tol)) *ok = 0;
    if (!near(CO_M, m2, tol)) *ok = 0;
    return st;
}
static int c_co_alias(int *ok)
{
    double c2[K] = {0.0, 0.0, 0.0}, m2 = 0.0;
    int st, i;
    if (cog_coefficients(W, K, c2, &m2) != COG_OK) *ok = 0;
    st = cog_coefficients(W, K, W, &CO_M);
    for (i = 0; i < K; ++i)
        if (W[i] != c2[i]) *ok = 0;
    if (CO_M != m2) *ok = 0;
    return st;
}

/* ---- cog_combine (cog_linear shares its checks; both are listed) */
static float OUT[D], REF[D];
static int c_cb(const float *const *x, size_t k, size_t dim, const double *w,
                const float *mean, size_t mean_len, int out_null)
{
    untouched(OUT, sizeof OUT);
    return cog_combine(x, k, dim, w, mean, mean_len, out_null ? NULL : OUT);
}
static int c_cb_x_null(int *ok) { (void)ok; return c_cb(NULL, K, D, W, NULL, 0, 0); }
static int c_cb_xi_null(int *ok) { (void)ok; XP[1] = NULL; return c_cb(XP, K, D, W, NULL, 0, 0); }
static int c_cb_k0(int *ok) { (void)ok; return c_cb(XP, 0, D, W, NULL, 0, 0); }
static int c_cb_d0(int *ok) { (void)ok; return c_cb(XP, K, 0, W, NULL, 0, 0); }
static int c_cb_ovf(int *ok) { (void)ok; return c_cb(XP, K, BIG_DIM, W, NULL, 0, 0); }
static int c_cb_w_null(int *ok) { (void)ok; return c_cb(XP, K, D, NULL, NULL, 0, 0); }
static int c_cb_out_null(int *ok) { (void)ok; return c_cb(XP, K, D, W, NULL, 0, 1); }
static int c_cb_mean_null(int *ok) { (void)ok; return c_cb(XP, K, D, W, NULL, 1, 0); }
static int c_cb_mean_len(int *ok) { (void)ok; return c_cb(XP, K, D, W, MEAN, 2, 0); }
static int c_cb_w_nan(int *ok) { (void)ok; W[0] = NAN; return c_cb(XP, K, D, W, NULL, 0, 0); }
static int c_cb_w_inf(int *ok) { (void)ok; W[2] = INFINITY; return c_cb(XP, K, D, W, NULL, 0, 0); }
static int c_cb_mean_nan(int *ok) { (void)ok; MEAN[D - 1] = NAN; return c_cb(XP, K, D, W, MEAN, D, 0); }
static int c_cb_mean_inf(int *ok) { (void)ok; MEAN[0] = -INFINITY; return c_cb(XP, K, D, W, MEAN, 1, 0); }
static int c_cb_order(int *ok)
{
    (void)ok;
    W[0] = NAN; /* and out NULL: argument errors are reported first */
    return c_cb(XP, K, D, W, NULL, 0, 1);
}
/* NaN/Inf at X[i][j]: out[j] non-finite, every other element bit-equal to
 * the clean result. */
static int nan_data_case(int *ok, float bad, int i, int j, double wi)
{
    int st, jj;
    W[i] = wi;
    if (cog_combine(XP, K, D, W, MEAN, D, REF) != COG_OK) *ok = 0;
    X[i][j] = bad;
    st = cog_combine(XP, K, D, W, MEAN, D, OUT);
    for (jj = 0; jj < D; ++jj) {
        if (jj == j) {
            if (bi_fin(OUT[jj])) *ok = 0;
        } else if (memcmp(&OUT[jj], &REF[jj], sizeof(float)) != 0) {
            *ok = 0;
        }
    }
    return st;
}
static int c_cb_data_nan(int *ok) { return nan_data_case(ok, NAN, 1, 5, W[1]); }
static int c_cb_data_inf(int *ok) { return nan_data_case(ok, INFINITY, 2, D - 1, W[2]); }
static int c_cb_data_nan_w0(int *ok) { return nan_data_case(ok, NAN, 0, 0, 0.0); }
static int c_cb_overflow(int *ok)
{
    int st, i;
    for (i = 0; i < K; ++i) {
        W[i] = 1.0;
        X[i][3] = 3e38f;
    }
    st = cog_combine(XP, K, D, W, NULL, 0, OUT);
    if (!bi_inf(OUT[3], 1)) *ok = 0;
    if (!all_finite_f(OUT, 3) || !all_finite_f(OUT + 4, D - 4)) *ok = 0;
    return st;
}
static int c_cb_zero_w(int *ok)
{
    int st, j;
    double eq[K] = {1.0, 1.0, 1.0};
    W[0] = W[1] = W[2] = 0.0;
    st = cog_combine(XP, K, D, W, MEAN, D, OUT);
    for (j = 0; j < D; ++j)
        if (!near(OUT[j], ref_cog(eq, MEAN, D, (size_t)j), 1e-6)) *ok = 0;
    return st;
}
static int c_cb_alias_x(int *ok)
{
    int st;
    if (cog_combine(XP, K, D, W, MEAN, D, REF) != COG_OK) *ok = 0;
    st = cog_combine(XP, K, D, W, MEAN, D, X[1]);
    if (!same_bits_f(X[1], REF, D)) *ok = 0;
    return st;
}
static int c_cb_alias_mean(int *ok)
{
    int st;
    if (cog_combine(XP, K, D, W, MEAN, D, REF) != COG_OK) *ok = 0;
    st = cog_combine(XP, K, D, W, MEAN, D, MEAN);
    if (!same_bits_f(MEAN, REF, D)) *ok = 0;
    return st;
}
static int c_cb_same_latent(int *ok)
{
    /* the same buffer passed twice is a valid (if odd) input */
    int st, j;
    XP[1] = X[0];
    st = cog_combine(XP, K, D, W, NULL, 0, OUT);
    for (j = 0; j < D; ++j)
        if (!near(OUT[j], ref_cog(W, NULL, 0, (size_t)j), 1e-6)) *ok = 0;
    return st;
}

/* ---- cog_combine_batch / cog_linear_batch */
static float BO0[D], BO1[D];
static float *BOUT[2];
static int c_bt(int linear, const float *const *x, size_t k, size_t dim,
                const double *w, size_t b, const float *mean,
                size_t mean_len, float *const *out)
{
    untouched(BO0, sizeof BO0);
    untouched(BO1, sizeof BO1);
    return linear ? cog_linear_batch(x, k, dim, w, b, out)
                  : cog_combine_batch(x, k, dim, w, b, mean, mean_len, out);
}
static float **bout(void)
{
    BOUT[0] = BO0;
    BOUT[1] = BO1;
    return BOUT;
}
static int c_bt_out_null(int *ok) { (void)ok; return c_bt(0, XP, K, D, WB, 2, NULL, 0, NULL); }
static int c_bt_outr_null(int *ok) { float **o = bout(); (void)ok; o[1] = NULL; return c_bt(0, XP, K, D, WB, 2, NULL, 0, o); }
static int c_bt_b0(int *ok) { (void)ok; return c_bt(0, XP, K, D, WB, 0, NULL, 0, bout()); }
static int c_bt_bovf(int *ok) { (void)ok; return c_bt(0, XP, K, D, WB, ((size_t)-1) / 2, NULL, 0, bout()); }
static int c_bt_x_null(int *ok) { (void)ok; return c_bt(0, NULL, K, D, WB, 2, NULL, 0, bout()); }
static int c_bt_k0(int *ok) { (void)ok; return c_bt(0, XP, 0, D, WB, 2, NULL, 0, bout()); }
static int c_bt_kovf(int *ok) { (void)ok; return c_bt(0, XP, K, BIG_DIM, WB, 2, NULL, 0, bout()); }
static int c_bt_alias_x(int *ok) { float **o = bout(); (void)ok; o[1] = X[2]; untouched(X[2], sizeof X[2]); return c_bt(0, XP, K, D, WB, 2, NULL, 0, o); }
static int c_bt_alias_mean(int *ok) { float **o = bout(); (void)ok; o[0] = MEAN; untouched(MEAN, sizeof MEAN); return c_bt(0, XP, K, D, WB, 2, MEAN, D, o); }
static int c_bt_alias_out(int *ok)
{
    int st;
    float **o = bout();
    o[1] = BO0;
    st = cog_combine_batch(XP, K, D, WB, 2, NULL, 0, o);
    if (cog_combine(XP, K, D, WB + K, NULL, 0, REF) != COG_OK) *ok = 0;
    if (!same_bits_f(BO0, REF, D)) *ok = 0;
    return st;
}
static int c_bt_w_nan(int *ok) { (void)ok; WB[K + 1] = NAN; return c_bt(0, XP, K, D, WB, 2, NULL, 0, bout()); }
static int c_bt_mean_inf(int *ok) { (void)ok; MEAN[4] = INFINITY; return c_bt(0, XP, K, D, WB, 2, MEAN, D, bout()); }
static int c_bt_b1_alias(int *ok)
{
    int st;
    float *o[1];
    if (cog_combine(XP, K, D, WB, MEAN, D, REF) != COG_OK) *ok = 0;
    o[0] = X[0];
    st = cog_combine_batch(XP, K, D, WB, 1, MEAN, D, o);
    if (!same_bits_f(X[0], REF, D)) *ok = 0;
    return st;
}
static int c_bt_zero_row(int *ok)
{
    int st;
    double z[K] = {0.0, 0.0, 0.0};
    WB[K] = WB[K + 1] = WB[K + 2] = 0.0;
    st = cog_combine_batch(XP, K, D, WB, 2, MEAN, D, bout());
    if (cog_combine(XP, K, D, WB, MEAN, D, REF) != COG_OK) *ok = 0;
    if (!same_bits_f(BO0, REF, D)) *ok = 0;
    if (cog_combine(XP, K, D, z, MEAN, D, REF) != COG_OK) *ok = 0;
    if (!same_bits_f(BO1, REF, D)) *ok = 0;
    return st;
}
static int c_bt_data_nan(int *ok)
{
    int st, r, j;
    X[1][7] = NAN;
    st = cog_combine_batch(XP, K, D, WB, 2, NULL, 0, bout());
    for (r = 0; r < 2; ++r) {
        if (cog_combine(XP, K, D, WB + r * K, NULL, 0, REF) != COG_ERR_NONFINITE)
            *ok = 0;
        for (j = 0; j < D; ++j)
            if (memcmp(&BOUT[r][j], &REF[j], sizeof(float)) != 0) *ok = 0;
    }
    return st;
}

/* ---- cog_combine_batch_scratch: its own checks; the rest as the batch */
static double SCR[COG_BATCH_SCRATCH_BYTES / sizeof(double) + 2 * D];
static int c_bs(void *scratch, size_t bytes, const double *w,
                float *const *out)
{
    untouched(BO0, sizeof BO0);
    untouched(BO1, sizeof BO1);
    return cog_combine_batch_scratch(XP, K, D, w, 2, NULL, 0, out, scratch,
                                     bytes);
}
static int c_bs_null(int *ok) { (void)ok; return c_bs(NULL, sizeof SCR, WB, bout()); }
static int c_bs_small(int *ok) { (void)ok; return c_bs(SCR, COG_BATCH_SCRATCH_BYTES - 1, WB, bout()); }
static int c_bs_misaligned(int *ok) { (void)ok; return c_bs((char *)SCR + 1, sizeof SCR - 1, WB, bout()); }
static int c_bs_over_out(int *ok)
{
    float **o = bout();
    (void)ok;
    untouched(SCR, sizeof SCR);
    o[1] = (float *)(SCR + 3); /* an output inside the scratch */
    return cog_combine_batch_scratch(XP, K, D, WB, 2, NULL, 0, o, SCR,
                                     sizeof SCR);
}
static int c_bs_over_x(int *ok)
{
    (void)ok;
    untouched(SCR, sizeof SCR);
    XP[2] = (const float *)(SCR + COG_BATCH_SCRATCH_BYTES / sizeof(double) -
                            1); /* the input's first float in the scratch */
    return c_bs(SCR, sizeof SCR, WB, bout());
}
static int c_bs_over_w(int *ok)
{
    (void)ok;
    memcpy(SCR + 5, WB, sizeof WB);
    return c_bs(SCR, sizeof SCR, SCR + 5, bout());
}
static int c_bs_same(int *ok)
{
    int st;
    float *o[2];
    o[0] = REF;
    o[1] = OUT;
    if (cog_combine_batch(XP, K, D, WB, 2, MEAN, D, o) != COG_OK) *ok = 0;
    st = cog_combine_batch_scratch(XP, K, D, WB, 2, MEAN, D, bout(), SCR,
                                   sizeof SCR);
    if (!same_bits_f(BO0, REF, D) || !same_bits_f(BO1, OUT, D)) *ok = 0;
    return st;
}
static int c_bs_w_nan(int *ok) { (void)ok; WB[1] = NAN; return c_bs(SCR, sizeof SCR, WB, bout()); }
static int c_bs_nan_first(int *ok) { (void)ok; WB[1] = NAN; return c_bs(NULL, 0, WB, bout()); }
static int c_bs_x_array(int *ok)
{
    const float **xa = (const float **)(void *)(SCR + 10);
    (void)ok;
    memcpy(xa, XP, sizeof XP); /* the pointer array x inside the scratch */
    untouched(BO0, sizeof BO0);
    untouched(BO1, sizeof BO1);
    return cog_combine_batch_scratch(xa, K, D, WB, 2, NULL, 0, bout(), SCR,
                                     sizeof SCR);
}
static int c_bs_out_array(int *ok)
{
    float **oa = (float **)(void *)(SCR + 20);
    (void)ok;
    untouched(BO0, sizeof BO0);
    untouched(BO1, sizeof BO1);
    oa[0] = BO0; /* the pointer array out inside the scratch */
    oa[1] = BO1;
    return cog_combine_batch_scratch(XP, K, D, WB, 2, NULL, 0, oa, SCR,
                                     sizeof SCR);
}
static int c_bs_x_before(int *ok)
{
    float *const f = (float *)(void *)SCR;
    (void)ok;
    memcpy(f, X[2], sizeof X[2]);
    XP[2] = f; /* its last float is the scratch's first */
    return c_bs(f + D - 1, COG_BATCH_SCRATCH_BYTES, WB, bout());
}
static int c_bs_adjacent(int *ok)
{
    /* an input ending where the scratch starts, an output starting where
     * it ends: separate buffers, a valid call */
    float *const f = (float *)(void *)SCR;
    float *o[2];
    int st;
    o[0] = REF;
    o[1] = OUT;
    if (cog_combine_batch(XP, K, D, WB, 2, NULL, 0, o) != COG_OK) *ok = 0;
    memcpy(f, X[2], sizeof X[2]);
    XP[2] = f;
    o[0] = BO0;
    o[1] = f + D + COG_BATCH_SCRATCH_BYTES / sizeof(float);
    st = cog_combine_batch_scratch(XP, K, D, WB, 2, NULL, 0, o, f + D,
                                   COG_BATCH_SCRATCH_BYTES);
    if (!same_bits_f(BO0, REF, D) || !same_bits_f(o[1], OUT, D)) *ok = 0;
    return st;
}

static int c_lb_alias_x(int *ok) { float **o = bout(); (void)ok; o[0] = X[0]; untouched(X[0], sizeof X[0]); return c_bt(1, XP, K, D, WB, 2, NULL, 0, o); }
static int c_lb_b0(int *ok) { (void)ok; return c_bt(1, XP, K, D, WB, 0, NULL, 0, bout()); }
static int c_lb_w_inf(int *ok) { (void)ok; WB[0] = -INFINITY; return c_bt(1, XP, K, D, WB, 2, NULL, 0, bout()); }
static int c_lb_out_null(int *ok) { (void)ok; return c_bt(1, XP, K, D, WB, 2, NULL, 0, NULL); }

/* ---- cog_linear */
static int c_li(const float *const *x, size_t k, size_t dim, const double *w,
                int out_null)
{
    untouched(OUT, sizeof OUT);
    return cog_linear(x, k, dim, w, out_null ? NULL : OUT);
}
static int c_li_x_null(int *ok) { (void)ok; return c_li(NULL, K, D, W, 0); }
static int c_li_k0(int *ok) { (void)ok; return c_li(XP, 0, D, W, 0); }
static int c_li_d0(int *ok) { (void)ok; return c_li(XP, K, 0, W, 0); }
static int c_li_ovf(int *ok) { (void)ok; return c_li(XP, K, BIG_DIM, W, 0); }
static int c_li_w_null(int *ok) { (void)ok; return c_li(XP, K, D, NULL, 0); }
static int c_li_out_null(int *ok) { (void)ok; return c_li(XP, K, D, W, 1); }
static int c_li_w_nan(int *ok) { (void)ok; W[1] = NAN; return c_li(XP, K, D, W, 0); }
static int c_li_data_inf(int *ok)
{
    int st, j;
    X[0][2] = -INFINITY;
    st = cog_linear(XP, K, D, W, OUT);
    for (j = 0; j < D; ++j)
        if ((j == 2) == bi_fin(OUT[j])) *ok = 0;
    if (!bi_inf(OUT[2], -1)) *ok = 0;
    return st;
}
static int c_li_zero_w(int *ok)
{
    int st, j;
    W[0] = W[1] = W[2] = 0.0;
    st = cog_linear(XP, K, D, W, OUT);
    for (j = 0; j < D; ++j)
        if (OUT[j] != 0.0f) *ok = 0;
    return st;
}
static int c_li_alias(int *ok)
{
    int st;
    if (cog_linear(XP, K, D, W, REF) != COG_OK) *ok = 0;
    st = cog_linear(XP, K, D, W, X[2]);
    if (!same_bits_f(X[2], REF, D)) *ok = 0;
    return st;
}

/* ---- weight builders */
static double WO[K];
static int c_lw_null(int *ok) { (void)ok; return cog_lerp_weights(0.5, NULL); }
static int c_lw_nan(int *ok) { (void)ok; untouched(WO, 2 * sizeof(double)); return cog_lerp_weights(NAN, WO); }
static int c_lw_inf(int *ok) { (void)ok; untouched(WO, 2 * sizeof(double)); return cog_lerp_weights(-INFINITY, WO); }
static int c_lw_extra(int *ok)
{
    int st = cog_lerp_weights(-1.5, WO);
    *ok = WO[0] == 2.5 && WO[1] == -1.5;
    return st;
}

static double THETA;
static float ZERO_LAT[D];
static int c_sa(const float *a, const float *b, size_t dim, int theta_null)
{
    untouched(&THETA, sizeof THETA);
    return cog_slerp_angle(a, b, dim, theta_null ? NULL : &THETA);
}
static int c_sa_a_null(int *ok) { (void)ok; return c_sa(NULL, X[1], D, 0); }
static int c_sa_b_null(int *ok) { (void)ok; return c_sa(X[0], NULL, D, 0); }
static int c_sa_t_null(int *ok) { (void)ok; return c_sa(X[0], X[1], D, 1); }
static int c_sa_d0(int *ok) { (void)ok; return c_sa(X[0], X[1], 0, 0); }
static int c_sa_nan(int *ok) { (void)ok; X[0][10] = NAN; return c_sa(X[0], X[1], D, 0); }
static int c_sa_inf(int *ok) { (void)ok; X[1][0] = INFINITY; return c_sa(X[0], X[1], D, 0); }
static int c_sa_zero_a(int *ok) { (void)ok; memset(ZERO_LAT, 0, sizeof ZERO_LAT); return c_sa(ZERO_LAT, X[1], D, 0); }
static int c_sa_zero_b(int *ok) { (void)ok; memset(ZERO_LAT, 0, sizeof ZERO_LAT); return c_sa(X[0], ZERO_LAT, D, 0); }
static int c_sa_same(int *ok)
{
    double w[2];
    int st = cog_slerp_angle(X[0], X[0], D, &THETA);
    /* the angle is (nearly) 0, so the weights fall back to LERP */
    if (!(THETA >= 0.0 && THETA < COG_SLERP_MIN_ANGLE)) *ok = 0;
    if (cog_slerp_weights(THETA, 0.3, w) != COG_OK || w[0] != 0.7 ||
        w[1] != 0.3)
        *ok = 0;
    return st;
}
static int c_sa_parallel(int *ok)
{
    int j, st;
    for (j = 0; j < D; ++j) X[1][j] = 2.0f * X[0][j];
    st = cog_slerp_angle(X[0], X[1], D, &THETA);
    if (!(THETA >= 0.0 && THETA < COG_SLERP_MIN_ANGLE)) *ok = 0;
    return st;
}
static int c_sa_antipodal(int *ok)
{
    int j, st;
    double w[2];
    for (j = 0; j < D; ++j) X[1][j] = -X[0][j];
    st = cog_slerp_angle(X[0], X[1], D, &THETA);
    if (!(3.14159265358979323846 - THETA < COG_SLERP_MIN_ANGLE)) *ok = 0;
    if (cog_slerp_weights(THETA, 0.5, w) != COG_ERR_ANTIPODAL) *ok = 0;
    return st;
}
static int c_sa_tiny(int *ok)
{
    int j, st;
    for (j = 0; j < D; ++j) {
        X[0][j] = 1e-45f * (float)(j % 3 + 1); /* subnormal floats */
        X[1][j] = 1e-45f * (float)((j + 1) % 3 + 1);
    }
    st = cog_slerp_angle(X[0], X[1], D, &THETA);
    if (!(THETA > 0.0 && THETA < 1.6)) *ok = 0;
    return st;
}
static int c_sa_huge(int *ok)
{
    int j, st;
    for (j = 0; j < D; ++j) {
        X[0][j] = 3e38f;
        X[1][j] = j == 0 ? -3e38f : 3e38f;
    }
    st = cog_slerp_angle(X[0], X[1], D, &THETA);
    if (!near(THETA, acos((double)(D - 2) / (double)D), 1e-12)) *ok = 0;
    return st;
}

static int c_sw(double theta, double t, int w_null)
{
    untouched(WO, 2 * sizeof(double));
    return cog_slerp_weights(theta, t, w_null ? NULL : WO);
}
static int c_sw_null(int *ok) { (void)ok; return c_sw(1.0, 0.5, 1); }
static int c_sw_th_nan(int *ok) { (void)ok; return c_sw(NAN, 0.5, 0); }
static int c_sw_t_nan(int *ok) { (void)ok; return c_sw(1.0, NAN, 0); }
static int c_sw_t_inf(int *ok) { (void)ok; return c_sw(1.0, INFINITY, 0); }
static int c_sw_t_huge(int *ok) { (void)ok; return c_sw(3.0, -1.7e308, 0); }
static int c_sw_neg(int *ok) { (void)ok; return c_sw(-1e-9, 0.5, 0); }
static int c_sw_gtpi(int *ok) { (void)ok; return c_sw(3.2, 0.5, 0); }
static int c_sw_pi(int *ok) { (void)ok; return c_sw(3.14159265358979323846, 0.5, 0); }
static int c_sw_near_pi(int *ok) { (void)ok; return c_sw(3.14159265358979323846 - 5e-5, 0.25, 0); }
static int c_sw_zero(int *ok)
{
    int st = cog_slerp_weights(0.0, 0.25, WO);
    *ok = WO[0] == 0.75 && WO[1] == 0.25;
    return st;
}
static int c_sw_small(int *ok)
{
    int st = cog_slerp_weights(5e-5, 1.25, WO);
    *ok = WO[0] == -0.25 && WO[1] == 1.25;
    return st;
}

static int c_cw_null(int *ok) { (void)ok; return cog_centroid_weights(K, NULL); }
static int c_cw_k0(int *ok) { (void)ok; untouched(WO, sizeof WO); return cog_centroid_weights(0, WO); }

/* ---- centroid baselines */
typedef cog_result (*centroid_fn)(const float *const *, size_t, size_t,
                                  float *);
static int c_ce(centroid_fn f, const float *const *x, size_t k, size_t dim,
                int out_null)
{
    untouched(OUT, sizeof OUT);
    return f(x, k, dim, out_null ? NULL : OUT);
}
static int c_ce_x_null(int *ok) { (void)ok; return c_ce(cog_centroid_euclidean, NULL, K, D, 0); }
static int c_ce_k0(int *ok) { (void)ok; return c_ce(cog_centroid_euclidean, XP, 0, D, 0); }
static int c_ce_d0(int *ok) { (void)ok; return c_ce(cog_centroid_euclidean, XP, K, 0, 0); }
static int c_ce_ovf(int *ok) { (void)ok; return c_ce(cog_centroid_euclidean, XP, K, BIG_DIM, 0); }
static int c_ce_out_null(int *ok) { (void)ok; return c_ce(cog_centroid_euclidean, XP, K, D, 1); }
static int c_ce_nan(int *ok)
{
    int st, j;
    X[2][9] = NAN;
    st = cog_centroid_euclidean(XP, K, D, OUT);
    for (j = 0; j < D; ++j)
        if ((j == 9) == bi_fin(OUT[j])) *ok = 0;
    return st;
}
static int c_ce_alias(int *ok)
{
    int st;
    if (cog_centroid_euclidean(XP, K, D, REF) != COG_OK) *ok = 0;
    st = cog_centroid_euclidean(XP, K, D, X[0]);
    if (!same_bits_f(X[0], REF, D)) *ok = 0;
    return st;
}
static int c_cs_d1(int *ok) { (void)ok; return c_ce(cog_centroid_standardized, XP, K, 1, 0); }
static int c_cs_x_null(int *ok) { (void)ok; return c_ce(cog_centroid_standardized, NULL, K, D, 0); }
static int c_cs_const(int *ok)
{
    /* Constants c, 2c, 3c over several lengths. Under -ffast-math a mean
     * taken as sum * (1 / dim) is off by rounding for most c and dim, and a
     * spread taken from it is 1e-16, not 0: seen with gcc -O3 on s390x at
     * dim 37, and on x86-64 at 49 and 99 when dim is a constant. */
    static float big[K][99], bigout[99];
    static const size_t dims[] = {D, 49, 99};
    const float *bp[K];
    size_t n, j;
    int i, c, st;
    for (i = 0; i < K; ++i) bp[i] = big[i];
    for (n = 0; n < sizeof dims / sizeof dims[0]; ++n)
        for (c = 1; c < 300; ++c) {
            float v = 0.01f * (float)c;
            for (i = 0; i < K; ++i)
                for (j = 0; j < dims[n]; ++j) big[i][j] = v * (float)(i + 1);
            if (cog_centroid_standardized(bp, K, dims[n], bigout) !=
                COG_ERR_ZERO_NORM)
                *ok = 0;
            for (j = 0; j < dims[n]; ++j)
                if (bigout[j] != bigout[0] ||
                    fabsf(bigout[j] - 2.0f * v) > 1e-6f)
                    *ok = 0;
        }
    for (i = 0; i < K; ++i)
        for (j = 0; j < D; ++j) X[i][j] = (float)(i + 1);
    st = cog_centroid_standardized(XP, K, D, OUT);
    /* the Euclidean centroid: 2 (to rounding; exactly equal elements) */
    for (j = 0; j < D; ++j)
        if (OUT[j] != OUT[0] || fabsf(OUT[j] - 2.0f) > 1e-6f) *ok = 0;
    return st;
}
static int c_cs_nan(int *ok)
{
    int st;
    X[0][0] = NAN;
    st = cog_centroid_standardized(XP, K, D, OUT);
    (void)cog_centroid_euclidean(XP, K, D, REF);
    if (!same_bits_f(OUT, REF, D) || bi_fin(OUT[0])) *ok = 0;
    return st;
}
static int c_cs_alias(int *ok)
{
    int st;
    if (cog_centroid_standardized(XP, K, D, REF) != COG_OK) *ok = 0;
    st = cog_centroid_standardized(XP, K, D, X[1]);
    if (!same_bits_f(X[1], REF, D)) *ok = 0;
    return st;
}
static int c_cm_d2(int *ok) { (void)ok; return c_ce(cog_centroid_mode_norm, XP, K, 2, 0); }
static int c_cm_out_null(int *ok) { (void)ok; return c_ce(cog_centroid_mode_norm, XP, K, D, 1); }
static int c_cm_zero(int *ok)
{
    int j, st;
    /* All latents zero: the centroid is exactly zero however the compiler
     * contracts the sums (x and -x may leave an FMA rounding residue). */
    for (j = 0; j < D; ++j) X[0][j] = X[1][j] = X[2][j] = 0.0f;
    st = cog_centroid_mode_norm(XP, K, D, OUT);
    for (j = 0; j < D; ++j)
        if (OUT[j] != 0.0f) *ok = 0;
    return st;
}
static int c_cm_inf(int *ok)
{
    int st;
    X[2][D - 1] = -INFINITY;
    st = cog_centroid_mode_norm(XP, K, D, OUT);
    (void)cog_centroid_euclidean(XP, K, D, REF);
    if (!same_bits_f(OUT, REF, D) || !bi_inf(OUT[D - 1], -1)) *ok = 0;
    return st;
}

/* ---- inner products */
static double G[K * K], DOTS[K];
static int c_gr(const float *const *x, size_t k, size_t dim, int g_null)
{
    untouched(G, sizeof G);
    return cog_gram(x, k, dim, g_null ? NULL : G);
}
static int c_gr_x_null(int *ok) { (void)ok; return c_gr(NULL, K, D, 0); }
static int c_gr_xi_null(int *ok) { (void)ok; XP[2] = NULL; return c_gr(XP, K, D, 0); }
static int c_gr_k0(int *ok) { (void)ok; return c_gr(XP, 0, D, 0); }
static int c_gr_d0(int *ok) { (void)ok; return c_gr(XP, K, 0, 0); }
static int c_gr_ovf(int *ok) { (void)ok; return c_gr(XP, K, BIG_DIM, 0); }
static int c_gr_g_null(int *ok) { (void)ok; return c_gr(XP, K, D, 1); }
static int c_gr_nan(int *ok)
{
    int st, i, l;
    X[1][3] = NAN;
    st = cog_gram(XP, K, D, G);
    for (i = 0; i < K; ++i)
        for (l = 0; l < K; ++l) {
            const int fin = bi_fin(G[i * K + l]);
            if (fin == (i == 1 || l == 1)) *ok = 0;
        }
    return st;
}
static int c_dt(const float *const *x, size_t k, size_t dim, const float *y,
                int d_null)
{
    untouched(DOTS, sizeof DOTS);
    return cog_dots(x, k, dim, y, d_null ? NULL : DOTS);
}
static int c_dt_x_null(int *ok) { (void)ok; return c_dt(NULL, K, D, MEAN, 0); }
static int c_dt_y_null(int *ok) { (void)ok; return c_dt(XP, K, D, NULL, 0); }
static int c_dt_d_null(int *ok) { (void)ok; return c_dt(XP, K, D, MEAN, 1); }
static int c_dt_k0(int *ok) { (void)ok; return c_dt(XP, 0, D, MEAN, 0); }
static int c_dt_d0(int *ok) { (void)ok; return c_dt(XP, K, 0, MEAN, 0); }
static int c_dt_ovf(int *ok) { (void)ok; return c_dt(XP, K, BIG_DIM, MEAN, 0); }
static int c_dt_ynan(int *ok)
{
    int i;
    (void)ok;
    for (i = 0; i < K; ++i) memset(X[i], 0, sizeof X[i]);
    MEAN[6] = NAN; /* y NaN where every x_i is 0 */
    return cog_dots(XP, K, D, MEAN, DOTS);
}
static int c_dt_xinf(int *ok)
{
    int st;
    X[0][1] = INFINITY;
    st = cog_dots(XP, K, D, MEAN, DOTS);
    if (bi_fin(DOTS[0])) *ok = 0;
    if (!(bi_fin(DOTS[1]) && bi_fin(DOTS[2]))) *ok = 0;
    return st;
}

/* ---- subspaces */
static size_t BYTES;
static cog_subspace S;
static double MEM[4 * K * K + K + K + 2]; /* room to misalign */
static int c_ms_null(int *ok) { (void)ok; return cog_subspace_memory_size(K, NULL); }
static int c_ms_k0(int *ok) { (void)ok; untouched(&BYTES, sizeof BYTES); return cog_subspace_memory_size(0, &BYTES); }
static int c_ms_ovf(int *ok) { (void)ok; untouched(&BYTES, sizeof BYTES); return cog_subspace_memory_size(((size_t)-1) / 4, &BYTES); }
static int c_ms_ovf2(int *ok)
{
    /* the largest k that passes the first check still overflows later */
    size_t k = (size_t)1 << (sizeof(size_t) * 4 - 2);
    (void)ok;
    untouched(&BYTES, sizeof BYTES);
    return cog_subspace_memory_size(k * 2, &BYTES);
}

static int c_si(const float *const *x, size_t k, size_t dim, double tol,
                void *mem, size_t bytes)
{
    zeroed(&S, sizeof S);
    untouched(MEM, sizeof MEM);
    return cog_subspace_init(&S, mem, bytes, x, k, dim, tol);
}
static int c_si_sub_null(int *ok)
{
    (void)ok;
    untouched(MEM, sizeof MEM);
    return cog_subspace_init(NULL, MEM, sizeof MEM, XP, K, D, 0.0);
}
static int c_si_x_null(int *ok) { (void)ok; return c_si(NULL, K, D, 0.0, MEM, sizeof MEM); }
static int c_si_xi_null(int *ok) { (void)ok; XP[0] = NULL; return c_si(XP, K, D, 0.0, MEM, sizeof MEM); }
static int c_si_k0(int *ok) { (void)ok; return c_si(XP, 0, D, 0.0, MEM, sizeof MEM); }
static int c_si_d0(int *ok) { (void)ok; return c_si(XP, K, 0, 0.0, MEM, sizeof MEM); }
static int c_si_ovf(int *ok) { (void)ok; return c_si(XP, K, BIG_DIM, 0.0, MEM, sizeof MEM); }
static int c_si_tol_neg(int *ok) { (void)ok; return c_si(XP, K, D, -1e-3, MEM, sizeof MEM); }
static int c_si_tol_one(int *ok) { (void)ok; return c_si(XP, K, D, 1.0, MEM, sizeof MEM); }
static int c_si_tol_nan(int *ok) { (void)ok; return c_si(XP, K, D, NAN, MEM, sizeof MEM); }
static int c_si_mem_null(int *ok) { (void)ok; return c_si(XP, K, D, 0.0, NULL, sizeof MEM); }
static int c_si_mem_small(int *ok)
{
    size_t need = 0;
    if (cog_subspace_memory_size(K, &need) != COG_OK) *ok = 0;
    return c_si(XP, K, D, 0.0, MEM, need - 1);
}
static int c_si_mem_align(int *ok)
{
    (void)ok;
    return c_si(XP, K, D, 0.0, (char *)MEM + 4, sizeof MEM - 8);
}
static int c_si_nan(int *ok)
{
    (void)ok;
    X[2][D / 2] = NAN;
    zeroed(&S, sizeof S);
    return cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0);
}
static int c_si_zero(int *ok)
{
    int i;
    (void)ok;
    for (i = 0; i < K; ++i) memset(X[i], 0, sizeof X[i]);
    zeroed(&S, sizeof S);
    return cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0);
}
/* Weights of the point at basis latent 2's own coordinates. */
static int sub_weights_of_x2(cog_subspace *s, double *w)
{
    double c[K];
    if (cog_subspace_basis_coords(s, 2, c) != COG_OK) return 0;
    return cog_subspace_weights(s, c, w) == COG_OK;
}
static int c_si_dup(int *ok)
{
    int st;
    double w[K];
    memcpy(X[2], X[0], sizeof X[0]);
    st = cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0);
    if (st != COG_OK || S.rank != 2 || !sub_weights_of_x2(&S, w)) *ok = 0;
    /* x2 = x0 is dropped: its point is x0, weights (1, 0, 0) */
    else if (!near(w[0], 1.0, 1e-5) || !near(w[1], 0.0, 1e-5) || w[2] != 0.0)
        *ok = 0;
    return st;
}
static int c_si_dep(int *ok)
{
    int j, st;
    double w[K];
    for (j = 0; j < D; ++j) X[2][j] = X[0][j] + X[1][j];
    st = cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0);
    if (st != COG_OK || S.rank != 2 || !sub_weights_of_x2(&S, w)) *ok = 0;
    /* x2 = x0 + x1 is dropped: its point's weights are (1, 1, 0) */
    else if (!near(w[0], 1.0, 1e-5) || !near(w[1], 1.0, 1e-5) || w[2] != 0.0)
        *ok = 0;
    return st;
}
static int c_si_one_zero(int *ok)
{
    int st;
    double w[K], c[K] = {1.0, 2.0, 3.0};
    memset(X[1], 0, sizeof X[1]);
    st = cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0);
    if (st != COG_OK || S.rank != 2) *ok = 0;
    else if (cog_subspace_weights(&S, c, w) != COG_OK || w[1] != 0.0)
        *ok = 0;
    return st;
}
static int c_si_tol(int *ok)
{
    int j, st;
    for (j = 0; j < D; ++j) X[1][j] = X[0][j] + 1e-3f * X[1][j];
    st = cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 1e-2);
    if (st != COG_OK || S.rank != 2 || S.tol != 1e-2) *ok = 0;
    if (cog_subspace_init(&S, MEM, sizeof MEM, XP, K, D, 0.0) != COG_OK ||
        S.rank != 3 || S.tol != COG_SUBSPACE_TOL)
        *ok = 0;
    return st;
}

static int c_sc_sub_null(int *ok) { (void)ok; return cog_subspace_create(NULL, XP, K, D, 0.0, NULL); }
static int c_sc(const float *const *x, size_t k, size_t dim, double tol,
                int *ok)
{
    int st;
    zeroed(&S, sizeof S);
    st = cog_subspace_create(&S, x, k, dim, tol, NULL);
    if (bi_live_allocs != 0) *ok = 0;
    return st;
}
static int c_sc_x_null(int *ok) { return c_sc(NULL, K, D, 0.0, ok); }
static int c_sc_k0(int *ok) { return c_sc(XP, 0, D, 0.0, ok); }
static int c_sc_ovf(int *ok) { return c_sc(XP, K, BIG_DIM, 0.0, ok); }
static int c_sc_tol(int *ok) { return c_sc(XP, K, D, 2.0, ok); }
static int c_sc_nan(int *ok) { X[0][0] = NAN; return c_sc(XP, K, D, 0.0, ok); }
static int c_sc_oom(int *ok)
{
    int st;
    bi_fail_malloc = 1;
    st = c_sc(XP, K, D, 0.0, ok);
    bi_fail_malloc = 0;
    return st;
}
static int c_sc_ok(int *ok)
{
    int st = cog_subspace_create(&S, XP, K, D, 0.0, NULL);
    if (st != COG_OK || bi_live_allocs != 1 || S.owned == NULL) *ok = 0;
    cog_subspace_destroy(&S);
    if (bi_live_allocs != 0) *ok = 0;
    return st;
}

/* With a subspace from cog_subspace_create alive, destroying NULL frees
 * nothing and leaves that subspace as it was. */
static int c_sd_null(int *ok)
{
    cog_subspace before;
    if (cog_subspace_create(&S, XP, K, D, 0.0, NULL) != COG_OK) *ok = 0;
    memcpy(&before, &S, sizeof S);
    cog_subspace_destroy(NULL);
    if (bi_live_allocs != 1 || memcmp(&before, &S, sizeof S) != 0) *ok = 0;
    cog_subspace_destroy(&S);
    return NA;
}
static int c_sd_zeroed(int *ok)
{
    cog_subspace z;
    memset(&S, 0, sizeof S);
    memset(&z, 0, sizeof z);
    cog_subspace_destroy(&S);
    cog_subspace_destroy(&S); /* twice is fine too */
    *ok = bi_live_allocs == 0 && memcmp(&z, &S, sizeof z) == 0;
    return NA;
}
static int c_sd_init(int *ok)
{
    if (!make_sub()) *ok = 0;
    /* the caller's memory is not freed (the counting free would see it) */
    cog_subspace_destroy(&SUB);
    {
        cog_subspace z;
        memset(&z, 0, sizeof z);
        if (memcmp(&z, &SUB, sizeof z) != 0) *ok = 0;
    }
    if (bi_live_allocs != 0) *ok = 0;
    return NA;
}

static double SW[K];
static cog_subspace *sub_or(int which)
{
    static cog_subspace zero_sub;
    memset(&zero_sub, 0, sizeof zero_sub);
    if (which == 0) return NULL;
    if (which == 1) return &zero_sub;
    return make_sub() ? &SUB : NULL;
}
static int c_sw_args(int which, const double *s, int w_null)
{
    cog_subspace *sp = sub_or(which);
    untouched(SW, sizeof SW);
    return cog_subspace_weights(sp, s, w_null ? NULL : SW);
}
static int c_ssw_sub_null(int *ok) { (void)ok; return c_sw_args(0, SC, 0); }
static int c_ssw_sub_zero(int *ok) { (void)ok; return c_sw_args(1, SC, 0); }
static int c_ssw_s_null(int *ok) { (void)ok; return c_sw_args(2, NULL, 0); }
static int c_ssw_w_null(int *ok) { (void)ok; return c_sw_args(2, SC, 1); }
static int c_ssw_nan(int *ok) { (void)ok; SC[0] = 0.0; SC[1] = NAN; SC[2] = 1.0; return c_sw_args(2, SC, 0); }
static int c_ssw_inf(int *ok) { (void)ok; SC[0] = 0.0; SC[1] = 1.0; SC[2] = -INFINITY; return c_sw_args(2, SC, 0); }

static int c_sp_args(int which, const float *y, int s_null)
{
    cog_subspace *sp = sub_or(which);
    untouched(SC, sizeof SC);
    return cog_subspace_project(sp, y, s_null ? NULL : SC);
}
static int c_sp_sub_null(int *ok) { (void)ok; return c_sp_args(0, MEAN, 0); }
static int c_sp_sub_zero(int *ok) { (void)ok; return c_sp_args(1, MEAN, 0); }
static int c_sp_y_null(int *ok) { (void)ok; return c_sp_args(2, NULL, 0); }
static int c_sp_s_null(int *ok) { (void)ok; return c_sp_args(2, MEAN, 1); }
static int c_sp_nan(int *ok)
{
    (void)ok;
    if (!make_sub()) return -100;
    MEAN[3] = NAN;
    return cog_subspace_project(&SUB, MEAN, SC);
}
static int c_sp_data_inf(int *ok)
{
    (void)ok;
    if (!make_sub()) return -100;
    X[1][0] = INFINITY; /* a basis buffer changed after init */
    return cog_subspace_project(&SUB, MEAN, SC);
}

static int c_bc_args(int which, size_t j, int s_null)
{
    cog_subspace *sp = sub_or(which);
    untouched(SC, sizeof SC);
    return cog_subspace_basis_coords(sp, j, s_null ? NULL : SC);
}
static int c_bc_sub_null(int *ok) { (void)ok; return c_bc_args(0, 0, 0); }
static int c_bc_sub_zero(int *ok) { (void)ok; return c_bc_args(1, 0, 0); }
static int c_bc_s_null(int *ok) { (void)ok; return c_bc_args(2, 0, 1); }
static int c_bc_j(int *ok) { (void)ok; return c_bc_args(2, K, 0); }

/* ---- cog_subspace_grid (K = 3: latents 0, 1, 2 make the plane) */
static double GW[4 * 4 * K];
static int c_gr_args(int which, int kind, size_t o, size_t i, size_t n,
                     double extent, int w_null)
{
    cog_subspace *sp = sub_or(which);
    untouched(GW, sizeof GW);
    return cog_subspace_grid(sp, kind, o, i, 2, n, extent,
                             w_null ? NULL : GW);
}
static int c_gr_sub_null(int *ok) { (void)ok; return c_gr_args(0, 0, 0, 1, 4, 1.0, 0); }
static int c_gr_sub_zero(int *ok) { (void)ok; return c_gr_args(1, 0, 0, 1, 4, 1.0, 0); }
static int c_gr_w_null(int *ok) { (void)ok; return c_gr_args(2, 0, 0, 1, 4, 1.0, 1); }
static int c_gr_same(int *ok) { (void)ok; return c_gr_args(2, 0, 1, 1, 4, 1.0, 0); }
static int c_gr_index(int *ok) { (void)ok; return c_gr_args(2, 0, 0, K, 4, 1.0, 0); }
static int c_gr_n1(int *ok) { (void)ok; return c_gr_args(2, 1, 0, 1, 1, 1.0, 0); }
static int c_gr_extent0(int *ok) { (void)ok; return c_gr_args(2, 1, 0, 1, 4, 0.0, 0); }
static int c_gr_extent_nan(int *ok) { (void)ok; return c_gr_args(2, 1, 0, 1, 4, NAN, 0); }
static int c_gr_kind(int *ok) { (void)ok; return c_gr_args(2, 5, 0, 1, 4, 1.0, 0); }
static int c_gr_dep(int *ok)
{
    size_t j;
    int st;
    for (j = 0; j < D; ++j) X[2][j] = X[0][j] - 0.5f * X[1][j];
    if (!make_sub()) return -100;
    st = cog_subspace_grid(&SUB, COG_GRID_AFFINE, 0, 1, 2, 4, 1.0, GW);
    if (cog_subspace_grid(&SUB, COG_GRID_TANGENT, 0, 1, 2, 4, 1.0, GW) != st)
        *ok = 0;
    return st;
}

static int c_sl_args(int which, const double *s, const float *mean,
                     size_t mean_len, int out_null)
{
    cog_subspace *sp = sub_or(which);
    untouched(OUT, sizeof OUT);
    return cog_subspace_latent(sp, s, mean, mean_len, out_null ? NULL : OUT);
}
static int c_sl_sub_null(int *ok) { (void)ok; return c_sl_args(0, SC, NULL, 0, 0); }
static int c_sl_sub_zero(int *ok) { (void)ok; return c_sl_args(1, SC, NULL, 0, 0); }
static int c_sl_s_null(int *ok) { (void)ok; return c_sl_args(2, NULL, NULL, 0, 0); }
static int c_sl_out_null(int *ok) { (void)ok; return c_sl_args(2, SC, NULL, 0, 1); }
static int c_sl_s_nan(int *ok) { (void)ok; SC[0] = NAN; SC[1] = SC[2] = 0.0; return c_sl_args(2, SC, NULL, 0, 0); }
static int c_sl_mean_nan(int *ok) { (void)ok; SC[0] = SC[1] = SC[2] = 1.0; MEAN[0] = NAN; return c_sl_args(2, SC, MEAN, D, 0); }
static int c_sl_mean_len(int *ok) { (void)ok; SC[0] = SC[1] = SC[2] = 1.0; return c_sl_args(2, SC, MEAN, D + 1, 0); }
static int c_sl_big_k(int *ok)
{
    /* A subspace of 513 basis latents: built by hand, because a real one
     * takes an O(k^3) SVD; only the fields the check reads matter. */
    static const float *basis[513];
    static double rw[1];
    cog_subspace big;
    (void)ok;
    memset(&big, 0, sizeof big);
    big.k = 513;
    big.dim = D;
    big.rank = 1;
    big.basis = basis;
    big.r = rw;
    big.w = rw;
    untouched(OUT, sizeof OUT);
    return cog_subspace_latent(&big, SC, NULL, 0, OUT);
}
static int c_sl_zero_s(int *ok)
{
    double z[K] = {0.0, 0.0, 0.0};
    int st;
    if (!make_sub()) *ok = 0;
    if (cog_combine(XP, K, D, z, MEAN, D, REF) != COG_OK) *ok = 0;
    st = cog_subspace_latent(&SUB, z, MEAN, D, OUT);
    if (!same_bits_f(OUT, REF, D)) *ok = 0;
    return st;
}
static int c_sl_alias(int *ok)
{
    double s[K] = {0.5, -1.0, 2.0};
    int st;
    if (!make_sub()) *ok = 0;
    if (cog_subspace_latent(&SUB, s, NULL, 0, REF) != COG_OK) *ok = 0;
    st = cog_subspace_latent(&SUB, s, NULL, 0, X[0]);
    if (!same_bits_f(X[0], REF, D)) *ok = 0;
    return st;
}
static int c_sl_data_nan(int *ok)
{
    double s[K] = {0.5, -1.0, 2.0};
    int st;
    if (!make_sub()) *ok = 0;
    X[2][1] = NAN;
    st = cog_subspace_latent(&SUB, s, NULL, 0, OUT);
    if (bi_fin(OUT[1]) || !all_finite_f(OUT + 2, D - 2)) *ok = 0;
    return st;
}

/* ---- non-Gaussian latents */
static int c_nc_nan(int *ok)
{
    if (!bi_isnan(cog_normal_cdf(NAN))) *ok = 0;
    return NA;
}
static int c_nc_inf(int *ok)
{
    if (cog_normal_cdf(-INFINITY) != 0.0 || cog_normal_cdf(INFINITY) != 1.0) *ok = 0;
    if (cog_normal_cdf(-40.0) != 0.0 || cog_normal_cdf(9.0) != 1.0) *ok = 0;
    return NA;
}
static int c_nq_01(int *ok)
{
    if (!bi_inf(cog_normal_quantile(0.0), -1) || !bi_inf(cog_normal_quantile(1.0), 1))
        *ok = 0;
    return NA;
}
static int c_nq_out(int *ok)
{
    if (!bi_isnan(cog_normal_quantile(-1e-300)) || !bi_isnan(cog_normal_quantile(1.5)) ||
        !bi_isnan(cog_normal_quantile(NAN)) || !bi_isnan(cog_normal_quantile(INFINITY)))
        *ok = 0;
    return NA;
}
static int c_nq_sub(int *ok)
{
    const double q = cog_normal_quantile(DBL_MIN / 1024);
    if (!(q > -38.5 && q < cog_normal_quantile(DBL_MIN))) *ok = 0;
    return NA;
}

static cog_uniform_params BI_UNI = {-4.0, 4.0};
static double bi_nan_fn(double v, void *user)
{
    (void)v;
    (void)user;
    return NAN;
}
static double bi_big_fn(double v, void *user)
{
    (void)v;
    (void)user;
    return 1.5;
}
static double bi_edge_cdf(double v, void *user)
{
    (void)user;
    return v < 0.0 ? 0.0 : 1.0;
}
static double bi_huge_quantile(double p, void *user)
{
    (void)user;
    return p * 1e300;
}
static int c_iid(const float *const *x, size_t k, size_t dim, const double *w,
                 cog_cdf_fn cdf, cog_cdf_fn inv, void *user, int out_null)
{
    untouched(OUT, sizeof OUT);
    return cog_combine_iid(x, k, dim, w, cdf, inv, user, out_null ? NULL : OUT);
}
#define IID_U cog_uniform_cdf, cog_uniform_quantile, &BI_UNI
static int c_iid_x_null(int *ok) { (void)ok; return c_iid(NULL, K, D, W, IID_U, 0); }
static int c_iid_xi_null(int *ok) { (void)ok; XP[2] = NULL; return c_iid(XP, K, D, W, IID_U, 0); }
static int c_iid_k0(int *ok) { (void)ok; return c_iid(XP, 0, D, W, IID_U, 0); }
static int c_iid_d0(int *ok) { (void)ok; return c_iid(XP, K, 0, W, IID_U, 0); }
static int c_iid_ovf(int *ok) { (void)ok; return c_iid(XP, K, BIG_DIM, W, IID_U, 0); }
static int c_iid_w_null(int *ok) { (void)ok; return c_iid(XP, K, D, NULL, IID_U, 0); }
static int c_iid_cdf_null(int *ok) { (void)ok; return c_iid(XP, K, D, W, NULL, cog_uniform_quantile, &BI_UNI, 0); }
static int c_iid_inv_null(int *ok) { (void)ok; return c_iid(XP, K, D, W, cog_uniform_cdf, NULL, &BI_UNI, 0); }
static int c_iid_out_null(int *ok) { (void)ok; return c_iid(XP, K, D, W, IID_U, 1); }
static int c_iid_w_nan(int *ok) { (void)ok; W[1] = NAN; return c_iid(XP, K, D, W, IID_U, 0); }
static int c_iid_data_nan(int *ok) { (void)ok; X[2][D - 1] = NAN; return c_iid(XP, K, D, W, IID_U, 0); }
static int c_iid_data_inf(int *ok) { (void)ok; X[0][7] = -INFINITY; return c_iid(XP, K, D, W, IID_U, 0); }
static int c_iid_params(int *ok)
{
    cog_uniform_params bad = {1.0, 1.0};
    (void)ok;
    return c_iid(XP, K, D, W, cog_uniform_cdf, cog_uniform_quantile, &bad, 0);
}
static int c_iid_cdf_nan(int *ok)
{
    (void)ok;
    return cog_combine_iid(XP, K, D, W, bi_nan_fn, cog_uniform_quantile, &BI_UNI, OUT);
}
static int c_iid_cdf_range(int *ok)
{
    (void)ok;
    return cog_combine_iid(XP, K, D, W, bi_big_fn, cog_uniform_quantile, &BI_UNI, OUT);
}
static int c_iid_inv_nan(int *ok)
{
    (void)ok;
    return cog_combine_iid(XP, K, D, W, cog_uniform_cdf, bi_nan_fn, &BI_UNI, OUT);
}
static int c_iid_edge(int *ok)
{
    /* F = 0 below zero, 1 above: with one latent of weight 1 the clamped
     * probabilities come back as F^-1(DBL_MIN) and F^-1(1 - 2^-53) */
    const float *x1[1];
    double w1 = 1.0;
    int st, j;
    x1[0] = X[0];
    st = cog_combine_iid(x1, 1, D, &w1, bi_edge_cdf, cog_uniform_quantile, &BI_UNI, OUT);
    for (j = 0; j < D; ++j)
        if (OUT[j] != (X[0][j] < 0.0f ? -4.0f : 4.0f)) *ok = 0;
    return st;
}
static int c_iid_overflow(int *ok)
{
    int st, j;
    st = cog_combine_iid(XP, K, D, W, cog_uniform_cdf, bi_huge_quantile, &BI_UNI, OUT);
    for (j = 0; j < D; ++j)
        if (!bi_inf(OUT[j], 1)) *ok = 0;
    return st;
}
static int c_iid_zero_w(int *ok)
{
    double eq[K] = {2.0, 2.0, 2.0};
    if (cog_combine_iid(XP, K, D, eq, IID_U, REF) != COG_OK) *ok = 0;
    W[0] = W[1] = W[2] = 0.0;
    if (cog_combine_iid(XP, K, D, W, IID_U, OUT) != COG_OK) *ok = 0;
    if (!same_bits_f(OUT, REF, D)) *ok = 0;
    return COG_OK;
}
static int c_iid_alias(int *ok)
{
    int st;
    if (cog_combine_iid(XP, K, D, W, IID_U, REF) != COG_OK) *ok = 0;
    st = cog_combine_iid(XP, K, D, W, IID_U, X[1]);
    if (!same_bits_f(X[1], REF, D)) *ok = 0;
    return st;
}

static int c_ib(const float *const *x, size_t k, size_t dim, const double *w,
                size_t b, float *const *out)
{
    untouched(BO0, sizeof BO0);
    untouched(BO1, sizeof BO1);
    return cog_combine_iid_batch(x, k, dim, w, b, IID_U, out);
}
static int c_ib_out_null(int *ok) { (void)ok; return c_ib(XP, K, D, WB, 2, NULL); }
static int c_ib_b0(int *ok) { (void)ok; BOUT[0] = BO0; BOUT[1] = BO1; return c_ib(XP, K, D, WB, 0, BOUT); }
static int c_ib_bovf(int *ok)
{
    (void)ok;
    BOUT[0] = BO0;
    BOUT[1] = BO1;
    return c_ib(XP, K, D, WB, ((size_t)-1) / K + 1, BOUT);
}
static int c_ib_alias_x(int *ok)
{
    (void)ok;
    BOUT[0] = BO0;
    BOUT[1] = X[2];
    untouched(X[2], sizeof X[2]);
    return c_ib(XP, K, D, WB, 2, BOUT);
}
static int c_ib_w_nan(int *ok) { (void)ok; BOUT[0] = BO0; BOUT[1] = BO1; WB[K + 1] = NAN; return c_ib(XP, K, D, WB, 2, BOUT); }
static int c_ib_zero_row(int *ok)
{
    int st;
    BOUT[0] = BO0;
    BOUT[1] = BO1;
    WB[K] = WB[K + 1] = WB[K + 2] = 0.0;
    st = cog_combine_iid_batch(XP, K, D, WB, 2, IID_U, BOUT);
    if (cog_combine_iid(XP, K, D, WB, IID_U, REF) != COG_OK || !same_bits_f(BO0, REF, D))
        *ok = 0;
    WB[K] = WB[K + 1] = WB[K + 2] = 1.0;
    if (cog_combine_iid(XP, K, D, WB + K, IID_U, REF) != COG_OK || !same_bits_f(BO1, REF, D))
        *ok = 0;
    return st;
}

static int c_pair_bad(int *ok)
{
    cog_uniform_params u = {2.0, 1.0};
    cog_logistic_params l = {0.0, 0.0};
    cog_beta1_params b = {-1.0};
    cog_exponential_params e = {INFINITY};
    if (!bi_isnan(cog_uniform_cdf(0.5, &u)) || !bi_isnan(cog_uniform_quantile(0.5, &u)) ||
        !bi_isnan(cog_logistic_cdf(0.5, &l)) || !bi_isnan(cog_logistic_quantile(0.5, &l)) ||
        !bi_isnan(cog_beta1_cdf(0.5, &b)) || !bi_isnan(cog_beta1_quantile(0.5, &b)) ||
        !bi_isnan(cog_exponential_cdf(0.5, &e)) || !bi_isnan(cog_exponential_quantile(0.5, &e)) ||
        !bi_isnan(cog_uniform_cdf(0.5, NULL)) || !bi_isnan(cog_beta1_quantile(0.5, NULL)))
        *ok = 0;
    return NA;
}
static int c_pair_support(int *ok)
{
    cog_uniform_params u = {0.0, 1.0};
    cog_beta1_params b = {5.0};
    cog_exponential_params e = {1.0};
    cog_logistic_params l = {0.0, 1.0};
    if (cog_uniform_cdf(-1.0, &u) != 0.0 || cog_uniform_cdf(2.0, &u) != 1.0 ||
        cog_beta1_cdf(-1.0, &b) != 0.0 || cog_beta1_cdf(2.0, &b) != 1.0 ||
        cog_exponential_cdf(-1.0, &e) != 0.0 || cog_logistic_cdf(-1000.0, &l) != 0.0 ||
        cog_logistic_cdf(1000.0, &l) != 1.0)
        *ok = 0;
    return NA;
}
static int c_pair_p(int *ok)
{
    cog_uniform_params u = {0.0, 1.0};
    cog_logistic_params l = {0.0, 1.0};
    if (!bi_isnan(cog_uniform_quantile(1.5, &u)) || !bi_isnan(cog_logistic_quantile(-0.5, &l)) ||
        !bi_inf(cog_logistic_quantile(0.0, &l), -1) || !bi_inf(cog_logistic_quantile(1.0, &l), 1))
        *ok = 0;
    return NA;
}

/* ---- cog_randn_torch */
static float RN[40], RN2[40];
static int c_rn_null(int *ok) { (void)ok; return cog_randn_torch(1, NULL, 16); }
static int c_rn_n0_null(int *ok) { (void)ok; return cog_randn_torch(1, NULL, 0); }
static int c_rn_n0(int *ok) { (void)ok; untouched(RN, sizeof RN); return cog_randn_torch(1, RN, 0); }
static int c_rn_seed_hi(int *ok)
{
    int st = cog_randn_torch(42u + ((uint64_t)7 << 32), RN, 40);
    if (cog_randn_torch(42u, RN2, 40) != COG_OK || !same_bits_f(RN, RN2, 40))
        *ok = 0;
    return st;
}
static int c_rn_sizes(int *ok)
{
    size_t n, i;
    int st = COG_OK;
    for (n = 1; n <= 40 && st == COG_OK; ++n) {
        memset(RN, 0xA5, sizeof RN);
        st = cog_randn_torch((uint64_t)-1, RN, n);
        if (!all_finite_f(RN, n)) *ok = 0;
        for (i = n * sizeof(float); i < sizeof RN; ++i)
            if (((const unsigned char *)RN)[i] != 0xA5) *ok = 0;
    }
    return st;
}

/* ---- cog_randn_nv */
static int c_nv_null(int *ok) { (void)ok; return cog_randn_nv(1, 0, NULL, 16); }
static int c_nv_n0(int *ok) { (void)ok; untouched(RN, sizeof RN); return cog_randn_nv(1, 0, RN, 0); }
static int c_nv_big(int *ok)
{
    (void)ok;
    untouched(RN, sizeof RN);
    /* 2^32 + 1 values: the 32-bit element counter would wrap. A 32-bit
     * size_t cannot say that; there the NULL row's check stands in. */
#if SIZE_MAX > 0xffffffffu
    return cog_randn_nv(1, 0, RN, (size_t)0x100000001ull);
#else
    return cog_randn_nv(1, 0, NULL, 1);
#endif
}
static int c_nv_prefix(int *ok)
{
    int st = cog_randn_nv((uint64_t)-1, 0xffffffffu, RN, 40);
    if (cog_randn_nv((uint64_t)-1, 0xffffffffu, RN2, 7) != COG_OK ||
        !same_bits_f(RN, RN2, 7) || !all_finite_f(RN, 40))
        *ok = 0;
    return st;
}

/* ---- cog_walk_length, cog_walk_weights, cog_walk, cog_arc_weights */
static cog_walk_spec WS;
static size_t WLEN, WIDX[4], WN;
static double WW[4];
static float WOUT[2][D];
static float *WOP[2];
static void ws_reset(void)
{
    memset(&WS, 0, sizeof WS);
    WS.keyframes = K;
    WS.frames = 4;
    WS.hold = 1;
    WS.path = COG_WALK_CATMULL_ROM;
    WOP[0] = WOUT[0];
    WOP[1] = WOUT[1];
}
static int c_wl_null(int *ok) { (void)ok; ws_reset(); return cog_walk_length(NULL, &WLEN); }
static int c_wl_out_null(int *ok) { (void)ok; ws_reset(); return cog_walk_length(&WS, NULL); }
static int c_wl_k0(int *ok) { (void)ok; ws_reset(); WS.keyframes = 0; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_n0(int *ok) { (void)ok; ws_reset(); WS.frames = 0; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_hold(int *ok) { (void)ok; ws_reset(); WS.hold = 4; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_loop2(int *ok) { (void)ok; ws_reset(); WS.loop = 2; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_path(int *ok) { (void)ok; ws_reset(); WS.path = 4; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_ovf(int *ok) { (void)ok; ws_reset(); WS.keyframes = BIG_DIM; WS.frames = 3; untouched(&WLEN, sizeof WLEN); return cog_walk_length(&WS, &WLEN); }
static int c_wl_k1(int *ok)
{
    int st;
    ws_reset();
    WS.keyframes = 1;
    st = cog_walk_length(&WS, &WLEN);
    if (WLEN != 2) *ok = 0; /* the keyframe and its hold */
    return st;
}
static int c_ww_range(int *ok)
{
    (void)ok;
    ws_reset();
    untouched(WIDX, sizeof WIDX);
    untouched(WW, sizeof WW);
    return cog_walk_weights(&WS, 2 * 4 + 1 + 1, WIDX, WW, &WN); /* = length */
}
static int c_ww_null(int *ok) { (void)ok; ws_reset(); untouched(WW, sizeof WW); return cog_walk_weights(&WS, 0, NULL, WW, &WN); }
static int c_ww_loop1(int *ok)
{
    int st;
    ws_reset();
    WS.keyframes = 1;
    WS.loop = 1;
    st = cog_walk_weights(&WS, 3, WIDX, WW, &WN);
    if (WN != 1 || WIDX[0] != 0 || WW[0] != 1.0) *ok = 0;
    return st;
}
static int c_wk(size_t first, size_t count, int reset)
{
    if (reset) ws_reset();
    untouched(WOUT, sizeof WOUT);
    return cog_walk(XP, &WS, D, NULL, 0, first, count, WOP);
}
static int c_wk_x_null(int *ok) { (void)ok; ws_reset(); untouched(WOUT, sizeof WOUT); return cog_walk(NULL, &WS, D, NULL, 0, 0, 2, WOP); }
static int c_wk_xi_null(int *ok) { (void)ok; XP[2] = NULL; return c_wk(0, 2, 1); }
static int c_wk_spec(int *ok) { (void)ok; ws_reset(); WS.hold = 9; return c_wk(0, 2, 0); }
static int c_wk_range(int *ok) { (void)ok; return c_wk(9, 2, 1); }
static int c_wk_count0(int *ok) { (void)ok; return c_wk(0, 0, 1); }
static int c_wk_d0(int *ok) { (void)ok; ws_reset(); untouched(WOUT, sizeof WOUT); return cog_walk(XP, &WS, 0, NULL, 0, 0, 2, WOP); }
static int c_wk_alias(int *ok) { (void)ok; ws_reset(); WOP[1] = X[1]; untouched(WOUT[0], sizeof WOUT[0]); return cog_walk(XP, &WS, D, NULL, 0, 0, 2, WOP); }
static int c_wk_mean_nan(int *ok) { (void)ok; ws_reset(); MEAN[3] = NAN; untouched(WOUT, sizeof WOUT); return cog_walk(XP, &WS, D, MEAN, D, 0, 2, WOP); }
static int c_wk_data_nan(int *ok)
{
    int st;
    ws_reset();
    X[1][4] = NAN;
    /* frames 1 (keyframe 0's hold) and 2: segment 0 combines keyframes
     * 0, 1, 2, so both get the NaN (a zero weight times NaN is NaN) */
    st = cog_walk(XP, &WS, D, NULL, 0, 1, 2, WOP);
    if (bi_fin(WOUT[0][4]) || bi_fin(WOUT[1][4]) ||
        !all_finite_f(WOUT[1], 4) || !all_finite_f(WOUT[0] + 5, D - 5))
        *ok = 0;
    return st;
}
static int c_aw_null(int *ok) { (void)ok; return cog_arc_weights(0.5, NULL); }
static int c_aw_nan(int *ok) { (void)ok; untouched(WW, sizeof WW); return cog_arc_weights(NAN, WW); }
static int c_aw_ends(int *ok)
{
    int st = cog_arc_weights(1.0, WW);
    if (WW[0] != 0.0 || WW[1] != 1.0 || cog_arc_weights(0.0, WW + 2) != COG_OK ||
        WW[2] != 1.0 || WW[3] != 0.0)
        *ok = 0;
    return st;
}

/* ---- cog_blend */
static float BM[K][D];
static const float *BMP[K];
static int c_bl(const float *const *x, size_t k, size_t dim,
                const float *const *m, size_t mdim, const float *mean,
                size_t mean_len, int out_null)
{
    size_t i, j;
    for (i = 0; i < K; ++i) {
        for (j = 0; j < D; ++j) BM[i][j] = (float)(i + 1) * 0.25f;
        BMP[i] = BM[i];
    }
    untouched(OUT, sizeof OUT);
    return cog_blend(x, k, dim, m, mdim, mean, mean_len, out_null ? NULL : OUT);
}
static int c_bl_x_null(int *ok) { (void)ok; return c_bl(NULL, K, D, BMP, D, NULL, 0, 0); }
static int c_bl_m_null(int *ok) { (void)ok; return c_bl(XP, K, D, NULL, D, NULL, 0, 0); }
static int c_bl_mi_null(int *ok) { (void)ok; BMP[1] = NULL; untouched(OUT, sizeof OUT); return cog_blend(XP, K, D, BMP, D, NULL, 0, OUT); }
static int c_bl_out_null(int *ok) { (void)ok; return c_bl(XP, K, D, BMP, D, NULL, 0, 1); }
static int c_bl_k0(int *ok) { (void)ok; return c_bl(XP, 0, D, BMP, D, NULL, 0, 0); }
static int c_bl_md0(int *ok) { (void)ok; return c_bl(XP, K, D, BMP, 0, NULL, 0, 0); }
static int c_bl_mdiv(int *ok) { (void)ok; return c_bl(XP, K, D, BMP, 5, NULL, 0, 0); /* 37 % 5 != 0 */ }
static int c_bl_mean_len(int *ok) { (void)ok; return c_bl(XP, K, D, BMP, D, MEAN, 2, 0); }
static int c_bl_m_nan(int *ok)
{
    (void)ok;
    c_bl(XP, K, D, BMP, D, NULL, 0, 0);
    BM[2][D - 1] = NAN;
    nregions = 0;
    untouched(OUT, sizeof OUT);
    return cog_blend(XP, K, D, BMP, D, NULL, 0, OUT);
}
static int c_bl_mean_inf(int *ok) { (void)ok; MEAN[5] = INFINITY; return c_bl(XP, K, D, BMP, D, MEAN, D, 0); }
static int c_bl_data_nan(int *ok)
{
    int st;
    size_t j;
    X[0][7] = NAN;
    st = c_bl(XP, K, D, BMP, D, NULL, 0, 0);
    nregions = 0;
    if (bi_fin(OUT[7])) *ok = 0;
    for (j = 0; j < D; ++j)
        if (j != 7 && !bi_fin(OUT[j])) *ok = 0;
    return st;
}
static int c_bl_zero(int *ok)
{
    int st;
    size_t j;
    double w[K] = {1, 1, 1};
    (void)c_bl(XP, K, D, BMP, D, MEAN, D, 0);
    for (j = 0; j < D; ++j) BM[0][j] = BM[1][j] = BM[2][j] = 0.0f;
    nregions = 0;
    st = cog_blend(XP, K, D, BMP, D, MEAN, D, OUT);
    for (j = 0; j < D; ++j)
        if (!near(OUT[j], ref_cog(w, MEAN, D, j), 1e-6)) *ok = 0;
    return st;
}
static int c_bl_alias_x(int *ok)
{
    int st;
    float ref[D];
    c_bl(XP, K, D, BMP, D, MEAN, 1, 0);
    nregions = 0;
    if (cog_blend(XP, K, D, BMP, D, MEAN, 1, ref) != COG_OK) *ok = 0;
    st = cog_blend(XP, K, D, BMP, D, MEAN, 1, X[1]);
    if (!same_bits_f(X[1], ref, D)) *ok = 0;
    return st;
}
static int c_bl_alias_mask(int *ok)
{
    (void)ok;
    c_bl(XP, K, D, BMP, 1, NULL, 0, 0);
    nregions = 0;
    untouched(BM[0] + 1, sizeof(float) * (D - 1));
    return cog_blend(XP, K, D, BMP, 1, NULL, 0, BM[0]);
}

/* ================================================================ table */

typedef struct row {
    const char *fn;    /* public function */
    const char *input; /* the bad input */
    int want;          /* expected cog_result (NA: returns none) */
    const char *holds; /* what the outputs hold afterwards */
    bi_call call;
} row;

#define UNT "untouched"
static const row ROWS[] = {
    {"cog_result_string", "value outside the enum", NA,
     "returns \"unknown cog_result\" (never NULL)", c_rs_unknown},
    {"cog_result_string", "each enum value", NA,
     "a distinct non-empty static string", c_rs_all},
    {"cog_version_string, cog_version_number", "(no arguments)", NA,
     "`COG_VERSION_STRING`, `COG_VERSION_NUMBER`", c_version},

    {"cog_coefficients", "`w` NULL", COG_ERR_ARG, "`c`, `m` " UNT, c_co_w_null},
    {"cog_coefficients", "`c` NULL", COG_ERR_ARG, "`m` " UNT, c_co_c_null},
    {"cog_coefficients", "`m` NULL", COG_ERR_ARG, "`c` " UNT, c_co_m_null},
    {"cog_coefficients", "k = 0", COG_ERR_ARG, "`c`, `m` " UNT, c_co_k0},
    {"cog_coefficients", "NaN weight", COG_ERR_NONFINITE, "`c`, `m` " UNT, c_co_nan},
    {"cog_coefficients", "-Inf weight", COG_ERR_NONFINITE, "`c`, `m` " UNT, c_co_inf},
    {"cog_coefficients", "all-zero weights", COG_OK,
     "equal weights: `c_i = 1/sqrt(k)`, `m = 1 - sqrt(k)`", c_co_zero},
    {"cog_coefficients", "tiny weights (`sum w_i^2 < 1e-10`)", COG_OK,
     "equal weights, as all-zero", c_co_tiny},
    {"cog_coefficients", "huge weights (1e300)", COG_OK,
     "same c, m as the weights scaled down (no overflow)", c_co_huge},
    {"cog_coefficients", "`c` == `w`", COG_OK, "same as separate buffers",
     c_co_alias},

    {"cog_combine", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_cb_x_null},
    {"cog_combine", "an `x[i]` NULL", COG_ERR_ARG, "`out` " UNT, c_cb_xi_null},
    {"cog_combine", "k = 0", COG_ERR_ARG, "`out` " UNT, c_cb_k0},
    {"cog_combine", "dim = 0", COG_ERR_ARG, "`out` " UNT, c_cb_d0},
    {"cog_combine", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`out` " UNT, c_cb_ovf},
    {"cog_combine", "`w` NULL", COG_ERR_ARG, "`out` " UNT, c_cb_w_null},
    {"cog_combine", "`out` NULL", COG_ERR_ARG, "-", c_cb_out_null},
    {"cog_combine", "`mean` NULL with mean_len 1", COG_ERR_ARG, "`out` " UNT, c_cb_mean_null},
    {"cog_combine", "mean_len not 0, 1 or dim", COG_ERR_ARG, "`out` " UNT, c_cb_mean_len},
    {"cog_combine", "NaN weight", COG_ERR_NONFINITE, "`out` " UNT, c_cb_w_nan},
    {"cog_combine", "+Inf weight", COG_ERR_NONFINITE, "`out` " UNT, c_cb_w_inf},
    {"cog_combine", "NaN in a per-element mean", COG_ERR_NONFINITE, "`out` " UNT, c_cb_mean_nan},
    {"cog_combine", "-Inf scalar mean", COG_ERR_NONFINITE, "`out` " UNT, c_cb_mean_inf},
    {"cog_combine", "NaN weight and `out` NULL", COG_ERR_ARG,
     "argument errors are reported before non-finite values", c_cb_order},
    {"cog_combine", "NaN in latent data", COG_ERR_NONFINITE,
     "`out` written: NaN where the data is NaN, every other element as without it",
     c_cb_data_nan},
    {"cog_combine", "+Inf in latent data", COG_ERR_NONFINITE,
     "`out` written: non-finite there, every other element as without it",
     c_cb_data_inf},
    {"cog_combine", "NaN in latent data under a zero weight", COG_ERR_NONFINITE,
     "`out` written: NaN there (0 * NaN), the rest as without it", c_cb_data_nan_w0},
    {"cog_combine", "finite data whose result overflows float", COG_ERR_NONFINITE,
     "`out` written: +Inf where it overflowed, finite elsewhere", c_cb_overflow},
    {"cog_combine", "all-zero weights", COG_OK,
     "equal weights (the COG centroid), authors' convention", c_cb_zero_w},
    {"cog_combine", "`out` == `x[i]` (in place)", COG_OK,
     "bit-identical to a separate `out`", c_cb_alias_x},
    {"cog_combine", "`out` == `mean`", COG_OK, "bit-identical to a separate `out`",
     c_cb_alias_mean},
    {"cog_combine", "the same latent buffer twice in `x`", COG_OK,
     "the combination, as with two copies", c_cb_same_latent},

    {"cog_combine_batch", "`out` NULL", COG_ERR_ARG, "outputs " UNT, c_bt_out_null},
    {"cog_combine_batch", "an `out[r]` NULL", COG_ERR_ARG, "all outputs " UNT, c_bt_outr_null},
    {"cog_combine_batch", "b = 0", COG_ERR_ARG, "outputs " UNT, c_bt_b0},
    {"cog_combine_batch", "`b*k` overflows `size_t`", COG_ERR_ARG, "outputs " UNT, c_bt_bovf},
    {"cog_combine_batch", "`x` NULL", COG_ERR_ARG, "outputs " UNT, c_bt_x_null},
    {"cog_combine_batch", "k = 0", COG_ERR_ARG, "outputs " UNT, c_bt_k0},
    {"cog_combine_batch", "`k*dim` overflows `size_t`", COG_ERR_ARG, "outputs " UNT, c_bt_kovf},
    {"cog_combine_batch", "b > 1 and an `out[r]` == an `x[i]`", COG_ERR_ARG,
     "all outputs and inputs " UNT, c_bt_alias_x},
    {"cog_combine_batch", "b > 1 and an `out[r]` == `mean`", COG_ERR_ARG,
     "all outputs and `mean` " UNT, c_bt_alias_mean},
    {"cog_combine_batch", "two equal `out[r]` pointers", COG_OK,
     "that buffer holds the later row", c_bt_alias_out},
    {"cog_combine_batch", "NaN in one row of weights", COG_ERR_NONFINITE,
     "all outputs " UNT, c_bt_w_nan},
    {"cog_combine_batch", "+Inf in the mean", COG_ERR_NONFINITE, "all outputs " UNT,
     c_bt_mean_inf},
    {"cog_combine_batch", "b = 1 and `out[0]` == `x[0]`", COG_OK,
     "in place, bit-identical to `cog_combine`", c_bt_b1_alias},
    {"cog_combine_batch", "one all-zero row", COG_OK,
     "that row: equal weights; every row bit-identical to `cog_combine`",
     c_bt_zero_row},
    {"cog_combine_batch", "NaN in latent data", COG_ERR_NONFINITE,
     "every output bit-identical to `cog_combine` of its row (NaN there)",
     c_bt_data_nan},

    {"cog_combine_batch_scratch", "`scratch` NULL", COG_ERR_MEMORY,
     "outputs " UNT, c_bs_null},
    {"cog_combine_batch_scratch", "`scratch_bytes` < `COG_BATCH_SCRATCH_BYTES`",
     COG_ERR_MEMORY, "outputs " UNT, c_bs_small},
    {"cog_combine_batch_scratch", "`scratch` not aligned for float", COG_ERR_MEMORY,
     "outputs " UNT, c_bs_misaligned},
    {"cog_combine_batch_scratch", "an `out[r]` inside the scratch", COG_ERR_ARG,
     "outputs and scratch " UNT, c_bs_over_out},
    {"cog_combine_batch_scratch", "an `x[i]` overlapping the scratch", COG_ERR_ARG,
     "outputs and scratch " UNT, c_bs_over_x},
    {"cog_combine_batch_scratch", "`w` inside the scratch", COG_ERR_ARG,
     "outputs " UNT, c_bs_over_w},
    {"cog_combine_batch_scratch", "the pointer array `x` inside the scratch",
     COG_ERR_ARG, "outputs " UNT, c_bs_x_array},
    {"cog_combine_batch_scratch", "the pointer array `out` inside the scratch",
     COG_ERR_ARG, "outputs " UNT, c_bs_out_array},
    {"cog_combine_batch_scratch", "an `x[i]` running into the scratch's first float",
     COG_ERR_ARG, "outputs " UNT, c_bs_x_before},
    {"cog_combine_batch_scratch", "NaN in one row of weights", COG_ERR_NONFINITE,
     "outputs " UNT, c_bs_w_nan},
    {"cog_combine_batch_scratch", "NaN weights and `scratch` NULL", COG_ERR_NONFINITE,
     "outputs " UNT " (the batch's own checks come first)", c_bs_nan_first},
    {"cog_combine_batch_scratch", "an input ending where the scratch starts, an output starting where it ends",
     COG_OK, "bit-identical to `cog_combine_batch`", c_bs_adjacent},
    {"cog_combine_batch_scratch", "valid scratch", COG_OK,
     "bit-identical to `cog_combine_batch`", c_bs_same},

    {"cog_normal_cdf", "NaN", NA, "returns NaN", c_nc_nan},
    {"cog_normal_cdf", "-Inf, +Inf (and x <= -40, x >= 8.3)", NA, "returns 0, 1", c_nc_inf},
    {"cog_normal_quantile", "p = 0, p = 1", NA, "returns -Inf, +Inf", c_nq_01},
    {"cog_normal_quantile", "p < 0, p > 1, NaN", NA, "returns NaN", c_nq_out},
    {"cog_normal_quantile", "subnormal p", NA,
     "finite, ordered below p = DBL_MIN (unrefined AS241)", c_nq_sub},

    {"cog_combine_iid", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_iid_x_null},
    {"cog_combine_iid", "an `x[i]` NULL", COG_ERR_ARG, "`out` " UNT, c_iid_xi_null},
    {"cog_combine_iid", "k = 0", COG_ERR_ARG, "`out` " UNT, c_iid_k0},
    {"cog_combine_iid", "dim = 0", COG_ERR_ARG, "`out` " UNT, c_iid_d0},
    {"cog_combine_iid", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`out` " UNT, c_iid_ovf},
    {"cog_combine_iid", "`w` NULL", COG_ERR_ARG, "`out` " UNT, c_iid_w_null},
    {"cog_combine_iid", "`cdf` NULL", COG_ERR_ARG, "`out` " UNT, c_iid_cdf_null},
    {"cog_combine_iid", "`inverse_cdf` NULL", COG_ERR_ARG, "`out` " UNT, c_iid_inv_null},
    {"cog_combine_iid", "`out` NULL", COG_ERR_ARG, "-", c_iid_out_null},
    {"cog_combine_iid", "NaN weight", COG_ERR_NONFINITE, "`out` " UNT, c_iid_w_nan},
    {"cog_combine_iid", "NaN in latent data", COG_ERR_NONFINITE, "`out` " UNT,
     c_iid_data_nan},
    {"cog_combine_iid", "-Inf in latent data", COG_ERR_NONFINITE, "`out` " UNT,
     c_iid_data_inf},
    {"cog_combine_iid", "bad pair parameters (uniform lo >= hi)", COG_ERR_NONFINITE,
     "`out` " UNT " (the first callback returns NaN)", c_iid_params},
    {"cog_combine_iid", "`cdf` returns NaN", COG_ERR_NONFINITE,
     "`out` unspecified (the pass stops)", c_iid_cdf_nan},
    {"cog_combine_iid", "`cdf` returns a value outside [0, 1]", COG_ERR_ARG,
     "`out` unspecified (the pass stops)", c_iid_cdf_range},
    {"cog_combine_iid", "`inverse_cdf` returns NaN", COG_ERR_NONFINITE,
     "`out` unspecified (the pass stops)", c_iid_inv_nan},
    {"cog_combine_iid", "`cdf` returns exactly 0 or 1", COG_OK,
     "clamped to DBL_MIN, 1 - 2^-53: `inverse_cdf` never sees 0 or 1", c_iid_edge},
    {"cog_combine_iid", "result beyond the float range", COG_ERR_NONFINITE,
     "`out` written: Inf there", c_iid_overflow},
    {"cog_combine_iid", "all-zero weights", COG_OK,
     "equal weights, bit-identical to explicit equal weights", c_iid_zero_w},
    {"cog_combine_iid", "`out` == `x[i]` (in place)", COG_OK,
     "bit-identical to a separate `out`", c_iid_alias},

    {"cog_combine_iid_batch", "`out` NULL", COG_ERR_ARG, "outputs " UNT, c_ib_out_null},
    {"cog_combine_iid_batch", "b = 0", COG_ERR_ARG, "outputs " UNT, c_ib_b0},
    {"cog_combine_iid_batch", "`b*k` overflows `size_t`", COG_ERR_ARG, "outputs " UNT,
     c_ib_bovf},
    {"cog_combine_iid_batch", "b > 1 and an `out[r]` == an `x[i]`", COG_ERR_ARG,
     "all outputs and inputs " UNT, c_ib_alias_x},
    {"cog_combine_iid_batch", "NaN in one row of weights", COG_ERR_NONFINITE,
     "all outputs " UNT, c_ib_w_nan},
    {"cog_combine_iid_batch", "one all-zero row", COG_OK,
     "that row: equal weights; every row bit-identical to `cog_combine_iid`",
     c_ib_zero_row},

    {"cog_uniform_cdf, cog_logistic_cdf, cog_beta1_cdf, cog_exponential_cdf, cog_*_quantile",
     "params NULL, NaN/Inf, lo >= hi, scale/b/rate <= 0", NA, "return NaN", c_pair_bad},
    {"cog_uniform_cdf, cog_logistic_cdf, cog_beta1_cdf, cog_exponential_cdf, cog_*_quantile",
     "x outside the support", NA, "the CDFs return exactly 0 or 1", c_pair_support},
    {"cog_uniform_cdf, cog_logistic_cdf, cog_beta1_cdf, cog_exponential_cdf, cog_*_quantile",
     "p outside [0, 1] / p = 0 or 1", NA,
     "the quantiles return NaN / the support's ends (+-Inf if unbounded)", c_pair_p},

    {"cog_linear", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_li_x_null},
    {"cog_linear", "k = 0", COG_ERR_ARG, "`out` " UNT, c_li_k0},
    {"cog_linear", "dim = 0", COG_ERR_ARG, "`out` " UNT, c_li_d0},
    {"cog_linear", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`out` " UNT, c_li_ovf},
    {"cog_linear", "`w` NULL", COG_ERR_ARG, "`out` " UNT, c_li_w_null},
    {"cog_linear", "`out` NULL", COG_ERR_ARG, "-", c_li_out_null},
    {"cog_linear", "NaN weight", COG_ERR_NONFINITE, "`out` " UNT, c_li_w_nan},
    {"cog_linear", "-Inf in latent data", COG_ERR_NONFINITE,
     "`out` written: -Inf there, finite elsewhere", c_li_data_inf},
    {"cog_linear", "all-zero weights", COG_OK, "zeros (no equal-weight rule)",
     c_li_zero_w},
    {"cog_linear", "`out` == `x[i]` (in place)", COG_OK,
     "bit-identical to a separate `out`", c_li_alias},

    {"cog_linear_batch", "`out` NULL", COG_ERR_ARG, "outputs " UNT, c_lb_out_null},
    {"cog_linear_batch", "b = 0", COG_ERR_ARG, "outputs " UNT, c_lb_b0},
    {"cog_linear_batch", "b > 1 and an `out[r]` == an `x[i]`", COG_ERR_ARG,
     "all outputs and inputs " UNT, c_lb_alias_x},
    {"cog_linear_batch", "-Inf weight", COG_ERR_NONFINITE, "all outputs " UNT,
     c_lb_w_inf},

    {"cog_lerp_weights", "`w` NULL", COG_ERR_ARG, "-", c_lw_null},
    {"cog_lerp_weights", "t NaN", COG_ERR_NONFINITE, "`w` " UNT, c_lw_nan},
    {"cog_lerp_weights", "t -Inf", COG_ERR_NONFINITE, "`w` " UNT, c_lw_inf},
    {"cog_lerp_weights", "t outside [0, 1] (-1.5)", COG_OK,
     "(1 - t, t) = (2.5, -1.5): extrapolation", c_lw_extra},

    {"cog_slerp_angle", "`a` NULL", COG_ERR_ARG, "`theta` " UNT, c_sa_a_null},
    {"cog_slerp_angle", "`b` NULL", COG_ERR_ARG, "`theta` " UNT, c_sa_b_null},
    {"cog_slerp_angle", "`theta` NULL", COG_ERR_ARG, "-", c_sa_t_null},
    {"cog_slerp_angle", "dim = 0", COG_ERR_ARG, "`theta` " UNT, c_sa_d0},
    {"cog_slerp_angle", "NaN in `a`", COG_ERR_NONFINITE, "`theta` " UNT, c_sa_nan},
    {"cog_slerp_angle", "+Inf in `b`", COG_ERR_NONFINITE, "`theta` " UNT, c_sa_inf},
    {"cog_slerp_angle", "`a` all zeros", COG_ERR_ZERO_NORM, "`theta` " UNT, c_sa_zero_a},
    {"cog_slerp_angle", "`b` all zeros", COG_ERR_ZERO_NORM, "`theta` " UNT, c_sa_zero_b},
    {"cog_slerp_angle", "`a` == `b` (identical)", COG_OK,
     "theta < 1e-4, so `cog_slerp_weights` gives LERP weights", c_sa_same},
    {"cog_slerp_angle", "`b` = 2 `a` (parallel)", COG_OK, "theta < 1e-4", c_sa_parallel},
    {"cog_slerp_angle", "`b` = -`a` (antipodal)", COG_OK,
     "theta within 1e-4 of pi; `cog_slerp_weights` then gives COG_ERR_ANTIPODAL",
     c_sa_antipodal},
    {"cog_slerp_angle", "subnormal data (1e-45)", COG_OK, "the exact angle",
     c_sa_tiny},
    {"cog_slerp_angle", "data near FLT_MAX", COG_OK,
     "the exact angle (double sums do not overflow)", c_sa_huge},

    {"cog_slerp_weights", "`w` NULL", COG_ERR_ARG, "-", c_sw_null},
    {"cog_slerp_weights", "theta NaN", COG_ERR_NONFINITE, "`w` " UNT, c_sw_th_nan},
    {"cog_slerp_weights", "t NaN", COG_ERR_NONFINITE, "`w` " UNT, c_sw_t_nan},
    {"cog_slerp_weights", "t +Inf", COG_ERR_NONFINITE, "`w` " UNT, c_sw_t_inf},
    {"cog_slerp_weights", "t = -1.7e308 (weights overflow)", COG_ERR_NONFINITE,
     "`w` " UNT, c_sw_t_huge},
    {"cog_slerp_weights", "theta < 0", COG_ERR_ARG, "`w` " UNT, c_sw_neg},
    {"cog_slerp_weights", "theta > pi", COG_ERR_ARG, "`w` " UNT, c_sw_gtpi},
    {"cog_slerp_weights", "theta = 0 (identical / parallel)", COG_OK,
     "LERP weights (1 - t, t)", c_sw_zero},
    {"cog_slerp_weights", "theta < 1e-4, t = 1.25", COG_OK,
     "LERP weights (-0.25, 1.25)", c_sw_small},
    {"cog_slerp_weights", "theta = pi (antipodal)", COG_ERR_ANTIPODAL, "`w` " UNT,
     c_sw_pi},
    {"cog_slerp_weights", "pi - theta < 1e-4", COG_ERR_ANTIPODAL, "`w` " UNT,
     c_sw_near_pi},

    {"cog_centroid_weights", "`w` NULL", COG_ERR_ARG, "-", c_cw_null},
    {"cog_centroid_weights", "k = 0", COG_ERR_ARG, "`w` " UNT, c_cw_k0},

    {"cog_centroid_euclidean", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_ce_x_null},
    {"cog_centroid_euclidean", "k = 0", COG_ERR_ARG, "`out` " UNT, c_ce_k0},
    {"cog_centroid_euclidean", "dim = 0", COG_ERR_ARG, "`out` " UNT, c_ce_d0},
    {"cog_centroid_euclidean", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`out` " UNT, c_ce_ovf},
    {"cog_centroid_euclidean", "`out` NULL", COG_ERR_ARG, "-", c_ce_out_null},
    {"cog_centroid_euclidean", "NaN in latent data", COG_ERR_NONFINITE,
     "`out` written: NaN there, finite elsewhere", c_ce_nan},
    {"cog_centroid_euclidean", "`out` == `x[0]`", COG_OK,
     "bit-identical to a separate `out`", c_ce_alias},
    {"cog_centroid_standardized", "dim = 1", COG_ERR_ARG, "`out` " UNT, c_cs_d1},
    {"cog_centroid_standardized", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_cs_x_null},
    {"cog_centroid_standardized", "constant centroid (zero spread)",
     COG_ERR_ZERO_NORM, "`out` holds the Euclidean centroid", c_cs_const},
    {"cog_centroid_standardized", "NaN in latent data", COG_ERR_NONFINITE,
     "`out` holds the Euclidean centroid (NaN there)", c_cs_nan},
    {"cog_centroid_standardized", "`out` == `x[1]`", COG_OK,
     "bit-identical to a separate `out`", c_cs_alias},
    {"cog_centroid_mode_norm", "dim = 2", COG_ERR_ARG, "`out` " UNT, c_cm_d2},
    {"cog_centroid_mode_norm", "`out` NULL", COG_ERR_ARG, "-", c_cm_out_null},
    {"cog_centroid_mode_norm", "zero centroid", COG_ERR_ZERO_NORM,
     "`out` holds the (zero) Euclidean centroid", c_cm_zero},
    {"cog_centroid_mode_norm", "-Inf in latent data", COG_ERR_NONFINITE,
     "`out` holds the Euclidean centroid (-Inf there)", c_cm_inf},

    {"cog_gram", "`x` NULL", COG_ERR_ARG, "`g` " UNT, c_gr_x_null},
    {"cog_gram", "an `x[i]` NULL", COG_ERR_ARG, "`g` " UNT, c_gr_xi_null},
    {"cog_gram", "k = 0", COG_ERR_ARG, "`g` " UNT, c_gr_k0},
    {"cog_gram", "dim = 0", COG_ERR_ARG, "`g` " UNT, c_gr_d0},
    {"cog_gram", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`g` " UNT, c_gr_ovf},
    {"cog_gram", "`g` NULL", COG_ERR_ARG, "-", c_gr_g_null},
    {"cog_gram", "NaN in latent i", COG_ERR_NONFINITE,
     "`g` written: row and column i NaN, the rest exact", c_gr_nan},
    {"cog_dots", "`x` NULL", COG_ERR_ARG, "`d` " UNT, c_dt_x_null},
    {"cog_dots", "`y` NULL", COG_ERR_ARG, "`d` " UNT, c_dt_y_null},
    {"cog_dots", "`d` NULL", COG_ERR_ARG, "-", c_dt_d_null},
    {"cog_dots", "k = 0", COG_ERR_ARG, "`d` " UNT, c_dt_k0},
    {"cog_dots", "dim = 0", COG_ERR_ARG, "`d` " UNT, c_dt_d0},
    {"cog_dots", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`d` " UNT, c_dt_ovf},
    {"cog_dots", "NaN in `y` where every `x[i]` is 0", COG_ERR_NONFINITE,
     "`d` written (non-finite sums)", c_dt_ynan},
    {"cog_dots", "+Inf in `x[0]`", COG_ERR_NONFINITE,
     "`d` written: d[0] non-finite, the rest exact", c_dt_xinf},

    {"cog_subspace_memory_size", "`bytes` NULL", COG_ERR_ARG, "-", c_ms_null},
    {"cog_subspace_memory_size", "k = 0", COG_ERR_ARG, "`bytes` " UNT, c_ms_k0},
    {"cog_subspace_memory_size", "size overflows (`k = SIZE_MAX/4`)", COG_ERR_ARG,
     "`bytes` " UNT, c_ms_ovf},
    {"cog_subspace_memory_size", "size overflows (`k = 2^(bits/2 - 1)`)", COG_ERR_ARG,
     "`bytes` " UNT, c_ms_ovf2},

    {"cog_subspace_init", "`sub` NULL", COG_ERR_ARG, "`mem` " UNT, c_si_sub_null},
    {"cog_subspace_init", "`x` NULL", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_x_null},
    {"cog_subspace_init", "an `x[i]` NULL", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_xi_null},
    {"cog_subspace_init", "k = 0", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_k0},
    {"cog_subspace_init", "dim = 0", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_d0},
    {"cog_subspace_init", "`k*dim` overflows `size_t`", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_ovf},
    {"cog_subspace_init", "tol < 0", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_tol_neg},
    {"cog_subspace_init", "tol >= 1", COG_ERR_ARG, "`*sub` zeroed, `mem` " UNT, c_si_tol_one},
    {"cog_subspace_init", "tol NaN", COG_ERR_NONFINITE, "`*sub` zeroed, `mem` " UNT, c_si_tol_nan},
    {"cog_subspace_init", "`mem` NULL", COG_ERR_MEMORY, "`*sub` zeroed", c_si_mem_null},
    {"cog_subspace_init", "`bytes` one less than the memory size", COG_ERR_MEMORY,
     "`*sub` zeroed, `mem` " UNT, c_si_mem_small},
    {"cog_subspace_init", "`mem` not aligned for double", COG_ERR_MEMORY,
     "`*sub` zeroed, `mem` " UNT, c_si_mem_align},
    {"cog_subspace_init", "NaN in latent data", COG_ERR_NONFINITE,
     "`*sub` zeroed (`mem` used as scratch)", c_si_nan},
    {"cog_subspace_init", "every basis latent zero", COG_ERR_ZERO_NORM,
     "`*sub` zeroed (`mem` used as scratch)", c_si_zero},
    {"cog_subspace_init", "duplicate latents (x2 = x0)", COG_OK,
     "rank 2; x2 gets no weight: its point's weights are (1, 0, 0)", c_si_dup},
    {"cog_subspace_init", "dependent latents (x2 = x0 + x1)", COG_OK,
     "rank 2; x2 gets no weight: its point's weights are (1, 1, 0)", c_si_dep},
    {"cog_subspace_init", "one zero basis latent", COG_OK,
     "rank 2; that latent's weight is 0", c_si_one_zero},
    {"cog_subspace_init", "nearly dependent latents, tol = 1e-2 vs 0 (default)",
     COG_OK, "rank 2 with tol 1e-2; rank 3 with the default 1e-5", c_si_tol},

    {"cog_subspace_create", "`sub` NULL", COG_ERR_ARG, "nothing allocated", c_sc_sub_null},
    {"cog_subspace_create", "`x` NULL", COG_ERR_ARG, "`*sub` zeroed, nothing allocated", c_sc_x_null},
    {"cog_subspace_create", "k = 0", COG_ERR_ARG, "`*sub` zeroed, nothing allocated", c_sc_k0},
    {"cog_subspace_create", "`k*dim` overflows `size_t`", COG_ERR_ARG,
     "`*sub` zeroed, nothing allocated", c_sc_ovf},
    {"cog_subspace_create", "tol >= 1", COG_ERR_ARG, "`*sub` zeroed, nothing allocated", c_sc_tol},
    {"cog_subspace_create", "NaN in latent data", COG_ERR_NONFINITE,
     "`*sub` zeroed, nothing allocated", c_sc_nan},
    {"cog_subspace_create", "`COG_MALLOC` returns NULL", COG_ERR_MEMORY,
     "`*sub` zeroed", c_sc_oom},
    {"cog_subspace_create", "(valid, then destroyed)", COG_OK,
     "one allocation, freed by `cog_subspace_destroy`", c_sc_ok},

    {"cog_subspace_destroy", "`sub` NULL", NA, "no-op", c_sd_null},
    {"cog_subspace_destroy", "zeroed struct (also twice)", NA, "no-op", c_sd_zeroed},
    {"cog_subspace_destroy", "subspace from `cog_subspace_init`", NA,
     "`*sub` zeroed; caller's memory not freed", c_sd_init},

    {"cog_subspace_weights", "`sub` NULL", COG_ERR_ARG, "`w` " UNT, c_ssw_sub_null},
    {"cog_subspace_weights", "zeroed (uninitialised) `sub`", COG_ERR_ARG, "`w` " UNT,
     c_ssw_sub_zero},
    {"cog_subspace_weights", "`s` NULL", COG_ERR_ARG, "`w` " UNT, c_ssw_s_null},
    {"cog_subspace_weights", "`w` NULL", COG_ERR_ARG, "-", c_ssw_w_null},
    {"cog_subspace_weights", "NaN coordinate", COG_ERR_NONFINITE, "`w` " UNT, c_ssw_nan},
    {"cog_subspace_weights", "-Inf coordinate", COG_ERR_NONFINITE, "`w` " UNT, c_ssw_inf},

    {"cog_subspace_project", "`sub` NULL", COG_ERR_ARG, "`s` " UNT, c_sp_sub_null},
    {"cog_subspace_project", "zeroed (uninitialised) `sub`", COG_ERR_ARG, "`s` " UNT,
     c_sp_sub_zero},
    {"cog_subspace_project", "`y` NULL", COG_ERR_ARG, "`s` " UNT, c_sp_y_null},
    {"cog_subspace_project", "`s` NULL", COG_ERR_ARG, "-", c_sp_s_null},
    {"cog_subspace_project", "NaN in `y`", COG_ERR_NONFINITE, "`s` unspecified",
     c_sp_nan},
    {"cog_subspace_project", "+Inf in a basis latent", COG_ERR_NONFINITE,
     "`s` unspecified", c_sp_data_inf},

    {"cog_subspace_basis_coords", "`sub` NULL", COG_ERR_ARG, "`s` " UNT, c_bc_sub_null},
    {"cog_subspace_basis_coords", "zeroed (uninitialised) `sub`", COG_ERR_ARG,
     "`s` " UNT, c_bc_sub_zero},
    {"cog_subspace_basis_coords", "`s` NULL", COG_ERR_ARG, "-", c_bc_s_null},
    {"cog_subspace_basis_coords", "j >= k", COG_ERR_ARG, "`s` " UNT, c_bc_j},

    {"cog_subspace_grid", "`sub` NULL", COG_ERR_ARG, "`w` " UNT, c_gr_sub_null},
    {"cog_subspace_grid", "zeroed (uninitialised) `sub`", COG_ERR_ARG, "`w` " UNT, c_gr_sub_zero},
    {"cog_subspace_grid", "`w` NULL", COG_ERR_ARG, "-", c_gr_w_null},
    {"cog_subspace_grid", "two of o, i, j equal", COG_ERR_ARG, "`w` " UNT, c_gr_same},
    {"cog_subspace_grid", "an index >= k", COG_ERR_ARG, "`w` " UNT, c_gr_index},
    {"cog_subspace_grid", "n < 2", COG_ERR_ARG, "`w` " UNT, c_gr_n1},
    {"cog_subspace_grid", "extent <= 0", COG_ERR_ARG, "`w` " UNT, c_gr_extent0},
    {"cog_subspace_grid", "extent NaN", COG_ERR_NONFINITE, "`w` " UNT, c_gr_extent_nan},
    {"cog_subspace_grid", "kind not an enumerator", COG_ERR_ARG, "`w` " UNT, c_gr_kind},
    {"cog_subspace_grid", "latents o, i, j dependent (x2 = x0 - x1/2)", COG_ERR_ZERO_NORM,
     "both kinds; `w` scratch (its first 4k doubles)", c_gr_dep},

    {"cog_subspace_latent", "`sub` NULL", COG_ERR_ARG, "`out` " UNT, c_sl_sub_null},
    {"cog_subspace_latent", "zeroed (uninitialised) `sub`", COG_ERR_ARG,
     "`out` " UNT, c_sl_sub_zero},
    {"cog_subspace_latent", "`s` NULL", COG_ERR_ARG, "`out` " UNT, c_sl_s_null},
    {"cog_subspace_latent", "`out` NULL", COG_ERR_ARG, "-", c_sl_out_null},
    {"cog_subspace_latent", "k > 512", COG_ERR_ARG, "`out` " UNT, c_sl_big_k},
    {"cog_subspace_latent", "NaN coordinate", COG_ERR_NONFINITE, "`out` " UNT,
     c_sl_s_nan},
    {"cog_subspace_latent", "NaN in the mean", COG_ERR_NONFINITE, "`out` " UNT,
     c_sl_mean_nan},
    {"cog_subspace_latent", "mean_len not 0, 1 or dim", COG_ERR_ARG, "`out` " UNT,
     c_sl_mean_len},
    {"cog_subspace_latent", "NaN in a basis latent", COG_ERR_NONFINITE,
     "`out` written: NaN there, finite elsewhere", c_sl_data_nan},
    {"cog_subspace_latent", "all-zero coordinates", COG_OK,
     "the COG centroid of the basis (equal weights)", c_sl_zero_s},
    {"cog_subspace_latent", "`out` == a basis buffer", COG_OK,
     "bit-identical to a separate `out` (the subspace is stale afterwards)",
     c_sl_alias},
    {"cog_randn_torch", "`out` NULL, n > 0", COG_ERR_ARG, "-", c_rn_null},
    {"cog_randn_torch", "`out` NULL, n = 0", COG_OK, "nothing written", c_rn_n0_null},
    {"cog_randn_torch", "n = 0", COG_OK, "`out` " UNT, c_rn_n0},
    {"cog_randn_torch", "seed >= 2^32", COG_OK,
     "same values as seed mod 2^32 (torch keeps 32 bits)", c_rn_seed_hi},
    {"cog_randn_torch", "n = 1..40, seed = 2^64 - 1", COG_OK,
     "n finite values; nothing past `out[n-1]` written", c_rn_sizes},
    {"cog_walk_length", "`spec` NULL", COG_ERR_ARG, "-", c_wl_null},
    {"cog_walk_length", "`frames` NULL", COG_ERR_ARG, "-", c_wl_out_null},
    {"cog_walk_length", "keyframes = 0", COG_ERR_ARG, "`frames` " UNT, c_wl_k0},
    {"cog_walk_length", "frames per segment = 0", COG_ERR_ARG, "`frames` " UNT, c_wl_n0},
    {"cog_walk_length", "hold >= frames per segment", COG_ERR_ARG, "`frames` " UNT, c_wl_hold},
    {"cog_walk_length", "loop not 0 or 1", COG_ERR_ARG, "`frames` " UNT, c_wl_loop2},
    {"cog_walk_length", "unknown path", COG_ERR_ARG, "`frames` " UNT, c_wl_path},
    {"cog_walk_length", "frame count overflows `size_t`", COG_ERR_ARG, "`frames` " UNT, c_wl_ovf},
    {"cog_walk_length", "one keyframe, no loop, hold 1", COG_OK, "2 (the keyframe and its hold)", c_wl_k1},
    {"cog_walk_weights", "frame >= the walk's length", COG_ERR_ARG, "`idx`, `w` " UNT, c_ww_range},
    {"cog_walk_weights", "`idx` NULL", COG_ERR_ARG, "`w` " UNT, c_ww_null},
    {"cog_walk_weights", "one keyframe, loop (all neighbours the same)", COG_OK,
     "n = 1: that keyframe, weight 1", c_ww_loop1},
    {"cog_walk", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_wk_x_null},
    {"cog_walk", "an `x[i]` NULL", COG_ERR_ARG, "`out` " UNT, c_wk_xi_null},
    {"cog_walk", "bad `spec` (hold >= frames)", COG_ERR_ARG, "`out` " UNT, c_wk_spec},
    {"cog_walk", "frames past the walk's end", COG_ERR_ARG, "`out` " UNT, c_wk_range},
    {"cog_walk", "count = 0", COG_ERR_ARG, "`out` " UNT, c_wk_count0},
    {"cog_walk", "dim = 0", COG_ERR_ARG, "`out` " UNT, c_wk_d0},
    {"cog_walk", "an output is a keyframe", COG_ERR_ARG, "`out` " UNT, c_wk_alias},
    {"cog_walk", "NaN in mean", COG_ERR_NONFINITE, "`out` " UNT, c_wk_mean_nan},
    {"cog_walk", "NaN in a keyframe", COG_ERR_NONFINITE,
     "every frame written: NaN there in each frame whose segment has that keyframe among its neighbours (even at weight 0), finite elsewhere", c_wk_data_nan},
    {"cog_arc_weights", "`w` NULL", COG_ERR_ARG, "-", c_aw_null},
    {"cog_arc_weights", "t NaN", COG_ERR_NONFINITE, "`w` " UNT, c_aw_nan},
    {"cog_arc_weights", "t = 0, t = 1", COG_OK, "exactly (1, 0) and (0, 1)", c_aw_ends},
    {"cog_blend", "`x` NULL", COG_ERR_ARG, "`out` " UNT, c_bl_x_null},
    {"cog_blend", "`masks` NULL", COG_ERR_ARG, "`out` " UNT, c_bl_m_null},
    {"cog_blend", "a `masks[i]` NULL", COG_ERR_ARG, "`out` " UNT, c_bl_mi_null},
    {"cog_blend", "`out` NULL", COG_ERR_ARG, "-", c_bl_out_null},
    {"cog_blend", "k = 0", COG_ERR_ARG, "`out` " UNT, c_bl_k0},
    {"cog_blend", "mask_dim = 0", COG_ERR_ARG, "`out` " UNT, c_bl_md0},
    {"cog_blend", "mask_dim does not divide dim", COG_ERR_ARG, "`out` " UNT, c_bl_mdiv},
    {"cog_blend", "mean_len not 0, 1 or dim", COG_ERR_ARG, "`out` " UNT, c_bl_mean_len},
    {"cog_blend", "NaN in a mask", COG_ERR_NONFINITE, "`out` " UNT, c_bl_m_nan},
    {"cog_blend", "Inf in mean", COG_ERR_NONFINITE, "`out` " UNT, c_bl_mean_inf},
    {"cog_blend", "NaN in latent data", COG_ERR_NONFINITE,
     "`out` written: NaN there, finite elsewhere", c_bl_data_nan},
    {"cog_blend", "all weights of every element 0", COG_OK,
     "the COG centroid (equal weights) with the mean", c_bl_zero},
    {"cog_blend", "`out` == `x[1]`, scalar mean", COG_OK,
     "bit-identical to a separate `out`", c_bl_alias_x},
    {"cog_blend", "`out` == a mask shorter than dim", COG_ERR_ARG,
     "the mask " UNT, c_bl_alias_mask},
    {"cog_randn_nv", "`out` NULL, n > 0", COG_ERR_ARG, "-", c_nv_null},
    {"cog_randn_nv", "n = 0", COG_OK, "`out` " UNT, c_nv_n0},
    {"cog_randn_nv", "n > 2^32 (64-bit `size_t`)", COG_ERR_ARG, "`out` " UNT, c_nv_big},
    {"cog_randn_nv", "seed = 2^64 - 1, offset = 2^32 - 1", COG_OK,
     "finite values; the first 7 of n = 40 equal n = 7", c_nv_prefix},
};
#define NROWS (sizeof ROWS / sizeof ROWS[0])

static const char *status_name(int st)
{
    switch (st) {
    case NA: return "-";
    case COG_OK: return "`COG_OK`";
    case COG_ERR_ARG: return "`COG_ERR_ARG`";
    case COG_ERR_NONFINITE: return "`COG_ERR_NONFINITE`";
    case COG_ERR_ZERO_NORM: return "`COG_ERR_ZERO_NORM`";
    case COG_ERR_ANTIPODAL: return "`COG_ERR_ANTIPODAL`";
    case COG_ERR_MEMORY: return "`COG_ERR_MEMORY`";
    }
    return "(unknown)";
}

static void print_markdown(void)
{
    size_t r;
    printf("<!-- generated by tests/test_bad_input --markdown; every row is "
           "checked by that test -->\n");
    printf("| function | bad input | status | outputs |\n");
    printf("|---|---|---|---|\n");
    for (r = 0; r < NROWS; ++r) {
        const int first = r == 0 || strcmp(ROWS[r].fn, ROWS[r - 1].fn) != 0;
        if (first) {
            /* "a, b" -> `a`, `b` */
            const char *p = ROWS[r].fn;
            printf("| `");
            for (; *p; ++p) {
                if (p[0] == ',' && p[1] == ' ') {
                    printf("`, `");
                    ++p;
                } else {
                    putchar(*p);
                }
            }
            printf("` ");
        } else {
            printf("| ");
        }
        printf("| %s | %s | %s |\n", ROWS[r].input, status_name(ROWS[r].want),
               ROWS[r].holds);
    }
}

/* One test per public function (named after the first function a row
 * names): runs that function's rows, one check each. */
static int in_group(const char *fn, const char *group)
{
    const size_t n = strlen(group);
    return strncmp(fn, group, n) == 0 && (fn[n] == '\0' || fn[n] == ',');
}

static void run_row(size_t r)
{
    int ok = 1, st, good;
#ifdef __FAST_MATH__
    /* What cog.h does not promise under -ffast-math: the same bits as
     * another path (batch row vs single call), infinite arguments (the
     * compiler may assume there are none) and subnormal data (gcc's
     * -ffast-math startup code flushes subnormals to zero). */
    if (ROWS[r].call == c_bt_zero_row || ROWS[r].call == c_nc_inf ||
        ROWS[r].call == c_sa_tiny || ROWS[r].call == c_nq_sub) {
        printf("row %u not run: %s | %s: not promised under -ffast-math\n",
               (unsigned)r, ROWS[r].fn, ROWS[r].input);
        return;
    }
#endif
    fx_reset();
    nregions = 0;
    st = ROWS[r].call(&ok);
    /* a status outside the enum is always a failure */
    good = st == ROWS[r].want && ok && regions_ok() && bi_live_allocs == 0 &&
           (st == NA || (st <= COG_OK && st >= COG_ERR_MEMORY));
    if (!good)
        fprintf(stderr,
                "FAIL row %u: %s | %s: status %d (want %d), value check "
                "%s, output buffers %s, %ld allocations left\n",
                (unsigned)r, ROWS[r].fn, ROWS[r].input, st, ROWS[r].want,
                ok ? "ok" : "FAILED", regions_ok() ? "ok" : "WRONG",
                bi_live_allocs);
    CHECK(good);
}

static void test_rows(void)
{
    size_t r;
    for (r = 0; r < NROWS; ++r)
        if (in_group(ROWS[r].fn, cogt_current()->name)) run_row(r);
}

int main(int argc, char **argv)
{
    static char names[NROWS][48];
    static cogt_test tests[NROWS];
    size_t r, n = 0;
    if (argc > 1 && strcmp(argv[1], "--markdown") == 0) {
        print_markdown();
        return 0;
    }
    for (r = 0; r < NROWS; ++r) {
        size_t len = strcspn(ROWS[r].fn, ","), i;
        if (len >= sizeof names[0]) len = sizeof names[0] - 1;
        memcpy(names[n], ROWS[r].fn, len);
        names[n][len] = '\0';
        for (i = 0; i < n && strcmp(names[i], names[n]) != 0; ++i) {}
        if (i < n) continue; /* the group exists */
        tests[n].set = "bad_input";
        tests[n].name = names[n];
        tests[n].fn = test_rows;
        ++n;
    }
    return cogt_main(argc, argv, tests, n);
}
