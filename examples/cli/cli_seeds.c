/* cli_seeds.c - the seed workflows of `cog`: randn (PyTorch's and the
 * Philox NV noise, variation seeds), walk (animations through keyframes)
 * and blend (regional masks). */

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *help_randn =
    "cog randn --seed N --shape D1[,D2,...] [--count M] [--rng cpu|nv]\n"
    "          [--variation-seed S --variation-strength T[,T...]\n"
    "           [--method cog|a1111]] -o OUT\n"
    "  --rng cpu (default): the float32 values of torch.manual_seed(N);\n"
    "  torch.randn(shape) on the CPU, which is ComfyUI's noise for seed N.\n"
    "  --rng nv: the Philox \"NV\" source of AUTOMATIC1111 (its default GPU/NV\n"
    "  seeds) and stable-diffusion.cpp --rng cuda: a fresh generator's first\n"
    "  randn(shape) call.\n"
    "  --count M: shape (M, *shape); with cpu one torch.randn((M, *shape)) call,\n"
    "  like ComfyUI's batched noise; with nv latent i is seed N + i, as A1111\n"
    "  seeds the images of a batch. N is 0..2^64-1 or negative (taken mod 2^64,\n"
    "  as torch does; torch's CPU generator keeps the low 32 bits, the NV\n"
    "  source all 64).\n"
    "  Variation seeds (AUTOMATIC1111's \"variation seed / strength\"): the noise\n"
    "  of N moved towards the noise of S by strength T. --method cog (default):\n"
    "  weights (cos, sin)(T pi/2), exact: T = 0 gives N's noise, T = 1 S's, and\n"
    "  every T between a valid latent at angle T * 90 degrees from N's.\n"
    "  --method a1111: A1111's own formula, to reproduce its images: a SLERP\n"
    "  per (channel, column) along the height axis of a (C, H, W) shape, with\n"
    "  its near-parallel fallback N*T + S*(1-T) (weights swapped, as A1111 has\n"
    "  it); the UNCORRECTED result (its norm is off mid-way), computed in\n"
    "  double: equal to A1111's float32 values to about 1e-6, not bit for bit.\n"
    "  A list of strengths gives shape (len, ...): a strip. With --count M,\n"
    "  latent i mixes the noise of latent i of each seed (nv: seeds N + i and\n"
    "  S + i, as A1111 does).\n";

static const char *help_walk =
    "cog walk KEYFRAMES... --frames N [--ease linear|smoothstep|cosine]\n"
    "         [--hold H] [--loop] [--spline none|catmull-rom|bspline]\n"
    "         [--angular] [--mean M] -o OUT\n"
    "  An animation through K keyframe latents, every frame a valid latent\n"
    "  (COG of weights that depend only on the frame number). N >= 1 frames\n"
    "  per segment; each keyframe is shown H+1 times (--hold H, H < N, default\n"
    "  0), then N-H-1 frames move on to the next keyframe. Output shape\n"
    "  (F, *S) with F = (K-1)*N + 1 + H, or with --loop (the last keyframe\n"
    "  back to the first, no duplicated frame) F = K*N, frame i*N = keyframe i.\n"
    "  --ease: re-times each segment (smoothstep, cosine: slow at keyframes;\n"
    "  default linear). --spline none (default): COG of LERP weights between\n"
    "  neighbouring keyframes, which moves about 1.8x faster mid-segment than\n"
    "  at the keyframes; --angular instead uses weights (cos, sin)(s pi/2),\n"
    "  constant angular speed for independent keyframes. catmull-rom: a C1\n"
    "  path through every keyframe over 4 neighbours; bspline: a C2 path that\n"
    "  passes near, not through, the keyframes. Without --loop the ends repeat\n"
    "  the end keyframes as missing neighbours. Each keyframe must be a\n"
    "  different latent (COG assumes independent inputs).\n";

static const char *help_blend =
    "cog blend LATENTS... --masks M [--mean M] -o OUT\n"
    "  Regional blending: K latents of shape S combined element by element with\n"
    "  weights from K masks, by COG per element, so every element keeps the\n"
    "  variance of a real latent (a plain mask blend has 0.5 of it where a\n"
    "  two-latent mask is 0.5: a washed-out seam). Assumes independent\n"
    "  elements (N(0, I) latents). M: a file of shape (K, *S) (a weight per\n"
    "  element) or (K, *S[1:]) (one map per latent, broadcast over the first,\n"
    "  channel axis: (K, H, W) for (C, H, W) latents); for K = 2 also a single\n"
    "  map m of shape S or S[1:], meaning weights (1 - m, m). Weights need not\n"
    "  sum to 1; an element whose weights are all 0 gets equal weights. A hard\n"
    "  0/1 mask reproduces the chosen latent's values exactly. Output: one\n"
    "  latent of shape S.\n";

/* uint64 seed: 0..2^64-1, or negative (mod 2^64). */
static uint64_t parse_seed(const char *s)
{
    char *end;
    int neg = 0;
    unsigned long long v;
    const char *p = s;
    if (!p || !*p) usage_error("--seed: missing value");
    if (*p == '-') {
        neg = 1;
        ++p;
    }
    if (*p < '0' || *p > '9') usage_error("--seed %s: not an integer", s);
    errno = 0;
    v = strtoull(p, &end, 0);
    if (*end || errno == ERANGE)
        usage_error("--seed %s: not an integer in -2^63..2^64-1", s);
    if (neg && v > 9223372036854775808ULL)
        usage_error("--seed %s: not an integer in -2^63..2^64-1", s);
    return neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* --rng cpu|nv: 0 for torch's CPU generator, 1 for the Philox NV source. */
static int parse_rng(const char *s)
{
    if (!s || strcmp(s, "cpu") == 0) return 0;
    if (strcmp(s, "nv") == 0) return 1;
    usage_error("--rng %s: unknown (choose cpu or nv)", s);
    return 0;
}

/* n values of noise for seed: cpu one torch call; nv m latents of n/m
 * values, latent i with seed + i (A1111's batches: a fresh generator per
 * image). */
static void make_noise(int nv, uint64_t seed, size_t m, size_t n, float *x)
{
    size_t i;
    const size_t per = n / m;
    if (!nv) {
        check_cog(cog_randn_torch(seed, x, n), "randn");
        return;
    }
#if SIZE_MAX > 0xffffffffu /* (a 32-bit size_t cannot exceed it) */
    if ((uint64_t)(per - 1) > 0xffffffffu)
        usage_error("--rng nv makes at most 2^32 values per latent");
#endif
    for (i = 0; i < m; ++i)
        check_cog(cog_randn_nv(seed + i, 0, x + i * per, per), "randn");
}

/* The cosine between column (c, w) of low and of high, along the height
 * axis of (C, H, W) latents. */
static double column_cos(const float *low, const float *high, size_t c,
                         size_t w, size_t H, size_t W)
{
    double ll = 0, hh = 0, lh = 0;
    size_t h;
    for (h = 0; h < H; ++h) {
        const size_t j = (c * H + h) * W + w;
        ll += (double)low[j] * low[j];
        hh += (double)high[j] * high[j];
        lh += (double)low[j] * high[j];
    }
    return lh / (sqrt(ll) * sqrt(hh));
}

/* AUTOMATIC1111's slerp(val, low, high) on one (C, H, W) latent, in double:
 * normalise along H for every (channel, column), average the cosines, and
 * if that mean exceeds 0.9995 return low*val + high*(1-val) (A1111's
 * fallback, weights swapped), else per (c, w) the SLERP of the columns. */
static void a1111_slerp(double val, const float *low, const float *high,
                        size_t C, size_t H, size_t W, float *out)
{
    size_t c, h, w;
    double mean_dot = 0.0;
    for (c = 0; c < C; ++c)
        for (w = 0; w < W; ++w)
            mean_dot += column_cos(low, high, c, w, H, W);
    mean_dot /= (double)(C * W);
    if (mean_dot > 0.9995) {
        for (c = 0; c < C * H * W; ++c)
            out[c] = (float)(low[c] * val + high[c] * (1.0 - val));
        return;
    }
    for (c = 0; c < C; ++c)
        for (w = 0; w < W; ++w) {
            const double om = acos(column_cos(low, high, c, w, H, W));
            double so, a, b;
            so = sin(om);
            a = sin((1.0 - val) * om) / so;
            b = sin(val * om) / so;
            for (h = 0; h < H; ++h) {
                const size_t j = (c * H + h) * W + w;
                out[j] = (float)(a * low[j] + b * high[j]);
            }
        }
}

/* cog randn with --variation-seed: the noise of seed moved towards the
 * noise of the variation seed, for each strength. */
static void variation_noise(const cli_opts *o, int nv, uint64_t seed,
                            const size_t *shape, size_t ndim, size_t n,
                            cli_out *out)
{
    cli_array T;
    size_t i, r, oshape[LIO_MAX_NDIM + 1], ns, m = o->count ? shape[0] : 1;
    const size_t per = n / m;
    uint64_t vseed;
    float *a, *b, *res;
    int a1111;
    if (!o->variation_seed || !o->variation_strength)
        usage_error("variation noise needs both --variation-seed S and "
                    "--variation-strength T");
    a1111 = parse_choice("--method", o->method, "cog|a1111", 0);
    vseed = parse_seed(o->variation_seed);
    read_numbers("--variation-strength", o->variation_strength, &T);
    if (T.ndim > 1 || T.count == 0)
        usage_error("--variation-strength %s: need a number or a list like "
                    "0,0.1,0.2",
                    o->variation_strength);
    ns = T.count;
    if (a1111 && ndim - (o->count ? 1 : 0) != 3)
        usage_error("--method a1111 needs a (C, H, W) --shape: it normalises "
                    "along the height axis");
    if (ns > 1 && ndim == LIO_MAX_NDIM)
        data_error("the output would have more than %d dimensions",
                   LIO_MAX_NDIM);
    if (ns > ((size_t)-1) / 4 / n) usage_error("too many strengths");
    a = (float *)xmalloc(n, sizeof *a);
    b = (float *)xmalloc(n, sizeof *b);
    res = (float *)xmalloc(ns * n, sizeof *res);
    make_noise(nv, seed, m, n, a);
    make_noise(nv, vseed, m, n, b);
    for (r = 0; r < ns; ++r) {
        const double t = T.d[r];
        for (i = 0; i < m; ++i) {
            const float *x[2];
            float *z = res + r * n + i * per;
            x[0] = a + i * per;
            x[1] = b + i * per;
            if (a1111) {
                const size_t *s3 = shape + (o->count ? 1 : 0);
                a1111_slerp(t, x[0], x[1], s3[0], s3[1], s3[2], z);
            } else {
                double w[2];
                check_cog(cog_arc_weights(t, w), "--variation-strength");
                check_cog(cog_combine(x, 2, per, w, NULL, 0, z), "variation");
            }
        }
    }
    if (ns > 1) oshape[0] = ns;
    memcpy(oshape + (ns > 1), shape, ndim * sizeof *oshape);
    write_temp(out, LIO_F32, res, oshape, ndim + (ns > 1), "latent");
    commit_outputs();
    free(a);
    free(b);
    free(res);
    free_array(&T);
}

int cmd_randn(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    uint64_t seed;
    size_t shape[LIO_MAX_NDIM], ndim = 0, n = 1, i;
    const char *p;
    float *x;
    int nv;
    cli_parse(argc, argv,
              "out seed shape count rng variation-seed variation-strength "
              "method",
              &o);
    maybe_help(&o, help_randn);
    if (o.npos) usage_error("unexpected argument '%s'", o.pos[0]);
    if (o.latent_dims)
        usage_error("--latent-dims applies to commands that read latents");
    nv = parse_rng(o.rng);
    if (!o.seed) usage_error("missing --seed N");
    if (!o.shape) usage_error("missing --shape D1[,D2,...]");
    out = declare_output("-o", o.out);
    seed = parse_seed(o.seed);
    if (o.count) shape[ndim++] = parse_size("--count", o.count, 1, (size_t)-1);
    for (p = o.shape; p;) {
        char tmp[32];
        const char *q;
        if (!list_item(&p, tmp, sizeof tmp))
            usage_error("--shape %s: need positive integers like 4,64,64",
                        o.shape);
        for (q = tmp; *q; ++q)
            if (*q < '0' || *q > '9')
                usage_error("--shape %s: dimensions are whole numbers "
                            "separated by commas, like 4,64,64",
                            o.shape);
        if (ndim == LIO_MAX_NDIM)
            usage_error("--shape %s: more than %d dimensions", o.shape,
                        LIO_MAX_NDIM);
        shape[ndim++] = parse_size("--shape", tmp, 1, (size_t)-1);
    }
    for (i = 0; i < ndim; ++i) {
        if (n > ((size_t)-1) / 4 / shape[i])
            usage_error("--shape %s: too many elements", o.shape);
        n *= shape[i];
    }
    if (o.variation_seed || o.variation_strength || o.method) {
        variation_noise(&o, nv, seed, shape, ndim, n, out);
        free((void *)o.pos);
        return 0;
    }
    x = (float *)xmalloc(n, sizeof *x);
    make_noise(nv, seed, o.count ? shape[0] : 1, n, x);
    write_temp(out, LIO_F32, x, shape, ndim, "latent");
    commit_outputs();
    free(x);
    free((void *)o.pos);
    return 0;
}

int cmd_walk(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_mean mean;
    cog_walk_spec sp;
    size_t len, i, j;
    int spline;
    float *res, **rows;
    cog_result r;
    cli_parse(argc, argv, "out frames ease hold loop spline angular mean", &o);
    maybe_help(&o, help_walk);
    memset(&sp, 0, sizeof sp);
    if (!o.frames) usage_error("missing --frames N (frames per segment)");
    sp.frames = parse_size("--frames", o.frames, 1, (size_t)1 << 24);
    sp.hold = o.hold ? parse_size("--hold", o.hold, 0, (size_t)1 << 24) : 0;
    if (sp.hold >= sp.frames)
        usage_error("--hold %s: must be less than --frames %s (a segment "
                    "holds its keyframe H+1 times out of N frames)",
                    o.hold, o.frames);
    sp.ease = parse_choice("--ease", o.ease,
                                     "linear|smoothstep|cosine", 0);
    spline = parse_choice("--spline", o.spline, "none|catmull-rom|bspline", 0);
    if (o.angular && spline != 0)
        usage_error("--angular applies to --spline none only");
    sp.path = spline == 1   ? COG_WALK_CATMULL_ROM
              : spline == 2 ? COG_WALK_BSPLINE
              : o.angular   ? COG_WALK_ARC
                            : COG_WALK_LINEAR;
    sp.loop = o.loop;
    out = declare_output("-o", o.out);
    load_latents(o.pos, o.npos, &L);
    for (i = 0; i < L.k; ++i)
        for (j = 0; j < i; ++j)
            if (memcmp(L.x[i], L.x[j], L.dim * sizeof(float)) == 0)
                data_error("keyframes %lu and %lu are the same latent: COG "
                           "needs independent keyframes (use --hold to "
                           "stay on one)",
                           (unsigned long)j, (unsigned long)i);
    sp.keyframes = L.k;
    if (cog_walk_length(&sp, &len) != COG_OK || len > ((size_t)-1) / 4 / L.dim)
        data_error("the walk would have too many frames");
    read_mean(o.mean, L.dim, &mean);
    res = (float *)xmalloc(len, L.dim * sizeof(float));
    rows = out_rows(res, len, L.dim);
    r = cog_walk(L.x, &sp, L.dim, mean.v, mean.len, 0, len,
                 (float *const *)rows);
    free(rows);
    check_cog(r, "walk");
    write_latents(out, res, &len, 1, &L);
    commit_outputs();
    free(res);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

int cmd_blend(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array M;
    cli_mean mean;
    size_t mask_dim = 0, i, j, nfit = 0;
    int single = 0;
    float *res, *comp = NULL;
    const float **maps;
    char sm[200], ss[200];
    cli_parse(argc, argv, "out masks mean", &o);
    maybe_help(&o, help_blend);
    if (!o.masks) usage_error("missing --masks M");
    out = declare_output("-o", o.out);
    load_latents(o.pos, o.npos, &L);
    read_array(o.masks, 0, &M);
    /* which layout of the masks: (K, *S), (K, *S[1:]), or for K = 2 one
     * map of shape S or S[1:] */
    if (M.ndim >= 1 && M.shape[0] == L.k) {
        if (same_shape(M.shape + 1, M.ndim - 1, L.shape, L.ndim)) {
            mask_dim = L.dim;
            ++nfit;
        } else if (L.ndim >= 2 &&
                   same_shape(M.shape + 1, M.ndim - 1, L.shape + 1,
                              L.ndim - 1)) {
            mask_dim = L.dim / L.shape[0];
            ++nfit;
        }
    }
    if (L.k == 2 && (same_shape(M.shape, M.ndim, L.shape, L.ndim) ||
                     (L.ndim >= 2 && same_shape(M.shape, M.ndim, L.shape + 1,
                                                L.ndim - 1)))) {
        if (nfit == 0) mask_dim = M.count;
        single = 1;
        ++nfit;
    }
    shape_str(sm, sizeof sm, M.shape, M.ndim);
    shape_str(ss, sizeof ss, L.shape, L.ndim);
    if (nfit == 0)
        data_error("%s: masks of shape %s do not fit %lu latents of shape %s "
                   "(need (%lu, *S), (%lu, *S[1:])%s)",
                   M.path, sm, (unsigned long)L.k, ss, (unsigned long)L.k,
                   (unsigned long)L.k,
                   L.k == 2 ? ", or one map of shape S or S[1:]" : "");
    if (nfit > 1)
        data_error("%s: masks of shape %s are ambiguous for 2 latents of "
                   "shape %s (two maps, or one map m giving weights "
                   "(1 - m, m)?): write the two maps with a leading axis "
                   "of 2 and a shape that is not S",
                   M.path, sm, ss);
    maps = (const float **)xmalloc(L.k, sizeof *maps);
    if (single) { /* weights (1 - m, m) */
        comp = (float *)xmalloc(mask_dim, sizeof *comp);
        for (j = 0; j < mask_dim; ++j) comp[j] = 1.0f - M.f[j];
        maps[0] = comp;
        maps[1] = M.f;
    } else {
        for (i = 0; i < L.k; ++i) maps[i] = M.f + i * mask_dim;
    }
    read_mean(o.mean, L.dim, &mean);
    res = (float *)xmalloc(L.dim, sizeof *res);
    check_cog(cog_blend(L.x, L.k, L.dim, maps, mask_dim, mean.v, mean.len,
                        res),
              "blend");
    write_latents(out, res, NULL, 0, &L);
    commit_outputs();
    free(res);
    free(comp);
    free((void *)maps);
    free_array(&M);
    free_mean(&mean);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}
