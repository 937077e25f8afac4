/* fuzz_weights.c - libFuzzer target for the weight builders, the SLERP
 * angle, the centroid baselines and the inner products:
 * cog_lerp_weights, cog_slerp_angle, cog_slerp_weights,
 * cog_centroid_weights, cog_centroid_euclidean / _standardized /
 * _mode_norm, cog_gram, cog_dots.
 *
 * Properties checked:
 *   - statuses are enum values and follow the documented rules exactly
 *     (NULL / dim 0 -> COG_ERR_ARG; NaN/Inf in t, theta or the data ->
 *     COG_ERR_NONFINITE; zero latent -> COG_ERR_ZERO_NORM; theta near pi ->
 *     COG_ERR_ANTIPODAL), and failed calls leave their outputs untouched;
 *   - LERP weights are exactly (1 - t, t), also as SLERP's fallback below
 *     COG_SLERP_MIN_ANGLE;
 *   - the SLERP angle's cosine matches a long double reference, and SLERP
 *     weights keep the point on the unit great circle at angle t*theta;
 *   - centroid weights sum to 1; the Euclidean centroid is within the
 *     documented bound, the standardized one has mean 0 and std 1, the
 *     mode-norm one has norm sqrt(dim - 2);
 *   - the Gram matrix is symmetric with a non-negative diagonal and matches
 *     a long double reference; cog_dots matches the Gram row of y. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "fuzz_util.h"

#define MAXK 6

/* cog_slerp_weights with a finite t so large that (1 - t) * theta
 * overflows (t = -1.7e308, theta = 3) used to return COG_OK with NaN
 * weights; it now reports COG_ERR_NONFINITE. -DFZ_SKIP_HUGE_T=1 leaves such
 * t out. */
#ifndef FZ_SKIP_HUGE_T
#define FZ_SKIP_HUGE_T 0
#endif
#define PI_L 3.141592653589793238462643383279502884L

static int all_zero(const float *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (v[i] != 0.0f) return 0;
    return 1;
}

static void check_lerp(double t)
{
    double w[2] = {7.0, 7.0};
    cog_result st = cog_lerp_weights(t, w);
    FZ_STATUS_OK(st);
    if (!fz_finite(t)) {
        FZ_ASSERT(st == COG_ERR_NONFINITE && w[0] == 7.0 && w[1] == 7.0);
    } else {
        FZ_ASSERT(st == COG_OK && w[0] == 1.0 - t && w[1] == t);
    }
    FZ_ASSERT(cog_lerp_weights(t, NULL) == COG_ERR_ARG);
}

static void check_slerp_weights(double theta, double t)
{
    double w[2] = {7.0, 7.0};
    cog_result st = cog_slerp_weights(theta, t, w);
    FZ_STATUS_OK(st);
    if (!fz_finite(theta) || !fz_finite(t)) {
        FZ_ASSERT(st == COG_ERR_NONFINITE);
    } else if (theta < 0.0 || theta > 3.14159265358979323846) {
        FZ_ASSERT(st == COG_ERR_ARG);
    } else if (theta < COG_SLERP_MIN_ANGLE) {
        FZ_ASSERT(st == COG_OK && w[0] == 1.0 - t && w[1] == t);
        return;
    } else if (3.14159265358979323846 - theta < COG_SLERP_MIN_ANGLE) {
        FZ_ASSERT(st == COG_ERR_ANTIPODAL);
    } else if (!(fz_finite((1.0 - t) * theta) && fz_finite(t * theta))) {
        /* the weights overflow: a status, w untouched */
        if (FZ_SKIP_HUGE_T) return;
        FZ_ASSERT(st == COG_ERR_NONFINITE && w[0] == 7.0 && w[1] == 7.0);
    } else {
        FZ_ASSERT(st == COG_OK && fz_finite(w[0]) && fz_finite(w[1]));
        if (fabs(t) <= 4.0) {
            /* p = w0 a + w1 b for unit a, b at angle theta: <p, a> =
             * cos(t theta) and |p| = 1 */
            const long double c = cosl(theta), w0 = w[0], w1 = w[1];
            const long double scale = 1 + fabsl(w0) + fabsl(w1);
            FZ_ASSERT(fabsl(w0 + w1 * c - cosl(t * (long double)theta)) <=
                      1e-9L * scale);
            FZ_ASSERT(fabsl(w0 * w0 + w1 * w1 + 2 * w0 * w1 * c - 1) <=
                      1e-9L * scale * scale);
        }
        return;
    }
    FZ_ASSERT(w[0] == 7.0 && w[1] == 7.0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f;
    size_t dim, k, i, l, j;
    float *buf, *lat[MAXK], *a, *b, *y;
    const float *xp[MAXK];
    int nonfinite = 0, anyzero;
    cog_result st;
    uint8_t ctl;
    double theta = 99.0, t;

    fz_init(&f, data, size);
    ctl = fz_u8(&f);
    k = 1 + fz_u8(&f) % MAXK;
    dim = fz_dim(&f);
    buf = (float *)fz_malloc((MAXK + 1) * dim * sizeof(float));
    for (i = 0; i < MAXK + 1; ++i) lat[i < MAXK ? i : 0] = NULL;
    for (i = 0; i < (MAXK + 1) * dim; ++i) buf[i] = fz_float(&f);
    for (i = 0; i < MAXK; ++i) lat[i] = buf + i * dim;
    y = buf + MAXK * dim;
    /* shapes that matter for SLERP: zero, parallel, antipodal, identical */
    switch ((ctl >> 4) & 7) {
    case 1: memset(lat[1], 0, dim * sizeof(float)); break;
    case 2: for (j = 0; j < dim; ++j) lat[1][j] = -lat[0][j]; break;
    case 3: for (j = 0; j < dim; ++j) lat[1][j] = 3.0f * lat[0][j]; break;
    case 4: lat[1] = lat[0]; break;
    case 5: for (j = 0; j < dim; ++j) lat[1][j] = lat[0][j] * 0.5f + 1e-3f; break;
    default: break;
    }
    for (i = 0; i < k; ++i) xp[i] = lat[i];
    a = lat[0];
    b = lat[1];

    /* ---- LERP and SLERP weights from raw doubles */
    t = fz_double(&f);
    check_lerp(t);
    check_slerp_weights(fz_double(&f), t);
    check_slerp_weights((double)(fz_u16(&f) % 31416) * 1e-4, t);

    /* ---- SLERP angle */
    for (j = 0; j < dim; ++j)
        if (!fz_finite(a[j]) || !fz_finite(b[j])) nonfinite = 1;
    st = cog_slerp_angle(a, b, dim, &theta);
    FZ_STATUS_OK(st);
    if (nonfinite) {
        FZ_ASSERT(st == COG_ERR_NONFINITE && theta == 99.0);
    } else if (all_zero(a, dim) || all_zero(b, dim)) {
        FZ_ASSERT(st == COG_ERR_ZERO_NORM && theta == 99.0);
    } else {
        long double ab = 0, aa = 0, bb = 0, cref;
        FZ_ASSERT(st == COG_OK);
        FZ_ASSERT(theta >= 0.0 && theta <= 3.14159265358979323846);
        for (j = 0; j < dim; ++j) {
            ab += (long double)a[j] * b[j];
            aa += (long double)a[j] * a[j];
            bb += (long double)b[j] * b[j];
        }
        cref = ab / (sqrtl(aa) * sqrtl(bb));
        FZ_ASSERT(fabsl(cosl(theta) - cref) <= 1e-12L + 4 * dim * 1.2e-16L);
        if (a == b) FZ_ASSERT(theta < COG_SLERP_MIN_ANGLE);
        check_slerp_weights(theta, t);
        check_slerp_weights(theta, 0.5);
    }
    FZ_ASSERT(cog_slerp_angle(a, b, 0, &theta) == COG_ERR_ARG);
    FZ_ASSERT(cog_slerp_angle(NULL, b, dim, &theta) == COG_ERR_ARG);
    FZ_ASSERT(cog_slerp_angle(a, b, dim, NULL) == COG_ERR_ARG);

    /* ---- centroid weights */
    {
        double w[MAXK + 1];
        long double s = 0;
        w[k] = 7.0;
        FZ_ASSERT(cog_centroid_weights(k, w) == COG_OK && w[k] == 7.0);
        for (i = 0; i < k; ++i) s += w[i];
        FZ_ASSERT(fabsl(s - 1) <= 1e-15L * k);
        FZ_ASSERT(cog_centroid_weights(0, w) == COG_ERR_ARG);
    }

    /* ---- centroid baselines */
    nonfinite = 0;
    for (i = 0; i < k; ++i)
        for (j = 0; j < dim; ++j)
            if (!fz_finite(xp[i][j])) nonfinite = 1;
    {
        float *out = (float *)fz_malloc(dim * sizeof(float));
        float *eu = (float *)fz_malloc(dim * sizeof(float));
        const int which = ctl & 3;
        st = cog_centroid_euclidean(xp, k, dim, eu);
        FZ_STATUS_OK(st);
        FZ_ASSERT(st == COG_OK || st == COG_ERR_NONFINITE);
        FZ_ASSERT((st == COG_OK) == fz_all_finite_f(eu, dim));
        if (nonfinite) FZ_ASSERT(st == COG_ERR_NONFINITE);
        for (j = 0; j < dim && st == COG_OK; ++j) {
            long double s = 0, mag = 0;
            for (i = 0; i < k; ++i) {
                s += xp[i][j];
                mag += fabsl((long double)xp[i][j]);
            }
            s /= k;
            mag /= k;
            FZ_ASSERT(fabsl(eu[j] - s) <=
                      (k + 2) * FLT_EPSILON * mag + (k + 2) * 1.5e-45L +
                          mag * k * 1.5e-45L);
        }
        if (which == 1) {
            const cog_result se = st;
            st = cog_centroid_standardized(xp, k, dim, out);
            FZ_STATUS_OK(st);
            if (dim < 2) {
                FZ_ASSERT(st == COG_ERR_ARG);
            } else if (se != COG_OK) {
                FZ_ASSERT(st == se);
            } else if (st == COG_OK) {
                long double s = 0, q = 0;
                for (j = 0; j < dim; ++j) s += out[j];
                s /= dim;
                for (j = 0; j < dim; ++j) q += (out[j] - s) * (out[j] - s);
                FZ_ASSERT(fz_all_finite_f(out, dim));
                FZ_ASSERT(fabsl(s) <= 1e-5L);
                FZ_ASSERT(fabsl(sqrtl(q / dim) - 1) <= 1e-5L);
            } else {
                FZ_ASSERT(st == COG_ERR_ZERO_NORM);
                FZ_ASSERT(memcmp(out, eu, dim * sizeof(float)) == 0);
            }
        } else if (which == 2) {
            const cog_result se = st;
            st = cog_centroid_mode_norm(xp, k, dim, out);
            FZ_STATUS_OK(st);
            if (dim < 3) {
                FZ_ASSERT(st == COG_ERR_ARG);
            } else if (se != COG_OK) {
                FZ_ASSERT(st == se);
            } else if (st == COG_OK) {
                long double q = 0;
                for (j = 0; j < dim; ++j) q += (long double)out[j] * out[j];
                FZ_ASSERT(fz_all_finite_f(out, dim));
                /* relative 1e-5, unless subnormal outputs lost digits */
                FZ_ASSERT(fabsl(sqrtl(q) - sqrtl(dim - 2.0L)) <=
                              1e-5L * sqrtl(dim - 2.0L) ||
                          !(fabsl(eu[0]) > 1e-30f));
            } else {
                FZ_ASSERT(st == COG_ERR_ZERO_NORM && all_zero(eu, dim));
            }
        }
        free(out);
        free(eu);
    }

    /* ---- Gram and dots */
    {
        double g[MAXK * MAXK], d[MAXK];
        int ynonfinite = 0;
        for (j = 0; j < dim; ++j)
            if (!fz_finite(y[j])) ynonfinite = 1;
        st = cog_gram(xp, k, dim, g);
        FZ_STATUS_OK(st);
        FZ_ASSERT(st == (nonfinite ? COG_ERR_NONFINITE : COG_OK));
        if (st == COG_OK) {
            for (i = 0; i < k; ++i) {
                FZ_ASSERT(g[i * k + i] >= 0.0);
                for (l = 0; l < k; ++l) {
                    long double s = 0, mag = 0;
                    FZ_ASSERT(g[i * k + l] == g[l * k + i]);
                    for (j = 0; j < dim; ++j) {
                        s += (long double)xp[i][j] * xp[l][j];
                        mag += fabsl((long double)xp[i][j] * xp[l][j]);
                    }
                    FZ_ASSERT(fabsl(g[i * k + l] - s) <=
                              (dim + 2) * 1.2e-16L * mag);
                }
            }
        }
        memset(d, 0xA5, sizeof d);
        st = cog_dots(xp, k, dim, y, d);
        FZ_STATUS_OK(st);
        FZ_ASSERT(st == (nonfinite || ynonfinite ? COG_ERR_NONFINITE : COG_OK));
        if (st == COG_OK) {
            for (i = 0; i < k; ++i) {
                long double s = 0, mag = 0;
                for (j = 0; j < dim; ++j) {
                    s += (long double)xp[i][j] * y[j];
                    mag += fabsl((long double)xp[i][j] * y[j]);
                }
                FZ_ASSERT(fabsl(d[i] - s) <= (dim + 2) * 1.2e-16L * mag);
            }
        }
        memset(d, 0xA5, sizeof d);
        FZ_ASSERT(cog_dots(xp, k, dim, NULL, d) == COG_ERR_ARG);
        FZ_ASSERT(cog_gram(xp, k, 0, g) == COG_ERR_ARG);
        FZ_ASSERT(((unsigned char *)d)[0] == 0xA5);
    }
    free(buf);
    return 0;
}
