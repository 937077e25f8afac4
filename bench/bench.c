/* bench.c - cog.h's stream-bound kernels timed against the cost of moving
 * the same bytes with the C library, in the same run.
 *
 *   bench [--json] [--quick] [--scaling] [--time S] [--d LIST] [--k LIST]
 *         [--b LIST] [--ops LIST]
 *
 * Operations (--ops, comma separated; default all):
 *   combine   cog_combine, one output from k latents, mu = 0 (mean_len 0,
 *             the usual N(0, I) latent); bound: memcpy of (k + 1) * d floats
 *   combine_mu  the same with a per-element mean (mean_len = d): one more
 *             input stream, plus the up-front NaN/Inf check of the mean;
 *             bound: memcpy of (k + 2) * d floats
 *   batch     cog_combine_batch, b outputs, mu = 0; bound: memcpy of
 *             (k + b) * d floats
 *   batch_scratch  the same through cog_combine_batch_scratch (the batch
 *             kernel's buffers in caller memory instead of 7 KiB of stack)
 *   walk      cog_walk: a Catmull-Rom loop through k keyframes, b frames
 *             (b/k per segment; only where k divides b), each block of
 *             frames one cog_combine_batch over its 4 neighbours; bound
 *             as batch: memcpy of (k + b) * d floats
 *   slerp     cog_slerp_angle (k = 2 only); bound: reading 2 * d floats
 *   project   cog_subspace_project of a new latent (k dot products);
 *             bound: reading (k + 1) * d floats
 *   gram      cog_gram; bound: reading k * d floats
 *   subspace  cog_subspace_init (Gram + k x k algebra); bound: reading k * d
 *             floats (the peers script compares it with SciPy's QR)
 *   randn     cog_randn_torch of d values (once per d, reported as k = 1);
 *             bound: memcpy of d floats. Its target is torch.randn of the
 *             same size on one thread, which the peers script times.
 *   iid       cog_combine_iid with the uniform(-4, 4) pair (callbacks that
 *             cost a few flops), one output from k latents, d <= 65536
 *             only: 2k + 2 special functions per element (Phi^-1 and F
 *             per input, Phi and F^-1 per output); bound: (2k + 2) * d
 *             calls of libm erfc in double, so the ratio is the cost per
 *             special-function call in units of one erfc. The target
 *             column gives ns per element per input.
 *
 * "memcpy of n floats" is one libc memcpy(dst, src, 4n); "reading n floats"
 * is one libc memcmp of two equal buffers of 2n bytes each, which reads n
 * floats and writes nothing. Each repetition times the operation and its
 * bound back to back; the table gives the medians, the spread (10th and
 * 90th percentiles) and the median of the per-repetition ratios.
 *
 * --json prints one JSON object per line instead of the table:
 *   {"op":..,"d":..,"k":..,"b":..,"ns":..,"bound_ns":..,"ratio":..,
 *    "ns_p10":..,"ns_p90":..,"reps":..,"threads":..}
 * --scaling times combine, gram and subspace over d = 2^12 .. 2^22 at k = 16
 * and over k = 1 .. 128 at d = 262,144 (no bound, ns per element reported).
 * --quick is the CI smoke run: small sizes, a fraction of a second each. */
#define _POSIX_C_SOURCE 200809L
#define COG_IMPLEMENTATION
#define COG_STATIC
#include "cog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define MAXLIST 16

typedef struct list {
    size_t v[MAXLIST];
    int n;
} list;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int parse_list(const char *s, list *l)
{
    char *end;
    l->n = 0;
    while (*s && l->n < MAXLIST) {
        unsigned long long v = strtoull(s, &end, 10);
        if (end == s || v == 0) return 0;
        l->v[l->n++] = (size_t)v;
        s = end;
        if (*s == ',') ++s;
    }
    return l->n > 0;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[(int)(p * (n - 1) + 0.5)];
}

/* 1 if name is one of the comma-separated words of list ("batch" is not
 * "batch_scratch") */
static int in_list(const char *list, const char *name)
{
    const size_t n = strlen(name);
    const char *p = list;
    while ((p = strstr(p, name)) != NULL) {
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

/* ------------------------------------------------------------ workspace */

/* One arena holds the k latents, then b outputs, back to back; a second
 * arena of the same size is the memcpy / memcmp partner. */
typedef struct ws {
    size_t d, kmax, bmax;
    float *a, *c;
    float *x[1024];
    float *out[256];
    cog_subspace sub;
    void *submem, *scratch;
    size_t subbytes;
    double gram[128 * 128], dots[1024], w[256 * 128];
} ws;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static float rnd(void)
{
    /* xorshift64*, a rough N(0,1) stand-in (sum of 4 uniforms): the
     * kernels' speed does not depend on the distribution. */
    float s = 0.0f;
    int i;
    for (i = 0; i < 4; ++i) {
        uint64_t z;
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        z = rng_state * 2685821657736338717ull;
        s += (float)(z >> 40) * (1.0f / 16777216.0f);
    }
    return (s - 2.0f) * 1.7320508f;
}

static int ws_init(ws *s, size_t d, size_t kmax, size_t bmax)
{
    size_t i, n = (kmax + bmax) * d;
    memset(s, 0, sizeof *s);
    s->d = d;
    s->kmax = kmax;
    s->bmax = bmax;
    s->a = (float *)malloc(n * sizeof(float));
    s->c = (float *)malloc(n * sizeof(float));
    if (!s->a || !s->c) return 0;
    for (i = 0; i < kmax * d; ++i) s->a[i] = rnd();
    memset(s->a + kmax * d, 0, bmax * d * sizeof(float));
    memcpy(s->c, s->a, n * sizeof(float));
    for (i = 0; i < kmax; ++i) s->x[i] = s->a + i * d;
    for (i = 0; i < bmax; ++i) s->out[i] = s->a + (kmax + i) * d;
    for (i = 0; i < 256 * 128; ++i) s->w[i] = (double)rnd();
    if (cog_subspace_memory_size(kmax, &s->subbytes) != COG_OK) return 0;
    s->submem = malloc(s->subbytes);
    s->scratch = malloc(COG_BATCH_SCRATCH_BYTES);
    return s->submem != NULL && s->scratch != NULL;
}

static void ws_free(ws *s)
{
    free(s->a);
    free(s->c);
    free(s->submem);
    free(s->scratch);
}

/* --------------------------------------------------------------- cases */

enum { OP_COMBINE, OP_COMBINE_MU, OP_BATCH, OP_BATCH_SCRATCH, OP_WALK,
       OP_SLERP, OP_PROJECT, OP_GRAM, OP_SUBSPACE, OP_RANDN, OP_IID,
       OP_COUNT };
static const char *op_names[OP_COUNT] = {
    "combine", "combine_mu", "batch",    "batch_scratch", "walk", "slerp",
    "project", "gram",       "subspace", "randn",         "iid"};

static volatile int sink;

/* Runs the operation once; returns 0 on a failure status. */
static int run_op(ws *s, int op, size_t k, size_t b)
{
    const float *const *x = (const float *const *)s->x;
    const float *mean = s->a; /* any finite per-element mean */
    double theta = 0.0;
    cog_result st = COG_OK;
    switch (op) {
    case OP_COMBINE:
        st = cog_combine(x, k, s->d, s->w, NULL, 0, s->out[0]);
        break;
    case OP_COMBINE_MU:
        st = cog_combine(x, k, s->d, s->w, mean, s->d, s->out[0]);
        break;
    case OP_BATCH:
        st = cog_combine_batch(x, k, s->d, s->w, b, NULL, 0, s->out);
        break;
    case OP_BATCH_SCRATCH:
        st = cog_combine_batch_scratch(x, k, s->d, s->w, b, NULL, 0, s->out,
                                       s->scratch, COG_BATCH_SCRATCH_BYTES);
        break;
    case OP_WALK: {
        cog_walk_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.keyframes = k;
        sp.frames = b / k;
        sp.loop = 1;
        sp.path = COG_WALK_CATMULL_ROM;
        st = cog_walk(x, &sp, s->d, NULL, 0, 0, b, s->out);
        break;
    }
    case OP_SLERP:
        st = cog_slerp_angle(s->x[0], s->x[1], s->d, &theta);
        sink += theta > 0.0;
        break;
    case OP_PROJECT:
        st = cog_subspace_project(&s->sub, s->x[k], s->dots);
        break;
    case OP_GRAM:
        st = cog_gram(x, k, s->d, s->gram);
        break;
    case OP_SUBSPACE:
        st = cog_subspace_init(&s->sub, s->submem, s->subbytes, x, k, s->d,
                               0.0);
        break;
    case OP_RANDN:
        st = cog_randn_torch(0, s->out[0], s->d);
        break;
    case OP_IID: {
        cog_uniform_params u = {-4.0, 4.0};
        st = cog_combine_iid(x, k, s->d, s->w, cog_uniform_cdf,
                             cog_uniform_quantile, &u, s->out[0]);
        break;
    }
    }
    return st == COG_OK;
}

enum { BOUND_READ, BOUND_COPY, BOUND_ERFC };

/* Floats the bound moves (memcpy) or reads (memcmp), or the erfc calls. */
static size_t bound_floats(int op, size_t k, size_t b, int *is_copy)
{
    *is_copy = op == OP_COMBINE || op == OP_COMBINE_MU || op == OP_BATCH ||
               op == OP_BATCH_SCRATCH || op == OP_WALK || op == OP_RANDN;
    if (op == OP_IID) *is_copy = BOUND_ERFC;
    switch (op) {
    case OP_IID: return 2 * k + 2;
    case OP_RANDN: return 1;
    case OP_COMBINE: return k + 1;
    case OP_COMBINE_MU: return k + 2;
    case OP_BATCH:
    case OP_BATCH_SCRATCH:
    case OP_WALK: return k + b;
    case OP_SLERP: return 2;
    case OP_PROJECT: return k + 1;
    default: return k;
    }
}

static void run_bound(ws *s, size_t nfloats, int is_copy)
{
    if (is_copy == BOUND_ERFC) {
        /* libm erfc on arguments spread like the combine's, in [-2.5, 2.5] */
        double acc = 0.0;
        size_t i, n = s->kmax * s->d;
        for (i = 0; i < nfloats; ++i)
            acc += erfc(0.7 * (double)s->a[i % n]);
        sink += acc > 0.0;
    } else if (is_copy) {
        memcpy(s->c, s->a, nfloats * sizeof(float));
    } else {
        /* the first half of a equals the first half of c (inputs region) */
        sink += memcmp(s->a, s->c, nfloats / 2 * sizeof(float)) != 0;
    }
}

typedef struct result {
    double ns, bound_ns, ratio, p10, p90;
    int reps;
} result;

#define MAXREP 400

static int measure(ws *s, int op, size_t k, size_t b, double budget_ns,
                   int minrep, int with_bound, result *r)
{
    static double t_op[MAXREP], t_b[MAXREP], ratio[MAXREP];
    int is_copy, n = 0;
    const size_t nf = bound_floats(op, k, b, &is_copy) * s->d;
    double start, t0, t1;
    if (!run_op(s, op, k, b)) return 0; /* warm up; also builds s->sub */
    if (with_bound) run_bound(s, nf, is_copy);
    start = now_ns();
    while (n < MAXREP && (n < minrep || now_ns() - start < budget_ns)) {
        t0 = now_ns();
        run_op(s, op, k, b);
        t1 = now_ns();
        t_op[n] = t1 - t0;
        if (with_bound) {
            t0 = now_ns();
            run_bound(s, nf, is_copy);
            t1 = now_ns();
            t_b[n] = t1 - t0;
            ratio[n] = t_op[n] / t_b[n];
        }
        ++n;
    }
    r->reps = n;
    r->ratio = with_bound ? pct(ratio, n, 0.5) : 0.0;
    r->bound_ns = with_bound ? pct(t_b, n, 0.5) : 0.0;
    r->p10 = pct(t_op, n, 0.1);
    r->p90 = pct(t_op, n, 0.9);
    r->ns = pct(t_op, n, 0.5);
    return 1;
}

static int threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static void print_result(int json, const char *op, size_t d, size_t k,
                         size_t b, const result *r, const char *target)
{
    if (json) {
        printf("{\"op\": \"%s\", \"d\": %zu, \"k\": %zu, \"b\": %zu, "
               "\"ns\": %.0f, \"bound_ns\": %.0f, \"ratio\": %.4f, "
               "\"ns_p10\": %.0f, \"ns_p90\": %.0f, \"reps\": %d, "
               "\"threads\": %d}\n",
               op, d, k, b, r->ns, r->bound_ns, r->ratio, r->p10, r->p90,
               r->reps, threads());
    } else if (r->bound_ns > 0.0) {
        printf("%-13s %9zu %4zu %3zu %11.3f  %5.1f%% %11.3f %7.2f  %s\n", op,
               d, k, b, r->ns * 1e-6,
               100.0 * (r->p90 - r->p10) / r->ns, r->bound_ns * 1e-6,
               r->ratio, target);
    } else {
        printf("%-13s %9zu %4zu %3zu %11.3f  %5.1f%% %11.3f ns/elem\n", op,
               d, k, b, r->ns * 1e-6, 100.0 * (r->p90 - r->p10) / r->ns,
               r->ns / (double)d);
    }
    fflush(stdout);
}

static size_t list_max(const list *l)
{
    size_t m = 0;
    int i;
    for (i = 0; i < l->n; ++i)
        if (l->v[i] > m) m = l->v[i];
    return m;
}

int main(int argc, char **argv)
{
    list ds, ks, bs;
    int ops[OP_COUNT], json = 0, quick = 0, scaling = 0, a, oi, di, ki, bi;
    double budget = 0.4;
    static ws s;
    parse_list("36864,262144,4194304", &ds);
    parse_list("2,16,64", &ks);
    parse_list("1,30", &bs);
    for (oi = 0; oi < OP_COUNT; ++oi) ops[oi] = 1;
    for (a = 1; a < argc; ++a) {
        const char *v = a + 1 < argc ? argv[a + 1] : "";
        if (!strcmp(argv[a], "--json")) {
            json = 1;
        } else if (!strcmp(argv[a], "--quick")) {
            quick = 1;
            budget = 0.02;
            parse_list("1000,36864", &ds);
            parse_list("2,16", &ks);
            parse_list("1,4", &bs);
        } else if (!strcmp(argv[a], "--scaling")) {
            scaling = 1;
        } else if (!strcmp(argv[a], "--time") && a + 1 < argc) {
            budget = atof(v);
            ++a;
        } else if (!strcmp(argv[a], "--d") && parse_list(v, &ds)) {
            ++a;
        } else if (!strcmp(argv[a], "--k") && parse_list(v, &ks)) {
            ++a;
        } else if (!strcmp(argv[a], "--b") && parse_list(v, &bs)) {
            ++a;
        } else if (!strcmp(argv[a], "--ops") && a + 1 < argc) {
            for (oi = 0; oi < OP_COUNT; ++oi)
                ops[oi] = in_list(v, op_names[oi]);
            ++a;
        } else {
            fprintf(stderr,
                    "usage: %s [--json] [--quick] [--scaling] [--time S] "
                    "[--d LIST] [--k LIST] [--b LIST] [--ops LIST]\n",
                    argv[0]);
            return 2;
        }
    }
    if (list_max(&ks) > 128 || list_max(&bs) > 256) {
        fprintf(stderr, "k <= 128 and b <= 256 please\n");
        return 2;
    }
    if (!json)
        printf("cog.h %s bench, %d thread(s), %.2f s per case%s\n"
               "%-13s %9s %4s %3s %11s %7s %11s %7s  %s\n",
               cog_version_string(), threads(), budget,
               quick ? " (quick)" : "", "op", "D", "K", "B", "cog ms",
               "spread", "bound ms", "ratio", "target");

    if (scaling) {
        /* time vs D at k = 16, then time vs K at d = 262,144 */
        static const size_t dsw[] = {4096,   16384,   65536,  262144,
                                     1048576, 4194304};
        static const size_t ksw[] = {1, 2, 4, 8, 16, 32, 64, 128};
        static const int sops[] = {OP_COMBINE, OP_GRAM, OP_SUBSPACE};
        size_t i;
        int j;
        for (i = 0; i < sizeof dsw / sizeof dsw[0]; ++i) {
            result r;
            if (!ws_init(&s, dsw[i], 17, 1)) return 1;
            for (j = 0; j < 3; ++j) {
                if (!measure(&s, sops[j], 16, 1, budget * 1e9, 5, 0, &r))
                    return 1;
                print_result(json, op_names[sops[j]], dsw[i], 16, 1, &r, "");
            }
            ws_free(&s);
        }
        if (!ws_init(&s, 262144, 129, 1)) return 1;
        for (i = 0; i < sizeof ksw / sizeof ksw[0]; ++i) {
            result r;
            for (j = 0; j < 3; ++j) {
                if (!measure(&s, sops[j], ksw[i], 1, budget * 1e9, 5, 0, &r))
                    return 1;
                print_result(json, op_names[sops[j]], 262144, ksw[i], 1, &r,
                             "");
            }
        }
        ws_free(&s);
        return 0;
    }

    for (di = 0; di < ds.n; ++di) {
        const size_t d = ds.v[di];
        /* one more latent than k for the projection's new latent */
        if (!ws_init(&s, d, list_max(&ks) + 1, list_max(&bs))) {
            fprintf(stderr, "out of memory at d = %zu\n", d);
            return 1;
        }
        for (oi = 0; oi < OP_COUNT; ++oi) {
            if (!ops[oi]) continue;
            for (ki = 0; ki < ks.n; ++ki) {
                const size_t k = ks.v[ki];
                if (oi == OP_SLERP && k != 2) continue;
                if (oi == OP_RANDN && ki > 0) continue;
                for (bi = 0; bi < bs.n; ++bi) {
                    const size_t b = bs.v[bi];
                    result r;
                    const char *target = "<= 1.25";
                    char iid_target[64];
                    if ((oi == OP_COMBINE || oi == OP_COMBINE_MU) && b != 1)
                        continue;
                    if ((oi == OP_BATCH || oi == OP_BATCH_SCRATCH) && b == 1)
                        continue;
                    if (oi == OP_WALK && (b < k || b % k != 0)) continue;
                    if (oi == OP_IID && d > 65536) continue;
                    if (oi > OP_WALK && bi > 0) continue;
                    if (oi == OP_GRAM) target = "(read bound)";
                    if (oi == OP_SUBSPACE) target = "vs SciPy QR";
                    if (oi == OP_RANDN) target = "vs torch.randn";
                    if (oi == OP_IID) target = iid_target;
                    if (oi == OP_PROJECT &&
                        !run_op(&s, OP_SUBSPACE, k, 1)) {
                        fprintf(stderr, "subspace build failed\n");
                        return 1;
                    }
                    if (!measure(&s, oi, k, oi > OP_WALK ? 1 : b,
                                 budget * 1e9, quick ? 3 : 7, 1, &r)) {
                        fprintf(stderr, "%s failed at d=%zu k=%zu b=%zu\n",
                                op_names[oi], d, k, b);
                        return 1;
                    }
                    if (oi == OP_IID)
                        snprintf(iid_target, sizeof iid_target,
                                 "%.1f ns/elem/input (<= 4)",
                                 r.ns / ((double)d * (double)k));
                    print_result(json, op_names[oi], d,
                                 oi == OP_RANDN ? 1 : k,
                                 oi > OP_WALK ? 1 : b, &r, target);
                }
            }
        }
        ws_free(&s);
    }
    return 0;
}
