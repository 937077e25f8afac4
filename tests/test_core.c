/* test_core.c - known-answer tests of cog.h's combine, weight builders,
 * centroid baselines and inner products against double-precision
 * references computed here, with the tolerances cog.h documents:
 *   combine / linear: (K + 2) * FLT_EPSILON * (sum_i |c_i x_i| + |m mu|)
 *   dot products:     1e-12 relative to sum |a_j b_j|
 *   K x K algebra:    1e-12 relative                                     */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "test_util.h"

#include <float.h>

#define MAXK 70
#define MAXD 2048

static float g_data[MAXK][MAXD];
static float g_mean[MAXD];
static float g_out[MAXD];

static void fill(cogt_rng *rng, size_t k, size_t dim)
{
    size_t i;
    for (i = 0; i < k; ++i) cogt_fill_normal(rng, g_data[i], dim);
    cogt_fill_normal(rng, g_mean, dim);
}

static void pointers(const float **x, size_t k)
{
    size_t i;
    for (i = 0; i < k; ++i) x[i] = g_data[i];
}

/* The COG coefficients straight from the paper's formula, in long double. */
static void ref_coefficients(const double *w, size_t k, double *c, double *m)
{
    long double alpha = 0, beta = 0;
    size_t i;
    for (i = 0; i < k; ++i) {
        alpha += w[i];
        beta += (long double)w[i] * w[i];
    }
    if (beta < 1e-10L) {
        for (i = 0; i < k; ++i) c[i] = (double)(1.0L / sqrtl((long double)k));
        *m = (double)(1.0L - sqrtl((long double)k));
        return;
    }
    for (i = 0; i < k; ++i) c[i] = (double)(w[i] / sqrtl(beta));
    *m = (double)(1.0L - alpha / sqrtl(beta));
}

/* Checks out against sum_i c_i x_i + m mu within the documented bound. */
static int check_affine(const float *out, size_t k, size_t dim,
                        const double *c, double m, const float *mean,
                        size_t mean_len)
{
    size_t i, j;
    int bad = 0;
    for (j = 0; j < dim; ++j) {
        long double ref = 0, mag = 0;
        double tol;
        for (i = 0; i < k; ++i) {
            ref += (long double)c[i] * g_data[i][j];
            mag += fabsl((long double)c[i] * g_data[i][j]);
        }
        if (mean_len) {
            const float mu = mean[mean_len == 1 ? 0 : j];
            ref += (long double)m * mu;
            mag += fabsl((long double)m * mu);
        }
        tol = (double)((k + 2) * FLT_EPSILON * mag) + 1e-30;
        if (!(fabs((double)out[j] - (double)ref) <= tol)) {
            if (!bad)
                fprintf(stderr, "  element %zu: got %.9g want %.9g tol %.3g\n",
                        j, out[j], (double)ref, tol);
            bad = 1;
        }
    }
    return !bad;
}

static void test_coefficients(void)
{
    double w[4], c[4], m, cr[4], mr;
    size_t i;
    w[0] = 0.5;
    w[1] = 0.5;
    CHECK_STATUS(cog_coefficients(w, 2, c, &m), COG_OK);
    CHECK_NEAR(c[0], 1.0 / sqrt(2.0), 1e-15);
    CHECK_NEAR(c[1], 1.0 / sqrt(2.0), 1e-15);
    CHECK_NEAR(m, 1.0 - sqrt(2.0), 1e-15);

    /* Negative, extrapolating and arbitrary weights against the formula. */
    w[0] = -0.5; w[1] = 1.5; w[2] = 0.25; w[3] = -2.0;
    CHECK_STATUS(cog_coefficients(w, 4, c, &m), COG_OK);
    ref_coefficients(w, 4, cr, &mr);
    for (i = 0; i < 4; ++i) CHECK_NEAR(c[i], cr[i], 1e-15);
    CHECK_NEAR(m, mr, 1e-15);

    /* Scale invariance, including weights whose squares overflow. */
    for (i = 0; i < 4; ++i) w[i] *= 1e300;
    CHECK_STATUS(cog_coefficients(w, 4, c, &m), COG_OK);
    for (i = 0; i < 4; ++i) CHECK_NEAR(c[i], cr[i], 1e-15);
    CHECK_NEAR(m, mr, 1e-14);

    /* All-zero weights, and weights with sum of squares below 1e-10: the
     * authors' convention gives equal weights. */
    w[0] = w[1] = w[2] = 0.0;
    CHECK_STATUS(cog_coefficients(w, 3, c, &m), COG_OK);
    for (i = 0; i < 3; ++i) CHECK_NEAR(c[i], 1.0 / sqrt(3.0), 1e-15);
    CHECK_NEAR(m, 1.0 - sqrt(3.0), 1e-15);
    w[0] = 5e-6; w[1] = -3e-6; w[2] = 0.0;
    CHECK_STATUS(cog_coefficients(w, 3, c, &m), COG_OK);
    CHECK_NEAR(c[1], 1.0 / sqrt(3.0), 1e-15);
    /* ... but just above it the weights keep their meaning. */
    w[0] = 1e-5; w[1] = 0.0;
    CHECK_STATUS(cog_coefficients(w, 2, c, &m), COG_OK);
    CHECK_NEAR(c[0], 1.0, 1e-15);
    CHECK_NEAR(c[1], 0.0, 0.0);
    CHECK_NEAR(m, 0.0, 1e-15);

    /* c may be w itself. */
    w[0] = 3.0; w[1] = 4.0;
    CHECK_STATUS(cog_coefficients(w, 2, w, &m), COG_OK);
    CHECK_NEAR(w[0], 0.6, 1e-15);
    CHECK_NEAR(w[1], 0.8, 1e-15);
    CHECK_NEAR(m, 1.0 - 7.0 / 5.0, 1e-15);
}

/* cog_combine and cog_linear for many K, D (block remainders) and means. */
static void test_combine(void)
{
    static const size_t ks[] = {1, 2, 3, 5, 16, 64};
    static const size_t dims[] = {1, 3, 7, 511, 512, 513, 1025, 1600};
    const float *x[MAXK];
    double w[MAXK], c[MAXK], m;
    cogt_rng rng;
    size_t a, b, i, ml;
    int all_ok = 1;
    cogt_seed(&rng, 1);
    for (a = 0; a < sizeof ks / sizeof ks[0]; ++a) {
        for (b = 0; b < sizeof dims / sizeof dims[0]; ++b) {
            const size_t k = ks[a], dim = dims[b];
            fill(&rng, k, dim);
            pointers(x, k);
            for (i = 0; i < k; ++i) w[i] = 2.0 * cogt_normal(&rng);
            ref_coefficients(w, k, c, &m);
            for (ml = 0; ml < 3; ++ml) {
                const size_t mean_len = ml == 0 ? 0 : (ml == 1 ? 1 : dim);
                cog_result st = cog_combine(x, k, dim, w, g_mean, mean_len,
                                            g_out);
                CHECK_STATUS(st, COG_OK);
                if (!check_affine(g_out, k, dim, c, m, g_mean, mean_len)) {
                    fprintf(stderr, "  cog_combine k=%zu dim=%zu mean_len=%zu\n",
                            k, dim, mean_len);
                    all_ok = 0;
                }
            }
            CHECK_STATUS(cog_linear(x, k, dim, w, g_out), COG_OK);
            if (!check_affine(g_out, k, dim, w, 0.0, NULL, 0)) {
                fprintf(stderr, "  cog_linear k=%zu dim=%zu\n", k, dim);
                all_ok = 0;
            }
        }
    }
    CHECK(all_ok);
}

/* The batch forms give, row for row, the same bits as the single forms. */
static void test_batch(void)
{
    enum { K = 5, B = 7, D = 1037 };
    static float outs[B][D], single[D];
    const float *x[K];
    float *out[B];
    double w[B * K];
    cogt_rng rng;
    size_t r, i;
    int same = 1, same_lin = 1;
    cogt_seed(&rng, 2);
    fill(&rng, K, D);
    pointers(x, K);
    for (r = 0; r < B; ++r) out[r] = outs[r];
    for (i = 0; i < B * K; ++i) w[i] = cogt_normal(&rng);
    for (i = 0; i < K; ++i) w[3 * K + i] = 0.0; /* an all-zero row */
    CHECK_STATUS(cog_combine_batch(x, K, D, w, B, g_mean, D, out), COG_OK);
    for (r = 0; r < B; ++r) {
        CHECK_STATUS(cog_combine(x, K, D, w + r * K, g_mean, D, single),
                     COG_OK);
        if (memcmp(single, outs[r], sizeof single) != 0) same = 0;
    }
    CHECK(same);
    /* The all-zero row is the COG centroid. */
    {
        double cw[K];
        cog_centroid_weights(K, cw);
        CHECK_STATUS(cog_combine(x, K, D, cw, g_mean, D, single), COG_OK);
        CHECK(memcmp(single, outs[3], sizeof single) == 0);
    }
    CHECK_STATUS(cog_linear_batch(x, K, D, w, B, out), COG_OK);
    for (r = 0; r < B; ++r) {
        CHECK_STATUS(cog_linear(x, K, D, w + r * K, single), COG_OK);
        if (memcmp(single, outs[r], sizeof single) != 0) same_lin = 0;
    }
    CHECK(same_lin);
}

/* out may be one of the inputs or the mean. */
static void test_in_place(void)
{
    enum { D = 700 };
    static float copy0[D], ref[D];
    const float *x[3];
    double w[3] = {0.3, -1.2, 0.9};
    cogt_rng rng;
    cogt_seed(&rng, 3);
    fill(&rng, 3, D);
    pointers(x, 3);
    CHECK_STATUS(cog_combine(x, 3, D, w, g_mean, D, ref), COG_OK);
    memcpy(copy0, g_data[1], sizeof copy0);
    CHECK_STATUS(cog_combine(x, 3, D, w, g_mean, D, g_data[1]), COG_OK);
    CHECK(memcmp(ref, g_data[1], sizeof ref) == 0);
    memcpy(g_data[1], copy0, sizeof copy0);
    CHECK_STATUS(cog_combine(x, 3, D, w, g_mean, D, g_mean), COG_OK);
    CHECK(memcmp(ref, g_mean, sizeof ref) == 0);
    /* A scalar mean in out's own buffer: read before out's first block is
     * written, for every block (D spans more than one). */
    g_mean[0] = 3.0f;
    CHECK_STATUS(cog_combine(x, 3, D, w, g_mean, 1, ref), COG_OK);
    CHECK_STATUS(cog_combine(x, 3, D, w, g_mean, 1, g_mean), COG_OK);
    CHECK(memcmp(ref, g_mean, sizeof ref) == 0);
}

static double ref_dot(const float *a, const float *b, size_t n, double *mag)
{
    long double s = 0, m = 0;
    size_t j;
    for (j = 0; j < n; ++j) {
        s += (long double)a[j] * b[j];
        m += fabsl((long double)a[j] * b[j]);
    }
    if (mag) *mag = (double)m;
    return (double)s;
}

static void test_gram_dots(void)
{
    enum { K = 9, D = 1531 };
    const float *x[K];
    double g[K * K], d[K], mag;
    cogt_rng rng;
    size_t i, l;
    cogt_seed(&rng, 4);
    fill(&rng, K, D);
    pointers(x, K);
    CHECK_STATUS(cog_gram(x, K, D, g), COG_OK);
    for (i = 0; i < K; ++i)
        for (l = 0; l < K; ++l) {
            const double r = ref_dot(g_data[i], g_data[l], D, &mag);
            CHECK_NEAR(g[i * K + l], r, 1e-12 * mag);
            CHECK(g[i * K + l] == g[l * K + i]);
        }
    CHECK_STATUS(cog_dots(x, K - 1, D, g_data[K - 1], d), COG_OK);
    for (i = 0; i + 1 < K; ++i)
        CHECK_NEAR(d[i], ref_dot(g_data[i], g_data[K - 1], D, &mag),
                   1e-12 * mag);
}

static void test_lerp_slerp(void)
{
    enum { D = 2000 };
    double w[2], theta, ref, mag, t;
    float neg[D];
    cogt_rng rng;
    size_t j;
    CHECK_STATUS(cog_lerp_weights(0.25, w), COG_OK);
    CHECK(w[0] == 0.75 && w[1] == 0.25);
    CHECK_STATUS(cog_lerp_weights(-0.5, w), COG_OK);
    CHECK(w[0] == 1.5 && w[1] == -0.5);

    cogt_seed(&rng, 5);
    fill(&rng, 2, D);
    CHECK_STATUS(cog_slerp_angle(g_data[0], g_data[1], D, &theta), COG_OK);
    {
        double aa = ref_dot(g_data[0], g_data[0], D, &mag);
        double bb = ref_dot(g_data[1], g_data[1], D, &mag);
        double ab = ref_dot(g_data[0], g_data[1], D, &mag);
        ref = acos(ab / sqrt(aa * bb));
    }
    CHECK_NEAR(theta, ref, 1e-12);
    /* Independent N(0, I) latents in high D are nearly orthogonal. */
    CHECK(fabs(theta - 3.14159265358979 / 2) < 0.1);
    for (t = -0.5; t <= 1.5; t += 0.125) {
        CHECK_STATUS(cog_slerp_weights(theta, t, w), COG_OK);
        CHECK_NEAR(w[0], sin((1 - t) * ref) / sin(ref), 1e-12);
        CHECK_NEAR(w[1], sin(t * ref) / sin(ref), 1e-12);
    }
    /* Endpoints are exact. */
    CHECK_STATUS(cog_slerp_weights(theta, 0.0, w), COG_OK);
    CHECK_NEAR(w[0], 1.0, 1e-15);
    CHECK_NEAR(w[1], 0.0, 1e-15);

    /* Identical latents: theta 0 and LERP weights. */
    CHECK_STATUS(cog_slerp_angle(g_data[0], g_data[0], D, &theta), COG_OK);
    CHECK(theta < 1e-6);
    CHECK_STATUS(cog_slerp_weights(theta, 0.3, w), COG_OK);
    CHECK(w[0] == 0.7 && w[1] == 0.3);
    /* Parallel (scaled) latents likewise. */
    for (j = 0; j < D; ++j) neg[j] = 2.0f * g_data[0][j];
    CHECK_STATUS(cog_slerp_angle(g_data[0], neg, D, &theta), COG_OK);
    CHECK(theta < 1e-6);
    /* Opposite latents: a status, and w untouched. */
    for (j = 0; j < D; ++j) neg[j] = -g_data[0][j];
    CHECK_STATUS(cog_slerp_angle(g_data[0], neg, D, &theta), COG_OK);
    CHECK_NEAR(theta, 3.14159265358979, 1e-6);
    w[0] = w[1] = 42.0;
    CHECK_STATUS(cog_slerp_weights(theta, 0.5, w), COG_ERR_ANTIPODAL);
    CHECK(w[0] == 42.0 && w[1] == 42.0);
    /* cos rounds past +-1 for (anti)parallel pairs: theta stays finite. */
    {
        int finite = 1, k2;
        for (k2 = 0; k2 < 100; ++k2) {
            double th;
            cogt_fill_normal(&rng, g_data[2], 257);
            for (j = 0; j < 257; ++j) neg[j] = (k2 % 3 == 0 ? 1.0f : k2 % 3 == 1 ? 2.0f : -1.0f) * g_data[2][j];
            if (cog_slerp_angle(g_data[2], neg, 257, &th) != COG_OK ||
                !(th >= 0.0 && th <= 3.14159265358979324))
                finite = 0;
        }
        CHECK(finite);
    }
    /* Just above the LERP fallback the weights are true SLERP weights. */
    for (t = 1.5e-4; t < 1e-2; t *= 3.0) {
        CHECK_STATUS(cog_slerp_weights(t, 0.3, w), COG_OK);
        CHECK_NEAR(w[0], sin(0.7 * t) / sin(t), 1e-12);
        CHECK_NEAR(w[1], sin(0.3 * t) / sin(t), 1e-12);
        CHECK(fabs(w[0] - 0.7) > 1e-10); /* not the LERP weights */
    }
    /* t so large that the weights overflow: a status, w untouched. */
    w[0] = w[1] = 42.0;
    CHECK_STATUS(cog_slerp_weights(3.0, -1.7e308, w), COG_ERR_NONFINITE);
    CHECK(w[0] == 42.0 && w[1] == 42.0);
    /* A zero latent has no direction. */
    memset(neg, 0, sizeof neg);
    theta = 7.0;
    CHECK_STATUS(cog_slerp_angle(g_data[0], neg, D, &theta), COG_ERR_ZERO_NORM);
    CHECK(theta == 7.0);
}

static void test_centroids(void)
{
    enum { K = 5, D = 777 };
    const float *x[K];
    double w[K], c[K], m;
    cogt_rng rng;
    size_t i, j;
    long double sum = 0, sq = 0, mu, sd, nrm = 0;
    static float eu[D];
    cogt_seed(&rng, 6);
    fill(&rng, K, D);
    pointers(x, K);
    CHECK_STATUS(cog_centroid_weights(K, w), COG_OK);
    for (i = 0; i < K; ++i) CHECK(w[i] == 1.0 / K);

    /* COG centroid = sum x_i / sqrt(K) for mu = 0. */
    CHECK_STATUS(cog_combine(x, K, D, w, NULL, 0, g_out), COG_OK);
    ref_coefficients(w, K, c, &m);
    CHECK_NEAR(c[0], 1.0 / sqrt((double)K), 1e-15);
    CHECK(check_affine(g_out, K, D, c, m, NULL, 0));

    CHECK_STATUS(cog_centroid_euclidean(x, K, D, eu), COG_OK);
    CHECK(check_affine(eu, K, D, w, 0.0, NULL, 0));

    for (j = 0; j < D; ++j) sum += eu[j];
    mu = sum / D;
    for (j = 0; j < D; ++j) sq += (eu[j] - mu) * (eu[j] - mu);
    sd = sqrtl(sq / D);
    CHECK_STATUS(cog_centroid_standardized(x, K, D, g_out), COG_OK);
    {
        int ok = 1;
        for (j = 0; j < D; ++j)
            if (fabs(g_out[j] - (double)((eu[j] - mu) / sd)) >
                4 * FLT_EPSILON * (1 + fabs(g_out[j])))
                ok = 0;
        CHECK(ok);
    }

    for (j = 0; j < D; ++j) nrm += (long double)eu[j] * eu[j];
    nrm = sqrtl(nrm);
    CHECK_STATUS(cog_centroid_mode_norm(x, K, D, g_out), COG_OK);
    {
        int ok = 1;
        const long double scale = sqrtl((long double)(D - 2)) / nrm;
        for (j = 0; j < D; ++j)
            if (fabs(g_out[j] - (double)(eu[j] * scale)) >
                2 * FLT_EPSILON * fabs((double)(eu[j] * scale)))
                ok = 0;
        CHECK(ok);
        CHECK_NEAR(sqrt(ref_dot(g_out, g_out, D, NULL)), sqrt(D - 2.0),
                   1e-5 * sqrt(D - 2.0));
    }
}

static void test_strings(void)
{
    CHECK(strcmp(cog_result_string(COG_OK), "success") == 0);
    CHECK(strlen(cog_result_string(COG_ERR_ARG)) > 10);
    CHECK(strlen(cog_result_string(COG_ERR_NONFINITE)) > 10);
    CHECK(strlen(cog_result_string(COG_ERR_ZERO_NORM)) > 10);
    CHECK(strlen(cog_result_string(COG_ERR_ANTIPODAL)) > 10);
    CHECK(strlen(cog_result_string(COG_ERR_MEMORY)) > 10);
    CHECK(strcmp(cog_result_string((cog_result)-7), "unknown cog_result") == 0);
    CHECK(strcmp(cog_version_string(), COG_VERSION_STRING) == 0);
    CHECK(cog_version_number() == COG_VERSION_NUMBER);
}

static const cogt_test tests[] = {
    COGT_TEST(core, coefficients),
    COGT_TEST(core, combine),
    COGT_TEST(core, batch),
    COGT_TEST(core, in_place),
    COGT_TEST(core, gram_dots),
    COGT_TEST(core, lerp_slerp),
    COGT_TEST(core, centroids),
    COGT_TEST(core, strings),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
