/* cli_subspace.c - cog subspace and cog project: coordinates in the QR
 * basis of the latents, grids in the plane of three of them. */

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *help_subspace =
    "cog subspace LATENTS... (--coords C | --grid I,J --steps N [--origin O]\n"
    "             [--grid-kind affine|tangent] [--extent E]) [--allow-repeats]\n"
    "             [--weights-out W] [--method cog|linear] [--mean M] [--tol T]\n"
    "             [--dist D] -o OUT\n"
    "  Coordinates are in the QR basis of the K latents (R with positive\n"
    "  diagonal: axis 0 along latent 0, axis 1 along the part of latent 1\n"
    "  orthogonal to it, ...). Weights on the latents are R^-1 s (a latent that\n"
    "  is a combination of earlier ones adds no axis and gets weight 0), then COG.\n"
    "  --coords C: a file or inline list, (K,) -> one latent, (B, K) -> (B, *S).\n"
    "  --grid I,J --steps N: an N x N grid (N >= 2) in the plane of latents O\n"
    "  (--origin, default 0), I and J (three different latents, 0-based), of\n"
    "  pairwise distinct latents, every one typical. Output (N, N, *S) (a\n"
    "  .latent output is the flat ComfyUI batch (N*N, *S), element a*N + b).\n"
    "    --grid-kind affine (default): element [a, b] has weights (1-u-v, u, v)\n"
    "    on latents (O, I, J), u = E a/(N-1), v = E b/(N-1): with --extent E = 1\n"
    "    (default) the corners are O, I, J and I + J - O, all made valid.\n"
    "    --grid-kind tangent: a grid centred on latent O: its coordinates c plus\n"
    "    |c| (u e1 + v e2), e1 and e2 the unit directions from c towards latents\n"
    "    I and J (orthogonal to c and to each other), u and v in [-E, E]\n"
    "    (default E = 1: up to 45 degrees from O along the axes); for odd N the\n"
    "    centre is O itself.\n"
    "  Why not a sweep over coordinate ranges: COG is scale-invariant (mu = 0),\n"
    "  so coordinates on one ray from 0 give one latent; such a grid repeats\n"
    "  cells. Rows of --coords that give the same or opposite latents (or the\n"
    "  all-zero point, which COG turns into the centroid) are reported as an\n"
    "  error; --allow-repeats writes them anyway.\n"
    "  --weights-out W: the weights used, (K,), (B, K) or (N, N, K), float64.\n"
    "  --tol T: relative rank tolerance (default 1e-5).\n"
    "  With --dist the QR basis is that of the latents mapped to N(0, 1)\n"
    "  (Phi^-1(F(x))), where they are Gaussian.\n";

static const char *help_project =
    "cog project LATENTS... --latent Y [--tol T] -o COORDS\n"
    "  Coordinates of Y in the QR basis of the latents (see cog subspace), as\n"
    "  float64: Y is split into latents by the same rule as LATENTS (cog --help);\n"
    "  (K,) for one latent, (*lead, K) for a batch or grid (its leading axes\n"
    "  kept). Feeding them to cog subspace --coords gives the COG latent of the\n"
    "  orthogonal projection of Y onto the span of the latents.\n";

/* The latents mapped to N(0, 1) element by element, Phi^-1(F(x)) with the
 * probabilities clamped as cog_combine_iid does, for building a subspace
 * in the domain where the latents are Gaussian. */
static float *normal_domain(const cli_latents *L, const cli_dist *d)
{
    float *g = (float *)xmalloc(L->k, L->dim * sizeof(float));
    size_t i, j;
    for (i = 0; i < L->k; ++i)
        for (j = 0; j < L->dim; ++j) {
            double p = d->cdf((double)L->x[i][j], (void *)&d->par);
            if (!(p >= 0.0 && p <= 1.0))
                data_error("%s: latent %lu, element %lu = %g is not a number "
                           "the distribution %s can give (F = %g)",
                           L->files[0].path, (unsigned long)i, (unsigned long)j,
                           (double)L->x[i][j], d->spec, p);
            if (p < DBL_MIN) p = DBL_MIN;
            if (p > 1.0 - DBL_EPSILON / 2) p = 1.0 - DBL_EPSILON / 2;
            g[i * L->dim + j] = (float)cog_normal_quantile(p);
        }
    return g;
}

/* The subspace of the latents; with a --dist (gdata non-NULL: the latents
 * in the normal domain, see normal_domain) the subspace of those, where
 * the latents are Gaussian and the geometry is the Gaussian case's. */
static void make_subspace(const cli_latents *L, const char *tol_s,
                          cog_subspace *sub, const float *gdata)
{
    double tol = 0.0;
    cog_result r;
    const float **g = NULL;
    size_t i;
    if (tol_s && (!parse_double(tol_s, &tol) || tol < 0.0 || tol >= 1.0))
        usage_error("--tol %s: need a number in [0, 1)", tol_s);
    if (gdata) {
        g = (const float **)xmalloc(L->k, sizeof *g);
        for (i = 0; i < L->k; ++i) g[i] = gdata + i * L->dim;
    }
    /* the subspace keeps the basis pointers (not the array of them) */
    r = cog_subspace_create(sub, g ? g : L->x, L->k, L->dim, tol, NULL);
    free((void *)g);
    if (r == COG_ERR_ZERO_NORM)
        data_error("%s: every latent is all zeros, they span nothing",
                   L->files[0].path);
    check_cog(r, "subspace");
    if (sub->rank < L->k)
        note("the %lu latents span only %lu dimensions (rank %lu); latents "
             "that are combinations of earlier ones get weight 0",
             (unsigned long)L->k, (unsigned long)sub->rank,
             (unsigned long)sub->rank);
}

#define CLI_MAX_GRID_STEPS 128 /* 16384 cells, all pairs compared */

/* prefix and "[a, b]", cell i of a grid of ncols columns, or "i" (ncols 0:
 * rows). */
static void cell_name(char *out, size_t cap, const char *prefix, size_t i,
                      size_t ncols)
{
    if (ncols)
        snprintf(out, cap, "%s[%lu, %lu]", prefix, (unsigned long)(i / ncols),
                 (unsigned long)(i % ncols));
    else
        snprintf(out, cap, "%s%lu", prefix, (unsigned long)i);
}

/* Cells (rows of weights w, b x k) that are one latent: their points R w
 * on one ray (same latent) or opposite rays (opposite latent), or at 0
 * (COG gives the centroid). An error naming the first pair, unless
 * allowed. ncols > 0: cells of an N x ncols grid (named [a,b]). */
static void check_repeats(const cog_subspace *sub, const double *w, size_t b,
                          size_t ncols, int allow, const char *what)
{
    const size_t k = sub->k;
    double *p;
    size_t c, d, m, l, pairs = 0, first[2] = {0, 0}, zero = (size_t)-1;
    int opposite = 0;
    if (b > (size_t)CLI_MAX_GRID_STEPS * CLI_MAX_GRID_STEPS) {
        note("%lu rows: not checked for repeated latents (more than %d)",
             (unsigned long)b, CLI_MAX_GRID_STEPS * CLI_MAX_GRID_STEPS);
        return;
    }
    p = (double *)xmalloc(b, k * sizeof *p);
    for (c = 0; c < b; ++c) {
        double nn = 0.0, beta = 0.0;
        for (m = 0; m < k; ++m) {
            double acc = 0.0;
            beta += w[c * k + m] * w[c * k + m];
            for (l = 0; l < k; ++l) acc += sub->r[m * k + l] * w[c * k + l];
            p[c * k + m] = acc;
            nn += acc * acc;
        }
        nn = sqrt(nn);
        for (m = 0; m < k; ++m)
            p[c * k + m] = nn > 0.0 ? p[c * k + m] / nn : 0.0;
        /* COG's all-zero rule (cog.h): such weights give the centroid */
        if ((!(nn > 0.0) || beta < COG_ZERO_BETA) && zero == (size_t)-1)
            zero = c;
    }
    for (c = 0; c < b; ++c)
        for (d = 0; d < c; ++d) {
            double dot = 0.0;
            for (m = 0; m < k; ++m) dot += p[c * k + m] * p[d * k + m];
            if (fabs(dot) >= 1.0 - 1e-9) {
                if (!pairs++) {
                    first[0] = d;
                    first[1] = c;
                    opposite = dot < 0.0;
                }
            }
        }
    free(p);
    if (zero == (size_t)-1 && pairs == 0) return;
    {
        char n0[64], n1[64], msg[600];
        if (zero != (size_t)-1) {
            cell_name(n0, sizeof n0, ncols ? "cell " : "row ", zero, ncols);
            snprintf(msg, sizeof msg, "%s: %s is the point 0, which COG turns "
                     "into the centroid of the latents", what, n0);
        } else {
            cell_name(n0, sizeof n0, ncols ? "cells " : "rows ", first[0],
                      ncols);
            cell_name(n1, sizeof n1, "", first[1], ncols);
            snprintf(msg, sizeof msg, "%s: %s and %s give %s latent (their "
                     "points lie on one line through 0, and COG is "
                     "scale-invariant); %lu such pair%s",
                     what, n0, n1, opposite ? "the opposite" : "the same",
                     (unsigned long)pairs, pairs == 1 ? "" : "s");
        }
        if (!allow)
            data_error("%s. Use a grid of cog subspace --grid, or "
                       "--allow-repeats to write them anyway", msg);
        note("%s (written: --allow-repeats)", msg);
    }
}

/* --grid I,J --steps N [--origin O] [--grid-kind K] [--extent E]. */
static void parse_grid(const cli_opts *o, size_t *gi, size_t *gj,
                       size_t *origin, size_t *n, cog_grid_kind *kind,
                       double *extent)
{
    const char *comma = strchr(o->grid, ',');
    char tmp[32];
    if (!comma || (size_t)(comma - o->grid) >= sizeof tmp)
        usage_error("--grid %s: need two latents I,J", o->grid);
    memcpy(tmp, o->grid, (size_t)(comma - o->grid));
    tmp[comma - o->grid] = '\0';
    *gi = parse_size("--grid", tmp, 0, 1u << 20);
    *gj = parse_size("--grid", comma + 1, 0, 1u << 20);
    *n = parse_size("--steps", o->steps, 2, CLI_MAX_GRID_STEPS);
    *origin = o->origin ? parse_size("--origin", o->origin, 0, 1u << 20) : 0;
    *kind = COG_GRID_AFFINE;
    if (o->grid_kind) {
        if (strcmp(o->grid_kind, "tangent") == 0) *kind = COG_GRID_TANGENT;
        else if (strcmp(o->grid_kind, "affine") != 0)
            usage_error("--grid-kind %s: unknown (choose affine or tangent)",
                        o->grid_kind);
    }
    *extent = 1.0;
    if (o->extent && (!parse_double(o->extent, extent) || *extent <= 0.0))
        usage_error("--extent %s: need a number > 0", o->extent);
    if (*gi == *gj || *gi == *origin || *gj == *origin)
        usage_error("--grid %s with --origin %lu: the grid spans the plane "
                    "of latents O, I and J, which must be three different "
                    "latents (e.g. --grid 1,2 with the default --origin 0)",
                    o->grid, (unsigned long)*origin);
}

int cmd_subspace(int argc, char **argv)
{
    cli_opts o;
    cli_out *out, *wout = NULL;
    cli_latents L;
    cli_array C;
    cli_mean mean;
    cog_subspace sub;
    size_t b, i, k, lead[2], nlead;
    size_t wshape[3], wndim;
    int method;
    double *w;
    float *res, *gdata = NULL;
    cli_dist dist;
    cli_parse(argc, argv,
              "out coords grid steps origin weights-out method mean tol dist "
              "grid-kind extent allow-repeats",
              &o);
    maybe_help_dist(&o, help_subspace);
    method = parse_method_dist(&o, "cog|linear", &dist);
    if (!!o.coords == !!o.grid)
        usage_error("give either --coords C or --grid I,J --steps N");
    if (o.coords && (o.steps || o.origin || o.grid_kind || o.extent))
        usage_error("--steps, --origin, --grid-kind and --extent go with "
                    "--grid");
    if (o.grid && !o.steps) usage_error("--grid needs --steps N");
    out = declare_output("-o", o.out);
    if (o.weights_out) wout = declare_output("--weights-out", o.weights_out);
    if (o.npos == 0) usage_error("no latents given");
    memset(&C, 0, sizeof C);

    if (o.coords) {
        int from_file = read_numbers("--coords", o.coords, &C);
        load_latents(o.pos, o.npos, &L);
        check_support(&L, &dist);
        k = L.k;
        b = weight_rows(&C, k, from_file, "coordinates");
        if (dist.spec) gdata = normal_domain(&L, &dist);
        make_subspace(&L, o.tol, &sub, gdata);
        w = (double *)xmalloc(b, k * sizeof *w);
        for (i = 0; i < b; ++i)
            check_cog(cog_subspace_weights(&sub, C.d + i * k, w + i * k),
                      "subspace weights");
        nlead = C.ndim == 2 ? 1 : 0;
        lead[0] = b;
        wndim = C.ndim;
        wshape[0] = C.shape[0];
        wshape[1] = C.ndim == 2 ? C.shape[1] : 0;
    } else {
        size_t gi, gj, origin, n;
        double extent;
        cog_grid_kind kind;
        cog_result r;
        parse_grid(&o, &gi, &gj, &origin, &n, &kind, &extent);
        load_latents(o.pos, o.npos, &L);
        check_support(&L, &dist);
        k = L.k;
        if (gi >= k || gj >= k || origin >= k) {
            char what[400];
            describe_latents(what, sizeof what, &L);
            usage_error("--grid %s --origin %lu: latents are 0..%lu (%s)",
                        o.grid, (unsigned long)origin, (unsigned long)(k - 1),
                        what);
        }
        if (dist.spec) gdata = normal_domain(&L, &dist);
        make_subspace(&L, o.tol, &sub, gdata);
        b = n * n;
        w = (double *)xmalloc(b, k * sizeof *w);
        r = cog_subspace_grid(&sub, kind, origin, gi, gj, n, extent, w);
        if (r == COG_ERR_ZERO_NORM)
            data_error("latents %lu, %lu and %lu (counted over the inputs in "
                       "order) are linearly dependent, so they span no plane "
                       "for a grid",
                       (unsigned long)origin, (unsigned long)gi,
                       (unsigned long)gj);
        check_cog(r, "subspace grid");
        nlead = 2;
        lead[0] = lead[1] = n;
        wndim = 3;
        wshape[0] = wshape[1] = n;
        wshape[2] = k;
    }
    if (method != M_LINEAR) /* a plain sum is not scale-invariant */
        check_repeats(&sub, w, b, nlead == 2 ? lead[1] : 0, o.allow_repeats,
                      o.coords ? o.coords : o.grid);
    if (o.coords && wndim == 1) wshape[0] = k;
    read_mean(o.mean, L.dim, &mean);
    res = combine_rows(&L, w, b, method == M_LINEAR, &mean, &dist);
    write_latents(out, res, lead, nlead, &L);
    if (wout) write_temp(wout, LIO_F64, w, wshape, wndim, "weights");
    commit_outputs();
    cog_subspace_destroy(&sub);
    free(gdata);
    free(res);
    free(w);
    free_array(&C);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

int cmd_project(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array Y;
    cli_split ys;
    cog_subspace sub;
    size_t i, k, shape[LIO_MAX_NDIM];
    double *s;
    cli_parse(argc, argv, "out latent tol", &o);
    maybe_help(&o, help_project);
    if (!o.latent) usage_error("missing --latent Y");
    out = declare_output("-o", o.out);
    if (o.npos == 0) usage_error("no latents given");
    load_latents(o.pos, o.npos, &L);
    read_latent_array(o.latent, &Y, &ys); /* the same rule as LATENTS */
    k = L.k;
    if (!same_shape(ys.shape, ys.ndim, L.shape, L.ndim)) {
        char sy[400], sl[400];
        describe_split(sy, sizeof sy, &Y, &ys);
        describe_latents(sl, sizeof sl, &L);
        data_error("%s: its latents do not have the basis latents' shape "
                   "(%s; %s)",
                   Y.path, sy, sl);
    }
    if (ys.count == 0) data_error("%s: holds no latents", Y.path);
    if (ys.nlead + 1 > LIO_MAX_NDIM) data_error("%s: too many axes", Y.path);
    make_subspace(&L, o.tol, &sub, NULL);
    s = (double *)xmalloc(ys.count, k * sizeof *s);
    for (i = 0; i < ys.count; ++i)
        check_cog(cog_subspace_project(&sub, Y.f + (ys.first + i) * L.dim,
                                       s + i * k),
                  "project");
    memcpy(shape, ys.lead, ys.nlead * sizeof *shape); /* (*lead, K) */
    shape[ys.nlead] = k;
    write_temp(out, LIO_F64, s, shape, ys.nlead + 1, "coords");
    commit_outputs();
    cog_subspace_destroy(&sub);
    free(s);
    free_array(&Y);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}
