/* cli_stats.c - cog stats: is each latent of a file a typical N(0, I)
 * draw (norm against the chi distribution, Kolmogorov-Smirnov)? */

#include "cli.h"
#include "../common/cog_stats.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct latent_stats {
    double norm, expected, z, mean, std, ks, p;
    int typical;
} latent_stats;

static void compute_stats(const float *x, size_t d, float *scratch,
                          const cli_dist *dist, latent_stats *st)
{
    double s = 0.0, ss = 0.0, m, v = 0.0, ks = 0.0, n = (double)d;
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
    st->p = cogs_ks_pvalue(ks, d); /* the tests' p-value (cog_stats.h) */
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

/* The opening: the JSON object up to its "stats" list, or the text
 * table's title and column heads. */
static void print_head(int json, const cli_array *A, const cli_split *sp,
                       const cli_dist *dist)
{
    const size_t d = sp->dim;
    char what[400];
    size_t i;
    describe_split(what, sizeof what, A, sp);
    if (json) {
        printf("{\"file\": ");
        json_string(A->path);
        printf(", \"latents\": %lu, \"lead\": [", (unsigned long)sp->count);
        for (i = 0; i < sp->nlead; ++i)
            printf("%s%lu", i ? ", " : "", (unsigned long)sp->lead[i]);
        printf("], \"shape\": [");
        for (i = 0; i < sp->ndim; ++i)
            printf("%s%lu", i ? ", " : "", (unsigned long)sp->shape[i]);
        printf("], \"D\": %lu, ", (unsigned long)d);
        if (dist->spec) {
            printf("\"dist\": ");
            json_string(dist->spec);
            printf(", \"rule\": \"typical if ks_p > 1e-5 (KS against the "
                   "dist)\", \"stats\": [");
        } else {
            printf("\"rule\": \"typical if |z| < 4 and ks_p > 1e-5\", "
                   "\"stats\": [");
        }
    } else if (dist->spec) {
        printf("%s, D = %lu, against %s\n", what, (unsigned long)d, dist->spec);
        printf("%9s %10s %9s %9s %10s  %s\n", "latent", "mean", "std", "KS",
               "KS p", "verdict");
    } else {
        printf("%s, D = %lu\n", what, (unsigned long)d);
        printf("%9s %12s %12s %9s %10s %9s %9s %10s  %s\n", "latent", "norm",
               "N(0,I) norm", "z", "mean", "std", "KS", "KS p", "verdict");
    }
}

/* One latent's row (a JSON object or a table line); i counts the latents
 * of the file's split. */
static void print_row(int json, size_t i, const cli_split *sp,
                      const cli_dist *dist, const latent_stats *st)
{
    const size_t d = sp->dim;
    char pos[200];
    if (json && dist->spec) {
        position_str(pos, sizeof pos, i, sp, 1);
        printf("%s{\"index\": %lu, \"position\": %s, \"D\": %lu, "
               "\"mean\": %.17g, \"std\": %.17g, \"ks\": %.17g, "
               "\"ks_p\": %.17g, \"verdict\": \"%s\"}",
               i ? ", " : "", (unsigned long)i, pos, (unsigned long)d,
               st->mean, st->std, st->ks, st->p,
               st->typical ? "typical" : "atypical");
    } else if (json) {
        position_str(pos, sizeof pos, i, sp, 1);
        printf("%s{\"index\": %lu, \"position\": %s, \"D\": %lu, "
               "\"norm\": %.17g, "
               "\"expected_norm\": %.17g, \"z\": %.17g, \"mean\": %.17g, "
               "\"std\": %.17g, \"ks\": %.17g, \"ks_p\": %.17g, "
               "\"verdict\": \"%s\"}",
               i ? ", " : "", (unsigned long)i, pos, (unsigned long)d,
               st->norm, st->expected, st->z, st->mean, st->std, st->ks, st->p,
               st->typical ? "typical" : "atypical");
    } else {
        if (sp->nlead >= 2) position_str(pos, sizeof pos, i, sp, 0);
        else snprintf(pos, sizeof pos, "%lu",
                      (unsigned long)(sp->first + i));
        if (dist->spec)
            printf("%9s %10.5f %9.5f %9.6f %10.3g  %s\n", pos, st->mean,
                   st->std, st->ks, st->p,
                   st->typical ? "typical" : "atypical");
        else
            printf("%9s %12.4f %12.4f %9.3f %10.5f %9.5f %9.6f %10.3g  "
                   "%s\n",
                   pos, st->norm, st->expected, st->z, st->mean, st->std,
                   st->ks, st->p, st->typical ? "typical" : "atypical");
    }
}

int cmd_stats(int argc, char **argv)
{
    cli_opts o;
    cli_array A;
    cli_split sp;
    size_t d, i, ntyp = 0;
    float *scratch;
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
    scratch = (float *)xmalloc(d, sizeof *scratch);
    print_head(o.json, &A, &sp, &dist);
    for (i = 0; i < sp.count; ++i) {
        latent_stats st;
        compute_stats(A.f + (sp.first + i) * d, d, scratch, &dist, &st);
        ntyp += st.typical != 0;
        print_row(o.json, i, &sp, &dist, &st);
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
