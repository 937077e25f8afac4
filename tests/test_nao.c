/* test_nao.c - the NAO baseline of the paper experiments
 * (examples/paper/nao.c): its chi density, its closed-form gradient against
 * central finite differences in double, and that the optimised paths and
 * centroids move to the norms an N(0, I) latent has. Prints the time per
 * path and per centroid at the sizes the experiments use.
 *
 * Gradient tolerance: central differences with h = 1e-4 on losses of order
 * 10..1000 have truncation error O(h^2 |f'''|) ~ 1e-9 and rounding error
 * ~ 1e-16 |loss| / h ~ 1e-9 (measured worst: 1e-8 relative); we require
 * |fd - analytic| <= 1e-6 * max(1, |analytic|). A wrong term (a missing
 * factor 1/2 on the midpoint, the hinge on the wrong side) is off by O(1). */
#include "../examples/paper/nao.h"
#include "test_util.h"

#include <time.h>

static double now_ms(void)
{
    return 1000.0 * (double)clock() / (double)CLOCKS_PER_SEC;
}

static double norm_d(const float *v, size_t n)
{
    double s = 0.0;
    size_t j;
    for (j = 0; j < n; ++j) s += (double)v[j] * v[j];
    return sqrt(s);
}

/* The chi density in the two cases with textbook closed forms. */
static void test_chi(void)
{
    const double pi = 3.14159265358979323846;
    double r;
    for (r = 0.25; r < 5.0; r += 0.5) {
        /* D = 2: Rayleigh, p = r exp(-r^2/2) */
        CHECK_NEAR(nao_chi_nll(r, 2), -log(r * exp(-0.5 * r * r)), 1e-12);
        /* D = 3: Maxwell, p = sqrt(2/pi) r^2 exp(-r^2/2) */
        CHECK_NEAR(nao_chi_nll(r, 3),
                   -log(sqrt(2.0 / pi) * r * r * exp(-0.5 * r * r)), 1e-12);
    }
    /* the density integrates to one for a large D (trapezoid over +-10 sd) */
    {
        const size_t d = 256;
        const double mode = sqrt(255.0);
        double acc = 0.0, h = 1e-3;
        for (r = mode - 8.0; r <= mode + 8.0; r += h)
            acc += h * exp(-nao_chi_nll(r, d));
        CHECK_NEAR(acc, 1.0, 1e-6);
    }
}

/* Analytic gradient of a whole path against central differences, with the
 * hinge active on some segments and not on others (eps chosen away from
 * every segment length so no difference straddles the kink). */
static void check_gradient(size_t npts, size_t dim, double scale,
                           uint64_t seed)
{
    const double h = 1e-4, pen = 1.7;
    double *p = (double *)malloc(npts * dim * sizeof *p);
    double *g = (double *)malloc(npts * dim * sizeof *g);
    double *len = (double *)malloc(npts * sizeof *len);
    double eps, worst = 0.0;
    size_t i, j, above = 0;
    cogt_rng rng;
    cogt_seed(&rng, seed);
    for (i = 0; i < npts * dim; ++i) p[i] = scale * cogt_normal(&rng);
    for (i = 0; i + 1 < npts; ++i) {
        double s = 0.0;
        for (j = 0; j < dim; ++j) {
            const double d = p[(i + 1) * dim + j] - p[i * dim + j];
            s += d * d;
        }
        len[i] = sqrt(s);
    }
    /* eps: the midpoint of the two middle segment lengths, sorted */
    qsort(len, npts - 1, sizeof *len, cogt_cmp_double);
    eps = 0.5 * (len[(npts - 1) / 2 - 1] + len[(npts - 1) / 2]);
    for (i = 0; i + 1 < npts; ++i) {
        CHECK(fabs(len[i] - eps) > 10.0 * h);
        above += len[i] > eps;
    }
    CHECK(above > 0 && above < npts - 1);
    nao_path_loss(p, npts, dim, eps, pen, g);
    for (i = 0; i < npts * dim; ++i) {
        const double keep = p[i];
        double lp, lm, fd, err;
        p[i] = keep + h;
        lp = nao_path_loss(p, npts, dim, eps, pen, NULL);
        p[i] = keep - h;
        lm = nao_path_loss(p, npts, dim, eps, pen, NULL);
        p[i] = keep;
        fd = (lp - lm) / (2.0 * h);
        err = fabs(fd - g[i]) / fmax(1.0, fabs(g[i]));
        if (err > worst) worst = err;
    }
    CHECK(worst <= 1e-6);
    printf("gradient npts=%zu dim=%zu: worst relative difference %.2e\n",
           npts, dim, worst);
    free(p);
    free(g);
    free(len);
}

/* NAO between two random latents (scaled by `scale`: 1 for sampled ones,
 * below 1 for the short norms of under-inverted latents): every interior
 * point ends closer to the chi mode than its LERP start, the loss drops,
 * the optimiser stopped by its rule, and the points stay in order along
 * the path. */
static void check_path(size_t dim, double scale, uint64_t seed)
{
    nao_options o;
    nao_report rep;
    const double mode = sqrt((double)dim - 1.0);
    float *a = (float *)malloc(dim * sizeof *a);
    float *b = (float *)malloc(dim * sizeof *b);
    float *out, *lerp;
    size_t i, j;
    double t0, ms, along[64];
    cogt_rng rng;
    nao_default_options(&o);
    out = (float *)malloc(o.interior * dim * sizeof *out);
    lerp = (float *)malloc(o.interior * dim * sizeof *lerp);
    cogt_seed(&rng, seed);
    cogt_fill_normal(&rng, a, dim);
    cogt_fill_normal(&rng, b, dim);
    for (j = 0; j < dim; ++j) {
        a[j] = (float)(scale * a[j]);
        b[j] = (float)(scale * b[j]);
    }
    for (i = 0; i < o.interior; ++i) {
        const double t = (double)(i + 1) / (double)(o.interior + 1);
        for (j = 0; j < dim; ++j)
            lerp[i * dim + j] = (float)((1.0 - t) * a[j] + t * b[j]);
    }
    t0 = now_ms();
    CHECK_STATUS(nao_path(a, b, dim, &o, out, &rep), NAO_OK);
    ms = now_ms() - t0;
    CHECK(rep.converged);
    CHECK(rep.loss < rep.loss_init);
    for (i = 0; i < o.interior; ++i) {
        const double r0 = norm_d(lerp + i * dim, dim);
        const double r1 = norm_d(out + i * dim, dim);
        CHECK(fabs(r1 - mode) < fabs(r0 - mode));
        /* the middle of the path ends within 5% of the mode */
        if (i == o.interior / 2) CHECK(fabs(r1 - mode) < 0.05 * mode);
        /* ordered: the coordinate along b - a increases point by point */
        along[i] = 0.0;
        for (j = 0; j < dim; ++j)
            along[i] += (double)out[i * dim + j] * ((double)b[j] - a[j]);
        if (i > 0) CHECK(along[i] > along[i - 1]);
    }
    printf("path dim=%zu scale=%.2f: %d iterations (%s), loss %.1f -> %.1f, "
           "middle norm %.2f (LERP %.2f, chi mode %.2f), %.1f ms\n",
           dim, scale, rep.iterations, rep.converged ? "converged" : "capped",
           rep.loss_init, rep.loss, norm_d(out + (o.interior / 2) * dim, dim),
           norm_d(lerp + (o.interior / 2) * dim, dim), mode, ms);
    free(a);
    free(b);
    free(out);
    free(lerp);
}

/* NAO centroid of k latents: nearer the chi mode than the Euclidean
 * centroid, and still pointing roughly the Euclidean centroid's way (not
 * exactly: the sum of path lengths is minimised by a median-like point,
 * not the mean direction; with k = 25 nearly orthogonal latents the cosine
 * is about 0.8). */
static void check_centroid(size_t k, size_t dim, uint64_t seed)
{
    nao_report rep;
    const double mode = sqrt((double)dim - 1.0);
    float *x = (float *)malloc(k * dim * sizeof *x);
    const float **xp = (const float **)malloc(k * sizeof *xp);
    float *c = (float *)malloc(dim * sizeof *c);
    float *e = (float *)malloc(dim * sizeof *e);
    double t0, ms, ce = 0.0, re, rc;
    size_t i, j;
    cogt_rng rng;
    cogt_seed(&rng, seed);
    cogt_fill_normal(&rng, x, k * dim);
    for (i = 0; i < k; ++i) xp[i] = x + i * dim;
    for (j = 0; j < dim; ++j) {
        double s = 0.0;
        for (i = 0; i < k; ++i) s += x[i * dim + j];
        e[j] = (float)(s / (double)k);
    }
    t0 = now_ms();
    CHECK_STATUS(nao_centroid(xp, k, dim, NULL, c, &rep), NAO_OK);
    ms = now_ms() - t0;
    CHECK(rep.loss < rep.loss_init);
    re = norm_d(e, dim);
    rc = norm_d(c, dim);
    for (j = 0; j < dim; ++j) ce += (double)c[j] * e[j];
    ce /= re * rc;
    CHECK(fabs(rc - mode) < 0.5 * fabs(re - mode));
    CHECK(ce > 0.7);
    printf("centroid k=%zu dim=%zu: %d iterations (%s), norm %.2f "
           "(Euclidean %.2f, chi mode %.2f), cosine to Euclidean %.3f, "
           "%.1f ms\n",
           k, dim, rep.iterations, rep.converged ? "converged" : "capped",
           rc, re, mode, ce, ms);
    free(x);
    free(xp);
    free(c);
    free(e);
}

static void test_bad_input(void)
{
    float a[4] = {1, 2, 3, 4}, b[4] = {-1, 0.5f, 2, 1}, z[4] = {0, 0, 0, 0};
    float out[4 * 11], keep[4 * 11];
    const float *x[2];
    nao_options o;
    size_t i;
    for (i = 0; i < 4 * 11; ++i) out[i] = keep[i] = 42.0f;
    nao_default_options(&o);
    CHECK_STATUS(nao_path(NULL, b, 4, NULL, out, NULL), NAO_ERR_ARG);
    CHECK_STATUS(nao_path(a, b, 4, NULL, NULL, NULL), NAO_ERR_ARG);
    CHECK_STATUS(nao_path(a, b, 1, NULL, out, NULL), NAO_ERR_ARG);
    CHECK_STATUS(nao_path(a, z, 4, NULL, out, NULL), NAO_ERR_ARG);
    o.lr = -1.0;
    CHECK_STATUS(nao_path(a, b, 4, &o, out, NULL), NAO_ERR_ARG);
    nao_default_options(&o);
    o.interior = 0;
    CHECK_STATUS(nao_path(a, b, 4, &o, out, NULL), NAO_ERR_ARG);
    b[2] = (float)NAN;
    CHECK_STATUS(nao_path(a, b, 4, NULL, out, NULL), NAO_ERR_NONFINITE);
    b[2] = 2.0f;
    x[0] = a;
    x[1] = b;
    CHECK_STATUS(nao_centroid(x, 1, 4, NULL, out, NULL), NAO_ERR_ARG);
    x[1] = NULL;
    CHECK_STATUS(nao_centroid(x, 2, 4, NULL, out, NULL), NAO_ERR_ARG);
    CHECK(memcmp(out, keep, sizeof out) == 0);
}

static void test_gradient(void)
{
    check_gradient(6, 7, 1.0, 1);
    check_gradient(13, 64, 1.0, 2);
    check_gradient(5, 256, 0.5, 3); /* short norms: f' large */
}

static void test_path(void)
{
    check_path(256, 1.0, 10);
    check_path(256, 0.8, 11);
    check_path(1024, 1.0, 12);
}

static void test_centroid(void)
{
    check_centroid(5, 256, 20);
    check_centroid(25, 256, 21);
}

static const cogt_test tests[] = {
    COGT_TEST(nao, chi),
    COGT_TEST(nao, gradient),
    COGT_TEST(nao, path),
    COGT_TEST(nao, centroid),
    COGT_TEST(nao, bad_input),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
