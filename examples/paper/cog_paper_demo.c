/* cog_paper_demo.c - the COG paper's experiments, end to end, on the
 * examples' own flow-matching model (paper.h, committed weights): LERP,
 * SLERP, NAO, COG and COG of SLERP weights for interpolation; Euclidean,
 * standardized Euclidean, mode-norm Euclidean, NAO and COG centroids; a
 * subspace grid with and without COG; the interpolation table again with
 * latents inverted in too few steps. Protocol: experiments.h.
 *
 *   cog_paper_demo [--full] [--json] [--seeds N] [--per-class N]
 *                  [--figures DIR] [--flow FILE] [--classifier FILE]
 *
 * Default: a reduced protocol that takes about a minute on two cores (see
 * DEFAULT_* below: 3 seeds, 13 pairs and 2, 2, 1, 1 groups of 3, 5, 10, 25
 * per class, 6 pairs per class in the inversion sweep); --full runs the
 * paper's sizes (50 images per class: 25 pairs; 10, 10, 4 and 1 groups of
 * 3, 5, 10 and 25 per class) with 5 seeds. Seeds run in parallel when the
 * program is built with OpenMP. Every number is the mean over seeds +- the standard deviation
 * across seeds; an ordering is called out only where the difference of the
 * means exceeds the sum of the two standard deviations. --json prints one
 * object per table row instead of the tables; --figures DIR writes PNGs.
 * Progress goes to stderr. Exit status 0 only if every step succeeded. */
#include "experiments.h"
#include "paper.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PAPER_WEIGHTS_DIR
#define PAPER_WEIGHTS_DIR "examples/paper/weights"
#endif

/* Generation and inversion settings: the model's defaults (cog_paper). */
#define SOLVER PAPER_RK4
#define GEN_STEPS 16
#define INV_STEPS 16
/* The reduced default protocol and the full one (the paper's sizes). */
#define DEFAULT_SEEDS 3
#define DEFAULT_PER_CLASS 26
static const int default_groups[4] = {2, 2, 1, 1};
#define DEFAULT_SWEEP_PER_CLASS 12
#define FULL_SEEDS 5
#define FULL_PER_CLASS 50
static const int full_groups[4] = {10, 10, 4, 1};
/* The inversion-step sweep inverts with Euler steps, the first-order
 * solver that DDIM inversion (the paper's) is the analogue of. */
#define SWEEP_SOLVER PAPER_EULER
#define REAL_PER_CLASS 200
#define MAX_SEEDS 64
#define GRID_SIDE 7
#define GRID_RADIUS 1.0

static const int sweep_steps[] = {1, 10, 100};
#define NSWEEP ((int)(sizeof sweep_steps / sizeof sweep_steps[0]))

typedef struct opts {
    int full, json, seeds, per_class;
    const char *figures, *flow, *cls;
} opts;

static void usage(void)
{
    fprintf(stderr,
            "usage: cog_paper_demo [--full] [--json] [--seeds N] "
            "[--per-class N] [--figures DIR] [--flow FILE] "
            "[--classifier FILE]\n");
    exit(2);
}

static int parse_count(const char *s, int lo, int hi)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        fprintf(stderr, "cog_paper_demo: '%s' is not a whole number in "
                        "%d..%d\n", s, lo, hi);
        exit(2);
    }
    return (int)v;
}

/* Seconds of wall time (progress lines). */
static double wall(void) { return 1e-3 * exp_wall_ms(); }

static void die_rc(const char *what, int rc)
{
    fprintf(stderr, "cog_paper_demo: %s failed (status %d)\n", what, rc);
    exit(1);
}

/* ------------------------------------------------------------ statistics */

typedef struct stat2 { double mean, sd; } stat2;

static stat2 stat_of(const double *v, int n, size_t stride)
{
    stat2 s = {0.0, 0.0};
    int i;
    for (i = 0; i < n; ++i) s.mean += v[(size_t)i * stride];
    s.mean /= n;
    if (n > 1) {
        for (i = 0; i < n; ++i) {
            const double d = v[(size_t)i * stride] - s.mean;
            s.sd += d * d;
        }
        s.sd = sqrt(s.sd / (n - 1));
    }
    return s;
}

/* Scores of one method over the seeds: acc, fd, ms arrays. */
typedef struct series {
    double acc[MAX_SEEDS], fd[MAX_SEEDS], ms[MAX_SEEDS];
    size_t n;
} series;

static void put(series *s, int seed, const exp_score *e)
{
    s->acc[seed] = e->accuracy;
    s->fd[seed] = e->fd;
    s->ms[seed] = e->ms;
    s->n = e->n;
}

static void row_text(const char *name, const series *s, int seeds)
{
    const stat2 a = stat_of(s->acc, seeds, 1), f = stat_of(s->fd, seeds, 1);
    const stat2 t = stat_of(s->ms, seeds, 1);
    printf("  %-24s %5.1f%% +- %4.1f   %7.2f +- %5.2f   %10.3f\n", name,
           100.0 * a.mean, 100.0 * a.sd, f.mean, f.sd, t.mean);
}

static void row_json(const char *exp, const char *name, int k, int inv,
                     const series *s, int seeds)
{
    const stat2 a = stat_of(s->acc, seeds, 1), f = stat_of(s->fd, seeds, 1);
    const stat2 t = stat_of(s->ms, seeds, 1);
    printf("{\"experiment\": \"%s\", \"method\": \"%s\", \"k\": %d, "
           "\"inversion_steps\": %d, \"accuracy\": %.4f, \"accuracy_sd\": "
           "%.4f, \"fd\": %.4f, \"fd_sd\": %.4f, \"ms\": %.4f, \"n\": %zu, "
           "\"seeds\": %d}\n",
           exp, name, k, inv, a.mean, a.sd, f.mean, f.sd, t.mean, s->n,
           seeds);
}

/* "COG beats X" lines: only where the difference exceeds the spread. */
static void claims(const char *best_name, const series *best,
                   const char *const *names, const series *all, int n,
                   int best_index, int seeds)
{
    int m;
    const stat2 ba = stat_of(best->acc, seeds, 1), bf = stat_of(best->fd, seeds, 1);
    printf("  %s compared with each (called only where the gap exceeds the "
           "sum of the two spreads):\n", best_name);
    for (m = 0; m < n; ++m) {
        stat2 a, f;
        const char *acc_v, *fd_v;
        if (m == best_index) continue;
        a = stat_of(all[m].acc, seeds, 1);
        f = stat_of(all[m].fd, seeds, 1);
        acc_v = ba.mean - a.mean > ba.sd + a.sd   ? "higher"
                : a.mean - ba.mean > ba.sd + a.sd ? "LOWER"
                                                  : "within spread";
        fd_v = f.mean - bf.mean > bf.sd + f.sd   ? "lower (better)"
               : bf.mean - f.mean > bf.sd + f.sd ? "HIGHER (worse)"
                                                 : "within spread";
        printf("    vs %-24s accuracy %+5.1f points: %-13s  FD %+7.2f: %s\n",
               names[m], 100.0 * (ba.mean - a.mean), acc_v, bf.mean - f.mean,
               fd_v);
    }
}

/* ------------------------------------------------------------- figures */

static void write_png(const char *dir, const char *name, const float *img,
                      size_t n, int cols)
{
    unsigned char *pix = NULL, *png = NULL;
    size_t len = 0;
    int w, h, rc;
    char path[4096], tmp[4200];
    FILE *f;
    rc = paper_sheet(img, n, cols, 3, &pix, &w, &h);
    if (!rc) rc = paper_png_gray(pix, w, h, &png, &len);
    free(pix);
    if (rc) die_rc("PNG encoding", rc);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (!f || fwrite(png, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cog_paper_demo: cannot write %s: %s\n", tmp,
                strerror(errno));
        exit(1);
    }
    free(png);
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "cog_paper_demo: cannot rename %s to %s: %s\n", tmp,
                path, strerror(errno));
        exit(1);
    }
    fprintf(stderr, "wrote %s\n", path);
}

static void decode(const exp_setup *s, const float *lat, const int *lab,
                   size_t n, float *img)
{
    const int rc = paper_flow_sample(s->flow, lat, lab, n, s->gen_steps,
                                     s->solver, img);
    if (rc) die_rc("generation", rc);
}

/* Interpolation rows: for three pairs (classes 0, 2, 4), one row per
 * method: the first latent's image, the three interior points, the second
 * latent's image; a blank row between pairs. Centroids: one row per
 * method, one column per class (a group of 5). The subspace grid of class
 * 1, with and without COG. */
static void figures(const exp_setup *s, const float *lat, int per_class,
                    const char *dir)
{
    const size_t D = PAPER_DIM;
    const int pcls[3] = {0, 2, 4};
    const size_t rows = 3 * (EXP_NPATH + 1) - 1, cols = 5;
    float *lat_f = (float *)calloc(rows * cols * D, sizeof(float));
    float *img = (float *)malloc(rows * cols * D * sizeof(float));
    int *lab = (int *)calloc(rows * cols, sizeof(int));
    unsigned char *blank = (unsigned char *)calloc(rows * cols, 1);
    float *cl = (float *)malloc(EXP_NCENTROID * PAPER_CLASSES * D * sizeof(float));
    int *cl_lab = (int *)malloc(EXP_NCENTROID * PAPER_CLASSES * sizeof(int));
    float *grid = (float *)malloc(GRID_SIDE * GRID_SIDE * D * sizeof(float));
    int *grid_lab = (int *)malloc(GRID_SIDE * GRID_SIDE * sizeof(int));
    size_t p, m, i, c;
    int rc;
    if (!lat_f || !img || !lab || !blank || !cl || !cl_lab || !grid ||
        !grid_lab)
        die_rc("figure allocation", PAPER_ENOMEM);
    for (i = 0; i < rows * cols; ++i) blank[i] = 1;
    for (p = 0; p < 3; ++p) {
        const float *a = lat + ((size_t)pcls[p] * (size_t)per_class) * D;
        const float *b = a + D;
        for (m = 0; m < EXP_NPATH; ++m) {
            const size_t r0 = (p * (EXP_NPATH + 1) + m) * cols;
            rc = exp_path(s, (int)m, a, b, lat_f + (r0 + 1) * D);
            if (rc) die_rc("figure path", rc);
            memcpy(lat_f + r0 * D, a, D * sizeof(float));
            memcpy(lat_f + (r0 + 4) * D, b, D * sizeof(float));
            for (i = 0; i < cols; ++i) {
                lab[r0 + i] = pcls[p];
                blank[r0 + i] = 0;
            }
        }
    }
    decode(s, lat_f, lab, rows * cols, img);
    for (i = 0; i < rows * cols; ++i)
        if (blank[i]) memset(img + i * D, 0, D * sizeof(float));
    write_png(dir, "interpolation.png", img, rows * cols, (int)cols);

    for (m = 0; m < EXP_NCENTROID; ++m)
        for (c = 0; c < PAPER_CLASSES; ++c) {
            const float *x[5];
            for (i = 0; i < 5; ++i)
                x[i] = lat + (c * (size_t)per_class + 2 + i) * D;
            rc = exp_centroid(s, (int)m, x, 5,
                              cl + (m * PAPER_CLASSES + c) * D);
            if (rc) die_rc("figure centroid", rc);
            cl_lab[m * PAPER_CLASSES + c] = (int)c;
        }
    decode(s, cl, cl_lab, EXP_NCENTROID * PAPER_CLASSES, img);
    write_png(dir, "centroids.png", img, EXP_NCENTROID * PAPER_CLASSES,
              PAPER_CLASSES);

    for (m = 0; m < 2; ++m) {
        const float *basis[5];
        for (i = 0; i < 5; ++i) basis[i] = lat + ((size_t)per_class + i) * D;
        rc = exp_subspace_grid(basis, GRID_SIDE, GRID_RADIUS, m == 0, grid);
        if (rc) die_rc("figure grid", rc);
        for (i = 0; i < GRID_SIDE * GRID_SIDE; ++i) grid_lab[i] = 1;
        decode(s, grid, grid_lab, GRID_SIDE * GRID_SIDE, img);
        write_png(dir, m == 0 ? "subspace_cog.png" : "subspace_plain.png",
                  img, GRID_SIDE * GRID_SIDE, GRID_SIDE);
    }
    free(lat_f);
    free(img);
    free(lab);
    free(blank);
    free(cl);
    free(cl_lab);
    free(grid);
    free(grid_lab);
}

/* Subspace grids of every class (basis: the class's first five latents),
 * with and without COG, scored like the other experiments. */
static void subspace_scores(const exp_setup *s, const float *lat,
                            int per_class, exp_score *out)
{
    const size_t D = PAPER_DIM, cells = GRID_SIDE * GRID_SIDE;
    const size_t n = cells * PAPER_CLASSES;
    float *l = (float *)malloc(n * D * sizeof(float));
    float *img = (float *)malloc(n * D * sizeof(float));
    int *lab = (int *)malloc(n * sizeof(int));
    size_t c, i;
    int v, rc;
    if (!l || !img || !lab) die_rc("subspace allocation", PAPER_ENOMEM);
    for (v = 0; v < 2; ++v) {
        const double t0 = exp_cpu_ms();
        for (c = 0; c < PAPER_CLASSES; ++c) {
            const float *basis[5];
            for (i = 0; i < 5; ++i)
                basis[i] = lat + (c * (size_t)per_class + i) * D;
            rc = exp_subspace_grid(basis, GRID_SIDE, GRID_RADIUS, v == 0,
                                   l + c * cells * D);
            if (rc) die_rc("subspace grid", rc);
            for (i = 0; i < cells; ++i) lab[c * cells + i] = (int)c;
        }
        out[v].ms = (exp_cpu_ms() - t0) / PAPER_CLASSES;
        decode(s, l, lab, n, img);
        rc = exp_score_images(s, img, lab, n, &out[v]);
        if (rc) die_rc("subspace scoring", rc);
    }
    free(l);
    free(img);
    free(lab);
}

static double mean_norm_z(const float *lat, size_t n)
{
    double acc = 0.0;
    size_t i, j;
    for (i = 0; i < n; ++i) {
        double ss = 0.0;
        for (j = 0; j < PAPER_DIM; ++j)
            ss += (double)lat[i * PAPER_DIM + j] * lat[i * PAPER_DIM + j];
        acc += (ss - PAPER_DIM) / sqrt(2.0 * PAPER_DIM);
    }
    return acc / (double)n;
}

/* Everything one seed contributes; results go to index `seed`. */
typedef struct seed_args {
    const exp_setup *s;
    int seed, seeds, per_class, sweep_per_class;
    const int *groups;
    double t_start;
    series *interp, (*cent)[EXP_NK + 1], (*sweep)[EXP_NPATH], *sub;
    double *main_z, (*sweep_z)[MAX_SEEDS];
} seed_args;

static void run_seed(const seed_args *a)
{
    const size_t nlat = (size_t)a->per_class * PAPER_CLASSES;
    const int seed = a->seed;
    float *lat = (float *)malloc(nlat * PAPER_DIM * sizeof(float));
    exp_score sc[EXP_NPATH], cs[EXP_NCENTROID * (EXP_NK + 1)], ss[2];
    int rc, m, g, i;
    if (!lat) die_rc("allocation", PAPER_ENOMEM);
    fprintf(stderr, "[seed %d/%d %5.1fs] inverting %zu held-out images "
                    "(%d steps)\n", seed + 1, a->seeds, wall() - a->t_start,
            nlat, INV_STEPS);
    rc = exp_invert(a->s, seed, (size_t)a->per_class, INV_STEPS, SOLVER, lat,
                    NULL);
    if (rc) die_rc("inversion", rc);
    a->main_z[seed] = mean_norm_z(lat, nlat);
    fprintf(stderr, "[seed %d/%d %5.1fs] interpolation\n", seed + 1,
            a->seeds, wall() - a->t_start);
    rc = exp_interpolation(a->s, lat, (size_t)a->per_class,
                           1000u + (uint64_t)seed, sc);
    if (rc) die_rc("interpolation", rc);
    for (m = 0; m < EXP_NPATH; ++m) put(&a->interp[m], seed, &sc[m]);
    fprintf(stderr, "[seed %d/%d %5.1fs] centroids\n", seed + 1, a->seeds,
            wall() - a->t_start);
    rc = exp_centroids(a->s, lat, (size_t)a->per_class, a->groups,
                       2000u + (uint64_t)seed, cs);
    if (rc) die_rc("centroids", rc);
    for (m = 0; m < EXP_NCENTROID; ++m)
        for (g = 0; g <= EXP_NK; ++g)
            put(&a->cent[m][g], seed, &cs[m * (EXP_NK + 1) + g]);
    fprintf(stderr, "[seed %d/%d %5.1fs] subspace grids\n", seed + 1,
            a->seeds, wall() - a->t_start);
    subspace_scores(a->s, lat, a->per_class, ss);
    put(&a->sub[0], seed, &ss[0]);
    put(&a->sub[1], seed, &ss[1]);
    for (i = 0; i < NSWEEP; ++i) {
        fprintf(stderr, "[seed %d/%d %5.1fs] interpolation, latents "
                        "inverted in %d step%s\n", seed + 1, a->seeds,
                wall() - a->t_start, sweep_steps[i],
                sweep_steps[i] == 1 ? "" : "s");
        rc = exp_invert(a->s, seed, (size_t)a->sweep_per_class, sweep_steps[i],
                        SWEEP_SOLVER, lat, NULL);
        if (rc) die_rc("inversion", rc);
        a->sweep_z[i][seed] =
            mean_norm_z(lat, (size_t)a->sweep_per_class * PAPER_CLASSES);
        rc = exp_interpolation(a->s, lat, (size_t)a->sweep_per_class,
                               1000u + (uint64_t)seed, sc);
        if (rc) die_rc("interpolation", rc);
        for (m = 0; m < EXP_NPATH; ++m) put(&a->sweep[i][m], seed, &sc[m]);
    }
    free(lat);
}

int main(int argc, char **argv)
{
    static series interp[EXP_NPATH], cent[EXP_NCENTROID][EXP_NK + 1];
    static series sweep[NSWEEP][EXP_NPATH], sub[2];
    double sweep_z[NSWEEP][MAX_SEEDS], main_z[MAX_SEEDS];
    const char *path_names[EXP_NPATH], *cent_names[EXP_NCENTROID];
    int groups[EXP_NK], sweep_per_class;
    char flow_path[4096], cls_path[4096];
    paper_flow flow;
    paper_classifier cls;
    paper_train_opts tdef;
    exp_setup setup;
    opts o;
    float *lat;
    size_t nlat;
    double t_start = wall();
    int i, seed, m, g, rc;
    char err[256];

    memset(&o, 0, sizeof o);
    o.seeds = -1;
    o.per_class = -1;
    for (i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!strcmp(a, "--full")) o.full = 1;
        else if (!strcmp(a, "--json")) o.json = 1;
        else if (!strcmp(a, "--seeds") && i + 1 < argc)
            o.seeds = parse_count(argv[++i], 1, MAX_SEEDS);
        else if (!strcmp(a, "--per-class") && i + 1 < argc)
            o.per_class = parse_count(argv[++i], 6, 100000);
        else if (!strcmp(a, "--figures") && i + 1 < argc) o.figures = argv[++i];
        else if (!strcmp(a, "--flow") && i + 1 < argc) o.flow = argv[++i];
        else if (!strcmp(a, "--classifier") && i + 1 < argc) o.cls = argv[++i];
        else usage();
    }
    if (o.seeds < 0) o.seeds = o.full ? FULL_SEEDS : DEFAULT_SEEDS;
    if (o.per_class < 0) o.per_class = o.full ? FULL_PER_CLASS : DEFAULT_PER_CLASS;
    if (o.per_class % 2) {
        fprintf(stderr, "cog_paper_demo: --per-class must be even (images "
                        "are paired)\n");
        return 2;
    }
    for (g = 0; g < EXP_NK; ++g) {
        groups[g] = o.full ? full_groups[g] : default_groups[g];
        if (exp_group_sizes[g] > o.per_class) groups[g] = 0;
    }
    sweep_per_class = o.full || o.per_class < DEFAULT_SWEEP_PER_CLASS
                          ? o.per_class
                          : DEFAULT_SWEEP_PER_CLASS;
    snprintf(flow_path, sizeof flow_path, "%s",
             o.flow ? o.flow : PAPER_WEIGHTS_DIR "/flow.safetensors");
    snprintf(cls_path, sizeof cls_path, "%s",
             o.cls ? o.cls : PAPER_WEIGHTS_DIR "/classifier.safetensors");
    if (paper_flow_load(&flow, flow_path, NULL, err, sizeof err)) {
        fprintf(stderr, "cog_paper_demo: %s\n", err);
        return 1;
    }
    if (paper_classifier_load(&cls, cls_path, NULL, err, sizeof err)) {
        fprintf(stderr, "cog_paper_demo: %s\n", err);
        return 1;
    }
    paper_flow_defaults(&tdef);
    rc = exp_setup_init(&setup, &flow, &cls, SOLVER, GEN_STEPS,
                        tdef.data_seed, REAL_PER_CLASS);
    if (rc) die_rc("Frechet reference", rc);
    for (m = 0; m < EXP_NPATH; ++m) path_names[m] = exp_path_name(m);
    for (m = 0; m < EXP_NCENTROID; ++m) cent_names[m] = exp_centroid_name(m);

    nlat = (size_t)o.per_class * PAPER_CLASSES;
    lat = (float *)malloc(nlat * PAPER_DIM * sizeof(float));
    if (!lat) die_rc("allocation", PAPER_ENOMEM);

    if (o.figures) {
        rc = exp_invert(&setup, 0, (size_t)o.per_class, INV_STEPS, SOLVER, lat, NULL);
        if (rc) die_rc("inversion", rc);
        figures(&setup, lat, o.per_class, o.figures);
    }
    /* the seeds are independent: share them between the cores (OpenMP
     * builds); every seed's numbers are the same with any thread count */
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)
#endif
    for (seed = 0; seed < o.seeds; ++seed) {
        seed_args a;
        a.s = &setup;
        a.seed = seed;
        a.seeds = o.seeds;
        a.per_class = o.per_class;
        a.sweep_per_class = sweep_per_class;
        a.groups = groups;
        a.t_start = t_start;
        a.interp = interp;
        a.cent = cent;
        a.sweep = sweep;
        a.sub = sub;
        a.main_z = main_z;
        a.sweep_z = sweep_z;
        run_seed(&a);
    }
    fprintf(stderr, "[done %5.1fs]\n", wall() - t_start);

    if (o.json) {
        for (m = 0; m < EXP_NPATH; ++m)
            row_json("interpolation", path_names[m], 2, INV_STEPS, &interp[m],
                     o.seeds);
        for (m = 0; m < EXP_NCENTROID; ++m)
            for (g = 0; g <= EXP_NK; ++g)
                if (g == EXP_NK || groups[g] > 0)
                    row_json("centroid", cent_names[m],
                             g == EXP_NK ? 0 : exp_group_sizes[g], INV_STEPS,
                             &cent[m][g], o.seeds);
        row_json("subspace", "COG", 5, INV_STEPS, &sub[0], o.seeds);
        row_json("subspace", "plain", 5, INV_STEPS, &sub[1], o.seeds);
        for (i = 0; i < NSWEEP; ++i)
            for (m = 0; m < EXP_NPATH; ++m)
                row_json("interpolation", path_names[m], 2, sweep_steps[i],
                         &sweep[i][m], o.seeds);
    } else {
        const stat2 z = stat_of(main_z, o.seeds, 1);
        printf("The COG paper's experiments on the examples' flow model "
               "(%d x %d images, %d classes)\n", PAPER_SIDE, PAPER_SIDE,
               PAPER_CLASSES);
        printf("%d seeds; per seed %d held-out images per class inverted "
               "with %d RK4 steps (mean squared-norm z-score %.2f), "
               "generated with %d.\nEvery number: mean +- standard "
               "deviation over the seeds.\n\n", o.seeds, o.per_class,
               INV_STEPS, z.mean, GEN_STEPS);
        printf("Interpolation: %d pairs per class, 3 interior points each "
               "(%zu generations per method and seed)\n", o.per_class / 2,
               interp[0].n);
        printf("  %-24s %-15s %-17s %s\n", "method", "accuracy",
               "Frechet distance", "ms per path");
        for (m = 0; m < EXP_NPATH; ++m) row_text(path_names[m], &interp[m], o.seeds);
        claims("COG", &interp[EXP_COG], path_names, interp, EXP_NPATH,
               EXP_COG, o.seeds);
        printf("\nCentroids: %d, %d, %d, %d groups of 3, 5, 10, 25 per class "
               "(%zu generations per method and seed)\n", groups[0],
               groups[1], groups[2], groups[3], cent[0][EXP_NK].n);
        printf("  %-24s %-15s %-17s %s\n", "method", "accuracy",
               "Frechet distance", "ms per centroid");
        {
            series pooled[EXP_NCENTROID];
            for (m = 0; m < EXP_NCENTROID; ++m) {
                pooled[m] = cent[m][EXP_NK];
                row_text(cent_names[m], &cent[m][EXP_NK], o.seeds);
            }
            claims("COG", &pooled[EXP_COG_CENTROID], cent_names, pooled,
                   EXP_NCENTROID, EXP_COG_CENTROID, o.seeds);
        }
        printf("  accuracy by group size:   ");
        for (g = 0; g < EXP_NK; ++g)
            if (groups[g] > 0) printf("   k=%-9d", exp_group_sizes[g]);
        printf("\n");
        for (m = 0; m < EXP_NCENTROID; ++m) {
            printf("  %-24s  ", cent_names[m]);
            for (g = 0; g < EXP_NK; ++g)
                if (groups[g] > 0) {
                    const stat2 a = stat_of(cent[m][g].acc, o.seeds, 1);
                    printf("  %5.1f +- %4.1f", 100.0 * a.mean, 100.0 * a.sd);
                }
            printf("\n");
        }
        printf("\nSubspace grids: %dx%d tangent-plane slice (+-45 degrees) "
               "of the 5-D subspace of 5 latents, every class "
               "(%zu generations per seed)\n", GRID_SIDE, GRID_SIDE, sub[0].n);
        printf("  %-24s %-15s %-17s %s\n", "method", "accuracy",
               "Frechet distance", "ms per grid");
        row_text("COG", &sub[0], o.seeds);
        row_text("plain (no COG)", &sub[1], o.seeds);
        printf("\nInterpolation with latents inverted in too few steps "
               "(the paper's appendix G): %d pairs per class, inversion with "
               "Euler steps (the first-order solver, like DDIM)\n",
               sweep_per_class / 2);
        for (i = 0; i < NSWEEP; ++i) {
            const stat2 zz = stat_of(sweep_z[i], o.seeds, 1);
            printf(" %d inversion step%s: inverted latents' mean squared-norm "
                   "z-score %.2f (N(0, I): 0 +- 1)\n", sweep_steps[i],
                   sweep_steps[i] == 1 ? "" : "s", zz.mean);
            for (m = 0; m < EXP_NPATH; ++m)
                row_text(path_names[m], &sweep[i][m], o.seeds);
        }
        printf("\nTotal %.1f s.\n", wall() - t_start);
    }
    free(lat);
    exp_setup_free(&setup);
    paper_mlp_free(&flow.net);
    paper_mlp_free(&cls.net);
    return 0;
}
