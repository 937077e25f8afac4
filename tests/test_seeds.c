/* test_seeds.c - the seed workflows of cog.h: the "NV" Philox generator
 * (cog_randn_nv) against published values, keyframe walks (cog_walk*),
 * constant-angle arcs (cog_arc_weights, variation seeds), regional blends
 * (cog_blend).
 *
 * Walks: the frame layout (lengths, keyframes hit exactly, holds, loop),
 * the spline weights against closed-form values, every frame of every path
 * statistically a valid latent (|z| of the squared norm against
 * chi-squared(D) below 4.5, KS p above 1e-6, fixed seeds) while the plain
 * LERP walk fails the same check, frames against a double reference, the
 * loop's seam step against the other steps, and the angular speed of the
 * linear and arc paths (printed: docs/seeds.md quotes it).
 *
 * Variation seeds: strength 0 and 1 give the two seeds' latents exactly;
 * in between the latent is valid and at angle strength * 90 degrees from
 * the seed's. Blends: a soft left-to-right mask between two latents has
 * the right variance in every column (within 5 sigma of 1) while the plain
 * mask blend has m^2 + (1-m)^2 (0.5 at the seam), hard 0/1 masks reproduce
 * the inputs exactly, broadcast masks, means and all-zero weights against
 * a double reference, in-place output.
 *
 * NV generator: the Philox4x32-10 block against the known-answer vectors
 * published with Random123 (Salmon et al., SC 2011), the first values of
 * seed 0, shape (3, 4) against the published CUDA values (docs/seeds.md),
 * the counter layout (a prefix of a longer call is the shorter call; the
 * offset and the seed's high word select other streams) and the values'
 * distribution. tests/cli/test_seeds.py compares the generator with an
 * independent NumPy implementation of AUTOMATIC1111's arithmetic. */
#define COG_IMPLEMENTATION
#define COG_TEST_HOOKS /* cog_test_philox */
#include "cog.h"

#include "test_util.h"

/* ------------------------------------------------------- NV generator */

static void test_philox_kat(void)
{
    /* Random123 kat_vectors, philox4x32 with 10 rounds: counter, key,
     * expected output */
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
         0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u,
         0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}};
    int v, i;
    for (v = 0; v < 3; ++v) {
        uint32_t c[4];
        for (i = 0; i < 4; ++i) c[i] = kat[v][i];
        cog_test_philox(c, kat[v][4], kat[v][5]);
        for (i = 0; i < 4; ++i) CHECK(c[i] == kat[v][6 + i]);
    }
}

/* Published: AUTOMATIC1111's NV generator documents that seed 0, shape
 * (3, 4) begins with these values of torch.randn on a CUDA device. CUDA's
 * Box-Muller uses the device's approximate __logf / __sincosf (absolute
 * error about 2^-21.4), so the double-precision formula agrees to a few
 * float ulps, not bit for bit: tolerance 4e-7 absolute (any other
 * generator, counter layout or transform is off by O(1)). */
static void test_nv_published(void)
{
    static const double want[4] = {-0.92466259, -0.42534415, -2.6438457,
                                   0.14518388};
    float x[12];
    double maxdiff = 0.0;
    int i;
    CHECK_STATUS(cog_randn_nv(0, 0, x, 12), COG_OK);
    for (i = 0; i < 4; ++i) {
        const double d = fabs((double)x[i] - want[i]);
        CHECK_NEAR(x[i], want[i], 4e-7);
        if (d > maxdiff) maxdiff = d;
    }
    printf("nv: seed 0 (3,4) vs published CUDA values: max |diff| %.3g "
           "(%.8g %.8g %.8g %.8g)\n",
           maxdiff, x[0], x[1], x[2], x[3]);
}

static void test_nv_layout(void)
{
    enum { N = 4099 };
    static float a[N], b[N];
    size_t i, same = 0;
    /* counter (offset, 0, i, 0): element i does not depend on n */
    CHECK_STATUS(cog_randn_nv(12345, 3, a, N), COG_OK);
    CHECK_STATUS(cog_randn_nv(12345, 3, b, 17), COG_OK);
    CHECK(memcmp(a, b, 17 * sizeof *a) == 0);
    /* element i is Box-Muller of the block (offset, 0, i, 0) */
    {
        uint32_t c[4] = {3, 0, 4000, 0};
        double u, v;
        cog_test_philox(c, 12345u, 0u);
        const double two32 = ldexp(1.0, -32);
        const double dd = (double)(float)(two32 * 6.2831855);
        u = (double)c[0] * two32 + two32 * 0.5;
        v = (double)c[1] * dd + dd * 0.5;
        CHECK_NEAR(a[4000], sqrt(-2.0 * log(u)) * sin(v),
                   1e-7 * (1.0 + fabs(a[4000])));
    }
    /* another offset, or the high word of the seed: other values */
    CHECK_STATUS(cog_randn_nv(12345, 4, b, N), COG_OK);
    for (i = 0; i < N; ++i) same += a[i] == b[i];
    CHECK(same < 3);
    CHECK_STATUS(cog_randn_nv(12345 + ((uint64_t)1 << 32), 3, b, N), COG_OK);
    for (same = 0, i = 0; i < N; ++i) same += a[i] == b[i];
    CHECK(same < 3);
    /* arguments: nothing written on failure */
    CHECK_STATUS(cog_randn_nv(1, 0, NULL, 0), COG_OK);
    CHECK_STATUS(cog_randn_nv(1, 0, NULL, 1), COG_ERR_ARG);
    b[0] = 7.0f;
    CHECK_STATUS(cog_randn_nv(1, 0, b, 0), COG_OK);
    CHECK(b[0] == 7.0f);
#if SIZE_MAX > 0xffffffffu
    CHECK_STATUS(cog_randn_nv(1, 0, b, (size_t)0x100000001ull), COG_ERR_ARG);
    CHECK(b[0] == 7.0f);
#endif
}

/* 2^17 values: mean, variance and Kolmogorov-Smirnov against N(0, 1). */
static void test_nv_distribution(void)
{
    enum { N = 1 << 17 };
    static float x[N];
    static double v[N];
    double s = 0, q = 0, d, p;
    size_t i;
    CHECK_STATUS(cog_randn_nv(20240521, 0, x, N), COG_OK);
    for (i = 0; i < N; ++i) {
        s += x[i];
        q += (double)x[i] * x[i];
        v[i] = x[i];
    }
    CHECK(fabs(s / N) < 4.5 / sqrt((double)N));
    CHECK(fabs(q / N - 1.0) < 4.5 * sqrt(2.0 / N));
    d = cogt_ks_stat(v, N);
    p = cogt_ks_pvalue(d, N);
    CHECK(p > 1e-5);
    printf("nv: %d values: mean %.4f, var %.4f, KS p %.3g\n", N, s / N, q / N,
           p);
}

/* ------------------------------------------------------------- walks */

static const char *path_name[4] = {"linear", "arc", "catmull-rom", "bspline"};

static void test_walk_layout(void)
{
    cog_walk_spec sp;
    size_t len, idx[4], n, f, i;
    double w[4];
    int path, loop;
    memset(&sp, 0, sizeof sp);
    sp.keyframes = 4;
    sp.frames = 6;
    sp.hold = 2;
    for (path = 0; path < 4; ++path)
        for (loop = 0; loop < 2; ++loop) {
            sp.path = path;
            sp.loop = loop;
            CHECK_STATUS(cog_walk_length(&sp, &len), COG_OK);
            CHECK(len == (loop ? 24u : 3u * 6u + 1u + 2u));
            for (f = 0; f < len; ++f) {
                double a = 0, b = 0;
                const size_t seg = f / 6 < 4 ? f / 6 : 3, j = f % 6;
                CHECK_STATUS(cog_walk_weights(&sp, f, idx, w, &n), COG_OK);
                CHECK(n >= 1 && n <= 4);
                for (i = 0; i < n; ++i) {
                    a += w[i];
                    b += w[i] * w[i];
                    if (i) CHECK(idx[i] > idx[i - 1]);
                }
                if (path == COG_WALK_ARC) CHECK_NEAR(b, 1.0, 1e-15);
                else CHECK_NEAR(a, 1.0, 1e-15); /* affine */
                /* keyframe frames and holds: exactly the keyframe */
                if (path != COG_WALK_BSPLINE &&
                    (j <= 2 || (!loop && f >= 18)))
                    CHECK(n == 1 && idx[0] == (f >= 18 && !loop ? 3 : seg) &&
                          w[0] == 1.0);
            }
            CHECK_STATUS(cog_walk_weights(&sp, len, idx, w, &n), COG_ERR_ARG);
        }
    /* closed forms at t = 1/2: N = 2, frame 1 of segment 1 (neighbours
     * 0..3); Catmull-Rom (-1, 9, 9, -1)/16, B-spline (1, 23, 23, 1)/48 */
    sp.frames = 2;
    sp.hold = 0;
    sp.loop = 0;
    sp.path = COG_WALK_CATMULL_ROM;
    CHECK_STATUS(cog_walk_weights(&sp, 3, idx, w, &n), COG_OK);
    CHECK(n == 4 && idx[0] == 0 && idx[3] == 3);
    CHECK_NEAR(w[0], -1.0 / 16, 1e-16);
    CHECK_NEAR(w[1], 9.0 / 16, 1e-16);
    sp.path = COG_WALK_BSPLINE;
    CHECK_STATUS(cog_walk_weights(&sp, 3, idx, w, &n), COG_OK);
    CHECK_NEAR(w[0], 1.0 / 48, 1e-16);
    CHECK_NEAR(w[2], 23.0 / 48, 1e-16);
    /* clamped start: B-spline at frame 0 is (5 x0 + x1) / 6 */
    CHECK_STATUS(cog_walk_weights(&sp, 0, idx, w, &n), COG_OK);
    CHECK(n == 3 && idx[0] == 0 && idx[1] == 1 && w[2] == 0.0);
    CHECK_NEAR(w[0], 5.0 / 6, 2e-16);
    /* loop of 2 keyframes: the neighbours repeat and their weights add */
    sp.keyframes = 2;
    sp.loop = 1;
    sp.path = COG_WALK_CATMULL_ROM;
    CHECK_STATUS(cog_walk_weights(&sp, 1, idx, w, &n), COG_OK);
    CHECK(n == 2);
    CHECK_NEAR(w[0], -1.0 / 16 + 9.0 / 16, 1e-16);
    /* easing: smoothstep at t = 1/4 is 5/32; cosine at 1/4 is
     * (1 - cos(pi/4)) / 2 */
    sp.keyframes = 2;
    sp.loop = 0;
    sp.frames = 4;
    sp.path = COG_WALK_LINEAR;
    sp.ease = COG_EASE_SMOOTHSTEP;
    CHECK_STATUS(cog_walk_weights(&sp, 1, idx, w, &n), COG_OK);
    CHECK_NEAR(w[1], 5.0 / 32, 1e-16);
    sp.ease = COG_EASE_COSINE;
    CHECK_STATUS(cog_walk_weights(&sp, 1, idx, w, &n), COG_OK);
    CHECK_NEAR(w[1], (1.0 - sqrt(0.5)) / 2, 1e-15);
    /* bad specs */
    sp.hold = 4;
    CHECK_STATUS(cog_walk_length(&sp, &len), COG_ERR_ARG);
    sp.hold = 0;
    sp.ease = 3;
    CHECK_STATUS(cog_walk_length(&sp, &len), COG_ERR_ARG);
}

static double angle_deg(const float *a, const float *b, size_t d)
{
    double ab = 0, aa = 0, bb = 0;
    size_t j;
    for (j = 0; j < d; ++j) {
        ab += (double)a[j] * b[j];
        aa += (double)a[j] * a[j];
        bb += (double)b[j] * b[j];
    }
    return acos(ab / sqrt(aa * bb)) * 180.0 / 3.14159265358979323846;
}

/* z of |v|^2 against chi-squared(d), and the KS p-value against N(0,1) */
static void frame_stats(const float *v, size_t d, double *scratch, double *z,
                        double *p)
{
    double q = 0;
    size_t j;
    for (j = 0; j < d; ++j) {
        q += (double)v[j] * v[j];
        scratch[j] = v[j];
    }
    *z = (q - (double)d) / sqrt(2.0 * (double)d);
    *p = cogt_ks_pvalue(cogt_ks_stat(scratch, d), d);
}

enum { WD = 16384, WK = 4, WN = 9 };

static void test_walk_frames(void)
{
    static float kx[WK][WD], fr[WK * WN + 1][WD], part[3][WD];
    static double scratch[WD];
    const float *x[WK];
    float *outs[WK * WN + 1];
    cogt_rng rng;
    cog_walk_spec sp;
    size_t i, f, len, j;
    int path, loop;
    double zmax = 0, pmin = 1, errmax = 0;
    cogt_seed(&rng, 14);
    for (i = 0; i < WK; ++i) {
        cogt_fill_normal(&rng, kx[i], WD);
        x[i] = kx[i];
    }
    for (f = 0; f < WK * WN + 1; ++f) outs[f] = fr[f];
    memset(&sp, 0, sizeof sp);
    sp.keyframes = WK;
    sp.frames = WN;
    for (path = 0; path < 4; ++path)
        for (loop = 0; loop < 2; ++loop) {
            sp.path = path;
            sp.loop = loop;
            sp.ease = loop ? COG_EASE_LINEAR : COG_EASE_COSINE;
            CHECK_STATUS(cog_walk_length(&sp, &len), COG_OK);
            CHECK_STATUS(cog_walk(x, &sp, WD, NULL, 0, 0, len, outs), COG_OK);
            for (f = 0; f < len; ++f) {
                size_t idx[4], n;
                double w[4], beta = 0, z, p;
                /* every frame a valid latent */
                frame_stats(fr[f], WD, scratch, &z, &p);
                CHECK(fabs(z) < 4.5);
                CHECK(p > 1e-6);
                if (fabs(z) > zmax) zmax = fabs(z);
                if (p < pmin) pmin = p;
                /* against the double reference of its weights */
                CHECK_STATUS(cog_walk_weights(&sp, f, idx, w, &n), COG_OK);
                for (i = 0; i < n; ++i) beta += w[i] * w[i];
                for (j = 0; j < WD; j += 97) {
                    double ref = 0, err;
                    for (i = 0; i < n; ++i) ref += w[i] * kx[idx[i]][j];
                    ref /= sqrt(beta);
                    err = fabs(fr[f][j] - ref);
                    CHECK(err <= 1e-6 * (1.0 + fabs(ref)));
                    if (err > errmax) errmax = err;
                }
                /* keyframes hit exactly */
                if (path != COG_WALK_BSPLINE && f % WN == 0)
                    CHECK(memcmp(fr[f], kx[f / WN], sizeof fr[f]) == 0);
            }
            /* any range of frames equals the same frames of the whole */
            {
                float *po[3];
                po[0] = part[0];
                po[1] = part[1];
                po[2] = part[2];
                CHECK_STATUS(cog_walk(x, &sp, WD, NULL, 0, WN - 1, 3, po), COG_OK);
                for (i = 0; i < 3; ++i)
                    CHECK(memcmp(part[i], fr[WN - 1 + i], sizeof part[i]) == 0);
            }
            if (loop) {
                /* the seam step (last frame -> frame 0) is like the step
                 * into any other keyframe */
                const double seam = angle_deg(fr[len - 1], fr[0], WD);
                for (i = 1; i < WK; ++i) {
                    const double into = angle_deg(fr[i * WN - 1], fr[i * WN], WD);
                    CHECK(fabs(seam - into) < 0.05 * into);
                }
            }
        }
    printf("walk: 4 paths x (loop, no loop), D = %d: max |z| %.2f, min KS p "
           "%.3g, max error vs double %.2g\n",
           WD, zmax, pmin, errmax);
    /* the test has power: the plain LERP walk's middle frame is not valid */
    {
        double w[2] = {0.5, 0.5}, z, p;
        CHECK_STATUS(cog_linear(x, 2, WD, w, part[0]), COG_OK);
        frame_stats(part[0], WD, scratch, &z, &p);
        CHECK(fabs(z) > 4.5);
    }
}

/* Angular speed: steps of a 9-frame segment on the linear (COG of LERP)
 * and arc paths, in degrees, averaged over the 4 segments of a loop. */
static void test_walk_speed(void)
{
    static float kx[WK][WD], fr[WK * WN][WD];
    const float *x[WK];
    float *outs[WK * WN];
    cogt_rng rng;
    cog_walk_spec sp;
    size_t i, f;
    int path;
    cogt_seed(&rng, 1414);
    for (i = 0; i < WK; ++i) {
        cogt_fill_normal(&rng, kx[i], WD);
        x[i] = kx[i];
    }
    for (f = 0; f < WK * WN; ++f) outs[f] = fr[f];
    memset(&sp, 0, sizeof sp);
    sp.keyframes = WK;
    sp.frames = WN;
    sp.loop = 1;
    for (path = 0; path < 2; ++path) {
        double step[WN], lo = 1e9, hi = 0;
        sp.path = path;
        CHECK_STATUS(cog_walk(x, &sp, WD, NULL, 0, 0, WK * WN, outs), COG_OK);
        printf("walk speed (%s, %d steps per segment), degrees per step:",
               path_name[path], WN);
        for (i = 0; i < WN; ++i) {
            step[i] = 0;
            for (f = 0; f < WK; ++f)
                step[i] += angle_deg(fr[f * WN + i], fr[(f * WN + i + 1) % (WK * WN)], WD);
            step[i] /= WK;
            if (step[i] < lo) lo = step[i];
            if (step[i] > hi) hi = step[i];
            printf(" %.1f", step[i]);
        }
        printf("  (max/min %.2f)\n", hi / lo);
        if (path == COG_WALK_LINEAR) {
            /* atan(s/(1-s)): ends 7.1, middle 12.7 degrees */
            CHECK_NEAR(step[0], 7.13, 0.3);
            CHECK_NEAR(step[WN / 2], 12.68, 0.3);
        } else {
            CHECK(hi / lo < 1.03); /* 10 degrees each */
            CHECK_NEAR(step[0], 10.0, 0.3);
        }
    }
}

/* ------------------------------------------------- variation seeds */

static void test_variation(void)
{
    static float a[WD], b[WD], z[WD];
    static double scratch[WD];
    const float *x[2];
    double w[2];
    int i;
    CHECK_STATUS(cog_randn_torch(7, a, WD), COG_OK);
    CHECK_STATUS(cog_randn_torch(8, b, WD), COG_OK);
    x[0] = a;
    x[1] = b;
    for (i = 0; i <= 8; ++i) {
        const double t = i / 8.0;
        double zz, p;
        CHECK_STATUS(cog_arc_weights(t, w), COG_OK);
        CHECK_NEAR(w[0] * w[0] + w[1] * w[1], 1.0, 1e-15);
        CHECK_STATUS(cog_combine(x, 2, WD, w, NULL, 0, z), COG_OK);
        if (i == 0) CHECK(memcmp(z, a, sizeof z) == 0);
        if (i == 8) CHECK(memcmp(z, b, sizeof z) == 0);
        frame_stats(z, WD, scratch, &zz, &p);
        CHECK(fabs(zz) < 4.5 && p > 1e-6);
        /* angle from the seed's latent: t * 90 degrees, up to the angle
         * between the two seeds (90 +- 0.5 degrees at this D) */
        CHECK_NEAR(angle_deg(a, z, WD), t * angle_deg(a, b, WD), 0.05);
    }
    CHECK_STATUS(cog_arc_weights(NAN, w), COG_ERR_NONFINITE);
}

/* ---------------------------------------------------------- blends */

enum { BC = 4, BH = 64, BW = 64, BD = BC * BH * BW };

static void test_blend_seam(void)
{
    static float a[BD], b[BD], z[BD], p[BD], ma[BH * BW], mb[BH * BW];
    const float *x[2], *m[2];
    cogt_rng rng;
    size_t c, h, col;
    double worst = 0, plain_mid = 0;
    cogt_seed(&rng, 33);
    cogt_fill_normal(&rng, a, BD);
    cogt_fill_normal(&rng, b, BD);
    /* mask: 0 on the left, 1 on the right, a linear ramp over columns
     * 16..47 (column 31.5 is 0.5); broadcast over the channels */
    for (h = 0; h < BH; ++h)
        for (col = 0; col < BW; ++col) {
            double t = ((double)col - 15.5) / 32.0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            mb[h * BW + col] = (float)t;
            ma[h * BW + col] = (float)(1.0 - t);
        }
    x[0] = a;
    x[1] = b;
    m[0] = ma;
    m[1] = mb;
    CHECK_STATUS(cog_blend(x, 2, BD, m, BH * BW, NULL, 0, z), COG_OK);
    for (col = 0; col < BW; ++col) {
        /* variance of column col over channels and rows: n = 256 values */
        const double t = mb[col], n = BC * BH;
        double q = 0, qp = 0, zs;
        for (c = 0; c < BC; ++c)
            for (h = 0; h < BH; ++h) {
                const size_t j = (c * BH + h) * BW + col;
                p[j] = (float)((1.0 - t) * a[j] + t * b[j]);
                q += (double)z[j] * z[j];
                qp += (double)p[j] * p[j];
            }
        zs = (q / n - 1.0) / sqrt(2.0 / n); /* chi-squared z of the variance */
        CHECK(fabs(zs) < 5.0);
        if (fabs(zs) > worst) worst = fabs(zs);
        /* the plain blend's variance is (1-t)^2 + t^2 */
        CHECK(fabs(qp / n / ((1 - t) * (1 - t) + t * t) - 1.0) < 5.0 * sqrt(2.0 / n));
        if (col == 31 || col == 32) plain_mid += qp / n / 2;
    }
    /* at the seam (mask 0.5 +- 1/64) the plain blend has about half */
    CHECK(plain_mid > 0.40 && plain_mid < 0.62);
    printf("blend: soft seam, COG column variances within %.2f sigma of 1; "
           "plain blend at the seam %.3f (expected ~0.50)\n",
           worst, plain_mid);
}

static void test_blend_exact(void)
{
    enum { N = 1000, MD = 250 };
    static float a[N], b[N], c[N], z[N], mean[N], ma[MD], mb[MD], mc[MD];
    const float *x[3], *m[3];
    cogt_rng rng;
    size_t j, i;
    double errmax = 0;
    cogt_seed(&rng, 34);
    cogt_fill_normal(&rng, a, N);
    cogt_fill_normal(&rng, b, N);
    cogt_fill_normal(&rng, c, N);
    cogt_fill_normal(&rng, mean, N);
    x[0] = a;
    x[1] = b;
    x[2] = c;
    m[0] = ma;
    m[1] = mb;
    m[2] = mc;
    /* hard masks: each element takes exactly one input */
    for (j = 0; j < MD; ++j) {
        ma[j] = j % 3 == 0;
        mb[j] = j % 3 == 1;
        mc[j] = j % 3 == 2;
    }
    CHECK_STATUS(cog_blend(x, 3, N, m, MD, mean, N, z), COG_OK);
    for (j = 0; j < N; ++j) CHECK(z[j] == x[(j % MD) % 3][j]);
    /* soft, unnormalised, negative and all-zero weights with a mean:
     * against the formula in double */
    for (j = 0; j < MD; ++j) {
        ma[j] = (float)cogt_uniform(&rng);
        mb[j] = (float)(2.0 * cogt_uniform(&rng) - 0.5);
        mc[j] = j % 7 == 0 ? 0.0f : (float)cogt_uniform(&rng);
        if (j % 11 == 0) ma[j] = mb[j] = mc[j] = 0.0f;
    }
    CHECK_STATUS(cog_blend(x, 3, N, m, MD, mean, N, z), COG_OK);
    for (j = 0; j < N; ++j) {
        double al = 0, be = 0, acc = 0, ref, w[3];
        w[0] = ma[j % MD];
        w[1] = mb[j % MD];
        w[2] = mc[j % MD];
        if (w[0] == 0 && w[1] == 0 && w[2] == 0) w[0] = w[1] = w[2] = 1;
        for (i = 0; i < 3; ++i) {
            al += w[i];
            be += w[i] * w[i];
            acc += w[i] * x[i][j];
        }
        ref = acc / sqrt(be) + (1 - al / sqrt(be)) * mean[j];
        CHECK(fabs(z[j] - ref) <= 1e-6 * (1 + fabs(ref)));
        if (fabs(z[j] - ref) > errmax) errmax = fabs(z[j] - ref);
    }
    /* in place: out = x[1] gives the same values */
    memcpy(mean, b, sizeof b); /* keep a copy of b in mean's buffer */
    {
        float zz[N];
        const float *x2[3];
        x2[0] = a;
        x2[1] = mean;
        x2[2] = c;
        CHECK_STATUS(cog_blend(x2, 3, N, m, MD, NULL, 0, zz), COG_OK);
        CHECK_STATUS(cog_blend(x2, 3, N, m, MD, NULL, 0, mean), COG_OK);
        CHECK(memcmp(zz, mean, sizeof zz) == 0);
    }
    printf("blend: hard masks exact; soft masks max error vs double %.2g\n",
           errmax);
}

static const cogt_test tests[] = {
    COGT_TEST(seeds, philox_kat),
    COGT_TEST(seeds, nv_published),
    COGT_TEST(seeds, nv_layout),
    COGT_TEST(seeds, nv_distribution),
    COGT_TEST(seeds, walk_layout),
    COGT_TEST(seeds, walk_frames),
    COGT_TEST(seeds, walk_speed),
    COGT_TEST(seeds, variation),
    COGT_TEST(seeds, blend_seam),
    COGT_TEST(seeds, blend_exact),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
