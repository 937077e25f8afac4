/* nao.c - Norm-Aware Optimization (see nao.h for the objective and the
 * choices made). One optimiser serves both uses: k paths from fixed start
 * latents to an end point that is either fixed (a path, k = 1) or a shared
 * free variable (the centroid). */
#include "nao.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void nao_default_options(nao_options *opt)
{
    opt->interior = 11;
    opt->lr = 0.01;
    opt->penalty = 1.0;
    opt->eps_scale = 1.5;
    opt->tol = 1e-5;
    opt->window = 20;
    opt->max_iter = 5000;
}

/* -log p_chi_D(r) = -(D-1) log r + r^2/2 + (D/2 - 1) log 2 + lgamma(D/2). */
static double chi_const(size_t dim)
{
    const double d = (double)dim;
    return (0.5 * d - 1.0) * log(2.0) + lgamma(0.5 * d);
}

double nao_chi_nll(double r, size_t dim)
{
    return -((double)dim - 1.0) * log(r) + 0.5 * r * r + chi_const(dim);
}

/* One segment a -> b: |d| f(|m|) + penalty relu(|d| - eps). Adds its
 * gradient to ga / gb where they are not NULL. */
static double segment(const double *a, const double *b, size_t dim,
                      double eps, double penalty, double cst, double *ga,
                      double *gb)
{
    double l2 = 0.0, m2 = 0.0, len, r, f, val, cl, cm;
    size_t j;
    for (j = 0; j < dim; ++j) {
        const double d = b[j] - a[j], m = 0.5 * (a[j] + b[j]);
        l2 += d * d;
        m2 += m * m;
    }
    len = sqrt(l2);
    r = sqrt(m2);
    if (!(r > 0.0)) return HUGE_VAL;
    f = -((double)dim - 1.0) * log(r) + 0.5 * m2 + cst;
    val = len * f + (len > eps ? penalty * (len - eps) : 0.0);
    if (!ga && !gb) return val;
    /* d|d|/db = d/|d|; d|m|/db = d|m|/da = m / (2|m|); f'(r) = r - (D-1)/r */
    cl = len > 0.0 ? (f + (len > eps ? penalty : 0.0)) / len : 0.0;
    cm = len * (r - ((double)dim - 1.0) / r) / (2.0 * r);
    for (j = 0; j < dim; ++j) {
        const double d = b[j] - a[j], m = 0.5 * (a[j] + b[j]);
        if (ga) ga[j] += -cl * d + cm * m;
        if (gb) gb[j] += cl * d + cm * m;
    }
    return val;
}

double nao_path_loss(const double *pts, size_t npts, size_t dim, double eps,
                     double penalty, double *grad)
{
    const double cst = chi_const(dim);
    double loss = 0.0;
    size_t s;
    if (grad) memset(grad, 0, npts * dim * sizeof *grad);
    for (s = 0; s + 1 < npts; ++s)
        loss += segment(pts + s * dim, pts + (s + 1) * dim, dim, eps, penalty,
                        cst, grad ? grad + s * dim : NULL,
                        grad ? grad + (s + 1) * dim : NULL);
    return loss;
}

/* k paths start_i -> (interior n points) -> end. The variables are the
 * k * n interior points, then (when end is NULL) the free end point. */
typedef struct problem {
    size_t k, n, dim;
    const double *start; /* k * dim */
    const double *end;   /* dim, or NULL: the end is the last variable */
    const double *eps;   /* k segment bounds */
    double penalty, cst;
} problem;

static double problem_loss(const problem *p, const double *v, double *g)
{
    const size_t dim = p->dim, n = p->n;
    const double *end = p->end ? p->end : v + p->k * n * dim;
    double *gend = p->end ? NULL : g + p->k * n * dim;
    double loss = 0.0;
    size_t i, s;
    memset(g, 0, (p->k * n + (p->end ? 0 : 1)) * dim * sizeof *g);
    for (i = 0; i < p->k; ++i) {
        const double *in = v + i * n * dim;
        double *gin = g + i * n * dim;
        loss += segment(p->start + i * dim, in, dim, p->eps[i], p->penalty,
                        p->cst, NULL, gin);
        for (s = 0; s + 1 < n; ++s)
            loss += segment(in + s * dim, in + (s + 1) * dim, dim, p->eps[i],
                            p->penalty, p->cst, gin + s * dim,
                            gin + (s + 1) * dim);
        loss += segment(in + (n - 1) * dim, end, dim, p->eps[i], p->penalty,
                        p->cst, gin + (n - 1) * dim, gend);
    }
    return loss;
}

/* Adam from v until the loss stops changing (nao.h); v holds the result. */
static int optimise(const problem *p, const nao_options *o, double *v,
                    size_t nv, double *work, nao_report *rep)
{
    double *g = work, *m = work + nv, *s = work + 2 * nv;
    double *hist = work + 3 * nv; /* window + 1 losses, a ring */
    const double b1 = 0.9, b2 = 0.999, ae = 1e-8;
    double b1t = 1.0, b2t = 1.0, loss = 0.0;
    const size_t w = (size_t)o->window;
    int t;
    size_t j;
    memset(m, 0, 2 * nv * sizeof *m);
    rep->converged = 0;
    for (t = 0;; ++t) {
        loss = problem_loss(p, v, g);
        if (!isfinite(loss)) return NAO_ERR_NONFINITE;
        if (t == 0) rep->loss_init = loss;
        hist[(size_t)t % (w + 1)] = loss;
        if ((size_t)t >= w &&
            fabs(hist[((size_t)t - w) % (w + 1)] - loss) <= o->tol * fabs(loss)) {
            rep->converged = 1;
            break;
        }
        if (t == o->max_iter) break;
        b1t *= b1;
        b2t *= b2;
        for (j = 0; j < nv; ++j) {
            m[j] = b1 * m[j] + (1.0 - b1) * g[j];
            s[j] = b2 * s[j] + (1.0 - b2) * g[j] * g[j];
            v[j] -= o->lr * (m[j] / (1.0 - b1t)) /
                    (sqrt(s[j] / (1.0 - b2t)) + ae);
        }
    }
    rep->iterations = t;
    rep->loss = loss;
    return NAO_OK;
}

static int options_ok(const nao_options *o)
{
    return o->interior >= 1 && o->interior <= 100000 && isfinite(o->lr) &&
           o->lr > 0.0 && isfinite(o->penalty) && o->penalty >= 0.0 &&
           isfinite(o->eps_scale) && o->eps_scale > 0.0 && isfinite(o->tol) &&
           o->tol >= 0.0 && o->window >= 1 && o->max_iter >= 0;
}

/* Copies a float latent to double; 0 if it is non-finite, sets *zero if it
 * is all zeros. */
static int widen(const float *x, size_t dim, double *out, int *zero)
{
    size_t j;
    int nz = 0;
    for (j = 0; j < dim; ++j) {
        if (!isfinite(x[j])) return 0;
        nz |= x[j] != 0.0f;
        out[j] = x[j];
    }
    if (!nz) *zero = 1;
    return 1;
}

/* Reference segment bound for a path a -> b (nao.h). */
static double eps_for(const double *a, const double *b, size_t dim,
                      size_t n, double scale)
{
    double ab = 0.0, aa = 0.0, bb = 0.0, dd = 0.0, c, theta;
    size_t j;
    for (j = 0; j < dim; ++j) {
        ab += a[j] * b[j];
        aa += a[j] * a[j];
        bb += b[j] * b[j];
        dd += (b[j] - a[j]) * (b[j] - a[j]);
    }
    c = ab / sqrt(aa * bb);
    theta = acos(c > 1.0 ? 1.0 : c < -1.0 ? -1.0 : c);
    return scale * fmax(sqrt(dd), theta * sqrt((double)dim - 1.0)) /
           (double)(n + 1);
}

/* The shared driver: k starts, a fixed end (end != NULL) or a free one
 * initialised at the starts' Euclidean centroid. out: the interior points
 * (fixed end) or the end point (free end). */
static int run(const float *const *x, size_t k, const float *end, size_t dim,
               const nao_options *opt, float *out, nao_report *rep)
{
    nao_options o;
    nao_report r;
    problem p;
    size_t nvar, nv, total, i, j, s;
    double *mem, *start, *fixed, *eps, *v, *work, *c;
    int zero = 0, st;
    if (opt) o = *opt;
    else nao_default_options(&o);
    if (!x || !out || dim < 2 || k == 0 || !options_ok(&o)) return NAO_ERR_ARG;
    for (i = 0; i < k; ++i)
        if (!x[i]) return NAO_ERR_ARG;
    /* sizes: variables nv = (k n + free) dim; memory for start, fixed end,
     * eps, v and Adam's g, m, s plus the loss ring */
    nvar = k * o.interior + (end ? 0 : 1);
    if (k > SIZE_MAX / o.interior / 2 || nvar > SIZE_MAX / dim / 8) return NAO_ERR_ARG;
    nv = nvar * dim;
    total = k * dim + dim + k + 4 * nv + (size_t)o.window + 1;
    if (total > SIZE_MAX / sizeof(double) || k * dim > SIZE_MAX / 8)
        return NAO_ERR_ARG;
    mem = (double *)malloc(total * sizeof(double));
    if (!mem) return NAO_ERR_MEMORY;
    start = mem;
    fixed = start + k * dim;
    eps = fixed + dim;
    v = eps + k;
    work = v + nv;
    for (i = 0; i < k; ++i)
        if (!widen(x[i], dim, start + i * dim, &zero)) {
            free(mem);
            return NAO_ERR_NONFINITE;
        }
    if (end && !widen(end, dim, fixed, &zero)) {
        free(mem);
        return NAO_ERR_NONFINITE;
    }
    if (zero) {
        free(mem);
        return NAO_ERR_ARG;
    }
    /* initial end point (the free one is the Euclidean centroid) */
    c = end ? fixed : v + k * o.interior * dim;
    if (!end) {
        for (j = 0; j < dim; ++j) {
            double acc = 0.0;
            for (i = 0; i < k; ++i) acc += start[i * dim + j];
            c[j] = acc / (double)k;
        }
    }
    /* LERP initial paths and their segment bounds */
    for (i = 0; i < k; ++i) {
        const double *a = start + i * dim;
        for (s = 0; s < o.interior; ++s) {
            const double t = (double)(s + 1) / (double)(o.interior + 1);
            double *pt = v + (i * o.interior + s) * dim;
            for (j = 0; j < dim; ++j) pt[j] = (1.0 - t) * a[j] + t * c[j];
        }
        eps[i] = eps_for(a, c, dim, o.interior, o.eps_scale);
    }
    p.k = k;
    p.n = o.interior;
    p.dim = dim;
    p.start = start;
    p.end = end ? fixed : NULL;
    p.eps = eps;
    p.penalty = o.penalty;
    p.cst = chi_const(dim);
    st = optimise(&p, &o, v, nv, work, &r);
    if (st == NAO_OK) {
        const double *src = end ? v : c;
        const size_t cnt = end ? o.interior * dim : dim;
        for (j = 0; j < cnt; ++j)
            if (!isfinite(src[j]) || fabs(src[j]) > FLT_MAX) st = NAO_ERR_NONFINITE;
        if (st == NAO_OK)
            for (j = 0; j < cnt; ++j) out[j] = (float)src[j];
    }
    if (st == NAO_OK && rep) *rep = r;
    free(mem);
    return st;
}

int nao_path(const float *a, const float *b, size_t dim,
             const nao_options *opt, float *out, nao_report *rep)
{
    const float *x[1];
    if (!a || !b) return NAO_ERR_ARG;
    x[0] = a;
    return run(x, 1, b, dim, opt, out, rep);
}

int nao_centroid(const float *const *x, size_t k, size_t dim,
                 const nao_options *opt, float *out, nao_report *rep)
{
    if (k < 2) return NAO_ERR_ARG;
    return run(x, k, NULL, dim, opt, out, rep);
}
