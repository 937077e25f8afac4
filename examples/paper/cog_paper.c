/* cog_paper.c - the paper's experiments in miniature: a procedural image set,
 * a rectified-flow model trained in C, ODE sampling and inversion, a
 * classifier and a Frechet distance (the API is in paper.h).
 *
 *   cog_paper data   [-o sheet.png|images.npy] [--labels-out L.npy]
 *                    [--split train|test] [--count N] [--first I]
 *   cog_paper train  flow|classifier -o WEIGHTS.safetensors [--steps N]
 *                    [--batch B] [--hidden H] [--depth D] [--images N]
 *                    [--lr X] [--data-seed S]
 *   cog_paper sample N -o FILE.npy|FILE.png [--class NAME] [--latents-out L]
 *   cog_paper invert IMAGES.npy -o LATENTS.npy (--class NAME | --labels L)
 *   cog_paper decode LATENTS.npy -o FILE.npy|FILE.png (--class | --labels)
 *   cog_paper eval   [--json] [--count N]
 *
 * Every command is deterministic from --seed (default 1). Models default to
 * the committed weights in examples/paper/weights (--flow FILE,
 * --classifier FILE choose others); ODE commands take --steps K and
 * --solver euler|heun|rk4. Images are .npy float32 of shape (N, 16, 16) in
 * [0, 1] (sample/decode .npy outputs are not clipped, so inverting them is
 * exact up to the solver); latents are (N, 16, 16) float32, N(0, I) for a
 * well-trained model. Labels files are .npy float arrays of N class indices.
 * Sample latent i is torch.manual_seed(seed + i); torch.randn(16, 16) (via
 * cog.h's cog_randn_torch). Outputs are written to a temporary file and
 * renamed, only after every input has been checked. */
#define COG_IMPLEMENTATION
#include "cog.h"

#include "latent_io.h"
#include "paper.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PAPER_WEIGHTS_DIR
#define PAPER_WEIGHTS_DIR "examples/paper/weights"
#endif

#define DEFAULT_SOLVER PAPER_RK4
#define DEFAULT_STEPS 16

/* ------------------------------------------------------------ plumbing */

static void die(int code, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cog_paper: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(code);
}

#define USAGE_ERR 2
#define DATA_ERR 1

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die(DATA_ERR, "out of memory");
    return p;
}

typedef struct opts {
    uint64_t seed, data_seed;
    int steps, solver, count, first, split, json;
    const char *out, *labels_in, *labels_out, *latents_out, *cls;
    const char *flow, *classifier;
    const char *pos[2];
    int npos;
    paper_train_opts train;
    int train_set[7];
} opts;

static uint64_t parse_u64(const char *opt, const char *s)
{
    char *end;
    unsigned long long v;
    if (!s || !*s || *s == '-' || *s == '+')
        die(USAGE_ERR, "%s wants a non-negative integer, got \"%s\"", opt,
            s ? s : "");
    v = strtoull(s, &end, 10);
    if (*end) die(USAGE_ERR, "%s wants a non-negative integer, got \"%s\"",
                  opt, s);
    return (uint64_t)v;
}

static int parse_int(const char *opt, const char *s, int lo, int hi)
{
    uint64_t v = parse_u64(opt, s);
    if (v < (uint64_t)lo || v > (uint64_t)hi)
        die(USAGE_ERR, "%s must be in [%d, %d], got %s", opt, lo, hi, s);
    return (int)v;
}

static const char *need(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) die(USAGE_ERR, "%s needs a value", argv[*i]);
    return argv[++*i];
}

static void parse(int argc, char **argv, opts *o)
{
    int i;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--seed")) o->seed = parse_u64(a, need(argc, argv, &i));
        else if (!strcmp(a, "--data-seed"))
            o->data_seed = o->train.data_seed = parse_u64(a, need(argc, argv, &i));
        else if (!strcmp(a, "--steps")) {
            o->steps = parse_int(a, need(argc, argv, &i), 1, 10000000);
            o->train.steps = o->steps;
            o->train_set[0] = 1;
        } else if (!strcmp(a, "--solver")) {
            const char *s = need(argc, argv, &i);
            o->solver = paper_solver_from_name(s);
            if (o->solver < 0)
                die(USAGE_ERR, "--solver %s: use euler, heun or rk4", s);
        } else if (!strcmp(a, "--count"))
            o->count = parse_int(a, need(argc, argv, &i), 1, 1000000);
        else if (!strcmp(a, "--first"))
            o->first = parse_int(a, need(argc, argv, &i), 0, 1000000000);
        else if (!strcmp(a, "--split")) {
            const char *s = need(argc, argv, &i);
            if (!strcmp(s, "train")) o->split = PAPER_TRAIN;
            else if (!strcmp(s, "test")) o->split = PAPER_TEST;
            else die(USAGE_ERR, "--split %s: use train or test", s);
        } else if (!strcmp(a, "--json")) o->json = 1;
        else if (!strcmp(a, "-o")) o->out = need(argc, argv, &i);
        else if (!strcmp(a, "--labels")) o->labels_in = need(argc, argv, &i);
        else if (!strcmp(a, "--labels-out")) o->labels_out = need(argc, argv, &i);
        else if (!strcmp(a, "--latents-out")) o->latents_out = need(argc, argv, &i);
        else if (!strcmp(a, "--class")) o->cls = need(argc, argv, &i);
        else if (!strcmp(a, "--flow")) o->flow = need(argc, argv, &i);
        else if (!strcmp(a, "--classifier")) o->classifier = need(argc, argv, &i);
        else if (!strcmp(a, "--batch"))
            o->train.batch = parse_int(a, need(argc, argv, &i), 4, 4096), o->train_set[1] = 1;
        else if (!strcmp(a, "--hidden"))
            o->train.hidden = parse_int(a, need(argc, argv, &i), 8, 4096), o->train_set[2] = 1;
        else if (!strcmp(a, "--depth"))
            o->train.depth = parse_int(a, need(argc, argv, &i), 1, PAPER_MAX_LAYERS - 1), o->train_set[3] = 1;
        else if (!strcmp(a, "--images"))
            o->train.train_images = (size_t)parse_int(a, need(argc, argv, &i), PAPER_CLASSES, 10000000), o->train_set[4] = 1;
        else if (!strcmp(a, "--lr")) {
            const char *s = need(argc, argv, &i);
            char *end;
            double v = strtod(s, &end);
            if (*end || !(v > 0.0 && v < 1.0))
                die(USAGE_ERR, "--lr %s: want a number in (0, 1)", s);
            o->train.lr = v;
            o->train_set[5] = 1;
        } else if (a[0] == '-' && a[1])
            die(USAGE_ERR, "unknown option %s (run cog_paper --help)", a);
        else if (o->npos < 2)
            o->pos[o->npos++] = a;
        else
            die(USAGE_ERR, "unexpected argument \"%s\"", a);
    }
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* An output path: must end in one of the allowed extensions. */
static void check_out(const char *what, const char *path, int png_ok)
{
    if (!path) die(USAGE_ERR, "%s: missing -o FILE", what);
    if (!ends_with(path, ".npy") && !(png_ok && ends_with(path, ".png")))
        die(USAGE_ERR, "%s: -o %s: the name must end in .npy%s", what, path,
            png_ok ? " or .png" : "");
}

static void write_atomic(const char *path, const unsigned char *a, size_t na,
                         const unsigned char *b, size_t nb)
{
    size_t plen = strlen(path);
    char *tmp = (char *)xmalloc(plen + 16);
    FILE *f;
    int ok;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".papertmp", 10);
    f = fopen(tmp, "wb");
    if (!f) die(DATA_ERR, "%s: cannot create", tmp);
    ok = fwrite(a, 1, na, f) == na && (nb == 0 || fwrite(b, 1, nb, f) == nb);
    ok = (fclose(f) == 0) && ok;
    if (ok) {
        remove(path); /* rename does not replace on Windows */
        ok = rename(tmp, path) == 0;
    }
    if (!ok) {
        remove(tmp);
        die(DATA_ERR, "%s: write failed", path);
    }
    free(tmp);
}

static void write_npy(const char *path, const float *x, const size_t *shape,
                      size_t ndim)
{
    unsigned char hdr[512], *data;
    size_t hlen = lio_npy_header(hdr, sizeof hdr, LIO_F32, shape, ndim);
    size_t i, count = 1;
    for (i = 0; i < ndim; i++) count *= shape[i];
    if (!hlen) die(DATA_ERR, "%s: cannot build the .npy header", path);
    data = (unsigned char *)xmalloc(4 * count);
    lio_put_f32le(x, count, data);
    write_atomic(path, hdr, hlen, data, 4 * count);
    free(data);
}

static void write_images(const char *path, const float *x, size_t n)
{
    size_t shape[3];
    shape[0] = n;
    shape[1] = PAPER_SIDE;
    shape[2] = PAPER_SIDE;
    write_npy(path, x, shape, 3);
}

static void write_labels(const char *path, const int *y, size_t n)
{
    float *f = (float *)xmalloc(n * sizeof(float));
    size_t i;
    for (i = 0; i < n; i++) f[i] = (float)y[i];
    write_npy(path, f, &n, 1);
    free(f);
}

/* A sheet with one row per class (images in the order given). */
static void write_sheet(const char *path, const float *x, const int *y,
                        size_t n)
{
    size_t cnt[PAPER_CLASSES] = {0}, i, cols = 0, rows = 0, c;
    float *grid;
    unsigned char *pix, *png;
    size_t pos[PAPER_CLASSES] = {0}, len;
    int w, h;
    for (i = 0; i < n; i++) cnt[y[i]]++;
    for (c = 0; c < PAPER_CLASSES; c++) {
        if (cnt[c] > cols) cols = cnt[c];
        if (cnt[c]) rows++;
    }
    if (cols > 64) cols = 64;
    grid = (float *)xmalloc(rows * cols * PAPER_DIM * sizeof(float));
    for (i = 0; i < rows * cols * PAPER_DIM; i++) grid[i] = 0.0f;
    for (i = 0; i < n; i++) {
        size_t r = 0;
        for (c = 0; c < (size_t)y[i]; c++) r += cnt[c] ? 1 : 0;
        if (pos[y[i]] < cols)
            memcpy(grid + (r * cols + pos[y[i]]) * PAPER_DIM,
                   x + i * PAPER_DIM, PAPER_DIM * sizeof(float));
        pos[y[i]]++;
    }
    if (paper_sheet(grid, rows * cols, (int)cols, 3, &pix, &w, &h) ||
        paper_png_gray(pix, w, h, &png, &len))
        die(DATA_ERR, "%s: cannot make the sheet", path);
    write_atomic(path, png, len, NULL, 0);
    free(pix);
    free(png);
    free(grid);
}

static void write_images_or_sheet(const char *path, const float *x,
                                  const int *y, size_t n)
{
    if (ends_with(path, ".png"))
        write_sheet(path, x, y, n);
    else
        write_images(path, x, n);
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;
    if (!f) die(DATA_ERR, "%s: cannot open", path);
    do {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            buf = (unsigned char *)realloc(buf, cap);
            if (!buf) die(DATA_ERR, "out of memory");
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) die(DATA_ERR, "%s: read error", path);
    fclose(f);
    *len = n;
    return buf;
}

/* Images or latents: (N, 16, 16), (N, 256) or one (16, 16). */
static float *read_batch(const char *path, size_t *n)
{
    size_t len, bad;
    unsigned char *buf = read_file(path, &len);
    lio_tensor t;
    lio_error e;
    const char *msg = lio_parse_npy(buf, len, &t, &e);
    float *x;
    if (msg) die(DATA_ERR, "%s: %s", path, msg);
    if (t.ndim == 3 && t.shape[1] == PAPER_SIDE && t.shape[2] == PAPER_SIDE)
        *n = t.shape[0];
    else if (t.ndim == 2 && t.shape[0] == PAPER_SIDE && t.shape[1] == PAPER_SIDE)
        *n = 1;
    else if (t.ndim == 2 && t.shape[1] == PAPER_DIM)
        *n = t.shape[0];
    else
        die(DATA_ERR, "%s: want shape (N, %d, %d), (N, %d) or (%d, %d)", path,
            PAPER_SIDE, PAPER_SIDE, PAPER_DIM, PAPER_SIDE, PAPER_SIDE);
    if (*n == 0) die(DATA_ERR, "%s: holds no images", path);
    x = (float *)xmalloc(t.count * sizeof(float));
    bad = lio_to_f32(&t, x);
    if (bad != t.count)
        die(DATA_ERR, "%s: element %lu is not finite", path, (unsigned long)bad);
    free(buf);
    return x;
}

/* Labels for n items: --class NAME (all the same) or --labels FILE. */
static int *get_labels(const opts *o, size_t n, int required)
{
    int *y = (int *)xmalloc(n * sizeof(int));
    size_t i;
    if (o->cls && o->labels_in)
        die(USAGE_ERR, "give --class or --labels, not both");
    if (o->cls) {
        int c = paper_class_from_name(o->cls);
        if (c < 0)
            die(USAGE_ERR, "--class %s: use disc, ring, square, triangle, "
                "cross or bars", o->cls);
        for (i = 0; i < n; i++) y[i] = c;
    } else if (o->labels_in) {
        size_t len, cnt;
        unsigned char *buf = read_file(o->labels_in, &len);
        lio_tensor t;
        lio_error e;
        const char *msg = lio_parse_npy(buf, len, &t, &e);
        double *d;
        if (msg) die(DATA_ERR, "%s: %s", o->labels_in, msg);
        cnt = t.count;
        if (cnt != n)
            die(DATA_ERR, "%s: has %lu labels for %lu items", o->labels_in,
                (unsigned long)cnt, (unsigned long)n);
        d = (double *)xmalloc(cnt * sizeof(double));
        lio_to_f64(&t, d);
        for (i = 0; i < n; i++) {
            if (!(d[i] >= 0 && d[i] < PAPER_CLASSES && d[i] == (int)d[i]))
                die(DATA_ERR, "%s: label %lu is %g, want an integer 0..%d",
                    o->labels_in, (unsigned long)i, d[i], PAPER_CLASSES - 1);
            y[i] = (int)d[i];
        }
        free(d);
        free(buf);
    } else if (required) {
        die(USAGE_ERR, "the model is class-conditioned: give --class NAME "
            "(disc, ring, square, triangle, cross, bars) or --labels "
            "LABELS.npy");
    } else {
        for (i = 0; i < n; i++) y[i] = (int)(i % PAPER_CLASSES);
    }
    return y;
}

static char g_path_flow[1024], g_path_cls[1024];

static const char *flow_path(const opts *o)
{
    if (o->flow) return o->flow;
    snprintf(g_path_flow, sizeof g_path_flow, "%s/flow.safetensors",
             PAPER_WEIGHTS_DIR);
    return g_path_flow;
}

static const char *classifier_path(const opts *o)
{
    if (o->classifier) return o->classifier;
    snprintf(g_path_cls, sizeof g_path_cls, "%s/classifier.safetensors",
             PAPER_WEIGHTS_DIR);
    return g_path_cls;
}

static void load_flow(const opts *o, paper_flow *m, double *secs)
{
    char err[512];
    if (paper_flow_load(m, flow_path(o), secs, err, sizeof err))
        die(DATA_ERR, "%s", err);
}

static void load_classifier(const opts *o, paper_classifier *m, double *secs)
{
    char err[512];
    if (paper_classifier_load(m, classifier_path(o), secs, err, sizeof err))
        die(DATA_ERR, "%s", err);
}

/* Latent i = torch.manual_seed(seed + i); torch.randn(16, 16). */
static void seed_latents(uint64_t seed, size_t n, float *z)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (cog_randn_torch(seed + i, z + i * PAPER_DIM, PAPER_DIM) != COG_OK)
            die(DATA_ERR, "cog_randn_torch failed");
}

/* ------------------------------------------------------------ commands */

static int cmd_data(const opts *o)
{
    size_t n = o->count ? (size_t)o->count : 8 * PAPER_CLASSES;
    float *x = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    int *y = (int *)xmalloc(n * sizeof(int));
    const char *out = o->out ? o->out : "paper_data.png";
    check_out("data", out, 1);
    if (o->labels_out) check_out("data --labels-out", o->labels_out, 0);
    paper_images(o->seed, o->split, (size_t)o->first, n, x, y);
    write_images_or_sheet(out, x, y, n);
    if (o->labels_out) write_labels(o->labels_out, y, n);
    fprintf(stderr, "%s: %lu %s images from seed %llu\n", out,
            (unsigned long)n, o->split == PAPER_TRAIN ? "train" : "test",
            (unsigned long long)o->seed);
    free(x);
    free(y);
    return 0;
}

static int cmd_train(opts *o)
{
    paper_train_opts t;
    int is_flow, rc;
    double lf, ll, secs;
    clock_t c0;
    char err[512];
    if (o->npos < 1 || (strcmp(o->pos[0], "flow") && strcmp(o->pos[0], "classifier")))
        die(USAGE_ERR, "train: say what to train: cog_paper train flow|classifier -o FILE");
    is_flow = !strcmp(o->pos[0], "flow");
    if (!o->out || !ends_with(o->out, ".safetensors"))
        die(USAGE_ERR, "train: -o FILE must end in .safetensors");
    if (is_flow) paper_flow_defaults(&t);
    else paper_classifier_defaults(&t);
    t.seed = o->seed;
    t.data_seed = o->data_seed;
    if (o->train_set[0]) t.steps = o->train.steps;
    if (o->train_set[1]) t.batch = o->train.batch;
    if (o->train_set[2]) t.hidden = o->train.hidden;
    if (o->train_set[3]) t.depth = o->train.depth;
    if (o->train_set[4]) t.train_images = o->train.train_images;
    if (o->train_set[5]) t.lr = o->train.lr;
    fprintf(stderr, "training %s: seed %llu, data seed %llu, %d steps of %d, "
            "hidden %d x %d, %lu train images, lr %g\n",
            is_flow ? "the flow model" : "the classifier",
            (unsigned long long)t.seed, (unsigned long long)t.data_seed,
            t.steps, t.batch, t.hidden, t.depth,
            (unsigned long)t.train_images, t.lr);
    c0 = clock();
    if (is_flow) {
        paper_flow m;
        rc = paper_flow_train(&t, &m, &lf, &ll);
        secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (rc) die(DATA_ERR, "training failed (status %d)", rc);
        rc = paper_mlp_save(&m.net, o->out, secs, err, sizeof err);
        paper_mlp_free(&m.net);
    } else {
        paper_classifier m;
        rc = paper_classifier_train(&t, &m, &lf, &ll);
        secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (rc) die(DATA_ERR, "training failed (status %d)", rc);
        rc = paper_mlp_save(&m.net, o->out, secs, err, sizeof err);
        paper_mlp_free(&m.net);
    }
    if (rc) die(DATA_ERR, "%s", err);
    fprintf(stderr, "%s: loss %.4f (first tenth) -> %.4f (last tenth), "
            "%.1f CPU seconds\n", o->out, lf, ll, secs);
    return 0;
}

static int cmd_sample(const opts *o)
{
    paper_flow m;
    size_t n;
    float *z, *x;
    int *y, rc;
    if (o->npos < 1) die(USAGE_ERR, "sample: say how many: cog_paper sample N -o FILE");
    n = (size_t)parse_int("sample N", o->pos[0], 1, 1000000);
    check_out("sample", o->out, 1);
    if (o->latents_out) check_out("sample --latents-out", o->latents_out, 0);
    y = get_labels(o, n, 0);
    load_flow(o, &m, NULL);
    z = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    x = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    seed_latents(o->seed, n, z);
    rc = paper_flow_sample(&m, z, y, n, o->steps, (paper_solver)o->solver, x);
    if (rc) die(DATA_ERR, "sampling failed (status %d)", rc);
    write_images_or_sheet(o->out, x, y, n);
    if (o->latents_out) write_images(o->latents_out, z, n);
    paper_mlp_free(&m.net);
    free(z), free(x), free(y);
    return 0;
}

static int cmd_ode(const opts *o, int invert)
{
    paper_flow m;
    size_t n;
    float *in, *out;
    int *y, rc;
    const char *name = invert ? "invert" : "decode";
    if (o->npos < 1)
        die(USAGE_ERR, "%s: give the input file: cog_paper %s FILE.npy -o OUT",
            name, name);
    check_out(name, o->out, !invert);
    in = read_batch(o->pos[0], &n);
    y = get_labels(o, n, 1);
    load_flow(o, &m, NULL);
    out = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    rc = invert ? paper_flow_invert(&m, in, y, n, o->steps,
                                    (paper_solver)o->solver, out)
                : paper_flow_sample(&m, in, y, n, o->steps,
                                    (paper_solver)o->solver, out);
    if (rc) die(DATA_ERR, "%s failed (status %d)", name, rc);
    if (invert) write_images(o->out, out, n);
    else write_images_or_sheet(o->out, out, y, n);
    paper_mlp_free(&m.net);
    free(in), free(out), free(y);
    return 0;
}

/* ---------------------------------------------------------------- eval */

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fclose(f);
    return n;
}

/* Frechet distance between the classifier features of two image sets. */
static double fd_images(const paper_classifier *c, const float *a, size_t na,
                        const float *b, size_t nb)
{
    size_t d = (size_t)paper_classifier_feature_dim(c);
    float *fa = (float *)xmalloc(na * d * sizeof(float));
    float *fb = (float *)xmalloc(nb * d * sizeof(float));
    double *m1 = (double *)xmalloc(d * sizeof(double));
    double *m2 = (double *)xmalloc(d * sizeof(double));
    double *c1 = (double *)xmalloc(d * d * sizeof(double));
    double *c2 = (double *)xmalloc(d * d * sizeof(double));
    double fd;
    if (paper_classifier_run(c, a, na, fa, NULL) ||
        paper_classifier_run(c, b, nb, fb, NULL) ||
        paper_gaussian_fit(fa, na, d, m1, c1) ||
        paper_gaussian_fit(fb, nb, d, m2, c2) ||
        paper_frechet(m1, c1, m2, c2, d, &fd))
        die(DATA_ERR, "Frechet distance failed");
    free(fa), free(fb), free(m1), free(m2), free(c1), free(c2);
    return fd;
}

/* Mean over items of the squared-norm z-score against chi-squared(D). */
static double mean_norm_z(const float *z, size_t n)
{
    size_t i, j;
    double s = 0.0;
    for (i = 0; i < n; i++) {
        double q = 0.0;
        for (j = 0; j < PAPER_DIM; j++)
            q += (double)z[i * PAPER_DIM + j] * z[i * PAPER_DIM + j];
        s += (q - PAPER_DIM) / sqrt(2.0 * PAPER_DIM);
    }
    return s / (double)n;
}

/* Relative round-trip error sqrt(sum |x' - x|^2 / sum |x|^2). */
static double rel_error(const float *a, const float *b, size_t cnt)
{
    double num = 0.0, den = 0.0;
    size_t i;
    for (i = 0; i < cnt; i++) {
        double d = (double)a[i] - b[i];
        num += d * d;
        den += (double)b[i] * b[i];
    }
    return sqrt(num / den);
}

typedef struct inv_row {
    int solver, steps;
    double rel, z;
} inv_row;

static void invert_roundtrip(const paper_flow *m, const float *x, const int *y,
                             size_t n, int solver, int steps, inv_row *r)
{
    float *z = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    float *back = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    if (paper_flow_invert(m, x, y, n, steps, (paper_solver)solver, z) ||
        paper_flow_sample(m, z, y, n, steps, (paper_solver)solver, back))
        die(DATA_ERR, "inversion failed");
    r->solver = solver;
    r->steps = steps;
    r->z = mean_norm_z(z, n);
    r->rel = rel_error(back, x, n * PAPER_DIM);
    free(z);
    free(back);
}

static int cmd_eval(const opts *o)
{
    paper_flow m;
    paper_classifier c;
    size_t n = o->count ? (size_t)o->count : 600, ninv = 60, i, ncls = 3000;
    size_t correct = 0, confident = 0, kept = 0;
    double flow_secs, cls_secs, acc, fd_real, fd_samp, conf, keep;
    float *real, *real2, *z, *samp, *probs, *xc;
    int *y, *y2, *yc;
    inv_row main_row, table[24];
    int nt = 0, s;
    clock_t c0 = clock();
    if (n < 60) die(USAGE_ERR, "eval: --count must be at least 60");
    load_flow(o, &m, &flow_secs);
    load_classifier(o, &c, &cls_secs);

    /* classifier accuracy on the held-out split */
    xc = (float *)xmalloc(ncls * PAPER_DIM * sizeof(float));
    yc = (int *)xmalloc(ncls * sizeof(int));
    probs = (float *)xmalloc((ncls > n ? ncls : n) * PAPER_CLASSES * sizeof(float));
    paper_images(o->data_seed, PAPER_TEST, 0, ncls, xc, yc);
    paper_classifier_run(&c, xc, ncls, NULL, probs);
    for (i = 0; i < ncls; i++) {
        int k, best = 0;
        for (k = 1; k < PAPER_CLASSES; k++)
            if (probs[i * PAPER_CLASSES + k] > probs[i * PAPER_CLASSES + best]) best = k;
        correct += best == yc[i];
    }
    acc = (double)correct / (double)ncls;

    /* Frechet distances: held-out images [0, n) against held-out [n, 2n)
     * (the floor) and against n samples (latents from seed .. seed+n-1,
     * labels i % classes). */
    real = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    real2 = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    y = (int *)xmalloc(n * sizeof(int));
    y2 = (int *)xmalloc(n * sizeof(int));
    paper_images(o->data_seed, PAPER_TEST, 0, n, real, y);
    paper_images(o->data_seed, PAPER_TEST, n, n, real2, y2);
    fd_real = fd_images(&c, real, n, real2, n);
    z = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    samp = (float *)xmalloc(n * PAPER_DIM * sizeof(float));
    seed_latents(o->seed, n, z);
    for (i = 0; i < n; i++) y2[i] = (int)(i % PAPER_CLASSES);
    if (paper_flow_sample(&m, z, y2, n, o->steps, (paper_solver)o->solver, samp))
        die(DATA_ERR, "sampling failed");
    fd_samp = fd_images(&c, samp, n, real, n);
    paper_classifier_run(&c, samp, n, NULL, probs);
    for (i = 0; i < n; i++) {
        int k, best = 0;
        for (k = 1; k < PAPER_CLASSES; k++)
            if (probs[i * PAPER_CLASSES + k] > probs[i * PAPER_CLASSES + best]) best = k;
        confident += probs[i * PAPER_CLASSES + best] >= 0.9f;
        kept += best == y2[i];
    }
    conf = (double)confident / (double)n;
    keep = (double)kept / (double)n;

    /* inversion of held-out images: round trip and latent norms */
    invert_roundtrip(&m, real, y, ninv, o->solver, o->steps, &main_row);
    for (s = 1; s <= 128; s *= 2)
        invert_roundtrip(&m, real, y, ninv, PAPER_EULER, s, &table[nt++]);
    for (s = 1; s <= 16; s *= 2)
        invert_roundtrip(&m, real, y, ninv, PAPER_RK4, s, &table[nt++]);

    if (o->json) {
        printf("{\"classifier_test_accuracy\": %.4f, "
               "\"classifier_test_images\": %lu, "
               "\"sample_confident_fraction\": %.4f, "
               "\"sample_class_accuracy\": %.4f, "
               "\"fd_real_split\": %.4f, \"fd_samples\": %.4f, "
               "\"fd_images\": %lu, \"fd_features\": %d, "
               "\"inversion_rel_error\": %.6f, \"inversion_norm_z\": %.4f, "
               "\"inversion_images\": %lu, "
               "\"sampling_steps\": %d, \"solver\": \"%s\", "
               "\"train_seconds\": %.1f, \"classifier_train_seconds\": %.1f, "
               "\"weights_bytes\": %ld, \"classifier_weights_bytes\": %ld, "
               "\"inversion_by_steps\": [",
               acc, (unsigned long)ncls, conf, keep, fd_real, fd_samp,
               (unsigned long)n, paper_classifier_feature_dim(&c),
               main_row.rel, main_row.z, (unsigned long)ninv, o->steps,
               paper_solver_name((paper_solver)o->solver), flow_secs,
               cls_secs, file_size(flow_path(o)),
               file_size(classifier_path(o)));
        for (s = 0; s < nt; s++)
            printf("%s{\"solver\": \"%s\", \"steps\": %d, \"rel_error\": %.6f, "
                   "\"norm_z\": %.4f}", s ? ", " : "",
                   paper_solver_name((paper_solver)table[s].solver),
                   table[s].steps, table[s].rel, table[s].z);
        printf("], \"eval_seconds\": %.1f}\n",
               (double)(clock() - c0) / CLOCKS_PER_SEC);
    } else {
        printf("classifier held-out accuracy   %.2f%% (%lu images)\n",
               100.0 * acc, (unsigned long)ncls);
        printf("samples (%s, %d steps)        %lu; confident (p >= 0.9) %.1f%%, "
               "classified as their class %.1f%%\n",
               paper_solver_name((paper_solver)o->solver), o->steps,
               (unsigned long)n, 100.0 * conf, 100.0 * keep);
        printf("Frechet distance (%d features)  real vs real %.3f, "
               "samples vs real %.3f\n",
               paper_classifier_feature_dim(&c), fd_real, fd_samp);
        printf("inversion (%lu held-out images) round-trip relative error, "
               "mean squared-norm z of the latents:\n", (unsigned long)ninv);
        printf("  %-6s %6s %12s %10s\n", "solver", "steps", "rel error", "norm z");
        for (s = 0; s < nt; s++)
            printf("  %-6s %6d %12.6f %10.3f\n",
                   paper_solver_name((paper_solver)table[s].solver),
                   table[s].steps, table[s].rel, table[s].z);
        printf("training: flow %.0f s, classifier %.0f s (CPU); weights %ld + %ld bytes\n",
               flow_secs, cls_secs, file_size(flow_path(o)),
               file_size(classifier_path(o)));
    }
    paper_mlp_free(&m.net);
    paper_mlp_free(&c.net);
    free(xc), free(yc), free(probs), free(real), free(real2), free(y), free(y2);
    free(z), free(samp);
    return 0;
}

static void usage(void)
{
    printf(
"usage: cog_paper COMMAND [options]   (every command deterministic from --seed)\n"
"  data   [-o sheet.png|images.npy] [--labels-out L.npy] [--split train|test]\n"
"         [--count N] [--first I]          the procedural image set\n"
"  train  flow|classifier -o W.safetensors [--steps N] [--batch B] [--hidden H]\n"
"         [--depth D] [--images N] [--lr X] [--data-seed S]\n"
"  sample N -o FILE.npy|FILE.png [--class NAME] [--latents-out L.npy]\n"
"  invert IMAGES.npy -o LATENTS.npy (--class NAME | --labels L.npy)\n"
"  decode LATENTS.npy -o FILE.npy|FILE.png (--class NAME | --labels L.npy)\n"
"  eval   [--json] [--count N]             accuracy, Frechet distances, inversion\n"
"common: --seed S (default 1), --steps K and --solver euler|heun|rk4 for the\n"
"ODE (default rk4, %d steps), --flow W, --classifier W (default: the committed\n"
"weights in %s). Classes: disc ring square triangle cross bars.\n",
        DEFAULT_STEPS, PAPER_WEIGHTS_DIR);
}

int main(int argc, char **argv)
{
    opts o;
    const char *cmd;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.data_seed = 1;
    o.train.data_seed = 1;
    o.steps = DEFAULT_STEPS;
    o.solver = DEFAULT_SOLVER;
    o.split = PAPER_TEST;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage();
        return argc < 2 ? USAGE_ERR : 0;
    }
    cmd = argv[1];
    parse(argc - 2, argv + 2, &o);
    if (!strcmp(cmd, "data")) return cmd_data(&o);
    if (!strcmp(cmd, "train")) return cmd_train(&o);
    if (!strcmp(cmd, "sample")) return cmd_sample(&o);
    if (!strcmp(cmd, "invert")) return cmd_ode(&o, 1);
    if (!strcmp(cmd, "decode")) return cmd_ode(&o, 0);
    if (!strcmp(cmd, "eval")) return cmd_eval(&o);
    die(USAGE_ERR, "unknown command \"%s\" (run cog_paper --help)", cmd);
    return USAGE_ERR;
}
