/* test_iid.c - non-Gaussian latents: cog_normal_cdf / cog_normal_quantile
 * against a long-double reference computed here (series and continued
 * fraction, not another approximation), their monotonicity and round trip,
 * and cog_combine_iid / _batch by the authors' protocol (KS tests with
 * fixed seeds for uniform, logistic and Beta(1, 5) latents), with the plain
 * linear combination failing the same test. Prints the measured maximum
 * ulp errors. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COG_IMPLEMENTATION
#include "cog.h"
#include "test_util.h"

/* --------------------------------------------- long-double reference */

typedef long double ld;

#define TEST_TRUE_MIN 4.9406564584124654e-324 /* DBL_TRUE_MIN (C11) */

/* exp(-z^2/2) with z^2/2 formed exactly: z = zh + zl, zh of 26 bits, so
 * zh^2, zh*zl and zl^2 are exact in a 64-bit significand. */
static ld ref_gauss(double z)
{
    const double s = z * 134217729.0;
    const double zh = s - (s - z), zl = z - zh;
    const ld a = (ld)zh * zh / 2, b = (ld)zh * zl + (ld)zl * zl / 2;
    return expl(-a) * expl(-b);
}

#define REF_1_SQRT2PI 0.398942280401432677939946059934381868L

/* Phi(x) - 1/2 = phi(x) * (x + x^3/3 + x^5/15 + ...), for |x| <= 3: no
 * cancellation inside the sum. */
static ld ref_centred(double x)
{
    const ld x2 = (ld)x * x;
    ld term = x, sum = x;
    int n;
    for (n = 1; n < 200; ++n) {
        term *= x2 / (2 * n + 1);
        sum += term;
        if (fabsl(term) < fabsl(sum) * 1e-24L) break;
    }
    return REF_1_SQRT2PI * ref_gauss(x) * sum;
}

/* Phi(x) for x <= 0: the series where the cancellation in 1/2 + (Phi - 1/2)
 * costs at most 4 bits (x >= -2), else Laplace's continued fraction
 * Phi(-z) = phi(z) / (z + 1/(z + 2/(z + 3/(z + ...)))), evaluated
 * backwards from a depth at which it has converged to long double. */
static ld ref_phi(double x)
{
    const double z = -x;
    ld f = 0.0L;
    int n, depth;
    if (x >= -2.0) return 0.5L + ref_centred(x);
    depth = z < 3 ? 3000 : z < 6 ? 800 : 200;
    for (n = depth; n >= 1; --n) f = n / (z + f);
    return REF_1_SQRT2PI * ref_gauss(z) / (z + f);
}

static double ulp_of(double v)
{
    int e;
    v = fabs(v);
    if (v < DBL_MIN) return TEST_TRUE_MIN;
    (void)frexp(v, &e); /* v = m 2^e, 0.5 <= m < 1 */
    return ldexp(1.0, e - 53);
}

/* Error of a double against a long-double value, in ulps of the value. */
static double ulp_err(double got, ld want)
{
    return (double)(fabsl((ld)got - want) / ulp_of((double)want));
}

/* A long double with at least 64 significant bits, checked at run time too:
 * valgrind computes x87 long doubles in double precision. */
static int have_ld(void)
{
    volatile long double one = 1.0L, tiny = 1.0L / 1152921504606846976.0L;
    return LDBL_MANT_DIG >= 64 && one + tiny != one; /* 2^-60 */
}

/* Max ulp error of cog_normal_cdf over n points of [lo, hi]. */
static double cdf_err(cogt_rng *rng, double lo, double hi, int n, int logscale)
{
    double worst = 0.0;
    int i;
    for (i = 0; i < n; ++i) {
        const double u = cogt_uniform(rng);
        const double x = logscale ? -exp(log(-lo) + u * (log(-hi) - log(-lo)))
                                  : lo + u * (hi - lo);
        ld want;
        double e;
        if (x <= 0.0)
            want = ref_phi(x);
        else
            want = x <= 2.0 ? 0.5L + ref_centred(x) : 1.0L - ref_phi(-x);
        e = ulp_err(cog_normal_cdf(x), want);
        if (e > worst) worst = e;
    }
    return worst;
}

/* The exact quantile near x = cog_normal_quantile(p) (p <= 1/2), by one
 * Newton step in long double from x: its error is O((x - x*)^2). */
static ld ref_quantile(double p, double x)
{
    const ld dens = REF_1_SQRT2PI * ref_gauss(x);
    const ld res = p >= 0.25 ? ref_centred(x) - ((ld)p - 0.5L)
                             : ref_phi(x) - (ld)p;
    return (ld)x - res / dens;
}

static double quantile_err(double p)
{
    const int upper = p > 0.5;
    const double q = upper ? 1.0 - p : p; /* exact */
    const double x = cog_normal_quantile(p);
    const double xl = upper ? -x : x;
    return ulp_err(x, upper ? -ref_quantile(q, xl) : ref_quantile(q, xl));
}

static void test_accuracy(void)
{
    cogt_rng rng;
    double e, qe = 0.0, e1, e2, e3, e4, e5;
    int i;
    if (!have_ld())
        COGT_SKIP("long double arithmetic has fewer than 64 bits here (the "
                  "reference needs them; valgrind runs long double as double)");
    cogt_seed(&rng, 1101);
    /* the reference itself: at x = -2, where the series hands over to the
     * continued fraction (converging slowest there), the two agree */
    e = (double)(fabsl(ref_phi(-2.0000001) / (0.5L + ref_centred(-2.0000001)) -
                       1.0L) / DBL_EPSILON);
    if (!(e < 0.05)) printf("test_iid: reference mismatch %g\n", e);
    CHECK(e < 0.05);
    e1 = cdf_err(&rng, -37.5, -5.0, 20000, 0);
    e2 = cdf_err(&rng, -5.0, 0.0, 20000, 0);
    e3 = cdf_err(&rng, -1e-300, -1e-3, 5000, 1);
    e4 = cdf_err(&rng, 0.0, 8.3, 20000, 0);
    printf("test_iid: cog_normal_cdf max error [ulp]: [-37.5,-5] %.2f, [-5,0] "
           "%.2f, -[1e-300,1e-3] %.2f, [0,8.3] %.2f\n", e1, e2, e3, e4);
    e = e1 > e2 ? e1 : e2;
    e = e > e3 ? e : e3;
    CHECK(e <= 4.0);
    CHECK(e4 <= 2.0);
    /* the subnormal range: absolute */
    CHECK(fabsl((ld)cog_normal_cdf(-38.0) - ref_phi(-38.0)) <= 4 * TEST_TRUE_MIN);
    CHECK(cog_normal_cdf(-38.5) <= 2 * TEST_TRUE_MIN); /* true 3.4e-325 */
    CHECK(cog_normal_cdf(-40.0) == 0.0 && cog_normal_cdf(-1e300) == 0.0);
    CHECK(cog_normal_cdf(8.1) < 1.0 && cog_normal_cdf(8.5) == 1.0);
    CHECK(cog_normal_cdf(1e300) == 1.0 && cog_normal_cdf(INFINITY) == 1.0);
    CHECK(cog_normal_cdf(-INFINITY) == 0.0);
    CHECK(cog_normal_cdf(0.0) == 0.5);

    /* quantile: log-uniform p in [DBL_MIN, 1/2], uniform p, near 1/2, near 1 */
    for (i = 0; i < 20000; ++i) {
        const double p = exp(log(DBL_MIN) * cogt_uniform(&rng));
        e = quantile_err(p > 0.5 ? 0.5 : p);
        if (e > qe) qe = e;
    }
    e5 = qe;
    qe = 0.0;
    for (i = 0; i < 20000; ++i) {
        e = quantile_err(cogt_uniform(&rng));
        if (e > qe) qe = e;
    }
    e1 = qe;
    qe = 0.0;
    for (i = 0; i < 5000; ++i) {
        const double d = exp(log(1e-300) * cogt_uniform(&rng)) * 0.25;
        e = quantile_err(0.5 - d);
        if (e > qe) qe = e;
        e = quantile_err(0.5 + d);
        if (e > qe) qe = e;
    }
    e2 = qe;
    qe = 0.0;
    for (i = 0; i < 5000; ++i) {
        const double d = exp(log(DBL_EPSILON / 2) * cogt_uniform(&rng));
        e = quantile_err(1.0 - d);
        if (e > qe) qe = e;
    }
    e3 = qe;
    printf("test_iid: cog_normal_quantile max error [ulp]: [DBL_MIN,1/2] "
           "log-uniform %.2f, (0,1) uniform %.2f, 1/2 +- [1e-300,1/4] %.2f, "
           "1 - [2^-53,1] %.2f\n", e5, e1, e2, e3);
    CHECK(e5 <= 4.0 && e1 <= 4.0 && e2 <= 4.0 && e3 <= 4.0);
}

static void test_special_values(void)
{
    CHECK(cog_normal_quantile(0.0) == -INFINITY);
    CHECK(cog_normal_quantile(1.0) == INFINITY);
    CHECK(cog_normal_quantile(0.5) == 0.0);
    CHECK(isnan(cog_normal_quantile(-0.1)));
    CHECK(isnan(cog_normal_quantile(1.5)));
    CHECK(isnan(cog_normal_quantile(NAN)));
    CHECK(isnan(cog_normal_cdf(NAN)));
    /* the far lower tail and the last step below 1 */
    if (have_ld()) {
        CHECK(quantile_err(DBL_MIN) <= 4.0);
        CHECK(quantile_err(1.0 - DBL_EPSILON / 2) <= 4.0);
    }
    /* subnormal p: the unrefined AS241 value, still close and finite */
    CHECK(cog_normal_quantile(TEST_TRUE_MIN) < cog_normal_quantile(DBL_MIN));
    CHECK(cog_normal_quantile(TEST_TRUE_MIN) > -38.5);
    /* symmetry is exact */
    CHECK(cog_normal_quantile(0.75) == -cog_normal_quantile(0.25));
    CHECK(cog_normal_quantile(1 - 1e-10) == -cog_normal_quantile(1e-10 + 0.0) ||
          fabs(cog_normal_quantile(1 - 1e-10) + cog_normal_quantile(1e-10)) <
              1e-6);
}

/* Monotone: over runs of consecutive doubles around many points and a
 * coarse sweep of the whole range, no value is below its predecessor by
 * more than one ulp, and one-ulp reversals (possible only where a run of
 * 4096 doubles with one coarse erfc point ends, see cogi_coarse) are
 * counted and must stay rare (none on glibc x86-64). */
static void test_monotone(void)
{
    cogt_rng rng;
    int s, i, bad_cdf = 0, bad_q = 0, big = 0;
    cogt_seed(&rng, 1102);
    for (s = 0; s < 400; ++s) {
        double x = -37.5 + 46.0 * cogt_uniform(&rng);
        double p = s < 200 ? exp(log(DBL_MIN) * cogt_uniform(&rng))
                           : cogt_uniform(&rng);
        double fx = cog_normal_cdf(x), qp = cog_normal_quantile(p);
        for (i = 0; i < 2000; ++i) {
            const double x1 = nextafter(x, INFINITY), p1 = nextafter(p, 1.0);
            const double f1 = cog_normal_cdf(x1), q1 = cog_normal_quantile(p1);
            if (f1 < fx) ++bad_cdf;
            if (q1 < qp) ++bad_q;
            if (f1 < nextafter(fx, 0.0)) ++big;
            if (q1 < nextafter(qp, -INFINITY)) ++big;
            x = x1;
            p = p1;
            fx = f1;
            qp = q1;
        }
    }
    {
        double prevf = 0.0, prevq = -INFINITY;
        for (i = 0; i <= 200000; ++i) {
            const double x = -40.0 + 50.0 * i / 200000.0;
            const double p = i == 0 ? 0.0 : exp(log(DBL_MIN) * (1.0 - i / 200000.0));
            const double f = cog_normal_cdf(x), q = cog_normal_quantile(p);
            if (f < prevf) ++big;
            if (q < prevq) ++big;
            prevf = f;
            prevq = q;
        }
    }
    /* across the subnormal / normal boundary and the p = 1/2 reflection */
    CHECK(cog_normal_quantile(nextafter(DBL_MIN, 0.0)) <= cog_normal_quantile(DBL_MIN));
    CHECK(cog_normal_quantile(nextafter(0.5, 0.0)) < 0.0 &&
          cog_normal_quantile(nextafter(0.5, 1.0)) > 0.0);
    printf("test_iid: monotonicity: 1-ulp reversals in 8e5 consecutive pairs: "
           "cdf %d, quantile %d; larger reversals %d\n", bad_cdf, bad_q, big);
    CHECK(big == 0);
    CHECK(bad_cdf + bad_q <= 4);
}

/* quantile(cdf(x)) == x to within the resolution of cdf(x): one ulp of
 * cdf(x) moves the quantile by ulp(cdf) / phi(x), which is below an ulp of
 * x in the lower tail (x <= -1.5: a few ulp of x) and above it near 0 and
 * in the upper half. */
static void test_round_trip(void)
{
    cogt_rng rng;
    double worst = 0.0, worst_hi = 0.0;
    int i;
    cogt_seed(&rng, 1103);
    for (i = 0; i < 50000; ++i) {
        const double x = -1.5 - 36.0 * cogt_uniform(&rng);
        const double e = fabs(cog_normal_quantile(cog_normal_cdf(x)) - x) / ulp_of(x);
        if (e > worst) worst = e;
    }
    for (i = 0; i < 50000; ++i) {
        const double x = 9.5 * cogt_uniform(&rng) - 1.5;
        const double f = cog_normal_cdf(x);
        /* one ulp of f moves the quantile by ulp(f) / phi(x) */
        const double res = ulp_of(f) / (exp(-0.5 * x * x) * 0.3989422804014327);
        const double e = fabs(cog_normal_quantile(f) - x) / (res + ulp_of(x));
        if (e > worst_hi) worst_hi = e;
    }
    printf("test_iid: round trip quantile(cdf(x)): x in [-37.5, -1.5] max "
           "%.2f ulp; x in [-1.5, 8] max %.2f (of ulp(cdf) / density + ulp)\n",
           worst, worst_hi);
    CHECK(worst <= 4.0);
    CHECK(worst_hi <= 2.0);
}

/* ------------------------------------------------------- the iid path */

/* KS statistic of n values u_i against U(0, 1); sorts u. */
static double ks_uniform(double *u, size_t n)
{
    double d = 0.0;
    size_t i;
    qsort(u, n, sizeof *u, cogt_cmp_double);
    for (i = 0; i < n; ++i) {
        const double lo = u[i] - (double)i / (double)n;
        const double hi = (double)(i + 1) / (double)n - u[i];
        if (lo > d) d = lo;
        if (hi > d) d = hi;
    }
    return d;
}

typedef struct dist {
    const char *name;
    cog_cdf_fn cdf, inv;
    void *user;
} dist;

static cog_uniform_params UNI = {0.0, 1.0};
static cog_logistic_params LOGI = {0.0, 1.0};
static cog_beta1_params BETA = {5.0};

/* Exact samples by inversion of a 53-bit uniform. */
static float draw(const dist *d, cogt_rng *rng)
{
    return (float)d->inv(cogt_uniform(rng), d->user);
}

/* The authors' protocol: b rows of k N(0,1) weights, each row combining its
 * own k fresh latents of dim elements; KS per output dimension over the b
 * rows, against F. With linear = 1 the plain combination instead. Returns
 * the smallest p-value over the dimensions. */
static double protocol(const dist *d, size_t b, size_t k, size_t dim,
                       int linear, uint64_t seed)
{
    cogt_rng rng;
    float *data = (float *)malloc(k * dim * sizeof *data);
    const float **x = (const float **)malloc(k * sizeof *x);
    double *w = (double *)malloc(k * sizeof *w);
    double *u = (double *)malloc(b * dim * sizeof *u);
    float out[8];
    double pmin = 1.0;
    size_t r, i, j;
    cogt_seed(&rng, seed);
    for (i = 0; i < k; ++i) x[i] = data + i * dim;
    for (r = 0; r < b; ++r) {
        int st;
        for (i = 0; i < k * dim; ++i) data[i] = draw(d, &rng);
        for (i = 0; i < k; ++i) w[i] = cogt_normal(&rng);
        st = linear ? cog_linear(x, k, dim, w, out)
                    : cog_combine_iid(x, k, dim, w, d->cdf, d->inv, d->user, out);
        if (st != COG_OK) {
            CHECK_STATUS(st, COG_OK);
            break;
        }
        for (j = 0; j < dim; ++j) u[j * b + r] = d->cdf(out[j], d->user);
    }
    for (j = 0; j < dim; ++j) {
        const double p = cogt_ks_pvalue(ks_uniform(u + j * b, b), b);
        if (p < pmin) pmin = p;
    }
    free(data);
    free(x);
    free(w);
    free(u);
    return pmin;
}

static void test_protocol(void)
{
    const dist ds[3] = {
        {"uniform(0,1)", cog_uniform_cdf, cog_uniform_quantile, &UNI},
        {"logistic(0,1)", cog_logistic_cdf, cog_logistic_quantile, &LOGI},
        {"Beta(1,5)", cog_beta1_cdf, cog_beta1_quantile, &BETA}};
    /* The C++ build of this file checks that the header compiles as C++;
     * the statistics are the C build's, so it runs a tenth of the rows. */
#ifdef __cplusplus
    const size_t scale = 10;
#else
    const size_t scale = 1;
#endif
    int t;
    for (t = 0; t < 3; ++t) {
        const double p1 = protocol(&ds[t], 100000 / scale, 100, 1, 0, 11 + t);
        const double p8 = protocol(&ds[t], 5000 / scale, 100, 8, 0, 21 + t);
        const double ps = protocol(&ds[t], 30000 / scale, 5, 3, 0, 31 + t);
        const double pl = protocol(&ds[t], 20000 / scale, 100, 1, 1, 41 + t);
        printf("test_iid: %-13s KS min p: K=100 D=1 B=%zu %.3g, D=8 B=%zu "
               "%.3g, K=5 D=3 B=%zu %.3g; plain linear %.3g\n",
               ds[t].name, 100000 / scale, p1, 5000 / scale, p8,
               30000 / scale, ps, pl);
        CHECK(p1 >= 1e-5);
        CHECK(p8 >= 1e-5);
        CHECK(ps >= 1e-5);
        CHECK(pl < 1e-5);
    }
}

/* The batch form: b rows over the same k latents. For a fixed row the
 * elements are iid F, so KS over the elements of each row; and every row
 * bit-identical to cog_combine_iid of its weights. */
static void test_batch(void)
{
    enum { BK = 20, BD = 20000, BB = 6 };
    cogt_rng rng;
    const dist d = {"logistic", cog_logistic_cdf, cog_logistic_quantile, &LOGI};
    float *data = (float *)malloc((size_t)BK * BD * sizeof *data);
    float *outs = (float *)malloc((size_t)BB * BD * sizeof *outs);
    float *one = (float *)malloc((size_t)BD * sizeof *one);
    double *u = (double *)malloc((size_t)BD * sizeof *u);
    const float *x[BK];
    float *out[BB];
    double w[BB * BK];
    int i, r, same = 1;
    cogt_seed(&rng, 1104);
    for (i = 0; i < BK * BD; ++i) data[i] = draw(&d, &rng);
    for (i = 0; i < BK; ++i) x[i] = data + (size_t)i * BD;
    for (i = 0; i < BB * BK; ++i) w[i] = cogt_normal(&rng);
    for (i = 0; i < BK; ++i) w[2 * BK + i] = 0.0; /* an all-zero row */
    for (r = 0; r < BB; ++r) out[r] = outs + (size_t)r * BD;
    CHECK_STATUS(cog_combine_iid_batch(x, BK, BD, w, BB, d.cdf, d.inv, d.user, out),
                 COG_OK);
    for (r = 0; r < BB; ++r) {
        double p;
        CHECK_STATUS(cog_combine_iid(x, BK, BD, w + r * BK, d.cdf, d.inv, d.user, one),
                     COG_OK);
        if (memcmp(one, out[r], (size_t)BD * sizeof *one) != 0) same = 0;
        for (i = 0; i < BD; ++i) u[i] = d.cdf(out[r][i], d.user);
        p = cogt_ks_pvalue(ks_uniform(u, BD), BD);
        if (p < 1e-5) printf("test_iid: batch row %d KS p = %.3g\n", r, p);
        CHECK(p >= 1e-5);
    }
    CHECK(same);
    /* the all-zero row is the equal-weight row */
    {
        double eq[BK];
        for (i = 0; i < BK; ++i) eq[i] = 1.0;
        CHECK_STATUS(cog_combine_iid(x, BK, BD, eq, d.cdf, d.inv, d.user, one), COG_OK);
        CHECK(memcmp(one, out[2], (size_t)BD * sizeof *one) == 0);
    }
    /* in place: out == x[3] gives the same bits */
    memcpy(one, x[3], (size_t)BD * sizeof *one);
    CHECK_STATUS(cog_combine_iid(x, BK, BD, w, d.cdf, d.inv, d.user, data + 3 * (size_t)BD),
                 COG_OK);
    CHECK(memcmp(data + 3 * (size_t)BD, out[0], (size_t)BD * sizeof *one) == 0);
    free(data);
    free(outs);
    free(one);
    free(u);
}

/* k above the scratch (recomputed per row) agrees with a direct loop. */
static void test_big_k(void)
{
    enum { GK = 600, GD = 5, GB = 3 };
    cogt_rng rng;
    float *data = (float *)malloc((size_t)GK * GD * sizeof *data);
    const float **x = (const float **)malloc(GK * sizeof *x);
    double *w = (double *)malloc((size_t)GB * GK * sizeof *w);
    double *c = (double *)malloc(GK * sizeof *c);
    float outs[GB][GD];
    float *out[GB];
    int i, r, j, ok = 1;
    cogt_seed(&rng, 1105);
    for (i = 0; i < GK * GD; ++i) data[i] = (float)cogt_uniform(&rng);
    for (i = 0; i < GK; ++i) x[i] = data + (size_t)i * GD;
    for (i = 0; i < GB * GK; ++i) w[i] = cogt_normal(&rng);
    for (r = 0; r < GB; ++r) out[r] = outs[r];
    CHECK_STATUS(cog_combine_iid_batch(x, GK, GD, w, GB, cog_uniform_cdf,
                                       cog_uniform_quantile, &UNI, out), COG_OK);
    for (r = 0; r < GB; ++r) {
        double m;
        CHECK_STATUS(cog_coefficients(w + r * GK, GK, c, &m), COG_OK);
        for (j = 0; j < GD; ++j) {
            double h = 0.0, z;
            for (i = 0; i < GK; ++i)
                h += c[i] * cog_normal_quantile((double)x[i][j]);
            z = cog_normal_cdf(h);
            if (fabs(outs[r][j] - z) > 4 * FLT_EPSILON * z) ok = 0;
        }
    }
    CHECK(ok);
    free(data);
    free(x);
    free(w);
    free(c);
}

static double phi_cdf(double x, void *user)
{
    (void)user;
    return cog_normal_cdf(x);
}
static double phi_quantile(double p, void *user)
{
    (void)user;
    return cog_normal_quantile(p);
}

/* F = Phi: the iid path is the Gaussian cog_combine with mu = 0, to the
 * float rounding bound of cog_combine. */
static void test_gaussian_agrees(void)
{
    enum { GK = 7, GD = 5000 };
    cogt_rng rng;
    static float data[GK][GD], a[GD], b[GD];
    const float *x[GK];
    double w[GK], c[GK], m, worst = 0.0;
    int i, j;
    cogt_seed(&rng, 1106);
    for (i = 0; i < GK; ++i) {
        cogt_fill_normal(&rng, data[i], GD);
        x[i] = data[i];
        w[i] = cogt_normal(&rng);
    }
    CHECK_STATUS(cog_combine(x, GK, GD, w, NULL, 0, a), COG_OK);
    CHECK_STATUS(cog_combine_iid(x, GK, GD, w, phi_cdf, phi_quantile, NULL, b), COG_OK);
    CHECK_STATUS(cog_coefficients(w, GK, c, &m), COG_OK);
    for (j = 0; j < GD; ++j) {
        double s = 0.0, e;
        for (i = 0; i < GK; ++i) s += fabs(c[i] * x[i][j]);
        /* cog_combine's float bound plus the float rounding of b */
        e = fabs((double)a[j] - (double)b[j]) /
            ((GK + 2) * FLT_EPSILON * s + FLT_EPSILON * fabs(b[j]) + 1e-30);
        if (e > worst) worst = e;
    }
    printf("test_iid: F = Phi vs cog_combine: max |diff| %.2f of the float "
           "bound\n", worst);
    CHECK(worst <= 1.0);
}

/* Clamping at F = 0 and 1, and what the callbacks see. */
static double seen_lo = 1.0, seen_hi = 0.0;
static double spy_quantile(double p, void *user)
{
    if (p < seen_lo) seen_lo = p;
    if (p > seen_hi) seen_hi = p;
    return cog_uniform_quantile(p, user);
}
static double bad_cdf_value = 0.0;
static double bad_cdf(double x, void *user)
{
    (void)x;
    (void)user;
    return bad_cdf_value;
}
static double nan_quantile(double p, void *user)
{
    (void)p;
    (void)user;
    return NAN;
}

static void test_clamp_and_callbacks(void)
{
    float v[4] = {0.0f, 1.0f, 0.5f, 1e-30f}, o[4];
    const float *x[1];
    double w1 = 1.0;
    x[0] = v;
    CHECK_STATUS(cog_combine_iid(x, 1, 4, &w1, cog_uniform_cdf, spy_quantile, &UNI, o),
                 COG_OK);
    /* F = 0 -> DBL_MIN, F = 1 -> 1 - 2^-53: F^-1 never sees 0 or 1 */
    CHECK(seen_lo == DBL_MIN || fabs(seen_lo / DBL_MIN - 1.0) < 1e-12);
    CHECK(seen_hi == 1.0 - DBL_EPSILON / 2);
    CHECK(o[0] == 0.0f && o[1] == 1.0f);
    CHECK(fabs(o[2] - 0.5f) <= FLT_EPSILON && fabs(o[3] / 1e-30f - 1.0f) < 1e-5f);
    /* order kept at the clamp: F = 0 below a tiny F */
    CHECK(cog_normal_quantile(DBL_MIN) < cog_normal_quantile(1e-300));

    bad_cdf_value = NAN;
    CHECK_STATUS(cog_combine_iid(x, 1, 4, &w1, bad_cdf, cog_uniform_quantile, &UNI, o),
                 COG_ERR_NONFINITE);
    bad_cdf_value = 1.0 + DBL_EPSILON;
    CHECK_STATUS(cog_combine_iid(x, 1, 4, &w1, bad_cdf, cog_uniform_quantile, &UNI, o),
                 COG_ERR_ARG);
    bad_cdf_value = -0.0;
    CHECK_STATUS(cog_combine_iid(x, 1, 4, &w1, bad_cdf, cog_uniform_quantile, &UNI, o),
                 COG_OK);
    CHECK_STATUS(cog_combine_iid(x, 1, 4, &w1, cog_uniform_cdf, nan_quantile, &UNI, o),
                 COG_ERR_NONFINITE);
}

/* The pairs: closed forms checked at a few points, and F^-1(F(x)) == x. */
static void test_pairs(void)
{
    cog_uniform_params u = {-2.0, 3.0}, ubad = {1.0, 1.0};
    cog_logistic_params l = {1.0, 2.0}, lbad = {0.0, -1.0};
    cog_beta1_params be = {5.0}, bbad = {NAN};
    cog_exponential_params ex = {0.5}, ebad = {0.0};
    int i;
    CHECK_NEAR(cog_uniform_cdf(0.5, &u), 0.5, 1e-16);
    CHECK(cog_uniform_cdf(-3.0, &u) == 0.0 && cog_uniform_cdf(4.0, &u) == 1.0);
    CHECK_NEAR(cog_uniform_quantile(0.25, &u), -0.75, 1e-15);
    CHECK_NEAR(cog_logistic_cdf(1.0 + 2.0 * log(3.0), &l), 0.75, 1e-15);
    CHECK_NEAR(cog_logistic_cdf(-99.0, &l), 1.0 / (1.0 + exp(50.0)), 1e-36);
    CHECK_NEAR(cog_logistic_quantile(0.5, &l), 1.0, 0.0);
    CHECK_NEAR(cog_beta1_cdf(0.5, &be), 1.0 - 1.0 / 32.0, 1e-15);
    CHECK_NEAR(cog_beta1_quantile(1.0 - 1.0 / 32.0, &be), 0.5, 1e-15);
    CHECK_NEAR(cog_beta1_cdf(1e-20, &be), 5e-20, 1e-34);
    CHECK_NEAR(cog_exponential_cdf(2.0, &ex), 1.0 - exp(-1.0), 1e-15);
    CHECK_NEAR(cog_exponential_quantile(0.5, &ex), 2.0 * log(2.0), 1e-15);
    CHECK(cog_exponential_cdf(-1.0, &ex) == 0.0);
    CHECK(isnan(cog_uniform_cdf(0.5, &ubad)) && isnan(cog_uniform_quantile(0.5, &ubad)));
    CHECK(isnan(cog_logistic_cdf(0.5, &lbad)) && isnan(cog_logistic_quantile(0.5, &lbad)));
    CHECK(isnan(cog_beta1_cdf(0.5, &bbad)) && isnan(cog_beta1_quantile(0.5, &bbad)));
    CHECK(isnan(cog_exponential_cdf(0.5, &ebad)) && isnan(cog_exponential_quantile(0.5, &ebad)));
    CHECK(isnan(cog_uniform_cdf(0.5, NULL)) && isnan(cog_logistic_quantile(0.5, NULL)));
    for (i = 1; i < 1000; ++i) {
        const double p = i / 1000.0;
        CHECK_NEAR(cog_uniform_cdf(cog_uniform_quantile(p, &u), &u), p, 4e-16);
        CHECK_NEAR(cog_logistic_cdf(cog_logistic_quantile(p, &l), &l), p, 4e-16);
        CHECK_NEAR(cog_beta1_cdf(cog_beta1_quantile(p, &be), &be), p, 8e-16);
        CHECK_NEAR(cog_exponential_cdf(cog_exponential_quantile(p, &ex), &ex), p, 4e-16);
    }
}

static const cogt_test tests[] = {
    COGT_TEST(iid, special_values),
    COGT_TEST(iid, accuracy),
    COGT_TEST(iid, monotone),
    COGT_TEST(iid, round_trip),
    COGT_TEST(iid, pairs),
    COGT_TEST(iid, clamp_and_callbacks),
    COGT_TEST(iid, gaussian_agrees),
    COGT_TEST(iid, big_k),
    COGT_TEST(iid, batch),
    COGT_TEST(iid, protocol),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
