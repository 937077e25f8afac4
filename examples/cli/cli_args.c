/* cli_args.c - the command line of `cog`: one option table for every
 * command, the parsers of numbers and choices the commands share, --dist. */

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
size_t g_latent_dims;

/* Parse argv for a command that accepts the options named in `allowed`
 * (space-separated, e.g. "out method mean"). -o is --out, -h is --help. */
void cli_parse(int argc, char **argv, const char *allowed,
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

/* The next item of the comma-separated list at *p, copied into buf (cap
 * bytes); *p moves past it and its comma, to NULL after the last item.
 * Returns 0 when the item is empty or does not fit buf. */
int list_item(const char **p, char *buf, size_t cap)
{
    const char *comma = strchr(*p, ',');
    const size_t len = comma ? (size_t)(comma - *p) : strlen(*p);
    if (len == 0 || len >= cap) return 0;
    memcpy(buf, *p, len);
    buf[len] = '\0';
    *p = comma ? comma + 1 : NULL;
    return 1;
}

/* A whole-string integer in [lo, hi]; usage error otherwise. */
size_t parse_size(const char *opt, const char *s, size_t lo, size_t hi)
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

int parse_double(const char *s, double *v)
{
    char *end;
    if (!s || !*s) return 0;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && end != s && errno != ERANGE && isfinite(*v);
}
void maybe_help(const cli_opts *o, const char *text)
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
void maybe_help_dist(const cli_opts *o, const char *text)
{
    if (o->help) fputs(text, stdout);
    maybe_help(o, dist_help_text);
}


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

/* --dist NAME[:PARAMS] (s NULL: d->spec NULL, the Gaussian case). */
void parse_dist(const char *s, cli_dist *d)
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
        while (p) {
            char tmp[64];
            if (n == known[which].nmax || !list_item(&p, tmp, sizeof tmp))
                usage_error("--dist %s: %s takes %s", s, known[which].name,
                            which == 0 ? "LO,HI" : which == 1 ? "LOC,SCALE"
                            : which == 2 ? "one number B" : "one number RATE");
            if (!parse_double(tmp, &v[n]))
                usage_error("--dist %s: '%s' is not a finite number", s, tmp);
            ++n;
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

/* --method (one of `allowed`, default cog) and --dist of the commands that
 * combine latents, checked together: --mean only with the COG methods,
 * --dist only with cog and without --mean. Returns the method. */
int parse_method_dist(const cli_opts *o, const char *allowed, cli_dist *d)
{
    const int method = parse_method(o->method, allowed, M_COG);
    if (o->mean && method != M_COG && method != M_COG_SLERP)
        usage_error("--mean applies to the COG methods only");
    parse_dist(o->dist, d);
    if (!d->spec) return method;
    if (method != M_COG)
        usage_error("--dist combines the COG way; it does not go with "
                    "--method %s", o->method);
    if (o->mean)
        usage_error("--dist and --mean: the distribution's parameters give "
                    "its location (e.g. uniform:LO,HI), drop --mean");
    return method;
}

/* Index of s in the '|'-separated list `names`; usage error otherwise. */
int parse_choice(const char *opt, const char *s, const char *names,
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
