/* paper_nn.c - the networks of the paper miniature: a blocked matrix
 * multiply, multilayer perceptrons with backpropagation and Adam, the
 * rectified-flow model (training, ODE sampling and inversion), the
 * classifier, and saving/loading weights as .safetensors (see paper.h). */
#include "paper.h"
#include "latent_io.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PI 3.14159265358979323846

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------ matrix multiply */

/* C (m x n, row stride ldc) += A (m x k, lda) * B (k x n, ldb).
 * Blocked for the cache: a KC-deep panel of NR columns of B stays in L1
 * while every 4-row strip of A streams past it; the 4 x NR tile of C lives
 * in registers and the j loops vectorise. Every element is summed in the
 * same order (k ascending, multiply then add, never fused: C99 mode keeps
 * gcc from contracting) whatever the tile width, so the AVX build of the
 * tile (16 columns, used when the CPU has AVX2) gives the same bits as the
 * baseline one (8 columns, SSE2), and training is reproducible across
 * x86-64 machines. */
#define KC 256

#define PAPER_TILE(NAME, NR)                                                \
    static void NAME(size_t kc, const float *A, size_t lda, const float *B, \
                     size_t ldb, float *C, size_t ldc)                      \
    {                                                                       \
        float c0[NR], c1[NR], c2[NR], c3[NR];                               \
        size_t p;                                                           \
        int j;                                                              \
        for (j = 0; j < NR; j++) {                                          \
            c0[j] = C[j];                                                   \
            c1[j] = C[ldc + j];                                             \
            c2[j] = C[2 * ldc + j];                                         \
            c3[j] = C[3 * ldc + j];                                         \
        }                                                                   \
        for (p = 0; p < kc; p++) {                                          \
            const float *b = B + p * ldb;                                   \
            float a0 = A[p], a1 = A[lda + p], a2 = A[2 * lda + p],          \
                  a3 = A[3 * lda + p];                                      \
            for (j = 0; j < NR; j++) {                                      \
                c0[j] += a0 * b[j];                                         \
                c1[j] += a1 * b[j];                                         \
                c2[j] += a2 * b[j];                                         \
                c3[j] += a3 * b[j];                                         \
            }                                                               \
        }                                                                   \
        for (j = 0; j < NR; j++) {                                          \
            C[j] = c0[j];                                                   \
            C[ldc + j] = c1[j];                                             \
            C[2 * ldc + j] = c2[j];                                         \
            C[3 * ldc + j] = c3[j];                                         \
        }                                                                   \
    }

PAPER_TILE(tile_4x8, 8)

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && \
    !defined(__INTEL_COMPILER) && !defined(PAPER_NO_AVX)
#define PAPER_HAVE_AVX 1
__attribute__((target("avx2"))) PAPER_TILE(tile_4x16_avx, 16)
static int cpu_has_avx2(void) { return __builtin_cpu_supports("avx2"); }
#else
#define PAPER_HAVE_AVX 0
#endif

/* Edges: any mr x nr tile, same summation order per element. */
static void tile_any(size_t mr, size_t nr, size_t kc, const float *A,
                     size_t lda, const float *B, size_t ldb, float *C,
                     size_t ldc)
{
    size_t i, j, p;
    for (i = 0; i < mr; i++)
        for (j = 0; j < nr; j++) {
            float s = C[i * ldc + j];
            for (p = 0; p < kc; p++) s += A[i * lda + p] * B[p * ldb + j];
            C[i * ldc + j] = s;
        }
}

static void gemm_acc(size_t m, size_t n, size_t k, const float *A,
                     size_t lda, const float *B, size_t ldb, float *C,
                     size_t ldc)
{
    size_t k0, j0, i0, nb = 8;
#if PAPER_HAVE_AVX
    int avx = cpu_has_avx2();
    if (avx) nb = 16;
#endif
    for (k0 = 0; k0 < k; k0 += KC) {
        size_t kc = k - k0 < KC ? k - k0 : KC;
        for (j0 = 0; j0 < n; j0 += nb) {
            size_t nr = n - j0 < nb ? n - j0 : nb;
            for (i0 = 0; i0 < m; i0 += 4) {
                size_t mr = m - i0 < 4 ? m - i0 : 4;
                const float *a = A + i0 * lda + k0;
                const float *b = B + k0 * ldb + j0;
                float *c = C + i0 * ldc + j0;
                if (mr < 4 || nr < 8)
                    tile_any(mr, nr, kc, a, lda, b, ldb, c, ldc);
#if PAPER_HAVE_AVX
                else if (avx && nr == 16)
                    tile_4x16_avx(kc, a, lda, b, ldb, c, ldc);
#endif
                else if (nr == 8)
                    tile_4x8(kc, a, lda, b, ldb, c, ldc);
                else
                    tile_any(mr, nr, kc, a, lda, b, ldb, c, ldc);
            }
        }
    }
}

/* dst (cols x rows) = src (rows x cols)^T. */
static void transpose(const float *src, size_t rows, size_t cols, float *dst)
{
    size_t i, j, i0, j0;
    for (i0 = 0; i0 < rows; i0 += 32)
        for (j0 = 0; j0 < cols; j0 += 32)
            for (i = i0; i < rows && i < i0 + 32; i++)
                for (j = j0; j < cols && j < j0 + 32; j++)
                    dst[j * rows + i] = src[i * cols + j];
}

/* ------------------------------------------------------------------ MLP */

static int mlp_alloc(paper_mlp *m, int layers, const int *sizes, int act)
{
    size_t total = 0, off = 0;
    int l;
    memset(m, 0, sizeof *m);
    if (layers < 1 || layers > PAPER_MAX_LAYERS) return PAPER_EARG;
    for (l = 0; l <= layers; l++)
        if (sizes[l] < 1 || sizes[l] > 4096) return PAPER_EARG;
    for (l = 0; l < layers; l++)
        total += (size_t)sizes[l] * (size_t)sizes[l + 1] + (size_t)sizes[l + 1];
    m->params = (float *)calloc(total, sizeof(float));
    if (!m->params) return PAPER_ENOMEM;
    m->layers = layers;
    m->act = act;
    m->nparams = total;
    for (l = 0; l <= layers; l++) m->sizes[l] = sizes[l];
    for (l = 0; l < layers; l++) {
        m->W[l] = m->params + off;
        off += (size_t)sizes[l] * (size_t)sizes[l + 1];
        m->b[l] = m->params + off;
        off += (size_t)sizes[l + 1];
    }
    return PAPER_OK;
}

void paper_mlp_free(paper_mlp *m)
{
    if (!m) return;
    free(m->params);
    memset(m, 0, sizeof *m);
}

static int max_width(const paper_mlp *m)
{
    int l, w = 0;
    for (l = 0; l <= m->layers; l++)
        if (m->sizes[l] > w) w = m->sizes[l];
    return w;
}

static float act_f(int act, float z)
{
    if (act == 1) return z > 0.0f ? z : 0.0f;
    return z / (1.0f + expf(-z));
}

static float act_df(int act, float z)
{
    float s;
    if (act == 1) return z > 0.0f ? 1.0f : 0.0f;
    s = 1.0f / (1.0f + expf(-z));
    return s * (1.0f + z * (1.0f - s));
}

/* One layer: out (rows x sizes[l+1]) = in . W[l] + b[l]. */
static void layer_linear(const paper_mlp *m, int l, const float *in,
                         size_t rows, float *out)
{
    size_t i, no = (size_t)m->sizes[l + 1], ni = (size_t)m->sizes[l];
    for (i = 0; i < rows; i++) memcpy(out + i * no, m->b[l], no * sizeof(float));
    gemm_acc(rows, no, ni, in, ni, m->W[l], no, out, no);
}

/* Inference: rows inputs -> outputs. ws holds 2 * rows * max_width floats.
 * If feat is not NULL it gets the activations of the last hidden layer. */
static void mlp_forward(const paper_mlp *m, const float *in, size_t rows,
                        float *ws, float *out, float *feat)
{
    size_t mw = (size_t)max_width(m);
    float *bufs[2];
    const float *cur = in;
    int l;
    bufs[0] = ws;
    bufs[1] = ws + rows * mw;
    for (l = 0; l < m->layers; l++) {
        float *dst = l == m->layers - 1 ? out : bufs[l & 1];
        size_t i, cnt = rows * (size_t)m->sizes[l + 1];
        layer_linear(m, l, cur, rows, dst);
        if (l < m->layers - 1) {
            for (i = 0; i < cnt; i++) dst[i] = act_f(m->act, dst[i]);
            if (feat && l == m->layers - 2)
                memcpy(feat, dst, cnt * sizeof(float));
        }
        cur = dst;
    }
}

/* Training state: activations kept for backpropagation, gradients, Adam
 * moments and (optionally) an exponential moving average of the weights. */
typedef struct trainer {
    paper_mlp *m;
    size_t rows;
    float *pre[PAPER_MAX_LAYERS];     /* pre-activations, rows x sizes[l+1] */
    float *act[PAPER_MAX_LAYERS + 1]; /* act[0] = input, act[l+1] = f(pre) */
    float *grad, *adam_m, *adam_v, *ema;
    float *t_act, *t_w, *d_a, *d_b;   /* scratch */
    long step;
} trainer;

static void trainer_free(trainer *t)
{
    int l;
    for (l = 0; l < PAPER_MAX_LAYERS; l++) free(t->pre[l]);
    for (l = 1; l <= PAPER_MAX_LAYERS; l++) free(t->act[l]);
    free(t->act[0]);
    free(t->grad);
    free(t->adam_m);
    free(t->adam_v);
    free(t->ema);
    free(t->t_act);
    free(t->t_w);
    free(t->d_a);
    free(t->d_b);
    memset(t, 0, sizeof *t);
}

static int trainer_init(trainer *t, paper_mlp *m, size_t rows, int ema)
{
    size_t mw = (size_t)max_width(m);
    int l, ok = 1;
    memset(t, 0, sizeof *t);
    t->m = m;
    t->rows = rows;
    t->act[0] = (float *)malloc(rows * (size_t)m->sizes[0] * sizeof(float));
    for (l = 0; l < m->layers; l++) {
        size_t cnt = rows * (size_t)m->sizes[l + 1];
        t->pre[l] = (float *)malloc(cnt * sizeof(float));
        t->act[l + 1] = (float *)malloc(cnt * sizeof(float));
        ok = ok && t->pre[l] && t->act[l + 1];
    }
    t->grad = (float *)calloc(m->nparams, sizeof(float));
    t->adam_m = (float *)calloc(m->nparams, sizeof(float));
    t->adam_v = (float *)calloc(m->nparams, sizeof(float));
    if (ema) {
        t->ema = (float *)malloc(m->nparams * sizeof(float));
        if (t->ema) memcpy(t->ema, m->params, m->nparams * sizeof(float));
    }
    t->t_act = (float *)malloc(rows * mw * sizeof(float));
    t->t_w = (float *)malloc(mw * mw * sizeof(float));
    t->d_a = (float *)malloc(rows * mw * sizeof(float));
    t->d_b = (float *)malloc(rows * mw * sizeof(float));
    ok = ok && t->act[0] && t->grad && t->adam_m && t->adam_v &&
         (!ema || t->ema) && t->t_act && t->t_w && t->d_a && t->d_b;
    if (!ok) {
        trainer_free(t);
        return PAPER_ENOMEM;
    }
    return PAPER_OK;
}

/* Forward on t->act[0] (filled by the caller); returns the output. */
static const float *train_forward(trainer *t)
{
    paper_mlp *m = t->m;
    int l;
    for (l = 0; l < m->layers; l++) {
        size_t i, cnt = t->rows * (size_t)m->sizes[l + 1];
        layer_linear(m, l, t->act[l], t->rows, t->pre[l]);
        if (l < m->layers - 1)
            for (i = 0; i < cnt; i++)
                t->act[l + 1][i] = act_f(m->act, t->pre[l][i]);
        else
            memcpy(t->act[l + 1], t->pre[l], cnt * sizeof(float));
    }
    return t->act[m->layers];
}

/* Backward from dout (rows x outputs, the loss gradient) into t->grad. */
static void train_backward(trainer *t, const float *dout)
{
    paper_mlp *m = t->m;
    size_t rows = t->rows;
    float *dz = t->d_a, *da = t->d_b;
    int l;
    memcpy(dz, dout, rows * (size_t)m->sizes[m->layers] * sizeof(float));
    memset(t->grad, 0, m->nparams * sizeof(float));
    for (l = m->layers - 1; l >= 0; l--) {
        size_t ni = (size_t)m->sizes[l], no = (size_t)m->sizes[l + 1], i, j;
        float *gW = t->grad + (m->W[l] - m->params);
        float *gb = t->grad + (m->b[l] - m->params);
        /* dW = act^T . dz, db = column sums of dz */
        transpose(t->act[l], rows, ni, t->t_act);
        gemm_acc(ni, no, rows, t->t_act, rows, dz, no, gW, no);
        for (i = 0; i < rows; i++)
            for (j = 0; j < no; j++) gb[j] += dz[i * no + j];
        if (l > 0) {
            float *swap;
            /* da = dz . W^T, then through the activation */
            transpose(m->W[l], ni, no, t->t_w);
            memset(da, 0, rows * ni * sizeof(float));
            gemm_acc(rows, ni, no, dz, no, t->t_w, ni, da, ni);
            for (i = 0; i < rows * ni; i++)
                da[i] *= act_df(m->act, t->pre[l - 1][i]);
            swap = dz;
            dz = da;
            da = swap;
        }
    }
}

/* Adam with bias correction; then the moving average if there is one. */
static void adam_step(trainer *t, double lr, double ema_decay)
{
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    double c1, c2;
    float *p = t->m->params;
    size_t i, n = t->m->nparams;
    t->step++;
    c1 = 1.0 - pow(b1, (double)t->step);
    c2 = 1.0 - pow(b2, (double)t->step);
    for (i = 0; i < n; i++) {
        float g = t->grad[i];
        t->adam_m[i] = (float)(b1 * t->adam_m[i] + (1.0 - b1) * g);
        t->adam_v[i] = (float)(b2 * t->adam_v[i] + (1.0 - b2) * g * g);
        p[i] -= (float)(lr * (t->adam_m[i] / c1) /
                        (sqrt(t->adam_v[i] / c2) + eps));
    }
    if (t->ema)
        for (i = 0; i < n; i++)
            t->ema[i] = (float)(ema_decay * t->ema[i] + (1.0 - ema_decay) * p[i]);
}

/* Warm-up over the first 2% of steps, then cosine decay to 0. */
static double lr_at(const paper_train_opts *o, int step)
{
    int warm = o->steps / 50 + 1;
    if (step < warm) return o->lr * (step + 1) / warm;
    return o->lr * 0.5 *
           (1.0 + cos(PI * (step - warm) / (double)(o->steps - warm + 1)));
}

static void init_params(paper_mlp *m, paper_rng *r)
{
    int l;
    for (l = 0; l < m->layers; l++) {
        size_t i, cnt = (size_t)m->sizes[l] * (size_t)m->sizes[l + 1];
        double gain = l < m->layers - 1 ? 2.0 : 1.0;
        double sd = sqrt(gain / m->sizes[l]);
        for (i = 0; i < cnt; i++) m->W[l][i] = (float)(sd * paper_rng_normal(r));
    }
}

static int check_opts(const paper_train_opts *o)
{
    if (!o || o->steps < 1 || o->batch < 4 || o->batch > 4096 ||
        o->hidden < 8 || o->hidden > 4096 || o->depth < 1 ||
        o->depth > PAPER_MAX_LAYERS - 1 || o->train_images < PAPER_CLASSES ||
        !(o->lr > 0.0 && o->lr < 1.0))
        return PAPER_EARG;
    return PAPER_OK;
}

static double now_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* ----------------------------------------------------------------- flow */

/* The sinusoidal embedding of t: sin and cos at PAPER_TEMB/2 frequencies
 * spaced geometrically from 1 to 200 radians per unit t. */
static void time_embed(double t, float *e)
{
    int k, nf = PAPER_TEMB / 2;
    for (k = 0; k < nf; k++) {
        double f = exp(log(200.0) * k / (nf - 1));
        e[k] = (float)sin(f * t);
        e[nf + k] = (float)cos(f * t);
    }
}

/* One input row of the velocity network. */
static void flow_row(const float *x, double t, int label, float *row)
{
    int c;
    memcpy(row, x, PAPER_DIM * sizeof(float));
    time_embed(t, row + PAPER_DIM);
    for (c = 0; c < PAPER_CLASSES; c++)
        row[PAPER_DIM + PAPER_TEMB + c] = c == label ? 1.0f : 0.0f;
}

void paper_flow_defaults(paper_train_opts *o)
{
    o->seed = 1;
    o->data_seed = 1;
    o->steps = 10000;
    o->batch = 128;
    o->hidden = 512;
    o->depth = 3;
    o->train_images = 24000;
    o->lr = 1e-3;
    o->log_every = 200;
}

void paper_classifier_defaults(paper_train_opts *o)
{
    o->seed = 1;
    o->data_seed = 1;
    o->steps = 3000;
    o->batch = 128;
    o->hidden = 256;
    o->depth = 2;
    o->train_images = 24000;
    o->lr = 1e-3;
    o->log_every = 200;
}

static int flow_alloc(paper_mlp *m, int hidden, int depth)
{
    int sizes[PAPER_MAX_LAYERS + 1], l;
    sizes[0] = PAPER_FLOW_IN;
    for (l = 1; l <= depth; l++) sizes[l] = hidden;
    sizes[depth + 1] = PAPER_DIM;
    return mlp_alloc(m, depth + 1, sizes, 0);
}

/* Images of the train split mapped to model space [-1, 1]. */
static int train_set(const paper_train_opts *o, float **x, int **y)
{
    size_t i, n = o->train_images;
    int rc;
    *x = (float *)malloc(n * PAPER_DIM * sizeof(float));
    *y = (int *)malloc(n * sizeof(int));
    if (!*x || !*y) {
        free(*x);
        free(*y);
        return PAPER_ENOMEM;
    }
    rc = paper_images(o->data_seed, PAPER_TRAIN, 0, n, *x, *y);
    for (i = 0; i < n * PAPER_DIM; i++) (*x)[i] = 2.0f * (*x)[i] - 1.0f;
    return rc;
}

/* A minibatch of flow-matching inputs: row r gets x_t for image idx[r],
 * noise from rng and t stratified over the batch (tt[r]); target gets the
 * velocity x - z. */
static void flow_batch(paper_rng *r, const float *x, const int *y,
                       size_t rows, const size_t *idx, float *in,
                       float *target, float *tt)
{
    size_t i;
    int j;
    float xt[PAPER_DIM];
    for (i = 0; i < rows; i++) {
        const float *xi = x + idx[i] * PAPER_DIM;
        double t = (i + paper_rng_uniform(r)) / (double)rows;
        tt[i] = (float)t;
        for (j = 0; j < PAPER_DIM; j++) {
            float z = (float)paper_rng_normal(r);
            xt[j] = (float)((1.0 - t) * z + t * xi[j]);
            target[i * PAPER_DIM + j] = xi[j] - z;
        }
        flow_row(xt, t, y[idx[i]], in + i * PAPER_FLOW_IN);
    }
}

int paper_flow_train(const paper_train_opts *o, paper_flow *fm,
                     double *loss_first, double *loss_last)
{
    paper_mlp *m = &fm->net;
    trainer tr;
    paper_rng r;
    float *x = NULL, *target = NULL, *dout = NULL, *tt = NULL;
    int *y = NULL;
    size_t *idx = NULL, rows, i;
    double first = 0.0, last = 0.0, t0 = now_seconds(), run = 0.0;
    int step, tenth, rc, nfirst = 0, nlast = 0;
    memset(fm, 0, sizeof *fm);
    if (check_opts(o) != PAPER_OK) return PAPER_EARG;
    rows = (size_t)o->batch;
    tenth = o->steps / 10 > 0 ? o->steps / 10 : 1;
    rc = flow_alloc(m, o->hidden, o->depth);
    if (rc) return rc;
    paper_rng_seed(&r, o->seed);
    init_params(m, &r);
    rc = trainer_init(&tr, m, rows, 1);
    if (rc) {
        paper_mlp_free(m);
        return rc;
    }
    target = (float *)malloc(rows * PAPER_DIM * sizeof(float));
    dout = (float *)malloc(rows * PAPER_DIM * sizeof(float));
    idx = (size_t *)malloc(rows * sizeof(size_t));
    tt = (float *)malloc(rows * sizeof(float));
    rc = (target && dout && idx && tt) ? train_set(o, &x, &y) : PAPER_ENOMEM;
    for (step = 0; rc == PAPER_OK && step < o->steps; step++) {
        const float *v;
        double loss = 0.0;
        for (i = 0; i < rows; i++)
            idx[i] = (size_t)(paper_rng_next(&r) % o->train_images);
        flow_batch(&r, x, y, rows, idx, tr.act[0], target, tt);
        v = train_forward(&tr);
        for (i = 0; i < rows * PAPER_DIM; i++) {
            float d = v[i] - target[i];
            loss += (double)d * d;
            dout[i] = 2.0f * d / (float)(rows * PAPER_DIM);
        }
        loss /= (double)(rows * PAPER_DIM);
        if (!(loss < 1e30)) {
            rc = PAPER_EVALUE;
            break;
        }
        train_backward(&tr, dout);
        adam_step(&tr, lr_at(o, step), 0.999);
        if (step < tenth) first += loss, nfirst++;
        if (step >= o->steps - tenth) last += loss, nlast++;
        run = step == 0 ? loss : 0.98 * run + 0.02 * loss;
        if (o->log_every > 0 && ((step + 1) % o->log_every == 0 ||
                                 step + 1 == o->steps))
            fprintf(stderr, "flow step %6d/%d  loss %.4f  lr %.2e  %.0f s\n",
                    step + 1, o->steps, run, lr_at(o, step),
                    now_seconds() - t0);
    }
    if (rc == PAPER_OK)
        memcpy(m->params, tr.ema, m->nparams * sizeof(float));
    else
        paper_mlp_free(m);
    if (loss_first) *loss_first = nfirst ? first / nfirst : 0.0;
    if (loss_last) *loss_last = nlast ? last / nlast : 0.0;
    trainer_free(&tr);
    free(x);
    free(y);
    free(target);
    free(dout);
    free(idx);
    free(tt);
    return rc;
}

int paper_flow_loss(const paper_flow *fm, const float *images,
                    const int *labels, size_t n, uint64_t seed, double *loss)
{
    const paper_mlp *m = &fm->net;
    paper_rng r;
    float *x, *in, *target, *out, *ws, *tt;
    size_t *idx, i;
    double s = 0.0;
    if (n == 0 || !images || !labels || !loss) return PAPER_EARG;
    x = (float *)malloc(n * PAPER_DIM * sizeof(float));
    in = (float *)malloc(n * PAPER_FLOW_IN * sizeof(float));
    target = (float *)malloc(n * PAPER_DIM * sizeof(float));
    out = (float *)malloc(n * PAPER_DIM * sizeof(float));
    ws = (float *)malloc(2 * n * (size_t)max_width(m) * sizeof(float));
    idx = (size_t *)malloc(n * sizeof(size_t));
    tt = (float *)malloc(n * sizeof(float));
    if (!x || !in || !target || !out || !ws || !idx || !tt) {
        free(x), free(in), free(target), free(out), free(ws), free(idx);
        free(tt);
        return PAPER_ENOMEM;
    }
    for (i = 0; i < n * PAPER_DIM; i++) x[i] = 2.0f * images[i] - 1.0f;
    for (i = 0; i < n; i++) idx[i] = i;
    paper_rng_seed(&r, seed);
    flow_batch(&r, x, labels, n, idx, in, target, tt);
    mlp_forward(m, in, n, ws, out, NULL);
    for (i = 0; i < n * PAPER_DIM; i++) {
        double d = (double)out[i] - target[i];
        s += d * d;
    }
    *loss = s / (double)(n * PAPER_DIM);
    free(x), free(in), free(target), free(out), free(ws), free(idx);
    free(tt);
    return PAPER_OK;
}

/* --------------------------------------------------------- ODE solvers */

int paper_solver_from_name(const char *name)
{
    if (!name) return -1;
    if (strcmp(name, "euler") == 0) return PAPER_EULER;
    if (strcmp(name, "heun") == 0) return PAPER_HEUN;
    if (strcmp(name, "rk4") == 0) return PAPER_RK4;
    return -1;
}

const char *paper_solver_name(paper_solver s)
{
    return s == PAPER_EULER ? "euler" : s == PAPER_HEUN ? "heun"
         : s == PAPER_RK4 ? "rk4" : "?";
}

/* Items are integrated in chunks of this many rows. */
#define CHUNK 128

typedef struct ode_ws {
    float *in, *ws, *k[4], *tmp;
} ode_ws;

static void velocity(const paper_mlp *m, const float *x, const int *labels,
                     size_t rows, double t, ode_ws *w, float *v)
{
    size_t i;
    for (i = 0; i < rows; i++)
        flow_row(x + i * PAPER_DIM, t, labels[i], w->in + i * PAPER_FLOW_IN);
    mlp_forward(m, w->in, rows, w->ws, v, NULL);
}

/* Integrate dx/dt = v from t0 to t1 in `steps` steps, x in place. */
static void integrate(const paper_mlp *m, float *x, const int *labels,
                      size_t rows, double t0, double t1, int steps,
                      paper_solver solver, ode_ws *w)
{
    size_t cnt = rows * PAPER_DIM, i;
    int s;
    for (s = 0; s < steps; s++) {
        double ta = t0 + (t1 - t0) * s / steps;
        double tb = t0 + (t1 - t0) * (s + 1) / steps;
        float h = (float)(tb - ta);
        float *k1 = w->k[0], *k2 = w->k[1], *k3 = w->k[2], *k4 = w->k[3];
        velocity(m, x, labels, rows, ta, w, k1);
        if (solver == PAPER_EULER) {
            for (i = 0; i < cnt; i++) x[i] += h * k1[i];
        } else if (solver == PAPER_HEUN) {
            for (i = 0; i < cnt; i++) w->tmp[i] = x[i] + h * k1[i];
            velocity(m, w->tmp, labels, rows, tb, w, k2);
            for (i = 0; i < cnt; i++) x[i] += 0.5f * h * (k1[i] + k2[i]);
        } else {
            double tm = 0.5 * (ta + tb);
            for (i = 0; i < cnt; i++) w->tmp[i] = x[i] + 0.5f * h * k1[i];
            velocity(m, w->tmp, labels, rows, tm, w, k2);
            for (i = 0; i < cnt; i++) w->tmp[i] = x[i] + 0.5f * h * k2[i];
            velocity(m, w->tmp, labels, rows, tm, w, k3);
            for (i = 0; i < cnt; i++) w->tmp[i] = x[i] + h * k3[i];
            velocity(m, w->tmp, labels, rows, tb, w, k4);
            for (i = 0; i < cnt; i++)
                x[i] += h / 6.0f * (k1[i] + 2.0f * k2[i] + 2.0f * k3[i] + k4[i]);
        }
    }
}

static int all_finite(const float *x, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], 4);
        if ((u & 0x7F800000u) == 0x7F800000u) return 0;
    }
    return 1;
}

static int run_ode(const paper_flow *fm, const float *src, const int *labels,
                   size_t n, int steps, paper_solver solver, int forward,
                   float *dst)
{
    const paper_mlp *m = &fm->net;
    ode_ws w;
    float *x;
    size_t c, i, mw;
    int k, ok;
    if (!m->params || steps < 1 || (int)solver < 0 || solver > PAPER_RK4 ||
        (n > 0 && (!src || !labels || !dst)))
        return PAPER_EARG;
    for (i = 0; i < n; i++)
        if (labels[i] < 0 || labels[i] >= PAPER_CLASSES) return PAPER_EARG;
    if (!all_finite(src, n * PAPER_DIM)) return PAPER_EVALUE;
    mw = (size_t)max_width(m);
    w.in = (float *)malloc((size_t)CHUNK * PAPER_FLOW_IN * sizeof(float));
    w.ws = (float *)malloc(2 * (size_t)CHUNK * mw * sizeof(float));
    w.tmp = (float *)malloc((size_t)CHUNK * PAPER_DIM * sizeof(float));
    x = (float *)malloc((size_t)CHUNK * PAPER_DIM * sizeof(float));
    ok = w.in && w.ws && w.tmp && x;
    for (k = 0; k < 4; k++) {
        w.k[k] = (float *)malloc((size_t)CHUNK * PAPER_DIM * sizeof(float));
        ok = ok && w.k[k];
    }
    for (c = 0; ok && c < n; c += CHUNK) {
        size_t rows = n - c < CHUNK ? n - c : CHUNK;
        if (forward) {
            memcpy(x, src + c * PAPER_DIM, rows * PAPER_DIM * sizeof(float));
            integrate(m, x, labels + c, rows, 0.0, 1.0, steps, solver, &w);
            for (i = 0; i < rows * PAPER_DIM; i++)
                dst[c * PAPER_DIM + i] = 0.5f * (x[i] + 1.0f);
        } else {
            for (i = 0; i < rows * PAPER_DIM; i++)
                x[i] = 2.0f * src[c * PAPER_DIM + i] - 1.0f;
            integrate(m, x, labels + c, rows, 1.0, 0.0, steps, solver, &w);
            memcpy(dst + c * PAPER_DIM, x, rows * PAPER_DIM * sizeof(float));
        }
    }
    free(w.in);
    free(w.ws);
    free(w.tmp);
    free(x);
    for (k = 0; k < 4; k++) free(w.k[k]);
    if (!ok) return PAPER_ENOMEM;
    return all_finite(dst, n * PAPER_DIM) ? PAPER_OK : PAPER_EVALUE;
}

int paper_flow_sample(const paper_flow *m, const float *latents,
                      const int *labels, size_t n, int steps,
                      paper_solver solver, float *images)
{
    return run_ode(m, latents, labels, n, steps, solver, 1, images);
}

int paper_flow_invert(const paper_flow *m, const float *images,
                      const int *labels, size_t n, int steps,
                      paper_solver solver, float *latents)
{
    return run_ode(m, images, labels, n, steps, solver, 0, latents);
}

/* ----------------------------------------------------------- classifier */

static int classifier_alloc(paper_mlp *m, int hidden, int depth)
{
    int sizes[PAPER_MAX_LAYERS + 1], l;
    sizes[0] = PAPER_DIM;
    for (l = 1; l <= depth; l++) sizes[l] = l == depth ? 64 : hidden;
    sizes[depth + 1] = PAPER_CLASSES;
    return mlp_alloc(m, depth + 1, sizes, 1);
}

int paper_classifier_feature_dim(const paper_classifier *m)
{
    return m->net.layers >= 2 ? m->net.sizes[m->net.layers - 1] : 0;
}

static void softmax_row(const float *z, float *p)
{
    double mx = z[0], s = 0.0;
    int c;
    for (c = 1; c < PAPER_CLASSES; c++)
        if (z[c] > mx) mx = z[c];
    for (c = 0; c < PAPER_CLASSES; c++) s += exp((double)z[c] - mx);
    for (c = 0; c < PAPER_CLASSES; c++)
        p[c] = (float)(exp((double)z[c] - mx) / s);
}

int paper_classifier_run(const paper_classifier *cm, const float *images,
                         size_t n, float *feats, float *probs)
{
    const paper_mlp *m = &cm->net;
    size_t c, i, fd = (size_t)paper_classifier_feature_dim(cm);
    float *in, *ws, *out;
    if (!m->params || fd == 0 || (n > 0 && !images)) return PAPER_EARG;
    if (!all_finite(images, n * PAPER_DIM)) return PAPER_EVALUE;
    in = (float *)malloc((size_t)CHUNK * PAPER_DIM * sizeof(float));
    ws = (float *)malloc(2 * (size_t)CHUNK * (size_t)max_width(m) * sizeof(float));
    out = (float *)malloc((size_t)CHUNK * PAPER_CLASSES * sizeof(float));
    if (!in || !ws || !out) {
        free(in), free(ws), free(out);
        return PAPER_ENOMEM;
    }
    for (c = 0; c < n; c += CHUNK) {
        size_t rows = n - c < CHUNK ? n - c : CHUNK;
        for (i = 0; i < rows * PAPER_DIM; i++)
            in[i] = 2.0f * images[c * PAPER_DIM + i] - 1.0f;
        mlp_forward(m, in, rows, ws, out, feats ? feats + c * fd : NULL);
        if (probs)
            for (i = 0; i < rows; i++)
                softmax_row(out + i * PAPER_CLASSES,
                            probs + (c + i) * PAPER_CLASSES);
    }
    free(in), free(ws), free(out);
    return PAPER_OK;
}

int paper_classifier_train(const paper_train_opts *o, paper_classifier *cm,
                           double *loss_first, double *loss_last)
{
    paper_mlp *m = &cm->net;
    trainer tr;
    paper_rng r;
    float *x = NULL, *dout = NULL;
    int *y = NULL;
    size_t rows, i;
    double first = 0.0, last = 0.0, t0 = now_seconds(), run = 0.0;
    int step, tenth, rc, nfirst = 0, nlast = 0;
    memset(cm, 0, sizeof *cm);
    if (check_opts(o) != PAPER_OK) return PAPER_EARG;
    rows = (size_t)o->batch;
    tenth = o->steps / 10 > 0 ? o->steps / 10 : 1;
    rc = classifier_alloc(m, o->hidden, o->depth);
    if (rc) return rc;
    paper_rng_seed(&r, o->seed ^ 0x5A5A5A5A5A5A5A5Aull);
    init_params(m, &r);
    rc = trainer_init(&tr, m, rows, 0);
    if (rc) {
        paper_mlp_free(m);
        return rc;
    }
    dout = (float *)malloc(rows * PAPER_CLASSES * sizeof(float));
    rc = dout ? train_set(o, &x, &y) : PAPER_ENOMEM;
    for (step = 0; rc == PAPER_OK && step < o->steps; step++) {
        const float *z;
        double loss = 0.0;
        int *lab = (int *)tr.t_act; /* labels of this batch (scratch reuse) */
        for (i = 0; i < rows; i++) {
            size_t k = (size_t)(paper_rng_next(&r) % o->train_images);
            memcpy(tr.act[0] + i * PAPER_DIM, x + k * PAPER_DIM,
                   PAPER_DIM * sizeof(float));
            lab[i] = y[k];
        }
        z = train_forward(&tr);
        for (i = 0; i < rows; i++) {
            float p[PAPER_CLASSES];
            int c;
            softmax_row(z + i * PAPER_CLASSES, p);
            loss -= log((double)p[lab[i]] + 1e-30);
            for (c = 0; c < PAPER_CLASSES; c++)
                dout[i * PAPER_CLASSES + c] =
                    (p[c] - (c == lab[i] ? 1.0f : 0.0f)) / (float)rows;
        }
        loss /= (double)rows;
        if (!(loss < 1e30)) {
            rc = PAPER_EVALUE;
            break;
        }
        train_backward(&tr, dout);
        adam_step(&tr, lr_at(o, step), 0.0);
        if (step < tenth) first += loss, nfirst++;
        if (step >= o->steps - tenth) last += loss, nlast++;
        run = step == 0 ? loss : 0.98 * run + 0.02 * loss;
        if (o->log_every > 0 && ((step + 1) % o->log_every == 0 ||
                                 step + 1 == o->steps))
            fprintf(stderr, "classifier step %6d/%d  loss %.4f  %.0f s\n",
                    step + 1, o->steps, run, now_seconds() - t0);
    }
    if (rc != PAPER_OK) paper_mlp_free(m);
    if (loss_first) *loss_first = nfirst ? first / nfirst : 0.0;
    if (loss_last) *loss_last = nlast ? last / nlast : 0.0;
    trainer_free(&tr);
    free(x);
    free(y);
    free(dout);
    return rc;
}

/* ------------------------------------------------------------ weights */

static int write_file_atomic(const char *path, const unsigned char *a,
                             size_t na, const unsigned char *b, size_t nb,
                             char *err, size_t errlen)
{
    size_t plen = strlen(path);
    char *tmp = (char *)malloc(plen + 16);
    FILE *f;
    int ok;
    if (!tmp) return PAPER_ENOMEM;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".papertmp", 10);
    f = fopen(tmp, "wb");
    if (!f) {
        set_err(err, errlen, "%s: cannot create", tmp);
        free(tmp);
        return PAPER_EIO;
    }
    ok = fwrite(a, 1, na, f) == na && (nb == 0 || fwrite(b, 1, nb, f) == nb);
    ok = (fclose(f) == 0) && ok;
    if (ok) {
        remove(path); /* rename does not replace on Windows */
        ok = rename(tmp, path) == 0;
    }
    if (!ok) {
        remove(tmp);
        set_err(err, errlen, "%s: write failed", path);
    }
    free(tmp);
    return ok ? PAPER_OK : PAPER_EIO;
}

int paper_mlp_save(const paper_mlp *m, const char *path, double train_seconds,
                   char *err, size_t errlen)
{
    lio_tensor_spec specs[2 * PAPER_MAX_LAYERS + 2];
    size_t shapes[2 * PAPER_MAX_LAYERS][2], one = 1, payload = 0, hlen, off;
    char names[2 * PAPER_MAX_LAYERS][8];
    unsigned char *hdr, *data;
    double meta[2];
    int l, ns = 0, rc;
    if (!m || !m->params || !path) return PAPER_EARG;
    meta[0] = m->layers;
    meta[1] = train_seconds;
    specs[ns].name = "layers";
    specs[ns].dtype = LIO_F64;
    specs[ns].ndim = 1;
    specs[ns++].shape = &one;
    specs[ns].name = "train_seconds";
    specs[ns].dtype = LIO_F64;
    specs[ns].ndim = 1;
    specs[ns++].shape = &one;
    for (l = 0; l < m->layers; l++) {
        sprintf(names[2 * l], "W%d", l);
        sprintf(names[2 * l + 1], "b%d", l);
        shapes[2 * l][0] = (size_t)m->sizes[l];
        shapes[2 * l][1] = (size_t)m->sizes[l + 1];
        shapes[2 * l + 1][0] = (size_t)m->sizes[l + 1];
        specs[ns].name = names[2 * l];
        specs[ns].dtype = LIO_F32;
        specs[ns].ndim = 2;
        specs[ns++].shape = shapes[2 * l];
        specs[ns].name = names[2 * l + 1];
        specs[ns].dtype = LIO_F32;
        specs[ns].ndim = 1;
        specs[ns++].shape = shapes[2 * l + 1];
    }
    hdr = (unsigned char *)malloc(4096);
    if (!hdr) return PAPER_ENOMEM;
    hlen = lio_safetensors_header(hdr, 4096, specs, (size_t)ns, &payload);
    data = hlen ? (unsigned char *)malloc(payload) : NULL;
    if (!data) {
        free(hdr);
        return hlen ? PAPER_ENOMEM : PAPER_EARG;
    }
    lio_put_f64le(meta, 2, data);
    off = 16;
    for (l = 0; l < m->layers; l++) {
        size_t nw = (size_t)m->sizes[l] * (size_t)m->sizes[l + 1];
        lio_put_f32le(m->W[l], nw, data + off);
        off += 4 * nw;
        lio_put_f32le(m->b[l], (size_t)m->sizes[l + 1], data + off);
        off += 4 * (size_t)m->sizes[l + 1];
    }
    rc = write_file_atomic(path, hdr, hlen, data, payload, err, errlen);
    free(hdr);
    free(data);
    return rc;
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            unsigned char *nb;
            cap = cap ? 2 * cap : 1 << 20;
            nb = (unsigned char *)realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* kind 0: flow, 1: classifier. */
static int mlp_load(paper_mlp *m, int kind, const char *path,
                    double *train_seconds, char *err, size_t errlen)
{
    size_t len = 0;
    unsigned char *buf;
    lio_tensor t;
    lio_error e;
    const char *msg;
    double v;
    int layers, l, sizes[PAPER_MAX_LAYERS + 1], rc;
    memset(m, 0, sizeof *m);
    if (train_seconds) *train_seconds = -1.0;
    buf = read_all(path, &len);
    if (!buf) {
        set_err(err, errlen, "%s: cannot read", path);
        return PAPER_EIO;
    }
    msg = lio_parse_safetensors(buf, len, "layers", &t, &e);
    if (msg || t.count != 1 || lio_to_f64(&t, &v) != 1 || v < 2 ||
        v > PAPER_MAX_LAYERS || v != (int)v) {
        set_err(err, errlen, "%s: not a paper model (%s)", path,
                msg ? msg : "bad \"layers\"");
        free(buf);
        return PAPER_EIO;
    }
    layers = (int)v;
    if (train_seconds &&
        !lio_parse_safetensors(buf, len, "train_seconds", &t, &e) &&
        t.count == 1 && lio_to_f64(&t, &v) == 1)
        *train_seconds = v;
    for (l = 0; l < layers; l++) {
        char name[8];
        sprintf(name, "W%d", l);
        msg = lio_parse_safetensors(buf, len, name, &t, &e);
        if (msg || t.ndim != 2 || (l > 0 && (int)t.shape[0] != sizes[l]) ||
            t.shape[0] > 4096 || t.shape[1] > 4096) {
            set_err(err, errlen, "%s: tensor %s: %s", path, name,
                    msg ? msg : "shape does not chain");
            free(buf);
            return PAPER_EIO;
        }
        sizes[l] = (int)t.shape[0];
        sizes[l + 1] = (int)t.shape[1];
    }
    if (kind == 0 ? (sizes[0] != PAPER_FLOW_IN || sizes[layers] != PAPER_DIM)
                  : (sizes[0] != PAPER_DIM || sizes[layers] != PAPER_CLASSES)) {
        set_err(err, errlen, "%s: is not a %s (input %d, output %d)", path,
                kind == 0 ? "flow model" : "classifier", sizes[0],
                sizes[layers]);
        free(buf);
        return PAPER_EIO;
    }
    rc = mlp_alloc(m, layers, sizes, kind == 0 ? 0 : 1);
    for (l = 0; rc == PAPER_OK && l < layers; l++) {
        char name[8];
        int pass;
        for (pass = 0; pass < 2 && rc == PAPER_OK; pass++) {
            float *dst = pass ? m->b[l] : m->W[l];
            size_t want = pass ? (size_t)sizes[l + 1]
                               : (size_t)sizes[l] * (size_t)sizes[l + 1];
            sprintf(name, pass ? "b%d" : "W%d", l);
            msg = lio_parse_safetensors(buf, len, name, &t, &e);
            if (msg || t.count != want) {
                set_err(err, errlen, "%s: tensor %s: %s", path, name,
                        msg ? msg : "wrong size");
                rc = PAPER_EIO;
            } else if (lio_to_f32(&t, dst) != want) {
                set_err(err, errlen, "%s: tensor %s is not finite", path, name);
                rc = PAPER_EVALUE;
            }
        }
    }
    free(buf);
    if (rc != PAPER_OK) paper_mlp_free(m);
    return rc;
}

int paper_flow_load(paper_flow *m, const char *path, double *train_seconds,
                    char *err, size_t errlen)
{
    return mlp_load(&m->net, 0, path, train_seconds, err, errlen);
}

int paper_classifier_load(paper_classifier *m, const char *path,
                          double *train_seconds, char *err, size_t errlen)
{
    return mlp_load(&m->net, 1, path, train_seconds, err, errlen);
}
