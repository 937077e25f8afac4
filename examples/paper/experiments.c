/* experiments.c - the paper's interpolation, centroid and subspace
 * experiments on the examples' model (protocol in experiments.h). cog.h is
 * compiled in privately (COG_STATIC), so this file links next to any other
 * unit that has its own copy. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#define COG_STATIC
#define COG_IMPLEMENTATION
#include "cog.h"

#include "experiments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const int exp_group_sizes[EXP_NK] = {3, 5, 10, 25};

const char *exp_path_name(int m)
{
    static const char *const names[EXP_NPATH] = {"LERP", "SLERP", "NAO",
                                                 "COG", "COG-SLERP"};
    return m >= 0 && m < EXP_NPATH ? names[m] : "?";
}

const char *exp_centroid_name(int m)
{
    static const char *const names[EXP_NCENTROID] = {
        "Euclidean", "Standardized Euclidean", "Mode norm Euclidean", "NAO",
        "COG"};
    return m >= 0 && m < EXP_NCENTROID ? names[m] : "?";
}

double exp_cpu_ms(void)
{
/* MinGW declares clock_gettime only with winpthreads linked in; clock()
 * is wall time there, which is what its tables can have. */
#if defined(CLOCK_THREAD_CPUTIME_ID) && !defined(_WIN32)
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
        return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
#endif
    return 1000.0 * (double)clock() / (double)CLOCKS_PER_SEC;
}

double exp_wall_ms(void)
{
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) == 0)
        return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
#endif
    return 1000.0 * (double)clock() / (double)CLOCKS_PER_SEC;
}

/* Offset (in images) of the Frechet reference set in the test split: far
 * beyond any block exp_invert uses. */
#define REAL_FIRST ((size_t)PAPER_CLASSES * 1000000u)

int exp_setup_init(exp_setup *s, const paper_flow *flow,
                   const paper_classifier *cls, paper_solver solver,
                   int gen_steps, uint64_t data_seed, size_t real_per_class)
{
    const size_t n = real_per_class * PAPER_CLASSES;
    float *img = NULL, *feat = NULL;
    int rc = PAPER_ENOMEM, fd;
    memset(s, 0, sizeof *s);
    if (!flow || !cls || gen_steps < 1 || real_per_class < 2)
        return PAPER_EARG;
    fd = paper_classifier_feature_dim(cls);
    if (fd <= 0) return PAPER_EARG;
    s->flow = flow;
    s->cls = cls;
    s->solver = solver;
    s->gen_steps = gen_steps;
    s->data_seed = data_seed;
    nao_default_options(&s->nao);
    s->path_methods = (1u << EXP_NPATH) - 1u;
    s->centroid_methods = (1u << EXP_NCENTROID) - 1u;
    s->feat_dim = (size_t)fd;
    s->real_mean = (double *)malloc(s->feat_dim * sizeof(double));
    s->real_cov = (double *)malloc(s->feat_dim * s->feat_dim * sizeof(double));
    img = (float *)malloc(n * PAPER_DIM * sizeof(float));
    feat = (float *)malloc(n * s->feat_dim * sizeof(float));
    if (s->real_mean && s->real_cov && img && feat) {
        rc = paper_images(data_seed, PAPER_TEST, REAL_FIRST, n, img, NULL);
        if (!rc) rc = paper_classifier_run(cls, img, n, feat, NULL);
        if (!rc)
            rc = paper_gaussian_fit(feat, n, s->feat_dim, s->real_mean,
                                    s->real_cov);
    }
    free(img);
    free(feat);
    if (rc) exp_setup_free(s);
    return rc;
}

void exp_setup_free(exp_setup *s)
{
    free(s->real_mean);
    free(s->real_cov);
    memset(s, 0, sizeof *s);
}

int exp_invert(const exp_setup *s, int rep, size_t per_class, int inv_steps,
               paper_solver inv_solver, float *lat, float *images)
{
    const size_t n = per_class * PAPER_CLASSES;
    float *img = (float *)malloc(n * PAPER_DIM * sizeof(float));
    float *z = (float *)malloc(n * PAPER_DIM * sizeof(float));
    int *lab = (int *)malloc(n * sizeof(int));
    int rc = PAPER_ENOMEM;
    size_t i;
    if (rep < 0 || per_class == 0 || !lat) {
        rc = PAPER_EARG;
    } else if (img && z && lab) {
        /* block rep of the test split: image i has class i % classes */
        rc = paper_images(s->data_seed, PAPER_TEST, (size_t)rep * n, n, img,
                          lab);
        if (!rc)
            rc = paper_flow_invert(s->flow, img, lab, n, inv_steps,
                                   inv_solver, z);
        for (i = 0; !rc && i < n; ++i) {
            const size_t c = (size_t)lab[i], j = i / PAPER_CLASSES;
            memcpy(lat + (c * per_class + j) * PAPER_DIM, z + i * PAPER_DIM,
                   PAPER_DIM * sizeof(float));
            if (images)
                memcpy(images + (c * per_class + j) * PAPER_DIM,
                       img + i * PAPER_DIM, PAPER_DIM * sizeof(float));
        }
    }
    free(img);
    free(z);
    free(lab);
    return rc;
}

static int cog_rc(cog_result r)
{
    return r == COG_OK ? PAPER_OK : r == COG_ERR_NONFINITE ? PAPER_EVALUE
                                                          : PAPER_EARG;
}

int exp_path(const exp_setup *s, int method, const float *a, const float *b,
             float *out)
{
    static const double ts[3] = {0.25, 0.5, 0.75};
    const float *x[2];
    double theta = 0.0, w[2];
    cog_result r = COG_OK;
    int i;
    x[0] = a;
    x[1] = b;
    if (method == EXP_NAO) {
        /* 11 interior points at t = j/12; keep j = 3, 6, 9 */
        float *path = (float *)malloc(11 * PAPER_DIM * sizeof(float));
        nao_options o = s->nao;
        int st;
        if (!path) return PAPER_ENOMEM;
        o.interior = 11;
        st = nao_path(a, b, PAPER_DIM, &o, path, NULL);
        if (st == NAO_OK)
            for (i = 0; i < 3; ++i)
                memcpy(out + (size_t)i * PAPER_DIM,
                       path + (size_t)(3 * i + 2) * PAPER_DIM,
                       PAPER_DIM * sizeof(float));
        free(path);
        return st == NAO_OK ? PAPER_OK
               : st == NAO_ERR_NONFINITE ? PAPER_EVALUE
               : st == NAO_ERR_MEMORY ? PAPER_ENOMEM : PAPER_EARG;
    }
    if (method == EXP_SLERP || method == EXP_COG_SLERP)
        r = cog_slerp_angle(a, b, PAPER_DIM, &theta);
    for (i = 0; r == COG_OK && i < 3; ++i) {
        float *o = out + (size_t)i * PAPER_DIM;
        switch (method) {
        case EXP_LERP:
        case EXP_COG:
            r = cog_lerp_weights(ts[i], w);
            break;
        case EXP_SLERP:
        case EXP_COG_SLERP:
            r = cog_slerp_weights(theta, ts[i], w);
            break;
        default:
            return PAPER_EARG;
        }
        if (r != COG_OK) break;
        r = method == EXP_COG || method == EXP_COG_SLERP
                ? cog_combine(x, 2, PAPER_DIM, w, NULL, 0, o)
                : cog_linear(x, 2, PAPER_DIM, w, o);
    }
    return cog_rc(r);
}

int exp_centroid(const exp_setup *s, int method, const float *const *x,
                 size_t k, float *out)
{
    double w[32];
    cog_result r;
    switch (method) {
    case EXP_EUCLID:
        r = cog_centroid_euclidean(x, k, PAPER_DIM, out);
        break;
    case EXP_STANDARDIZED:
        r = cog_centroid_standardized(x, k, PAPER_DIM, out);
        break;
    case EXP_MODE_NORM:
        r = cog_centroid_mode_norm(x, k, PAPER_DIM, out);
        break;
    case EXP_NAO_CENTROID: {
        const int st = nao_centroid(x, k, PAPER_DIM, &s->nao, out, NULL);
        return st == NAO_OK ? PAPER_OK
               : st == NAO_ERR_NONFINITE ? PAPER_EVALUE
               : st == NAO_ERR_MEMORY ? PAPER_ENOMEM : PAPER_EARG;
    }
    case EXP_COG_CENTROID:
        if (k > 32) return PAPER_EARG;
        r = cog_centroid_weights(k, w);
        if (r == COG_OK) r = cog_combine(x, k, PAPER_DIM, w, NULL, 0, out);
        break;
    default:
        return PAPER_EARG;
    }
    return cog_rc(r);
}

int exp_score_images(const exp_setup *s, float *images, const int *labels,
                     size_t n, exp_score *out)
{
    float *feat, *prob;
    double *mean, *cov;
    size_t i, c, hits = 0;
    int rc = PAPER_ENOMEM;
    if (n < 2) return PAPER_EARG;
    for (i = 0; i < n * PAPER_DIM; ++i)
        images[i] = images[i] < 0.0f ? 0.0f : images[i] > 1.0f ? 1.0f
                                                               : images[i];
    feat = (float *)malloc(n * s->feat_dim * sizeof(float));
    prob = (float *)malloc(n * PAPER_CLASSES * sizeof(float));
    mean = (double *)malloc(s->feat_dim * sizeof(double));
    cov = (double *)malloc(s->feat_dim * s->feat_dim * sizeof(double));
    if (feat && prob && mean && cov) {
        rc = paper_classifier_run(s->cls, images, n, feat, prob);
        for (i = 0; !rc && i < n; ++i) {
            const float *p = prob + i * PAPER_CLASSES;
            size_t best = 0;
            for (c = 1; c < PAPER_CLASSES; ++c)
                if (p[c] > p[best]) best = c;
            hits += (int)best == labels[i];
        }
        if (!rc) rc = paper_gaussian_fit(feat, n, s->feat_dim, mean, cov);
        if (!rc)
            rc = paper_frechet(mean, cov, s->real_mean, s->real_cov,
                               s->feat_dim, &out->fd);
        out->accuracy = (double)hits / (double)n;
        out->n = n;
    }
    free(feat);
    free(prob);
    free(mean);
    free(cov);
    return rc;
}

/* Generates n latents with their labels and scores them. */
static int generate_and_score(const exp_setup *s, const float *lat,
                              const int *labels, size_t n, exp_score *out)
{
    float *img = (float *)malloc(n * PAPER_DIM * sizeof(float));
    int rc = PAPER_ENOMEM;
    if (img) {
        rc = paper_flow_sample(s->flow, lat, labels, n, s->gen_steps,
                               s->solver, img);
        if (!rc) rc = exp_score_images(s, img, labels, n, out);
    }
    free(img);
    return rc;
}

/* A random permutation of 0..n-1 (Fisher-Yates). */
static void shuffle(paper_rng *r, size_t *idx, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i) idx[i] = i;
    for (i = n; i > 1; --i) {
        const size_t j = (size_t)(paper_rng_uniform(r) * (double)i);
        const size_t t = idx[i - 1];
        idx[i - 1] = idx[j < i ? j : i - 1];
        idx[j < i ? j : i - 1] = t;
    }
}

int exp_interpolation(const exp_setup *s, const float *lat, size_t per_class,
                      uint64_t seed, exp_score *out)
{
    const size_t pairs = per_class / 2, npath = pairs * PAPER_CLASSES;
    const size_t n = 3 * npath;
    size_t *idx = (size_t *)malloc((per_class ? per_class : 1) * sizeof *idx);
    size_t *pa = (size_t *)malloc((npath ? npath : 1) * sizeof *pa);
    size_t *pb = (size_t *)malloc((npath ? npath : 1) * sizeof *pb);
    float *gen = (float *)malloc(n * PAPER_DIM * sizeof(float));
    int *lab = (int *)malloc(n * sizeof(int));
    int rc = PAPER_ENOMEM, m;
    size_t c, i;
    paper_rng r;
    if (pairs == 0) {
        rc = PAPER_EARG;
        goto done;
    }
    if (!idx || !pa || !pb || !gen || !lab) goto done;
    paper_rng_seed(&r, seed);
    for (c = 0; c < PAPER_CLASSES; ++c) {
        shuffle(&r, idx, per_class);
        for (i = 0; i < pairs; ++i) {
            pa[c * pairs + i] = c * per_class + idx[2 * i];
            pb[c * pairs + i] = c * per_class + idx[2 * i + 1];
        }
    }
    for (i = 0; i < n; ++i) lab[i] = (int)(i / 3 / pairs);
    rc = PAPER_OK;
    for (m = 0; !rc && m < EXP_NPATH; ++m) {
        const double t0 = exp_cpu_ms();
        if (!(s->path_methods >> m & 1u)) {
            out[m].accuracy = out[m].fd = out[m].ms = NAN;
            out[m].n = 0;
            continue;
        }
        for (i = 0; !rc && i < npath; ++i)
            rc = exp_path(s, m, lat + pa[i] * PAPER_DIM,
                          lat + pb[i] * PAPER_DIM,
                          gen + 3 * i * PAPER_DIM);
        out[m].ms = (exp_cpu_ms() - t0) / (double)npath;
        if (!rc) rc = generate_and_score(s, gen, lab, n, &out[m]);
    }
done:
    free(idx);
    free(pa);
    free(pb);
    free(gen);
    free(lab);
    return rc;
}

int exp_centroids(const exp_setup *s, const float *lat, size_t per_class,
                  const int *groups, uint64_t seed, exp_score *out)
{
    size_t total = 0, g, c, q, j, base[EXP_NK + 1];
    size_t *idx = (size_t *)malloc((per_class ? per_class : 1) * sizeof *idx);
    size_t *members = NULL;
    float *gen = NULL;
    int *lab = NULL;
    int rc = PAPER_ENOMEM, m;
    paper_rng r;
    for (g = 0; g < EXP_NK; ++g) {
        if (groups[g] < 0 ||
            (groups[g] > 0 && (size_t)exp_group_sizes[g] > per_class)) {
            free(idx);
            return PAPER_EARG;
        }
        base[g] = total;
        total += (size_t)groups[g] * PAPER_CLASSES;
    }
    base[EXP_NK] = total;
    if (total < 2) {
        free(idx);
        return PAPER_EARG;
    }
    members = (size_t *)malloc(total * 25 * sizeof *members);
    gen = (float *)malloc(total * PAPER_DIM * sizeof(float));
    lab = (int *)malloc(total * sizeof(int));
    if (!idx || !members || !gen || !lab) goto done;
    /* the groups: per size, per class, each a fresh random subset */
    paper_rng_seed(&r, seed);
    for (g = 0; g < EXP_NK; ++g)
        for (c = 0; c < PAPER_CLASSES; ++c)
            for (q = 0; q < (size_t)groups[g]; ++q) {
                const size_t item = base[g] + c * (size_t)groups[g] + q;
                shuffle(&r, idx, per_class);
                for (j = 0; j < (size_t)exp_group_sizes[g]; ++j)
                    members[item * 25 + j] = c * per_class + idx[j];
                lab[item] = (int)c;
            }
    rc = PAPER_OK;
    for (m = 0; !rc && m < EXP_NCENTROID; ++m) {
        exp_score *row = out + (size_t)m * (EXP_NK + 1);
        double ms_all = 0.0;
        if (!(s->centroid_methods >> m & 1u)) {
            for (g = 0; g <= EXP_NK; ++g) {
                row[g].accuracy = row[g].fd = row[g].ms = NAN;
                row[g].n = 0;
            }
            continue;
        }
        for (g = 0; !rc && g < EXP_NK; ++g) {
            const size_t k = (size_t)exp_group_sizes[g];
            const size_t cnt = base[g + 1] - base[g];
            const double t0 = exp_cpu_ms();
            size_t it;
            for (it = base[g]; !rc && it < base[g + 1]; ++it) {
                const float *x[25];
                for (j = 0; j < k; ++j)
                    x[j] = lat + members[it * 25 + j] * PAPER_DIM;
                rc = exp_centroid(s, m, x, k, gen + it * PAPER_DIM);
            }
            row[g].ms = cnt ? (exp_cpu_ms() - t0) / (double)cnt : 0.0;
            ms_all += row[g].ms * (double)cnt;
            row[g].n = cnt;
        }
        row[EXP_NK].ms = ms_all / (double)total;
        if (rc) break;
        /* generate everything once, score each size and the pool */
        {
            float *img = (float *)malloc(total * PAPER_DIM * sizeof(float));
            if (!img) {
                rc = PAPER_ENOMEM;
                break;
            }
            rc = paper_flow_sample(s->flow, gen, lab, total, s->gen_steps,
                                   s->solver, img);
            for (g = 0; !rc && g < EXP_NK; ++g) {
                if (base[g + 1] - base[g] < 2) {
                    row[g].accuracy = row[g].fd = NAN;
                    continue;
                }
                rc = exp_score_images(s, img + base[g] * PAPER_DIM,
                                      lab + base[g], base[g + 1] - base[g],
                                      &row[g]);
            }
            if (!rc) rc = exp_score_images(s, img, lab, total, &row[EXP_NK]);
            free(img);
        }
    }
done:
    free(idx);
    free(members);
    free(gen);
    free(lab);
    return rc;
}

int exp_subspace_grid(const float *const *basis, int side, double radius,
                      int use_cog, float *out)
{
    cog_subspace sub;
    double c[5], e[2][5], nc = 0.0, w[5];
    cog_result r;
    int a, i, u, v;
    if (!basis || !out || side < 2 || !(radius > 0.0)) return PAPER_EARG;
    r = cog_subspace_create(&sub, basis, 5, PAPER_DIM, 0.0, NULL);
    if (r != COG_OK) return cog_rc(r);
    if (sub.rank < 3) {
        cog_subspace_destroy(&sub);
        return PAPER_EARG;
    }
    /* c: basis latent 0's coordinates; e1, e2: Gram-Schmidt of latents 1
     * and 2's coordinates against c and each other */
    r = cog_subspace_basis_coords(&sub, 0, c);
    for (i = 0; i < 5; ++i) nc += c[i] * c[i];
    nc = sqrt(nc);
    for (a = 0; r == COG_OK && a < 2; ++a) {
        double p, n2 = 0.0;
        int b;
        r = cog_subspace_basis_coords(&sub, (size_t)a + 1, e[a]);
        p = 0.0;
        for (i = 0; i < 5; ++i) p += e[a][i] * c[i] / (nc * nc);
        for (i = 0; i < 5; ++i) e[a][i] -= p * c[i];
        for (b = 0; b < a; ++b) {
            p = 0.0;
            for (i = 0; i < 5; ++i) p += e[a][i] * e[b][i];
            for (i = 0; i < 5; ++i) e[a][i] -= p * e[b][i];
        }
        for (i = 0; i < 5; ++i) n2 += e[a][i] * e[a][i];
        for (i = 0; i < 5; ++i) e[a][i] /= sqrt(n2);
    }
    for (v = 0; r == COG_OK && v < side; ++v)
        for (u = 0; r == COG_OK && u < side; ++u) {
            const double uu = radius * (2.0 * u / (side - 1) - 1.0);
            const double vv = radius * (2.0 * v / (side - 1) - 1.0);
            double s[5];
            float *o = out + ((size_t)v * (size_t)side + (size_t)u) * PAPER_DIM;
            for (i = 0; i < 5; ++i)
                s[i] = c[i] + nc * (uu * e[0][i] + vv * e[1][i]);
            if (use_cog) {
                r = cog_subspace_latent(&sub, s, NULL, 0, o);
            } else {
                r = cog_subspace_weights(&sub, s, w);
                if (r == COG_OK) r = cog_linear(basis, 5, PAPER_DIM, w, o);
            }
        }
    cog_subspace_destroy(&sub);
    return cog_rc(r);
}
