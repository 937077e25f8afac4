/* cog_cli.c - `cog`, the command-line tool of cog.h: combine real latents
 * from .npy, .safetensors and ComfyUI .latent files, and make PyTorch's
 * CPU noise for any seed.
 *
 *   cog randn    --seed N --shape D1[,D2,...] [--count M] [--rng cpu|nv]
 *                [--variation-seed S --variation-strength T[,T...]
 *                 [--method cog|a1111]] -o OUT
 *   cog interp   A B (--steps N | --t T[,T...]) [--method cog|lerp|slerp|cog-slerp]
 *                [--mean M] -o OUT
 *   cog combine  --weights W LATENTS... [--method cog|linear] [--mean M] -o OUT
 *   cog centroid LATENTS... [--method cog|euclidean|standardized|mode-norm] [--mean M] -o OUT
 *   cog subspace LATENTS... (--coords C | --grid I,J --steps N [--origin O]
 *                [--grid-kind affine|tangent] [--extent E]) [--allow-repeats]
 *                [--weights-out W] [--method cog|linear] [--mean M] [--tol T] -o OUT
 *   cog project  LATENTS... --latent Y [--tol T] -o COORDS
 *   cog stats    FILE [--json] [--single]
 *   cog walk     KEYFRAMES... --frames N [--ease linear|smoothstep|cosine]
 *                [--hold H] [--loop] [--spline none|catmull-rom|bspline]
 *                [--angular] [--mean M] -o OUT
 *   cog blend    LATENTS... --masks M [--mean M] -o OUT
 *
 * Run `cog --help` or `cog CMD --help` for the details (the help text below
 * is the reference). Build: the `cog_cli` target of examples/ (CMake option
 * COG_BUILD_EXAMPLES); the executable is called `cog`.
 *
 * Exit status: 0 success, 1 bad data (unreadable or corrupt file, NaN/Inf,
 * shapes that do not fit), 2 usage error. Every error is one line on stderr
 * that names the file (or option) and the problem. Outputs are written to a
 * temporary file next to the destination and renamed over it only when
 * everything succeeded, so an existing output is never half-written.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkstemp, fchmod, fsync, umask */
#endif

#define COG_IMPLEMENTATION
#include "cog.h"

#include "latent_io.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#endif

/* ------------------------------------------------------------ messages */

static const char *g_cmd = ""; /* the running subcommand, for messages */

static void cli_exit(int code, const char *fmt, va_list ap)
{
    char msg[1024];
    size_t i;
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (i = 0; msg[i]; ++i) /* one line, whatever the file names hold */
        if (msg[i] == '\n' || msg[i] == '\r') msg[i] = '?';
    fprintf(stderr, "cog%s%s: %s\n", *g_cmd ? " " : "", g_cmd, msg);
    exit(code);
}

/* Usage error: exit 2. */
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_exit(2, fmt, ap);
    va_end(ap);
}

/* Data error: exit 1. */
static void data_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_exit(1, fmt, ap);
    va_end(ap);
}

static void note(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cog %s: note: ", g_cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *xmalloc(size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > ((size_t)-1) / size) data_error("data too large");
    p = malloc(n * size != 0 ? n * size : 1);
    if (!p) data_error("out of memory (%lu bytes)", (unsigned long)(n * size));
    return p;
}

/* ------------------------------------------------------------- options */

typedef struct cli_opts {
    const char *out, *method, *mean, *weights, *coords, *grid, *origin;
    const char *weights_out, *latent, *seed, *shape, *count, *steps, *tol;
    const char *rng, *dist, *frames, *ease, *hold, *spline, *masks;
    const char *variation_seed, *variation_strength, *grid_kind, *extent, *t;
    int json, single, help, loop, angular, allow_repeats;
    const char *latent_dims; /* every command: the latent-shape rule */
    const char **pos;
    size_t npos;
} cli_opts;

typedef struct cli_optdef {
    const char *name; /* without the leading "--" */
    size_t field;     /* offsetof the const char * or int field */
    int has_value;
} cli_optdef;

#define CLI_OPT(n, f, v) { n, offsetof(cli_opts, f), v }
static const cli_optdef cli_all_opts[] = {
    CLI_OPT("out", out, 1),         CLI_OPT("method", method, 1),
    CLI_OPT("mean", mean, 1),       CLI_OPT("weights", weights, 1),
    CLI_OPT("coords", coords, 1),   CLI_OPT("grid", grid, 1),
    CLI_OPT("origin", origin, 1),   CLI_OPT("weights-out", weights_out, 1),
    CLI_OPT("latent", latent, 1),   CLI_OPT("seed", seed, 1),
    CLI_OPT("shape", shape, 1),     CLI_OPT("count", count, 1),
    CLI_OPT("steps", steps, 1),     CLI_OPT("tol", tol, 1),
    CLI_OPT("rng", rng, 1),         CLI_OPT("dist", dist, 1),
    CLI_OPT("frames", frames, 1),   CLI_OPT("ease", ease, 1),
    CLI_OPT("hold", hold, 1),       CLI_OPT("spline", spline, 1),
    CLI_OPT("loop", loop, 0),       CLI_OPT("angular", angular, 0),
    CLI_OPT("masks", masks, 1),
    CLI_OPT("variation-seed", variation_seed, 1),
    CLI_OPT("variation-strength", variation_strength, 1),
    CLI_OPT("grid-kind", grid_kind, 1), CLI_OPT("extent", extent, 1),
    CLI_OPT("allow-repeats", allow_repeats, 0), CLI_OPT("t", t, 1),
    CLI_OPT("json", json, 0),       CLI_OPT("single", single, 0),
    CLI_OPT("help", help, 0),       CLI_OPT("latent-dims", latent_dims, 1)};

/* --latent-dims N of the running command (0: not given). */
static size_t g_latent_dims;

/* Parse argv for a command that accepts the options named in `allowed`
 * (space-separated, e.g. "out method mean"). -o is --out, -h is --help. */
static void cli_parse(int argc, char **argv, const char *allowed,
                      cli_opts *o)
{
    int i, only_pos = 0;
    memset(o, 0, sizeof *o);
    o->pos = (const char **)xmalloc((size_t)argc + 1, sizeof *o->pos);
    for (i = 0; i < argc; ++i) {
        const char *a = argv[i], *val = NULL, *eq;
        char name[32];
        size_t nlen, d;
        const cli_optdef *def = NULL;
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            o->pos[o->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "-o") == 0) a = "--out";
        else if (strcmp(a, "-h") == 0) a = "--help";
        else if (a[1] != '-') usage_error("unknown option '%s'", a);
        eq = strchr(a + 2, '=');
        nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen >= sizeof name) usage_error("unknown option '%s'", a);
        memcpy(name, a + 2, nlen);
        name[nlen] = '\0';
        for (d = 0; d < sizeof cli_all_opts / sizeof *cli_all_opts; ++d)
            if (strcmp(cli_all_opts[d].name, name) == 0) def = &cli_all_opts[d];
        if (def && strcmp(name, "help") != 0 &&
            strcmp(name, "latent-dims") != 0) {
            /* is it in this command's list? */
            const char *p = strstr(allowed, name);
            size_t n = strlen(name);
            while (p && !((p == allowed || p[-1] == ' ') &&
                          (p[n] == ' ' || p[n] == '\0')))
                p = strstr(p + 1, name);
            if (!p) def = NULL;
        }
        if (!def) usage_error("unknown option '--%s'", name);
        if (def->has_value) {
            if (eq) {
                val = eq + 1;
            } else {
                if (i + 1 >= argc) usage_error("option --%s needs a value", name);
                val = argv[++i];
            }
            if (*(const char **)(void *)((char *)o + def->field))
                usage_error("option --%s given twice", name);
            *(const char **)(void *)((char *)o + def->field) = val;
        } else {
            if (eq) usage_error("option --%s takes no value", name);
            *(int *)(void *)((char *)o + def->field) = 1;
        }
    }
    g_latent_dims = 0;
    if (o->latent_dims) {
        char *end;
        unsigned long v;
        errno = 0;
        v = strtoul(o->latent_dims, &end, 10);
        if (o->latent_dims[0] < '0' || o->latent_dims[0] > '9' || *end ||
            errno == ERANGE || v < 1 || v > LIO_MAX_NDIM)
            usage_error("--latent-dims %s: need a whole number 1..%d (how "
                        "many trailing axes form one latent)",
                        o->latent_dims, LIO_MAX_NDIM);
        g_latent_dims = (size_t)v;
    }
}

/* A whole-string integer in [lo, hi]; usage error otherwise. */
static size_t parse_size(const char *opt, const char *s, size_t lo, size_t hi)
{
    char *end;
    unsigned long long v;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        usage_error("%s: '%s' is not a whole number", opt, s ? s : "");
    v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE)
        usage_error("%s: '%s' is not a whole number", opt, s);
    if (v < lo || v > hi)
        usage_error("%s: %s is out of range (%lu..%lu)", opt, s,
                    (unsigned long)lo, (unsigned long)hi);
    return (size_t)v;
}

static int parse_double(const char *s, double *v)
{
    char *end;
    if (!s || !*s) return 0;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && end != s && errno != ERANGE && isfinite(*v);
}

/* ------------------------------------------------------------- reading */

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix), i;
    if (n < m) return 0;
    for (i = 0; i < m; ++i) {
        int a = s[n - m + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
        if (a != b) return 0;
    }
    return 1;
}

enum { FMT_NPY = 1, FMT_ST = 2, FMT_LATENT = 3 };

static int format_of(const char *path, size_t n)
{
    if (ends_with(path, n, ".npy")) return FMT_NPY;
    if (ends_with(path, n, ".safetensors") || ends_with(path, n, ".sft"))
        return FMT_ST;
    if (ends_with(path, n, ".latent")) return FMT_LATENT;
    return 0;
}

/* Latents picked out of a file by FILE@I or FILE@A:B (A, B optional). */
typedef struct cli_pick {
    int given, range;    /* range: A:B (keeps a batch axis), else one index */
    size_t lo, hi;       /* [lo, hi); hi = (size_t)-1 for an open end */
} cli_pick;

/* A trailing "@I" or "@A:B" of spec, if it is one: its length, else 0. */
static size_t parse_pick(const char *spec, cli_pick *pk)
{
    const char *at = strrchr(spec, '@'), *p;
    char *end;
    memset(pk, 0, sizeof *pk);
    if (!at || at == spec) return 0;
    for (p = at + 1; *p; ++p)
        if (!((*p >= '0' && *p <= '9') || *p == ':')) return 0;
    p = at + 1;
    if (!*p || strchr(strchr(p, ':') ? strchr(p, ':') + 1 : p, ':'))
        return 0; /* "@" alone or two colons */
    pk->given = 1;
    pk->range = strchr(p, ':') != NULL;
    pk->lo = 0;
    pk->hi = (size_t)-1;
    if (*p != ':') {
        errno = 0;
        pk->lo = (size_t)strtoull(p, &end, 10);
        if (errno == ERANGE) usage_error("%s: index out of range", spec);
        p = end;
    }
    if (!pk->range) pk->hi = pk->lo + 1;
    else if (*++p) {
        errno = 0;
        pk->hi = (size_t)strtoull(p, &end, 10);
        if (errno == ERANGE) usage_error("%s: index out of range", spec);
    }
    return strlen(at);
}

/* FILE, FILE:NAME, and either with @I or @A:B. The name is split off at the
 * first ':' that follows a .safetensors / .sft / .latent file name. path
 * is malloc'ed. */
static void split_spec_pick(const char *spec, char **path, const char **name,
                            cli_pick *pk)
{
    const size_t n = strlen(spec) - parse_pick(spec, pk);
    char *c;
    *path = (char *)xmalloc(n + 1, 1); /* "FILE" or "FILE\0NAME" */
    memcpy(*path, spec, n);
    (*path)[n] = '\0';
    *name = NULL;
    for (c = strchr(*path, ':'); c; c = strchr(c + 1, ':')) {
        const int f = format_of(*path, (size_t)(c - *path));
        if (f == FMT_ST || f == FMT_LATENT) {
            *c = '\0';
            *name = c + 1;
            break;
        }
    }
}

/* FILE or FILE:NAME where no pick applies (outputs, weights, means). */
static void split_spec(const char *spec, char **path, const char **name)
{
    cli_pick pk;
    split_spec_pick(spec, path, name, &pk);
    if (pk.given) {
        free(*path);
        usage_error("%s: '@' picks latents out of a latent input; it does "
                    "not apply here",
                    spec);
    }
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    size_t cap = 1 << 16, n = 0;
    if (!f) data_error("%s: cannot open: %s", path, strerror(errno));
    buf = (unsigned char *)xmalloc(cap, 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        if (cap > ((size_t)-1) / 2) {
            free(buf);
            data_error("%s: file too large", path);
        }
        cap *= 2;
        {
            unsigned char *nb = (unsigned char *)realloc(buf, cap);
            if (!nb) {
                free(buf);
                data_error("%s: out of memory", path);
            }
            buf = nb;
        }
    }
    if (ferror(f)) {
        const int err = errno;
        free(buf); /* error paths free what they hold (leak checkers) */
        data_error("%s: read error: %s", path, strerror(err));
    }
    fclose(f);
    *len = n;
    return buf;
}

/* A tensor read from a file and converted to float or double. */
typedef struct cli_array {
    char *path;          /* file name without :NAME (for messages) */
    const char *spec;    /* as given */
    size_t ndim;
    size_t shape[LIO_MAX_NDIM];
    size_t count;
    float *f;            /* when read as float */
    double *d;           /* when read as double */
    int fmt;             /* FMT_NPY, FMT_ST or FMT_LATENT (0: inline) */
    cli_pick pick;       /* FILE@I / FILE@A:B (latent inputs only) */
} cli_array;

static void shape_str(char *out, size_t cap, const size_t *shape, size_t ndim)
{
    size_t i, o = 0;
    o += (size_t)snprintf(out, cap, "(");
    for (i = 0; i < ndim && o < cap; ++i)
        o += (size_t)snprintf(out + o, cap - o, "%s%lu", i ? ", " : "",
                              (unsigned long)shape[i]);
    if (o < cap) snprintf(out + o, cap - o, "%s)", ndim == 1 ? "," : "");
}

/* Read spec (FILE or FILE:NAME) as float (want_double 0) or double. NaN/Inf
 * anywhere is a data error. A pick (FILE@I) is an error here; latent inputs
 * go through read_latent_array. */
static void read_array_pick(const char *spec, int want_double, int pick_ok,
                            cli_array *a);
static void read_array(const char *spec, int want_double, cli_array *a)
{
    read_array_pick(spec, want_double, 0, a);
}

static void read_array_pick(const char *spec, int want_double, int pick_ok,
                            cli_array *a)
{
    const char *name, *msg;
    unsigned char *buf;
    size_t len, bad, plen;
    int fmt;
    lio_tensor t;
    lio_error e;
    static const unsigned char npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

    memset(a, 0, sizeof *a);
    a->spec = spec;
    if (pick_ok) split_spec_pick(spec, &a->path, &name, &a->pick);
    else split_spec(spec, &a->path, &name);
    plen = strlen(a->path);
    fmt = format_of(a->path, plen);
    buf = read_file(a->path, &len);
    if (len >= 6 && memcmp(buf, npy_magic, 6) == 0) fmt = FMT_NPY;
    if (fmt == FMT_NPY) {
        if (name) {
            free(buf);
            data_error("%s: a .npy file holds one array; drop ':%s'", a->path,
                       name);
        }
        msg = lio_parse_npy(buf, len, &t, &e);
    } else if (fmt == FMT_ST || fmt == FMT_LATENT) {
        msg = lio_parse_safetensors(buf, len, name, &t, &e);
    } else {
        /* unknown extension: safetensors if it parses as one */
        msg = lio_parse_safetensors(buf, len, name, &t, &e);
        if (msg && !name)
            msg = "unknown file format (need .npy, .safetensors or .latent)";
    }
    if (msg) {
        free(buf); /* msg is static or in e, never in buf */
        data_error("%s: %s", a->path, msg);
    }

    a->ndim = t.ndim;
    memcpy(a->shape, t.shape, sizeof a->shape);
    a->count = t.count;
    a->fmt = fmt;
    if (want_double) {
        a->d = (double *)xmalloc(t.count, sizeof(double));
        bad = lio_to_f64(&t, a->d);
    } else {
        a->f = (float *)xmalloc(t.count, sizeof(float));
        bad = lio_to_f32(&t, a->f);
    }
    if (bad < t.count) {
        const double v = want_double ? a->d[bad] : (double)a->f[bad];
        free(buf);
        data_error("%s: element %lu is %s%s", a->path, (unsigned long)bad,
                   v != v ? "NaN" : (v > 0 ? "+Inf" : "-Inf"),
                   t.dtype == LIO_F64 && !want_double
                       ? " (or beyond the float32 range)"
                       : "");
    }
    /* ComfyUI's LoadLatent: files without the marker are old-format and
     * stored scaled by 0.18215. */
    if (fmt == FMT_LATENT && (!name || strcmp(name, "latent_tensor") == 0)) {
        lio_tensor m;
        if (lio_parse_safetensors(buf, len, "latent_format_version_0", &m,
                                  &e) != NULL) {
            size_t i;
            const double s = 1.0 / 0.18215;
            note("%s has no latent_format_version_0 marker (old ComfyUI "
                 "format): scaled by 1/0.18215 as ComfyUI's LoadLatent does",
                 a->path);
            for (i = 0; i < a->count; ++i) {
                if (want_double) a->d[i] *= s;
                else a->f[i] = (float)(a->f[i] * s);
            }
        }
    }
    free(buf);
}

static void free_array(cli_array *a)
{
    free(a->path);
    free(a->f);
    free(a->d);
    memset(a, 0, sizeof *a);
}

/* Inline numbers "1,2,3" or rows "1,0;0.5,0.5" (a file is tried first).
 * Returns 0 if s is not such a list. */
static int parse_inline(const char *s, cli_array *a)
{
    size_t rows = 1, cols = 0, n = 0, cap = 1;
    const char *p;
    char *tmp, *tok, *end;
    for (p = s; *p; ++p) {
        if (*p == ',' || *p == ';') ++cap;
        if (!strchr("0123456789+-.eE,; ", *p)) return 0;
    }
    memset(a, 0, sizeof *a);
    a->d = (double *)xmalloc(cap, sizeof(double));
    tmp = (char *)xmalloc(strlen(s) + 1, 1);
    strcpy(tmp, s);
    tok = tmp;
    for (;;) {
        size_t rowcols = 0;
        char *row_end = strchr(tok, ';');
        if (row_end) *row_end = '\0';
        for (;;) {
            char *comma = strchr(tok, ',');
            if (comma) *comma = '\0';
            errno = 0;
            a->d[n] = strtod(tok, &end);
            while (*end == ' ') ++end;
            if (end == tok || *end || errno == ERANGE || !isfinite(a->d[n])) {
                free(tmp);
                free(a->d);
                a->d = NULL;
                return 0;
            }
            ++n;
            ++rowcols;
            if (!comma) break;
            tok = comma + 1;
        }
        if (cols == 0) cols = rowcols;
        else if (cols != rowcols) {
            free(tmp);
            free(a->d);
            a->d = NULL;
            return 0;
        }
        if (!row_end) break;
        tok = row_end + 1;
        ++rows;
    }
    free(tmp);
    a->path = (char *)xmalloc(strlen(s) + 1, 1);
    strcpy(a->path, s);
    a->spec = s;
    a->count = n;
    if (strchr(s, ';')) {
        a->ndim = 2;
        a->shape[0] = rows;
        a->shape[1] = cols;
    } else {
        a->ndim = 1;
        a->shape[0] = n;
    }
    return 1;
}

/* --weights / --coords: a file, or inline numbers when no such file. */
static int read_numbers(const char *opt, const char *s, cli_array *a)
{
    FILE *f;
    char *path;
    const char *name;
    split_spec(s, &path, &name);
    f = fopen(path, "rb");
    free(path);
    if (f) {
        fclose(f);
        read_array(s, 1, a);
        return 1; /* from a file */
    }
    if (parse_inline(s, a)) return 0;
    usage_error("%s %s: no such file, and not a list of numbers like "
                "0.5,0.5 or 1,0;0,1",
                opt, s);
    return 0;
}

/* ------------------------------------------------ the latent-shape rule
 * The one rule for what a latent is, used by every command for every latent
 * input (LATENTS..., --latent Y, cog stats FILE):
 *   1. --latent-dims N: the last N axes are one latent; any axes before them
 *      index latents (a batch, or a grid of them).
 *   2. else a ComfyUI .latent file of 4 or more axes: axis 0 is the batch,
 *      the rest is one latent (ComfyUI stores (B, C, H, W) or, for video,
 *      (B, C, T, H, W)).
 *   3. else an array of 3 or more axes: the last 3, (C, H, W), are one
 *      latent: (C, H, W) is one latent, (N, C, H, W) a batch of N,
 *      (A, B, C, H, W) an A x B grid (as cog subspace --grid writes).
 *   4. else a 1-D array is one latent.
 *   5. else (a 2-D array) the rule cannot tell (K flat latents or one
 *      (H, W) latent): stop and say to write --latent-dims.
 * Then FILE@I picks latent I, FILE@A:B latents A..B-1 (indices count the
 * latents in order, leading axes flattened row-major), from any format.
 * Several files are concatenated in order; their latent shapes must agree.
 * Keep usage_text's paragraph and README's section in step with this. */
#define CLI_IMAGE_LATENT_DIMS 3

#define CLI_RULE_TEXT \
    "Latents: in every command, a latent is the last 3 axes (C, H, W) of an\n" \
    "array: a 3-D array is one latent, a 4-D (N, C, H, W) array a batch of N,\n" \
    "a 5-D (A, B, C, H, W) array an A x B grid. A ComfyUI .latent file of 4 or\n" \
    "more axes is a batch along its first axis (so (B, C, T, H, W) video\n" \
    "latents work). A 1-D array is one latent. --latent-dims N (any command)\n" \
    "says the last N axes are one latent instead: --latent-dims 1 for a 2-D\n" \
    "(K, D) file of flat latents, --latent-dims 4 for a video (C, T, H, W)\n" \
    "array. A 2-D array is ambiguous without it (the command stops).\n" \
    "FILE@I picks latent I of a file, FILE@A:B latents A..B-1 (0-based, over\n" \
    "all leading axes in order; also FILE:NAME@I). Several files are joined in\n" \
    "order and must hold latents of one shape. Outputs keep the leading axes.\n"

/* How many leading axes of a index latents (the rest are one latent), by
 * the rule above; exits with a message when the rule cannot decide. */
static size_t latent_lead_axes(const cli_array *a)
{
    char sh[200];
    shape_str(sh, sizeof sh, a->shape, a->ndim);
    if (a->ndim == 0)
        data_error("%s: holds a scalar, not a latent", a->path);
    if (g_latent_dims) {
        if (g_latent_dims > a->ndim)
            data_error("%s: --latent-dims %lu, but the array %s has only %lu "
                       "axes",
                       a->path, (unsigned long)g_latent_dims, sh,
                       (unsigned long)a->ndim);
        return a->ndim - g_latent_dims;
    }
    if (a->fmt == FMT_LATENT && a->ndim >= 4) return 1;
    if (a->ndim >= CLI_IMAGE_LATENT_DIMS)
        return a->ndim - CLI_IMAGE_LATENT_DIMS;
    if (a->ndim == 1) return 0;
    data_error("%s: a 2-D array %s is ambiguous: write --latent-dims 1 for "
               "%lu latents of shape (%lu,), or --latent-dims 2 for one "
               "latent",
               a->path, sh, (unsigned long)a->shape[0],
               (unsigned long)a->shape[1]);
    return 0;
}

/* Latents of one input after the rule and the pick: lead axes (their sizes)
 * and the latent shape S, the first latent's offset and the count. */
typedef struct cli_split {
    size_t nlead, lead[LIO_MAX_NDIM];
    size_t ndim, shape[LIO_MAX_NDIM];
    size_t first, count, dim;
} cli_split;

static void split_latents(const cli_array *a, cli_split *sp)
{
    size_t i, total = 1;
    memset(sp, 0, sizeof *sp);
    sp->nlead = latent_lead_axes(a);
    sp->ndim = a->ndim - sp->nlead;
    memcpy(sp->lead, a->shape, sp->nlead * sizeof *sp->lead);
    memcpy(sp->shape, a->shape + sp->nlead, sp->ndim * sizeof *sp->shape);
    for (i = 0; i < sp->nlead; ++i) total *= sp->lead[i]; /* <= count */
    sp->dim = 1;
    for (i = 0; i < sp->ndim; ++i) sp->dim *= sp->shape[i];
    sp->count = total;
    if (a->pick.given) {
        size_t hi = a->pick.hi;
        if (sp->nlead == 0)
            data_error("%s: holds one latent (no batch axis); '@' picks "
                       "latents out of a batch",
                       a->spec);
        if (hi == (size_t)-1) hi = total;
        if (a->pick.lo >= total || hi > total || hi <= a->pick.lo)
            data_error("%s: the file holds %lu latents (0..%lu); the pick "
                       "selects none or goes beyond them",
                       a->spec, (unsigned long)total,
                       (unsigned long)(total ? total - 1 : 0));
        sp->first = a->pick.lo;
        sp->count = hi - a->pick.lo;
        sp->nlead = a->pick.range ? 1 : 0;
        sp->lead[0] = sp->count;
    }
}

/* "FILE: 25 latents (a 5 x 5 grid) of shape (4, 64, 64)" for messages. */
static void describe_split(char *out, size_t cap, const cli_array *a,
                           const cli_split *sp)
{
    char sh[200], grid[200] = "";
    size_t i, o = 0;
    shape_str(sh, sizeof sh, sp->shape, sp->ndim);
    if (sp->nlead >= 2) {
        o += (size_t)snprintf(grid, sizeof grid, " (a ");
        for (i = 0; i < sp->nlead && o < sizeof grid; ++i)
            o += (size_t)snprintf(grid + o, sizeof grid - o, "%s%lu",
                                  i ? " x " : "", (unsigned long)sp->lead[i]);
        if (o < sizeof grid) snprintf(grid + o, sizeof grid - o, " grid)");
    }
    snprintf(out, cap, "%s: %lu latent%s%s of shape %s", a->spec,
             (unsigned long)sp->count, sp->count == 1 ? "" : "s", grid, sh);
}

/* K latents of shape S from the inputs, by the rule above. */
typedef struct cli_latents {
    size_t k, dim, ndim;
    size_t shape[LIO_MAX_NDIM]; /* S */
    const float **x;
    cli_array *files;
    size_t nfiles;
    cli_split first;            /* the first input's split */
} cli_latents;

/* Read one latent input (FILE[:NAME][@PICK]) and split it. */
static void read_latent_array(const char *spec, cli_array *a, cli_split *sp)
{
    read_array_pick(spec, 0, 1, a);
    split_latents(a, sp);
}

static void load_latents(const char **specs, size_t n, cli_latents *L)
{
    size_t i, j, m;
    memset(L, 0, sizeof *L);
    if (n == 0) usage_error("no latents given");
    L->files = (cli_array *)xmalloc(n, sizeof *L->files);
    L->nfiles = n;
    for (i = 0; i < n; ++i) {
        cli_array *b = &L->files[i];
        cli_split sp;
        read_latent_array(specs[i], b, &sp);
        if (i == 0) {
            L->first = sp;
            L->ndim = sp.ndim;
            memcpy(L->shape, sp.shape, sp.ndim * sizeof *L->shape);
            L->dim = sp.dim;
        } else {
            int same = sp.ndim == L->ndim;
            for (j = 0; same && j < sp.ndim; ++j)
                same = sp.shape[j] == L->shape[j];
            if (!same) {
                char sa[300], sb[300];
                describe_split(sa, sizeof sa, &L->files[0], &L->first);
                describe_split(sb, sizeof sb, b, &sp);
                data_error("%s: latent shape differs from the first input's "
                           "(%s; %s)",
                           b->path, sa, sb);
            }
        }
        if (sp.count == 0)
            data_error("%s: holds no latents (K = 0)", b->path);
        L->k += sp.count;
    }
    if (L->dim == 0)
        data_error("%s: the latents have no elements", L->files[0].path);
    L->x = (const float **)xmalloc(L->k, sizeof *L->x);
    for (i = 0, m = 0; i < n; ++i) {
        cli_split sp;
        split_latents(&L->files[i], &sp);
        for (j = 0; j < sp.count; ++j)
            L->x[m++] = L->files[i].f + (sp.first + j) * L->dim;
    }
}

static void free_latents(cli_latents *L)
{
    size_t i;
    for (i = 0; i < L->nfiles; ++i) free_array(&L->files[i]);
    free(L->files);
    free((void *)L->x);
    memset(L, 0, sizeof *L);
}

/* "a.npy: 1 latent of shape (4, 64, 64)" or "3 latents from 2 files". */
static void describe_latents(char *out, size_t cap, const cli_latents *L)
{
    if (L->nfiles == 1) {
        describe_split(out, cap, &L->files[0], &L->first);
    } else {
        char sh[200];
        shape_str(sh, sizeof sh, L->shape, L->ndim);
        snprintf(out, cap, "%lu latents of shape %s from %lu inputs",
                 (unsigned long)L->k, sh, (unsigned long)L->nfiles);
    }
}

/* --mean: a number (the same mean for every element) or a file with 1 or
 * dim elements. */
static const float *read_mean(const char *s, size_t dim, size_t *mean_len,
                              cli_array *store, float *scalar)
{
    double v;
    memset(store, 0, sizeof *store);
    *mean_len = 0;
    if (!s) return NULL;
    if (parse_double(s, &v)) {
        if (fabs(v) > FLT_MAX) usage_error("--mean %s: out of float range", s);
        *scalar = (float)v;
        *mean_len = 1;
        return scalar;
    }
    read_array(s, 0, store);
    if (store->count != 1 && store->count != dim)
        data_error("%s: the mean has %lu elements, need 1 or %lu (one "
                   "latent)",
                   store->path, (unsigned long)store->count,
                   (unsigned long)dim);
    *mean_len = store->count;
    return store->f;
}

/* ------------------------------------------------------------- writing */

typedef struct cli_out {
    const char *spec;
    char *path;       /* destination */
    const char *name; /* tensor name for safetensors (NULL: default) */
    int fmt;
    char *tmp;        /* temporary file written, or NULL */
} cli_out;

#define CLI_MAX_OUT 2
static cli_out g_outs[CLI_MAX_OUT];
static size_t g_nouts;

static void remove_temps(void)
{
    size_t i;
    for (i = 0; i < g_nouts; ++i)
        if (g_outs[i].tmp) {
            remove(g_outs[i].tmp);
            free(g_outs[i].tmp);
            g_outs[i].tmp = NULL;
        }
}

/* Check an output name before any work is done. */
static cli_out *declare_output(const char *opt, const char *spec)
{
    cli_out *o;
    if (!spec) usage_error("missing %s OUT", opt);
    o = &g_outs[g_nouts++];
    memset(o, 0, sizeof *o);
    o->spec = spec;
    split_spec(spec, &o->path, &o->name);
    o->fmt = format_of(o->path, strlen(o->path));
    if (!o->fmt)
        usage_error("%s %s: the output name must end in .npy, .safetensors "
                    "or .latent",
                    opt, spec);
    if (o->name && !*o->name)
        usage_error("%s %s: empty tensor name", opt, spec);
    return o;
}

/* Write data (float or double, count elements, shape) to a temporary file
 * next to o->path. Data errors remove every temporary file first. */
static void write_temp(cli_out *o, lio_dtype dt, const void *data,
                       const size_t *shape_in, size_t ndim_in,
                       const char *default_name)
{
    unsigned char hdr[4096], chunk[1 << 16];
    size_t hlen, count = 1, i, esize = lio_dtype_size(dt), per, done;
    size_t shape[LIO_MAX_NDIM + 1], ndim = ndim_in;
    FILE *f = NULL;
    const char *name = o->name ? o->name : default_name;

    memcpy(shape, shape_in, ndim * sizeof *shape);
    if (o->fmt == FMT_LATENT) { /* write_latents gave it its batch axis */
        name = "latent_tensor";
        if (o->name && strcmp(o->name, "latent_tensor") != 0)
            note("%s: ComfyUI .latent files name their tensor latent_tensor; "
                 "ignoring ':%s'",
                 o->path, o->name);
    }
    for (i = 0; i < ndim; ++i) count *= shape[i];

    if (o->fmt == FMT_NPY) {
        hlen = lio_npy_header(hdr, sizeof hdr, dt, shape, ndim);
    } else {
        lio_tensor_spec ts[2];
        ts[0].name = name;
        ts[0].dtype = dt;
        ts[0].ndim = ndim;
        ts[0].shape = shape;
        ts[1].name = "latent_format_version_0";
        ts[1].dtype = LIO_F32;
        ts[1].ndim = 1;
        ts[1].shape = shape + LIO_MAX_NDIM; /* set below */
        shape[LIO_MAX_NDIM] = 0;
        hlen = lio_safetensors_header(hdr, sizeof hdr, ts,
                                      o->fmt == FMT_LATENT ? 2 : 1, NULL);
    }
    if (hlen == 0) {
        remove_temps();
        data_error("%s: cannot build the file header (name too long?)",
                   o->path);
    }

    o->tmp = (char *)xmalloc(strlen(o->path) + 16, 1);
#ifndef _WIN32
    {
        mode_t mask;
        int fd;
        sprintf(o->tmp, "%s.cogtmp-XXXXXX", o->path);
        fd = mkstemp(o->tmp);
        if (fd < 0) {
            const int err = errno;
            free(o->tmp);
            o->tmp = NULL;
            remove_temps();
            data_error("%s: cannot create a temporary file next to it: %s",
                       o->path, strerror(err));
        }
        mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
        f = fdopen(fd, "wb");
    }
#else
    sprintf(o->tmp, "%s.cogtmp", o->path);
    f = fopen(o->tmp, "wb");
#endif
    if (!f) {
        const int err = errno;
        remove_temps();
        data_error("%s: cannot write a temporary file: %s", o->path,
                   strerror(err));
    }
    fwrite(hdr, 1, hlen, f);
    per = sizeof chunk / esize;
    for (done = 0; done < count; done += per) {
        const size_t n = count - done < per ? count - done : per;
        if (dt == LIO_F32) lio_put_f32le((const float *)data + done, n, chunk);
        else lio_put_f64le((const double *)data + done, n, chunk);
        fwrite(chunk, 1, n * esize, f);
    }
    if (fflush(f) != 0 || ferror(f)
#ifndef _WIN32
        || fsync(fileno(f)) != 0
#endif
    ) {
        const int err = errno;
        fclose(f);
        remove_temps();
        data_error("%s: write failed: %s", o->path, strerror(err));
    }
    if (fclose(f) != 0) {
        const int err = errno;
        remove_temps();
        data_error("%s: write failed: %s", o->path, strerror(err));
    }
}

/* Rename every temporary file onto its destination. */
static void commit_outputs(void)
{
    size_t i;
    for (i = 0; i < g_nouts; ++i) {
        cli_out *o = &g_outs[i];
        if (!o->tmp) continue;
#ifdef _WIN32
        remove(o->path); /* rename does not replace on Windows */
#endif
        if (rename(o->tmp, o->path) != 0) {
            const int err = errno;
            remove_temps();
            data_error("%s: cannot rename the temporary file onto it: %s",
                       o->path, strerror(err));
        }
        free(o->tmp);
        o->tmp = NULL;
    }
    for (i = 0; i < g_nouts; ++i) free(g_outs[i].path);
    g_nouts = 0;
}

/* Write latents of shape S (L's) with leading axes lead[0..nlead): as
 * (*lead, *S), which the latent-shape rule reads back as the same latents;
 * a ComfyUI .latent output is one flat batch (prod(lead), *S), a batch of
 * 1 for a single latent. */
static void write_latents(cli_out *o, const float *data, const size_t *lead,
                          size_t nlead, const cli_latents *L)
{
    size_t shape[LIO_MAX_NDIM], ndim = 0, i;
    if (o->fmt == FMT_LATENT) {
        shape[0] = 1;
        for (i = 0; i < nlead; ++i) shape[0] *= lead[i];
        ndim = 1;
    } else {
        if (nlead + L->ndim > LIO_MAX_NDIM)
            data_error("the output would have more than %d dimensions",
                       LIO_MAX_NDIM);
        if (nlead) memcpy(shape, lead, nlead * sizeof *shape);
        ndim = nlead;
    }
    if (ndim + L->ndim > LIO_MAX_NDIM)
        data_error("the output would have more than %d dimensions",
                   LIO_MAX_NDIM);
    if (L->ndim) memcpy(shape + ndim, L->shape, L->ndim * sizeof *shape);
    write_temp(o, LIO_F32, data, shape, ndim + L->ndim, "latent");
}

/* ---------------------------------------------------------- cog errors */

static void check_cog(cog_result r, const char *what)
{
    if (r == COG_OK) return;
    if (r == COG_ERR_NONFINITE)
        data_error("%s: the result is not finite (values beyond the float32 "
                   "range?)",
                   what);
    data_error("%s: %s", what, cog_result_string(r));
}

static float **out_rows(float *buf, size_t b, size_t dim)
{
    float **rows = (float **)xmalloc(b, sizeof *rows);
    size_t i;
    for (i = 0; i < b; ++i) rows[i] = buf + i * dim;
    return rows;
}

/* ----------------------------------------------------------- commands */

static const char *usage_text =
    "cog - combine Gaussian latents of diffusion models so that every\n"
    "combination is again a valid latent (COG), from the shell.\n"
    "\n"
    "  cog randn    --seed N --shape D1[,D2,...] [--count M] [--rng cpu|nv]\n"
    "               [--variation-seed S --variation-strength T[,T...]\n"
    "                [--method cog|a1111]] -o OUT\n"
    "  cog interp   A B (--steps N | --t T[,T...]) [--method cog|lerp|slerp|cog-slerp]\n"
    "               [--mean M] -o OUT\n"
    "  cog combine  --weights W LATENTS... [--method cog|linear] [--mean M] -o OUT\n"
    "  cog centroid LATENTS... [--method cog|euclidean|standardized|mode-norm]\n"
    "               [--mean M] -o OUT\n"
    "  cog subspace LATENTS... (--coords C | --grid I,J --steps N [--origin O]\n"
    "               [--grid-kind affine|tangent] [--extent E]) [--allow-repeats]\n"
    "               [--weights-out W] [--method cog|linear] [--mean M] [--tol T] -o OUT\n"
    "  cog project  LATENTS... --latent Y [--tol T] -o COORDS\n"
    "  cog stats    FILE [--json] [--single]\n"
    "  cog walk     KEYFRAMES... --frames N [--ease linear|smoothstep|cosine]\n"
    "               [--hold H] [--loop] [--spline none|catmull-rom|bspline]\n"
    "               [--angular] [--mean M] -o OUT\n"
    "  cog blend    LATENTS... --masks M [--mean M] -o OUT\n"
    "  interp, combine, centroid, subspace and stats take --dist NAME[:PARAMS]\n"
    "  for latents that are iid uniform, logistic, Beta(1, B) or exponential\n"
    "  instead of N(0, 1) (see 'cog combine --help').\n"
    "\n"
    "Files: .npy (format 1.0/2.0/3.0, little-endian float16/32/64, C order),\n"
    ".safetensors (F32, F16, BF16, F64; FILE:NAME picks a tensor, a file with one\n"
    "tensor needs no name) and ComfyUI .latent (safetensors with latent_tensor; a\n"
    "file without ComfyUI's latent_format_version_0 marker is scaled by 1/0.18215\n"
    "like ComfyUI's LoadLatent does).\n"
    "\n"
    CLI_RULE_TEXT
    "\n"
    "Outputs: the format follows the extension of OUT (.npy, .safetensors,\n"
    ".latent); OUT.safetensors:NAME names the tensor (default 'latent', or\n"
    "'coords' / 'weights'). Latents are float32; coordinates and weights are\n"
    "float64. A .latent output is one flat ComfyUI batch: one latent is written\n"
    "as a batch of 1, a grid as (A*B, C, H, W).\n"
    "Outputs are written to a temporary file and renamed, so an existing OUT is\n"
    "replaced only on success.\n"
    "\n"
    "Exit status: 0 ok, 1 bad data, 2 usage error. Run 'cog CMD --help' for more.\n";

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

static const char *help_stats =
    "cog stats FILE [--json] [--single] [--dist D]\n"
    "  For each latent of FILE, split by the rule of cog --help (every cell of\n"
    "  a grid, shown by its position; --single: the whole file is one latent):\n"
    "  D, norm, the mean norm of an N(0, I) latent\n"
    "  (chi mean, about sqrt(D)), z = (|x|^2 - D) / sqrt(2D) (the squared norm\n"
    "  against chi-squared(D)), mean, std, the Kolmogorov-Smirnov statistic and\n"
    "  its asymptotic p-value against N(0, 1), and a verdict: 'typical' when\n"
    "  |z| < 4 and p > 1e-5, else 'atypical'. A LERP midpoint of two seeds has\n"
    "  norm about 0.71 sqrt(D) and z about -0.35 sqrt(D): atypical.\n"
    "  The last line says how many latents are typical (--json: \"typical\").\n"
    "  --dist D: instead, each latent's KS test against that distribution\n"
    "  (typical when p > 1e-5; mean, std, KS and p reported, no norm test).\n";

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

static void maybe_help(const cli_opts *o, const char *text)
{
    if (o->help) {
        fputs(text, stdout);
        exit(0);
    }
}

static const char *dist_help_text =
    "  --dist NAME[:PARAMS]: the latents' elements are iid from this\n"
    "  distribution instead of N(0, 1): uniform:LO,HI (default 0,1),\n"
    "  logistic:LOC,SCALE (default 0,1), beta1:B (Beta(1, B) on [0, 1]),\n"
    "  exponential:RATE (default 1). Each element is mapped to N(0, 1) by\n"
    "  Phi^-1(F(x)), combined there with COG (mean 0) and mapped back by\n"
    "  F^-1(Phi(.)), so the result has that distribution again. Only with\n"
    "  --method cog and without --mean.\n";

/* Help of a command that takes --dist. */
static void maybe_help_dist(const cli_opts *o, const char *text)
{
    if (o->help) fputs(text, stdout);
    maybe_help(o, dist_help_text);
}

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

static int parse_choice(const char *opt, const char *s, const char *names,
                        int def);

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
        for (w = 0; w < W; ++w) {
            double ll = 0, hh = 0, lh = 0;
            for (h = 0; h < H; ++h) {
                const size_t j = (c * H + h) * W + w;
                ll += (double)low[j] * low[j];
                hh += (double)high[j] * high[j];
                lh += (double)low[j] * high[j];
            }
            mean_dot += lh / (sqrt(ll) * sqrt(hh));
        }
    mean_dot /= (double)(C * W);
    if (mean_dot > 0.9995) {
        for (c = 0; c < C * H * W; ++c)
            out[c] = (float)(low[c] * val + high[c] * (1.0 - val));
        return;
    }
    for (c = 0; c < C; ++c)
        for (w = 0; w < W; ++w) {
            double ll = 0, hh = 0, lh = 0, om, so, a, b;
            for (h = 0; h < H; ++h) {
                const size_t j = (c * H + h) * W + w;
                ll += (double)low[j] * low[j];
                hh += (double)high[j] * high[j];
                lh += (double)low[j] * high[j];
            }
            om = acos(lh / (sqrt(ll) * sqrt(hh)));
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

static int cmd_randn(int argc, char **argv)
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
    for (p = o.shape;;) {
        char tmp[32];
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        size_t q;
        if (len == 0 || len >= sizeof tmp)
            usage_error("--shape %s: need positive integers like 4,64,64",
                        o.shape);
        memcpy(tmp, p, len);
        tmp[len] = '\0';
        for (q = 0; q < len; ++q)
            if (tmp[q] < '0' || tmp[q] > '9')
                usage_error("--shape %s: dimensions are whole numbers "
                            "separated by commas, like 4,64,64",
                            o.shape);
        if (ndim == LIO_MAX_NDIM)
            usage_error("--shape %s: more than %d dimensions", o.shape,
                        LIO_MAX_NDIM);
        shape[ndim++] = parse_size("--shape", tmp, 1, (size_t)-1);
        if (!c) break;
        p = c + 1;
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

enum { M_COG, M_LERP, M_SLERP, M_COG_SLERP, M_LINEAR, M_EUCLID, M_STD,
       M_MODE };

static int parse_method(const char *s, const char *allowed, int def)
{
    static const struct {
        const char *name;
        int id;
    } all[] = {{"cog", M_COG},         {"lerp", M_LERP},
               {"slerp", M_SLERP},     {"cog-slerp", M_COG_SLERP},
               {"linear", M_LINEAR},   {"euclidean", M_EUCLID},
               {"standardized", M_STD}, {"mode-norm", M_MODE}};
    size_t i;
    if (!s) return def;
    for (i = 0; i < sizeof all / sizeof *all; ++i) {
        const char *p = strstr(allowed, s);
        const size_t n = strlen(s);
        if (strcmp(all[i].name, s) != 0) continue;
        while (p && !((p == allowed || p[-1] == '|') &&
                      (p[n] == '|' || p[n] == '\0')))
            p = strstr(p + 1, s);
        if (p) return all[i].id;
    }
    usage_error("--method %s: unknown (choose %s)", s, allowed);
    return def;
}

static void no_mean_for_plain(const cli_opts *o, int method)
{
    if (o->mean && method != M_COG && method != M_COG_SLERP)
        usage_error("--mean applies to the COG methods only");
}

/* --dist NAME[:PARAMS]: latents whose elements are iid from a
 * distribution other than N(0, 1), combined through cog_combine_iid. */
typedef struct cli_dist {
    const char *spec; /* NULL: Gaussian (no --dist) */
    cog_cdf_fn cdf, quantile;
    union {
        cog_uniform_params u;
        cog_logistic_params l;
        cog_beta1_params b;
        cog_exponential_params e;
    } par;
} cli_dist;

static void parse_dist(const char *s, cli_dist *d)
{
    static const struct {
        const char *name;
        int nmin, nmax;
        double def[2];
    } known[] = {{"uniform", 0, 2, {0.0, 1.0}},
                 {"logistic", 0, 2, {0.0, 1.0}},
                 {"beta1", 1, 1, {0.0, 0.0}},
                 {"exponential", 0, 1, {1.0, 0.0}}};
    const char *colon;
    double v[2];
    size_t nlen, i;
    int which = -1, n = 0;
    memset(d, 0, sizeof *d);
    if (!s) return;
    d->spec = s;
    colon = strchr(s, ':');
    nlen = colon ? (size_t)(colon - s) : strlen(s);
    for (i = 0; i < sizeof known / sizeof *known; ++i)
        if (strlen(known[i].name) == nlen && strncmp(s, known[i].name, nlen) == 0)
            which = (int)i;
    if (which < 0)
        usage_error("--dist %s: unknown distribution (choose uniform:LO,HI, "
                    "logistic:LOC,SCALE, beta1:B or exponential:RATE)", s);
    v[0] = known[which].def[0];
    v[1] = known[which].def[1];
    if (colon) {
        const char *p = colon + 1;
        for (;;) {
            char tmp[64];
            const char *comma = strchr(p, ',');
            const size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (n == known[which].nmax || len == 0 || len >= sizeof tmp)
                usage_error("--dist %s: %s takes %s", s, known[which].name,
                            which == 0 ? "LO,HI" : which == 1 ? "LOC,SCALE"
                            : which == 2 ? "one number B" : "one number RATE");
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            if (!parse_double(tmp, &v[n]))
                usage_error("--dist %s: '%s' is not a finite number", s, tmp);
            ++n;
            if (!comma) break;
            p = comma + 1;
        }
    }
    if (n < known[which].nmin || (n != 0 && n < known[which].nmax))
        usage_error("--dist %s: %s takes %s", s, known[which].name,
                    which == 0 ? "LO,HI" : which == 1 ? "LOC,SCALE"
                    : which == 2 ? "one number B (beta1:5 is Beta(1, 5))"
                                 : "one number RATE");
    switch (which) {
    case 0:
        if (!(v[0] < v[1]) || !isfinite(v[1] - v[0]))
            usage_error("--dist %s: need LO < HI", s);
        d->par.u.lo = v[0];
        d->par.u.hi = v[1];
        d->cdf = cog_uniform_cdf;
        d->quantile = cog_uniform_quantile;
        break;
    case 1:
        if (!(v[1] > 0.0)) usage_error("--dist %s: need SCALE > 0", s);
        d->par.l.loc = v[0];
        d->par.l.scale = v[1];
        d->cdf = cog_logistic_cdf;
        d->quantile = cog_logistic_quantile;
        break;
    case 2:
        if (!(v[0] > 0.0)) usage_error("--dist %s: need B > 0", s);
        d->par.b.b = v[0];
        d->cdf = cog_beta1_cdf;
        d->quantile = cog_beta1_quantile;
        break;
    default:
        if (!(v[0] > 0.0)) usage_error("--dist %s: need RATE > 0", s);
        d->par.e.rate = v[0];
        d->cdf = cog_exponential_cdf;
        d->quantile = cog_exponential_quantile;
    }
}

/* --dist goes with the COG method and no --mean. */
static void dist_fits(const cli_opts *o, const cli_dist *d, int method)
{
    if (!d->spec) return;
    if (method != M_COG)
        usage_error("--dist combines the COG way; it does not go with "
                    "--method %s", o->method);
    if (o->mean)
        usage_error("--dist and --mean: the distribution's parameters give "
                    "its location (e.g. uniform:LO,HI), drop --mean");
}

/* Every element inside the distribution's support: data outside it means
 * the wrong --dist (or parameters), not a latent to clamp silently. */
static void check_support(const cli_latents *L, const cli_dist *d)
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

/* Combine b rows of weights w (b x k) with the method: COG or plain, or
 * with a --dist the iid COG. */
static float *combine_rows(const cli_latents *L, const double *w, size_t b,
                           int plain, const float *mean, size_t mean_len,
                           const cli_dist *dist)
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
    else
        r = cog_combine_batch(L->x, L->k, L->dim, w, b, mean, mean_len,
                              (float *const *)rows);
    free(rows);
    check_cog(r, "combine");
    return out;
}

static int cmd_interp(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array mstore;
    size_t steps, i, mean_len;
    int method;
    double *w, *ts = NULL, theta = 0.0;
    float mscalar, *res;
    const float *mean;
    cli_dist dist;
    cli_parse(argc, argv, "out steps t method mean dist", &o);
    maybe_help_dist(&o, help_interp);
    method = parse_method(o.method, "cog|lerp|slerp|cog-slerp", M_COG);
    no_mean_for_plain(&o, method);
    parse_dist(o.dist, &dist);
    dist_fits(&o, &dist, method);
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
            const char *c = strchr(p, ',');
            const size_t len = c ? (size_t)(c - p) : strlen(p);
            if (len == 0 || len >= sizeof tmp)
                usage_error("--t %s: need numbers like 0.3 or 0.25,0.5", o.t);
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            if (!parse_double(tmp, &ts[i]))
                usage_error("--t %s: '%s' is not a finite number", o.t, tmp);
            p = c ? c + 1 : p + len;
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
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
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
                       mean, mean_len, &dist);
    /* --t with one value: one latent, shape S; else (N, *S) */
    write_latents(out, res, &steps, ts && steps == 1 ? 0 : 1, &L);
    commit_outputs();
    free(res);
    free(ts);
    free(w);
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

static int cmd_combine(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array W, mstore;
    size_t b, mean_len;
    int method, from_file;
    float mscalar, *res;
    const float *mean;
    cli_dist dist;
    cli_parse(argc, argv, "out weights method mean dist", &o);
    maybe_help_dist(&o, help_combine);
    method = parse_method(o.method, "cog|linear", M_COG);
    no_mean_for_plain(&o, method);
    parse_dist(o.dist, &dist);
    dist_fits(&o, &dist, method);
    if (!o.weights) usage_error("missing --weights W");
    out = declare_output("-o", o.out);
    if (o.npos == 0) usage_error("no latents given");
    from_file = read_numbers("--weights", o.weights, &W);
    load_latents(o.pos, o.npos, &L);
    if ((W.ndim != 1 && W.ndim != 2) || W.shape[W.ndim - 1] != L.k) {
        char s[200];
        shape_str(s, sizeof s, W.shape, W.ndim);
        (from_file ? data_error : usage_error)(
            "%s: weights of shape %s do not fit %lu latents (need (%lu,) or "
            "(B, %lu))",
            W.path, s, (unsigned long)L.k, (unsigned long)L.k,
            (unsigned long)L.k);
    }
    if (W.ndim == 2 && W.shape[0] == 0)
        data_error("%s: no rows of weights", W.path);
    check_support(&L, &dist);
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
    b = W.ndim == 2 ? W.shape[0] : 1;
    res = combine_rows(&L, W.d, b, method == M_LINEAR, mean, mean_len, &dist);
    write_latents(out, res, &b, W.ndim == 2 ? 1 : 0, &L);
    commit_outputs();
    free(res);
    free_array(&W);
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

static int cmd_centroid(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array mstore;
    size_t mean_len;
    int method;
    float mscalar, *res;
    const float *mean;
    cog_result r;
    cli_dist dist;
    cli_parse(argc, argv, "out method mean dist", &o);
    maybe_help_dist(&o, help_centroid);
    method = parse_method(o.method, "cog|euclidean|standardized|mode-norm",
                          M_COG);
    no_mean_for_plain(&o, method);
    parse_dist(o.dist, &dist);
    dist_fits(&o, &dist, method);
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
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
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
            res = combine_rows(&L, w, 1, 0, NULL, 0, &dist);
        } else if (r == COG_OK) {
            r = cog_combine(L.x, L.k, L.dim, w, mean, mean_len, res);
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
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
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
            if (ncols) snprintf(n0, sizeof n0, "cell [%lu, %lu]", (unsigned long)(zero / ncols), (unsigned long)(zero % ncols));
            else snprintf(n0, sizeof n0, "row %lu", (unsigned long)zero);
            snprintf(msg, sizeof msg, "%s: %s is the point 0, which COG turns "
                     "into the centroid of the latents", what, n0);
        } else {
            if (ncols) {
                snprintf(n0, sizeof n0, "cells [%lu, %lu]", (unsigned long)(first[0] / ncols), (unsigned long)(first[0] % ncols));
                snprintf(n1, sizeof n1, "[%lu, %lu]", (unsigned long)(first[1] / ncols), (unsigned long)(first[1] % ncols));
            } else {
                snprintf(n0, sizeof n0, "rows %lu", (unsigned long)first[0]);
                snprintf(n1, sizeof n1, "%lu", (unsigned long)first[1]);
            }
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

static int cmd_subspace(int argc, char **argv)
{
    cli_opts o;
    cli_out *out, *wout = NULL;
    cli_latents L;
    cli_array C, mstore;
    cog_subspace sub;
    size_t b, i, k, mean_len, lead[2], nlead;
    size_t wshape[3], wndim;
    int method;
    double *w;
    float mscalar, *res, *gdata = NULL;
    const float *mean;
    cli_dist dist;
    cli_parse(argc, argv,
              "out coords grid steps origin weights-out method mean tol dist "
              "grid-kind extent allow-repeats",
              &o);
    maybe_help_dist(&o, help_subspace);
    method = parse_method(o.method, "cog|linear", M_COG);
    no_mean_for_plain(&o, method);
    parse_dist(o.dist, &dist);
    dist_fits(&o, &dist, method);
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
        if ((C.ndim != 1 && C.ndim != 2) || C.shape[C.ndim - 1] != k) {
            char s[200];
            shape_str(s, sizeof s, C.shape, C.ndim);
            (from_file ? data_error : usage_error)(
                "%s: coordinates of shape %s do not fit %lu latents (need "
                "(%lu,) or (B, %lu))",
                C.path, s, (unsigned long)k, (unsigned long)k,
                (unsigned long)k);
        }
        b = C.ndim == 2 ? C.shape[0] : 1;
        if (b == 0) data_error("%s: no rows of coordinates", C.path);
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
        double extent = 1.0;
        cog_grid_kind kind = COG_GRID_AFFINE;
        cog_result r;
        const char *comma = strchr(o.grid, ',');
        char tmp[32];
        if (!comma || (size_t)(comma - o.grid) >= sizeof tmp)
            usage_error("--grid %s: need two latents I,J", o.grid);
        memcpy(tmp, o.grid, (size_t)(comma - o.grid));
        tmp[comma - o.grid] = '\0';
        gi = parse_size("--grid", tmp, 0, 1u << 20);
        gj = parse_size("--grid", comma + 1, 0, 1u << 20);
        n = parse_size("--steps", o.steps, 2, CLI_MAX_GRID_STEPS);
        origin = o.origin ? parse_size("--origin", o.origin, 0, 1u << 20) : 0;
        if (o.grid_kind) {
            if (strcmp(o.grid_kind, "tangent") == 0) kind = COG_GRID_TANGENT;
            else if (strcmp(o.grid_kind, "affine") != 0)
                usage_error("--grid-kind %s: unknown (choose affine or "
                            "tangent)",
                            o.grid_kind);
        }
        if (o.extent && (!parse_double(o.extent, &extent) || extent <= 0.0))
            usage_error("--extent %s: need a number > 0", o.extent);
        if (gi == gj || gi == origin || gj == origin)
            usage_error("--grid %s with --origin %lu: the grid spans the plane "
                        "of latents O, I and J, which must be three different "
                        "latents (e.g. --grid 1,2 with the default --origin 0)",
                        o.grid, (unsigned long)origin);
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
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
    res = combine_rows(&L, w, b, method == M_LINEAR, mean, mean_len, &dist);
    write_latents(out, res, lead, nlead, &L);
    if (wout) write_temp(wout, LIO_F64, w, wshape, wndim, "weights");
    commit_outputs();
    cog_subspace_destroy(&sub);
    free(gdata);
    free(res);
    free(w);
    free_array(&C);
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

static int cmd_project(int argc, char **argv)
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
    {
        int same = ys.ndim == L.ndim;
        for (i = 0; same && i < L.ndim; ++i) same = ys.shape[i] == L.shape[i];
        if (!same) {
            char sy[400], sl[400];
            describe_split(sy, sizeof sy, &Y, &ys);
            describe_latents(sl, sizeof sl, &L);
            data_error("%s: its latents do not have the basis latents' shape "
                       "(%s; %s)",
                       Y.path, sy, sl);
        }
        if (ys.count == 0) data_error("%s: holds no latents", Y.path);
        if (ys.nlead + 1 > LIO_MAX_NDIM)
            data_error("%s: too many axes", Y.path);
    }
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

/* ---------------------------------------------------------------- stats */

static int cmp_float(const void *a, const void *b)
{
    const float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Mean of the chi distribution with d degrees of freedom. */
static double chi_mean(double d)
{
    if (d < 100.0)
        return sqrt(2.0) * exp(lgamma((d + 1.0) / 2.0) - lgamma(d / 2.0));
    return sqrt(d) * (1.0 - 1.0 / (4.0 * d) + 1.0 / (32.0 * d * d) +
                      5.0 / (128.0 * d * d * d) -
                      21.0 / (2048.0 * d * d * d * d));
}

/* P(K > lam) for the Kolmogorov distribution. */
static double kolmogorov_q(double lam)
{
    const double pi = 3.14159265358979323846;
    double sum = 0.0;
    int j;
    if (lam < 0.2) return 1.0;
    if (lam < 1.18) {
        for (j = 1; j <= 20; ++j) {
            const double m = 2.0 * j - 1.0;
            sum += exp(-m * m * pi * pi / (8.0 * lam * lam));
        }
        sum = 1.0 - sqrt(2.0 * pi) / lam * sum;
    } else {
        for (j = 1; j <= 100; ++j)
            sum += (j % 2 ? 2.0 : -2.0) * exp(-2.0 * j * j * lam * lam);
    }
    return sum < 0.0 ? 0.0 : (sum > 1.0 ? 1.0 : sum);
}

typedef struct latent_stats {
    double norm, expected, z, mean, std, ks, p;
    int typical;
} latent_stats;

static void compute_stats(const float *x, size_t d, float *scratch,
                          const cli_dist *dist, latent_stats *st)
{
    double s = 0.0, ss = 0.0, m, v = 0.0, ks = 0.0, n = (double)d, sq;
    size_t i;
    for (i = 0; i < d; ++i) {
        s += x[i];
        ss += (double)x[i] * x[i];
    }
    m = s / n;
    for (i = 0; i < d; ++i) v += ((double)x[i] - m) * ((double)x[i] - m);
    st->norm = sqrt(ss);
    st->expected = chi_mean(n);
    st->z = (ss - n) / sqrt(2.0 * n);
    st->mean = m;
    st->std = sqrt(v / n);
    memcpy(scratch, x, d * sizeof *scratch);
    qsort(scratch, d, sizeof *scratch, cmp_float);
    for (i = 0; i < d; ++i) {
        const double f =
            dist->spec ? dist->cdf((double)scratch[i], (void *)&dist->par)
                       : cog_normal_cdf((double)scratch[i]);
        const double lo = f - (double)i / n, hi = (double)(i + 1) / n - f;
        if (lo > ks) ks = lo;
        if (hi > ks) ks = hi;
    }
    st->ks = ks;
    sq = sqrt(n);
    st->p = kolmogorov_q((sq + 0.12 + 0.11 / sq) * ks);
    /* with --dist the KS test alone (the norm test is the Gaussian's) */
    st->typical = (dist->spec || fabs(st->z) < 4.0) && st->p > 1e-5;
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; ++s) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

/* "[a, b]" position of flat latent index i in the lead axes. */
static void position_str(char *out, size_t cap, size_t i, const cli_split *sp,
                         int json)
{
    size_t pos[LIO_MAX_NDIM], a, o = 0;
    for (a = sp->nlead; a-- > 0;) {
        pos[a] = i % sp->lead[a];
        i /= sp->lead[a];
    }
    o += (size_t)snprintf(out, cap, "[");
    for (a = 0; a < sp->nlead && o < cap; ++a)
        o += (size_t)snprintf(out + o, cap - o, "%s%lu", a ? (json ? ", " : ",") : "",
                              (unsigned long)pos[a]);
    if (o < cap) snprintf(out + o, cap - o, "]");
}

static int cmd_stats(int argc, char **argv)
{
    cli_opts o;
    cli_array A;
    cli_split sp;
    size_t d, i, ntyp = 0;
    float *scratch;
    char what[400];
    cli_dist dist;
    cli_parse(argc, argv, "json single dist", &o);
    maybe_help_dist(&o, help_stats);
    parse_dist(o.dist, &dist);
    if (o.npos != 1) usage_error("need exactly one FILE");
    if (o.single && g_latent_dims)
        usage_error("--single and --latent-dims: give one of them");
    read_array_pick(o.pos[0], 0, 1, &A);
    if (A.count == 0) data_error("%s: holds no elements", A.path);
    if (o.single) g_latent_dims = A.ndim ? A.ndim : 1;
    split_latents(&A, &sp);
    if (sp.count == 0) data_error("%s: holds no latents", A.path);
    d = sp.dim;
    describe_split(what, sizeof what, &A, &sp);
    scratch = (float *)xmalloc(d, sizeof *scratch);
    if (o.json) {
        printf("{\"file\": ");
        json_string(A.path);
        printf(", \"latents\": %lu, \"lead\": [", (unsigned long)sp.count);
        for (i = 0; i < sp.nlead; ++i)
            printf("%s%lu", i ? ", " : "", (unsigned long)sp.lead[i]);
        printf("], \"shape\": [");
        for (i = 0; i < sp.ndim; ++i)
            printf("%s%lu", i ? ", " : "", (unsigned long)sp.shape[i]);
        printf("], \"D\": %lu, ", (unsigned long)d);
        if (dist.spec) {
            printf("\"dist\": ");
            json_string(dist.spec);
            printf(", \"rule\": \"typical if ks_p > 1e-5 (KS against the "
                   "dist)\", \"stats\": [");
        } else {
            printf("\"rule\": \"typical if |z| < 4 and ks_p > 1e-5\", "
                   "\"stats\": [");
        }
    } else if (dist.spec) {
        printf("%s, D = %lu, against %s\n", what, (unsigned long)d, dist.spec);
        printf("%9s %10s %9s %9s %10s  %s\n", "latent", "mean", "std", "KS",
               "KS p", "verdict");
    } else {
        printf("%s, D = %lu\n", what, (unsigned long)d);
        printf("%9s %12s %12s %9s %10s %9s %9s %10s  %s\n", "latent", "norm",
               "N(0,I) norm", "z", "mean", "std", "KS", "KS p", "verdict");
    }
    for (i = 0; i < sp.count; ++i) {
        latent_stats st;
        char pos[200];
        compute_stats(A.f + (sp.first + i) * d, d, scratch, &dist, &st);
        ntyp += st.typical != 0;
        if (o.json && dist.spec) {
            position_str(pos, sizeof pos, i, &sp, 1);
            printf("%s{\"index\": %lu, \"position\": %s, \"D\": %lu, "
                   "\"mean\": %.17g, \"std\": %.17g, \"ks\": %.17g, "
                   "\"ks_p\": %.17g, \"verdict\": \"%s\"}",
                   i ? ", " : "", (unsigned long)i, pos, (unsigned long)d,
                   st.mean, st.std, st.ks, st.p,
                   st.typical ? "typical" : "atypical");
        } else if (o.json) {
            position_str(pos, sizeof pos, i, &sp, 1);
            printf("%s{\"index\": %lu, \"position\": %s, \"D\": %lu, "
                   "\"norm\": %.17g, "
                   "\"expected_norm\": %.17g, \"z\": %.17g, \"mean\": %.17g, "
                   "\"std\": %.17g, \"ks\": %.17g, \"ks_p\": %.17g, "
                   "\"verdict\": \"%s\"}",
                   i ? ", " : "", (unsigned long)i, pos, (unsigned long)d,
                   st.norm, st.expected, st.z, st.mean, st.std, st.ks, st.p,
                   st.typical ? "typical" : "atypical");
        } else {
            if (sp.nlead >= 2) position_str(pos, sizeof pos, i, &sp, 0);
            else snprintf(pos, sizeof pos, "%lu",
                          (unsigned long)(sp.first + i));
            if (dist.spec)
                printf("%9s %10.5f %9.5f %9.6f %10.3g  %s\n", pos, st.mean,
                       st.std, st.ks, st.p,
                       st.typical ? "typical" : "atypical");
            else
                printf("%9s %12.4f %12.4f %9.3f %10.5f %9.5f %9.6f %10.3g  "
                       "%s\n",
                       pos, st.norm, st.expected, st.z, st.mean, st.std,
                       st.ks, st.p, st.typical ? "typical" : "atypical");
        }
    }
    if (o.json)
        printf("], \"typical\": %lu}\n", (unsigned long)ntyp);
    else if (dist.spec)
        printf("%lu of %lu latent%s typical for %s (KS p > 1e-5)\n",
               (unsigned long)ntyp, (unsigned long)sp.count,
               sp.count == 1 ? "" : "s", dist.spec);
    else
        printf("%lu of %lu latent%s typical (z = (|x|^2 - D)/sqrt(2D); typical "
               "if |z| < 4 and KS p > 1e-5)\n",
               (unsigned long)ntyp, (unsigned long)sp.count,
               sp.count == 1 ? "" : "s");
    free(scratch);
    free_array(&A);
    free((void *)o.pos);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* --------------------------------------------------------- seed workflows */

/* Index of s in the '|'-separated list `names`; usage error otherwise. */
static int parse_choice(const char *opt, const char *s, const char *names,
                        int def)
{
    const char *p = names;
    int i = 0;
    const size_t n = s ? strlen(s) : 0;
    if (!s) return def;
    for (;;) {
        const char *bar = strchr(p, '|');
        const size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, s, n) == 0) return i;
        if (!bar) break;
        p = bar + 1;
        ++i;
    }
    usage_error("%s %s: unknown (choose %s)", opt, s, names);
    return def;
}

static int cmd_walk(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array mstore;
    cog_walk_spec sp;
    size_t len, mean_len, i, j;
    int spline;
    float mscalar, *res, **rows;
    const float *mean;
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
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
    res = (float *)xmalloc(len, L.dim * sizeof(float));
    rows = out_rows(res, len, L.dim);
    r = cog_walk(L.x, &sp, L.dim, mean, mean_len, 0, len,
                 (float *const *)rows);
    free(rows);
    check_cog(r, "walk");
    write_latents(out, res, &len, 1, &L);
    commit_outputs();
    free(res);
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

/* Does shape a (na axes) equal shape b (nb axes)? */
static int same_shape(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    size_t i;
    if (na != nb) return 0;
    for (i = 0; i < na; ++i)
        if (a[i] != b[i]) return 0;
    return 1;
}

static int cmd_blend(int argc, char **argv)
{
    cli_opts o;
    cli_out *out;
    cli_latents L;
    cli_array M, mstore;
    size_t mean_len, mask_dim = 0, i, j, nfit = 0;
    int single = 0;
    float mscalar, *res, *comp = NULL;
    const float *mean, **maps;
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
    mean = read_mean(o.mean, L.dim, &mean_len, &mstore, &mscalar);
    res = (float *)xmalloc(L.dim, sizeof *res);
    check_cog(cog_blend(L.x, L.k, L.dim, maps, mask_dim, mean, mean_len, res),
              "blend");
    write_latents(out, res, NULL, 0, &L);
    commit_outputs();
    free(res);
    free(comp);
    free((void *)maps);
    free_array(&M);
    free_array(&mstore);
    free_latents(&L);
    free((void *)o.pos);
    return 0;
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"randn", cmd_randn},       {"interp", cmd_interp},
                {"combine", cmd_combine},   {"centroid", cmd_centroid},
                {"subspace", cmd_subspace}, {"project", cmd_project},
                {"stats", cmd_stats},       {"walk", cmd_walk},
                {"blend", cmd_blend}};
    size_t i;
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("cog %s (cog.h %s)\n", COG_VERSION_STRING,
               cog_version_string());
        return 0;
    }
    for (i = 0; i < sizeof cmds / sizeof *cmds; ++i)
        if (strcmp(argv[1], cmds[i].name) == 0) {
            g_cmd = cmds[i].name;
            return cmds[i].fn(argc - 2, argv + 2);
        }
    usage_error("unknown command '%s' (randn, interp, combine, centroid, "
                "subspace, project, stats, walk, blend; see cog --help)",
                argv[1]);
    return 2;
}
