/* cli_combine.c - cog interp, combine and centroid: weights on latents,
 * through COG (or plain, or with --dist the iid COG). */

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *help_interp =
    "cog interp A B (--steps N | --t T[,T...]) [--method cog|lerp|slerp|cog-slerp]\n"
    "           [--mean M] [--dist D] -o OUT\n"
    "  --steps N: N >= 2 latents at t_i = i/(N-1), endpoints included: shape\n"
    "  (N, *S). --t T: the one latent at t = T (shape S), e.g. --t 0.3 for a\n"
    "  variation of strength 0.3 towards B; --t T1,T2,...: those points,\n"
    "  shape (M, *S). Any finite t (outside 0..1 extrapolates).\n"
    "  A B are two latents: two files, or FILE@I FILE@J, or one file holding 2.\n"
    "  cog: LERP weights (1-t, t) through COG (default). lerp: plain LERP.\n"
    "  slerp: plain SLERP. cog-slerp: SLERP weights through COG.\n"
    "  --mean M: the latent mean mu for COG, a number or a file of shape S\n"
    "  (default 0).\n";

static const char *help_combine =
    "cog combine --weights W LATENTS... [--method cog|linear] [--mean M]\n"
    "            [--dist D] -o OUT\n"
    "  W: a file, or inline numbers: '1,-1,1' (shape (K,)) or '1,0;0.5,0.5'\n"
    "  (rows, shape (B, K)). (K,) gives one latent of shape S, (B, K) gives\n"
    "  (B, *S). cog: the COG transform (default); linear: the plain sum.\n"
    "  All-zero weights give the COG centroid (the authors' convention).\n";

static const char *help_centroid =
    "cog centroid LATENTS... [--method cog|euclidean|standardized|mode-norm]\n"
    "             [--mean M] [--dist D] -o OUT\n"
    "  cog: the COG centroid sum x_i / sqrt(K) (with mu: plus (1 - sqrt(K)) mu).\n"
    "  euclidean: the mean; standardized: the mean shifted and scaled to mean 0,\n"
    "  std 1 over its elements; mode-norm: the mean rescaled to norm sqrt(D-2).\n";

/* Every element inside the distribution's support: data outside it means
 * the wrong --dist (or parameters), not a latent to clamp silently. */
void check_support(const cli_latents *L, const cli_dist *d)
{
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    size_t i, j;
    if (!d->spec) return;
    if (d->cdf == cog_uniform_cdf) {
        lo = d->par.u.lo;
        hi = d->par.u.hi;
    } else if (d->cdf == cog_beta1_cdf) {
        lo = 0.0;
        hi = 1.0;
    } else if (d->cdf == cog_exponential_cdf) {
        lo = 0.0;
    }
    for (i = 0; i < L->k; ++i)
        for (j = 0; j < L->dim; ++j) {
            const double v = L->x[i][j];
            if (!(v >= lo && v <= hi))
                data_error("%s: latent %lu, element %lu = %g lies outside "
                           "[%g, %g], the support of --dist %s (wrong "
                           "distribution or parameters?)",
                           L->files[0].path, (unsigned long)i,
                           (unsigned long)j, v, lo, hi, d->spec);
        }
}

/* Combine b rows of weights w (b x k) with the method: COG or plain, or
 * with a --dist the iid COG. */
float *combine_rows(const cli_latents *L, const double *w, size_t b,
                    int plain, const cli_mean *mean, const cli_dist *dist)
{
    float *out = (float *)xmalloc(b, L->dim * sizeof(float));
    float **rows = out_rows(out, b, L->dim);
    cog_result r;
    if (dist && dist->spec) {
        r = cog_combine_iid_batch(L->x, L->k, L->dim, w, b, dist->cdf,
                                  dist->quantile, (void *)&dist->par,
                                  (float *const *)rows);
        free(rows);
        if (r == COG_ERR_NONFINITE)
            data_error("%s: NaN/Inf in the latents, or a combination outside "
                       "the float range, for --dist %s",
                       L->files[0].path, dist->spec);
        check_cog(r, "combine");
        return out;
    }
    if (plain)
        r = cog_linear_batch(L->x, L->k, L->dim, w, b,
                             (float *const *)rows);
    else { /* scratch: batches of many latents at full speed */
        void *scratch = xmalloc(1, COG_BATCH_SCRATCH_BYTES);
        r = cog_combine_batch_scratch(L->x, L->k, L->dim, w, b,
                                      mean ? mean->v : NULL,
                                      mean ? mean->len : 0,
                                      (float *const *)rows, scratch,
                                      COG_BATCH_SCRATCH_BYTES);
        free(scratch);
    }
    free(rows);
    check_cog(r, "combine");
    return out;
}

int cmd_interp(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_mean mean;
    size_t steps, i;
    int method;
    double *w, *ts = NULL, theta = 0.0;
    float *res;
    cli_dist dist;
    cli_parse(argc, argv, "out steps t method mean dist", &o);
    maybe_help_dist(&o, help_interp);
    method = parse_method_dist(&o, "cog|lerp|slerp|cog-slerp", &dist);
    if (!o.steps == !o.t)
        usage_error("give --steps N (a path, t = 0..1) or --t T[,T...] (the "
                    "points at those t)");
    if (o.steps) {
        steps = parse_size("--steps", o.steps, 2, (size_t)1 << 24);
    } else { /* --t 0.3 or --t 0.1,0.5,0.9: any finite t */
        const char *p = o.t;
        steps = 1;
        for (; *p; ++p) steps += *p == ',';
        ts = (double *)xmalloc(steps, sizeof *ts);
        for (i = 0, p = o.t; i < steps; ++i) {
            char tmp[64];
            if (!list_item(&p, tmp, sizeof tmp))
                usage_error("--t %s: need numbers like 0.3 or 0.25,0.5", o.t);
            if (!parse_double(tmp, &ts[i]))
                usage_error("--t %s: '%s' is not a finite number", o.t, tmp);
        }
    }
    out = declare_output("-o", o.out);
    if (o.npos == 0 || o.npos > 2)
        usage_error("need two latents A B (or one file holding 2)");
    load_latents(o.pos, o.npos, &L);
    if (L.k != 2) {
        char what[400];
        describe_latents(what, sizeof what, &L);
        data_error("%s; interp needs exactly 2 (pick them with FILE@I, or "
                   "see --latent-dims in cog --help)",
                   what);
    }
    check_support(&L, &dist);
    read_mean(o.mean, L.dim, &mean);
    if (method == M_SLERP || method == M_COG_SLERP) {
        cog_result r = cog_slerp_angle(L.x[0], L.x[1], L.dim, &theta);
        if (r == COG_ERR_ZERO_NORM)
            data_error("%s: a latent is all zeros, SLERP has no direction",
                       L.files[0].path);
        check_cog(r, "slerp");
    }
    w = (double *)xmalloc(steps, 2 * sizeof(double));
    memset(w, 0, steps * 2 * sizeof(double)); /* every row is set below */
    for (i = 0; i < steps; ++i) {
        const double t = ts ? ts[i] : (double)i / (double)(steps - 1);
        cog_result r = (method == M_SLERP || method == M_COG_SLERP)
                           ? cog_slerp_weights(theta, t, w + 2 * i)
                           : cog_lerp_weights(t, w + 2 * i);
        if (r == COG_ERR_ANTIPODAL)
            data_error("%s: the two latents are (nearly) opposite, the "
                       "SLERP path is not unique",
                       L.files[0].path);
        check_cog(r, "weights");
    }
    res = combine_rows(&L, w, steps, method == M_LERP || method == M_SLERP,
                       &mean, &dist);
    /* --t with one value: one latent, shape S; else (N, *S) */
    write_latents(out, res, &steps, ts && steps == 1 ? 0 : 1, &L);
    commit_outputs();
    free(res);
    free(ts);
    free(w);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

int cmd_combine(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array W;
    cli_mean mean;
    size_t b;
    int method, from_file;
    float *res;
    cli_dist dist;
    cli_parse(argc, argv, "out weights method mean dist", &o);
    maybe_help_dist(&o, help_combine);
    method = parse_method_dist(&o, "cog|linear", &dist);
    if (!o.weights) usage_error("missing --weights W");
    out = declare_output("-o", o.out);
    if (o.npos == 0) usage_error("no latents given");
    from_file = read_numbers("--weights", o.weights, &W);
    load_latents(o.pos, o.npos, &L);
    b = weight_rows(&W, L.k, from_file, "weights");
    check_support(&L, &dist);
    read_mean(o.mean, L.dim, &mean);
    res = combine_rows(&L, W.d, b, method == M_LINEAR, &mean, &dist);
    write_latents(out, res, &b, W.ndim == 2 ? 1 : 0, &L);
    commit_outputs();
    free(res);
    free_array(&W);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

int cmd_centroid(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_mean mean;
    int method;
    float *res;
    cog_result r;
    cli_dist dist;
    cli_parse(argc, argv, "out method mean dist", &o);
    maybe_help_dist(&o, help_centroid);
    method = parse_method_dist(&o, "cog|euclidean|standardized|mode-norm",
                               &dist);
    out = declare_output("-o", o.out);
    if (o.npos == 0) usage_error("no latents given");
    load_latents(o.pos, o.npos, &L);
    if (L.k == 1) {
        char what[400];
        describe_latents(what, sizeof what, &L);
        note("%s, and the centroid of one latent is that latent (give "
             "several files or a batch to average several)",
             what);
    }
    check_support(&L, &dist);
    read_mean(o.mean, L.dim, &mean);
    res = (float *)xmalloc(L.dim, sizeof *res);
    if (method == M_STD && L.dim < 2)
        data_error("%s: latents of %lu element; standardized needs >= 2",
                   L.files[0].path, (unsigned long)L.dim);
    if (method == M_MODE && L.dim < 3)
        data_error("%s: latents of %lu elements; mode-norm needs >= 3",
                   L.files[0].path, (unsigned long)L.dim);
    switch (method) {
    case M_EUCLID: r = cog_centroid_euclidean(L.x, L.k, L.dim, res); break;
    case M_STD: r = cog_centroid_standardized(L.x, L.k, L.dim, res); break;
    case M_MODE: r = cog_centroid_mode_norm(L.x, L.k, L.dim, res); break;
    default: {
        double *w = (double *)xmalloc(L.k, sizeof *w);
        r = cog_centroid_weights(L.k, w);
        if (r == COG_OK && dist.spec) {
            free(res);
            res = combine_rows(&L, w, 1, 0, NULL, &dist);
        } else if (r == COG_OK) {
            r = cog_combine(L.x, L.k, L.dim, w, mean.v, mean.len, res);
        }
        free(w);
    }
    }
    if (r == COG_ERR_ZERO_NORM)
        data_error("%s: the Euclidean centroid is %s, it cannot be rescaled",
                   L.files[0].path,
                   method == M_STD ? "constant" : "all zeros");
    check_cog(r, "centroid");
    write_latents(out, res, NULL, 0, &L);
    commit_outputs();
    free(res);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}
