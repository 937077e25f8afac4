/* test_kernels.c - the streaming kernels behind cog_combine*, cog_linear*,
 * cog_gram, cog_dots and cog_slerp_angle, against double / long double
 * references:
 *   - every block (512, and 2048 for k >= 8), chunk and vector-width
 *     remainder: dim = 1 .. 3*512+7 (a dense sweep at the edges, a sparse
 *     one between), around 2048, the chunk size 8192 and over several
 *     chunks;
 *   - k = 1 .. 70 (past the 4-input unrolling and the 32-latent tiles of
 *     the dot-product kernels) and b = 1 .. 40 outputs;
 *   - NaN and Inf in the first element, the last element, a block / chunk
 *     boundary and the remainder, in the first and the last input, in the
 *     mean, and under a zero weight;
 *   - out == x[i] (in place) against a separate output, bit for bit;
 *   - every combine path (register-blocked batch tiles of 4 rows x 16 and
 *     their remainders, packed blocks, the lone-row 64-float tile, the
 *     plain loop for tails and large k) against the plain loop evaluated
 *     element by element, bit for bit, for each mean variant; built with
 *     COG_NO_VECTOR_EXTENSIONS (target test_kernels_plain) the same checks hold for the
 *     plain-C fallback, so the two give the same bits;
 *   - through the test hook cog_test_kernels, the portable kernels, the
 *     vector kernels and (on x86 with gcc/clang and an AVX2 + FMA CPU) the
 *     run-time AVX2 builds against each other, bit for bit;
 *   - built with COGT_BATCH_SCRATCH (target test_kernels_scratch), every
 *     check above with cog_combine_batch_scratch in place of
 *     cog_combine_batch: the batch kernel's groups of 64 inputs and long
 *     packed runs in caller memory (16 inputs, 4 KiB on the stack without);
 *   - built with -fopenmp -DCOG_USE_OPENMP (target test_kernels_omp), the
 *     threaded path:
 *     combine is bit-identical for 1 and 2 threads (also with scratch,
 *     which only the calling thread uses), dot products agree to rounding
 *     and repeat bit for bit at a given thread count.
 * Tolerances: combine within the documented bound
 * (k + 2) * FLT_EPSILON * (sum_i |c_i x_i[j]| + |m mu[j]|) per element;
 * Gram entries within 1e-13 * sqrt(G_ii G_ll) + 1e-300 of a compensated
 * long double reference, and the diagonal within 1e-12 relative (the
 * double-accumulation promise), including at dim = 262,147. */
#define COG_IMPLEMENTATION
#define COG_TEST_HOOKS
#include "cog.h"
#if defined(COG_NO_VECTOR_EXTENSIONS) && defined(COGI_HAS_VECTOR_EXT)
#error "COG_NO_VECTOR_EXTENSIONS must select the plain combine loops"
#endif
#include "test_util.h"

#ifdef COGT_BATCH_SCRATCH
/* Every cog_combine_batch below runs as cog_combine_batch_scratch, which
 * promises the same bits and statuses: the scratch at 0..15 floats past a
 * 64-byte line in turn (the kernel moves its tiles up to the next line),
 * between guard floats that must stay as they were. */
#define SCRATCH_FLOATS (COG_BATCH_SCRATCH_BYTES / sizeof(float))
static float g_scratch_area[16 + 32 + SCRATCH_FLOATS + 16]; /* guards, line, offset */
static cog_result batch_with_scratch(const float *const *x, size_t k,
                                     size_t dim, const double *w, size_t b,
                                     const float *mean, size_t mean_len,
                                     float *const *out)
{
    static unsigned call;
    float *const guarded = g_scratch_area + 16; /* 16 guard floats before */
    const size_t line = (64u - (size_t)((uintptr_t)guarded % 64u)) % 64u /
                        sizeof(float);
    float *const s = guarded + line + call++ % 16;
    const float guard = -1234.5f;
    cog_result st;
    size_t i;
    for (i = 0; i < 16; ++i) s[-1 - (ptrdiff_t)i] = s[SCRATCH_FLOATS + i] = guard;
    st = cog_combine_batch_scratch(x, k, dim, w, b, mean, mean_len, out, s,
                                   COG_BATCH_SCRATCH_BYTES);
    for (i = 0; i < 16; ++i)
        if (s[-1 - (ptrdiff_t)i] != guard || s[SCRATCH_FLOATS + i] != guard) {
            fprintf(stderr, "cog_combine_batch_scratch wrote outside its "
                            "scratch (offset %u)\n",
                    (call - 1) % 16);
            abort();
        }
    return st;
}
#define cog_combine_batch batch_with_scratch
#endif

static cogt_rng g_rng; /* seeded in main */

#include <float.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define MAXK 70
#define MAXB 40

static float *alloc_f(size_t n)
{
    float *p = (float *)malloc((n ? n : 1) * sizeof(float));
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* k latents back to back in one buffer, with pointers. */
typedef struct set {
    size_t k, dim;
    float *data;
    const float *x[MAXK + 1];
} set;

static void set_make(set *s, cogt_rng *r, size_t k, size_t dim)
{
    size_t i;
    s->k = k;
    s->dim = dim;
    s->data = alloc_f(k * dim);
    cogt_fill_normal(r, s->data, k * dim);
    for (i = 0; i < k; ++i) s->x[i] = s->data + i * dim;
}

/* Checks out (dim floats) against the COG (or plain) combination in double
 * with the documented tolerance; returns the number of bad elements. */
static int check_affine(const set *s, const double *w, int cog,
                        const float *mean, size_t mean_len, const float *out)
{
    double c[MAXK], m = 0.0;
    size_t i, j;
    int bad = 0;
    if (cog) {
        if (cog_coefficients(w, s->k, c, &m) != COG_OK) return 1;
    } else {
        for (i = 0; i < s->k; ++i) c[i] = w[i];
    }
    for (j = 0; j < s->dim; ++j) {
        double ref = 0.0, mag = 0.0;
        const double mu = mean_len == 0 ? 0.0
                          : mean_len == 1 ? mean[0]
                                          : mean[j];
        for (i = 0; i < s->k; ++i) {
            ref += c[i] * s->x[i][j];
            mag += fabs(c[i] * s->x[i][j]);
        }
        ref += m * mu;
        mag += fabs(m * mu);
        if (!(fabs(out[j] - ref) <=
              (double)(s->k + 2) * FLT_EPSILON * mag + 1e-30))
            ++bad;
    }
    return bad;
}

/* Compensated long double dot product: the reference for the kernels. */
static long double ref_dot(const float *a, const float *b, size_t n)
{
    long double s = 0.0L, comp = 0.0L;
    size_t j;
    for (j = 0; j < n; ++j) {
        const long double p = (long double)a[j] * b[j];
        const long double t = s + p;
        if (fabsl(s) >= fabsl(p))
            comp += (s - t) + p;
        else
            comp += (p - t) + s;
        s = t;
    }
    return s + comp;
}

/* Gram of s against the reference; returns the number of bad entries. */
static int check_gram(const set *s, const double *g)
{
    size_t i, l, k = s->k;
    int bad = 0;
    for (i = 0; i < k; ++i) {
        for (l = i; l < k; ++l) {
            const double ref = (double)ref_dot(s->x[i], s->x[l], s->dim);
            const double scale = sqrt(g[i * k + i] * g[l * k + l]);
            const double tol = i == l ? 1e-12 * fabs(ref) : 1e-13 * scale;
            if (!(fabs(g[i * k + l] - ref) <= tol + 1e-300)) ++bad;
            if (g[i * k + l] != g[l * k + i]) ++bad; /* exactly symmetric */
        }
    }
    return bad;
}

static int check_dots(const set *s, const float *y, const double *d)
{
    size_t i;
    int bad = 0;
    const double yy = (double)ref_dot(y, y, s->dim);
    for (i = 0; i < s->k; ++i) {
        const double ref = (double)ref_dot(s->x[i], y, s->dim);
        const double xx = (double)ref_dot(s->x[i], s->x[i], s->dim);
        if (!(fabs(d[i] - ref) <= 1e-13 * sqrt(xx * yy) + 1e-300)) ++bad;
    }
    return bad;
}

/* dims: every value up to 70, the edges of blocks (512), vectors and the
 * 3-block range, a sparse sweep between, chunk (8192) edges and beyond. */
static size_t dim_list(size_t *d)
{
    size_t n = 0, v;
    static const size_t extra[] = {
        127,  128,  129,  255,  256,  257,  511,  512,  513,  514,  767,
        1023, 1024, 1025, 1031, 1535, 1536, 1537, 1538, 1543, 2047, 2048,
        2049, 2565, 4101, 8191, 8192,
        8193, 8199, 16384, 16447, 24577};
    const int quick = cogt_quick(); /* 1..20, 31..34, 63..66: the edges */
    for (v = 1; v <= 70; ++v)
        if (!quick || v <= 20 || (v >= 31 && v <= 34) || (v >= 63 && v <= 66))
            d[n++] = v;
    for (v = 71; v < 1543; v += quick ? 148 : 37) d[n++] = v;
    for (v = 0; v < sizeof extra / sizeof extra[0]; ++v) d[n++] = extra[v];
    return n;
}

static void test_combine_dims(void)
{
    cogt_rng *const r = &g_rng;
    size_t dims[160], nd = dim_list(dims), di;
    static const size_t ks[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17};
    for (di = 0; di < nd; ++di) {
        size_t ki;
        for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
            set s;
            double w[MAXK];
            float *out = alloc_f(dims[di]), *mean = alloc_f(dims[di]);
            size_t i;
            set_make(&s, r, ks[ki], dims[di]);
            cogt_fill_normal(r, mean, dims[di]);
            for (i = 0; i < s.k; ++i) w[i] = cogt_normal(r);
            CHECK_STATUS(cog_combine(s.x, s.k, s.dim, w, mean, s.dim, out),
                         COG_OK);
            CHECK(check_affine(&s, w, 1, mean, s.dim, out) == 0);
            CHECK_STATUS(cog_combine(s.x, s.k, s.dim, w, mean, 1, out),
                         COG_OK);
            CHECK(check_affine(&s, w, 1, mean, 1, out) == 0);
            CHECK_STATUS(cog_linear(s.x, s.k, s.dim, w, out), COG_OK);
            CHECK(check_affine(&s, w, 0, NULL, 0, out) == 0);
            free(out);
            free(mean);
            free(s.data);
        }
    }
}

/* k = 1 .. 70 and b = 1 .. 40: each batch row equals cog_combine of that
 * row bit for bit and meets the tolerance. */
static void test_batch_kb(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {1, 3, 513, 1031};
    size_t di, k, b;
    for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
        const size_t dim = dims[di];
        for (k = 1; k <= MAXK; k += (dim > 100 ? 3 : 1)) {
            set s;
            double w[MAXB * MAXK];
            float *outs[MAXB], *single = alloc_f(dim);
            float *buf = alloc_f(MAXB * dim);
            size_t i;
            set_make(&s, r, k, dim);
            for (i = 0; i < MAXB * k; ++i) w[i] = cogt_normal(r);
            for (i = 0; i < MAXB; ++i) outs[i] = buf + i * dim;
            for (b = 1; b <= MAXB; b += (k % 5 == 1 ? 1 : 13)) {
                int bad = 0;
                CHECK_STATUS(cog_combine_batch(s.x, k, dim, w, b, NULL, 0,
                                               outs),
                             COG_OK);
                for (i = 0; i < b; ++i) {
                    CHECK_STATUS(cog_combine(s.x, k, dim, w + i * k, NULL, 0,
                                             single),
                                 COG_OK);
                    bad += memcmp(single, outs[i], dim * sizeof(float)) != 0;
                    bad += check_affine(&s, w + i * k, 1, NULL, 0, outs[i]);
                }
                CHECK(bad == 0);
            }
            free(buf);
            free(single);
            free(s.data);
        }
    }
}

/* Batch rows that share an output buffer: the later row wins, as
 * cog_combine_batch promises, also when a row's sum runs in groups of
 * inputs through its output (k above the kernel's group of 16 or 64) and
 * over several spans and chunks; 40 rows on 7 buffers put sharing rows in
 * one pass and in different passes. */
static void test_batch_shared_out(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {64, 1031, 9000};
    static const size_t ks[] = {3, 17, 40, MAXK};
    enum { B = 40, NBUF = 7 };
    size_t di, ki, i;
    for (di = 0; di < sizeof dims / sizeof dims[0]; ++di)
        for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
            const size_t dim = dims[di], k = ks[ki];
            set s;
            double *w = (double *)malloc(B * k * sizeof *w);
            float *buf = alloc_f(NBUF * dim), *single = alloc_f(dim);
            float *outs[B];
            int bad = 0;
            if (!w) abort();
            set_make(&s, r, k, dim);
            for (i = 0; i < B * k; ++i) w[i] = cogt_normal(r);
            for (i = 0; i < B; ++i) outs[i] = buf + (i % NBUF) * dim;
            CHECK_STATUS(cog_combine_batch(s.x, k, dim, w, B, NULL, 0, outs),
                         COG_OK);
            for (i = B - NBUF; i < B; ++i) { /* the last row on each */
                CHECK_STATUS(cog_combine(s.x, k, dim, w + i * k, NULL, 0,
                                         single),
                             COG_OK);
                bad += memcmp(single, outs[i], dim * sizeof(float)) != 0;
            }
            CHECK(bad == 0);
            free(single);
            free(buf);
            free(w);
            free(s.data);
        }
}

static void test_inplace(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {1, 5, 63, 64, 65, 200, 511, 512, 1543,
                                  8192 * 2 + 5};
    size_t di;
    for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
        const size_t dim = dims[di];
        size_t k;
        for (k = 1; k <= 9; k += (k < 8 ? 3 : 1)) {
            set s;
            double w[MAXK];
            float *ref = alloc_f(dim);
            size_t i, target;
            set_make(&s, r, k, dim);
            for (i = 0; i < k; ++i) w[i] = cogt_normal(r);
            for (target = 0; target < k; target += (k > 1 ? k - 1 : 1)) {
                CHECK_STATUS(cog_combine(s.x, k, dim, w, s.x[0], dim, ref),
                             COG_OK);
                CHECK_STATUS(cog_combine(s.x, k, dim, w, s.x[0], dim,
                                         s.data + target * dim),
                             COG_OK);
                CHECK(memcmp(ref, s.x[target], dim * sizeof(float)) == 0);
                cogt_fill_normal(r, s.data + target * dim, dim);
            }
            free(ref);
            free(s.data);
        }
    }
}

static void test_gram_dots(void)
{
    cogt_rng *const r = &g_rng;
    size_t dims[160], nd = dim_list(dims), di, k;
    static const size_t ks[] = {1, 2, 3, 5, 8};
    /* every dim at small k */
    for (di = 0; di < nd; ++di) {
        size_t ki;
        for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
            set s;
            double g[8 * 8], d[8];
            float *y = alloc_f(dims[di]);
            set_make(&s, r, ks[ki], dims[di]);
            cogt_fill_normal(r, y, s.dim);
            CHECK_STATUS(cog_gram(s.x, s.k, s.dim, g), COG_OK);
            CHECK(check_gram(&s, g) == 0);
            CHECK_STATUS(cog_dots(s.x, s.k, s.dim, y, d), COG_OK);
            CHECK(check_dots(&s, y, d) == 0);
            free(y);
            free(s.data);
        }
    }
    /* every k up to 70 (tiles of 32 latents) at a few dims */
    for (k = 1; k <= MAXK; ++k) {
        static const size_t kd[] = {3, 1031};
        if (cogt_quick() && k > 9 && (k + 1) % 16 > 2 && k != MAXK)
            continue; /* quick: the tile edges 15..17, 31..33, 47..49, 63..65 */
        size_t j;
        for (j = 0; j < 2; ++j) {
            set s;
            double *g = (double *)malloc(k * k * sizeof(double)), d[MAXK];
            float *y = alloc_f(kd[j]);
            set_make(&s, r, k, kd[j]);
            cogt_fill_normal(r, y, s.dim);
            CHECK_STATUS(cog_gram(s.x, k, s.dim, g), COG_OK);
            CHECK(check_gram(&s, g) == 0);
            CHECK_STATUS(cog_dots(s.x, k, s.dim, y, d), COG_OK);
            CHECK(check_dots(&s, y, d) == 0);
            free(g);
            free(y);
            free(s.data);
        }
    }
    /* the 1e-12 promise at an SD3-sized latent, with an offset mean so the
     * terms do not average out */
    {
        set s;
        double g[9];
        size_t j;
        set_make(&s, r, 3, 262147);
        for (j = 0; j < 3 * s.dim; ++j) s.data[j] += 3.0f;
        CHECK_STATUS(cog_gram(s.x, 3, s.dim, g), COG_OK);
        CHECK(check_gram(&s, g) == 0);
        free(s.data);
    }
}

/* One NaN or Inf at position p of input i: every kernel must report it. */
static void test_nonfinite(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {1, 2, 7, 512, 513, 1543, 8193};
    const float bads[2] = {NAN, INFINITY};
    size_t di;
    for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
        const size_t dim = dims[di];
        size_t pos[8], np = 0, pi, k;
        pos[np++] = 0;
        pos[np++] = dim - 1;
        if (dim > 512) pos[np++] = 511, pos[np++] = 512;
        if (dim > 8192) pos[np++] = 8191, pos[np++] = 8192;
        if (dim > 3 && dim % 512 != 0) pos[np++] = dim - 2; /* remainder */
        for (k = 1; k <= 6; k += 5) {
            set s;
            double w[MAXK], g[36], d[6], th;
            float *out = alloc_f(dim), *mean = alloc_f(dim);
            float *outs[3];
            float *buf = alloc_f(3 * dim);
            double wb[3 * MAXK];
            size_t i, bi;
            set_make(&s, r, k, dim);
            cogt_fill_normal(r, mean, dim);
            for (i = 0; i < 3; ++i) outs[i] = buf + i * dim;
            for (i = 0; i < k; ++i) w[i] = cogt_normal(r);
            for (i = 0; i < 3 * k; ++i) wb[i] = cogt_normal(r);
            for (pi = 0; pi < np; ++pi) {
                for (bi = 0; bi < 2; ++bi) {
                    size_t in;
                    for (in = 0; in < k; in += (k > 1 ? k - 1 : 1)) {
                        float *p = s.data + in * dim + pos[pi];
                        const float keep = *p;
                        const double wkeep = w[in];
                        *p = bads[bi];
                        CHECK_STATUS(cog_combine(s.x, k, dim, w, NULL, 0,
                                                 out),
                                     COG_ERR_NONFINITE);
                        CHECK_STATUS(cog_linear(s.x, k, dim, w, out),
                                     COG_ERR_NONFINITE);
                        CHECK_STATUS(cog_combine_batch(s.x, k, dim, wb, 3,
                                                       NULL, 0, outs),
                                     COG_ERR_NONFINITE);
                        w[in] = 0.0; /* still seen under a zero weight */
                        CHECK_STATUS(cog_linear(s.x, k, dim, w, out),
                                     COG_ERR_NONFINITE);
                        w[in] = wkeep;
                        CHECK_STATUS(cog_gram(s.x, k, dim, g),
                                     COG_ERR_NONFINITE);
                        CHECK_STATUS(cog_dots(s.x, k, dim, mean, d),
                                     COG_ERR_NONFINITE);
                        if (k == 1) {
                            CHECK_STATUS(cog_slerp_angle(s.x[0], mean, dim,
                                                         &th),
                                         COG_ERR_NONFINITE);
                            CHECK_STATUS(cog_slerp_angle(mean, s.x[0], dim,
                                                         &th),
                                         COG_ERR_NONFINITE);
                        }
                        *p = keep;
                    }
                    /* in y of cog_dots, even where every x_i is zero */
                    {
                        const float keep = mean[pos[pi]];
                        float *zeros = alloc_f(dim);
                        const float *zx[1];
                        memset(zeros, 0, dim * sizeof(float));
                        zx[0] = zeros;
                        mean[pos[pi]] = bads[bi];
                        CHECK_STATUS(cog_dots(zx, 1, dim, mean, d),
                                     COG_ERR_NONFINITE);
                        CHECK_STATUS(cog_dots(s.x, k, dim, mean, d),
                                     COG_ERR_NONFINITE);
                        mean[pos[pi]] = keep;
                        free(zeros);
                    }
                }
            }
            /* clean data passes again after every restore */
            CHECK_STATUS(cog_combine(s.x, k, dim, w, mean, dim, out), COG_OK);
            CHECK_STATUS(cog_gram(s.x, k, dim, g), COG_OK);
            free(buf);
            free(out);
            free(mean);
            free(s.data);
        }
    }
}

/* How ref_affine forms the coefficients: cog_combine* (COG), cog_linear*
 * (the weights as they are), cog_centroid_euclidean (1/k each). */
enum { REF_COG, REF_PLAIN, REF_MEAN };

/* The plain loop element by element: acc = m_r * mean (or m_r * mean[0],
 * or 0), then acc = acc + c_ri * x_i in input order, mul then add (the
 * volatile keeps the compiler from fusing them), with c_ri and m_r from
 * cog_coefficients rounded to float. Every combine kernel,
 * register-blocked or plain C (test_kernels_plain), must give these bits. */
static void ref_affine(const float *const *x, size_t k, size_t dim,
                       const double *w, size_t b, int mode, const float *mean,
                       size_t mean_len, float *const *out)
{
    size_t r, i, j;
    float *c = alloc_f(k); /* the row's coefficients, formed once */
    double *cd = (double *)malloc(k * sizeof(double));
    if (!cd) exit(2);
    for (r = 0; r < b; ++r) {
        double md = 0.0;
        float m;
        if (mode == REF_COG) {
            CHECK_STATUS(cog_coefficients(w + r * k, k, cd, &md), COG_OK);
        } else {
            for (i = 0; i < k; ++i)
                cd[i] = mode == REF_PLAIN ? w[r * k + i] * 1.0 + 0.0 /* +0 */
                                          : 1.0 / (double)k;
        }
        m = (float)md;
        for (i = 0; i < k; ++i) c[i] = (float)cd[i];
        for (j = 0; j < dim; ++j) {
            float acc = mean_len > 1 ? m * mean[j]
                        : mean_len   ? m * mean[0]
                                     : 0.0f;
            for (i = 0; i < k; ++i) {
                volatile float p = c[i] * x[i][j];
                acc = acc + p;
            }
            out[r][j] = acc;
        }
    }
    free(cd);
    free(c);
}

/* Kernel against ref_affine, bit for bit: row groups of 4 and their
 * remainders (b = 1 .. 9, 30, 33 > one pass of 32 rows), rows per pass
 * limited by the coefficient buffer (k = 200: 8 rows), tiles of 16 and 64
 * and their remainders (dim < 16, dim mod 16 / 64 != 0), packed blocks of
 * 8192 / 16 / k tiles and the 8192-element chunks, k = 1 .. 9 (the lone
 * row kernel up to 8), 16, 64 and past the batch kernel (k = 513), every
 * mean variant of cog_combine_batch, cog_linear_batch, cog_centroid_euclidean,
 * and -0.0 weights and inputs (signed zeros must come out as the plain
 * loop makes them). */
static void test_combine_exact(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t ks[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 64, 200, 512, 513};
    static const size_t bs[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 33};
    static const size_t dims[] = {1,   5,   15,  16,  17,  63,  64,
                                  65,  127, 129, 513, 1041, 8192 + 83};
    size_t ki;
    for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
        const size_t k = ks[ki];
        size_t di;
        for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
            const size_t dim = dims[di];
            size_t bi, i;
            const float **x;
            float *data, *mean, *o1, *o2;
            double *w;
            if (k >= 64 && dim > 1100) continue; /* keeps the run short */
            if (cogt_quick() && k >= 64 && dim > 200) continue;
            x = (const float **)malloc(k * sizeof *x);
            data = alloc_f(k * dim);
            mean = alloc_f(dim);
            o1 = alloc_f(33 * dim);
            o2 = alloc_f(33 * dim);
            w = (double *)malloc(33 * k * sizeof(double));
            if (!x || !w) exit(2);
            cogt_fill_normal(r, data, k * dim);
            cogt_fill_normal(r, mean, dim);
            for (i = 0; i < 33 * k; ++i) w[i] = cogt_normal(r);
            data[0] = -0.0f;
            w[0] = -0.0;
            for (i = 0; i < k; ++i) x[i] = data + i * dim;
            for (bi = 0; bi < sizeof bs / sizeof bs[0]; ++bi) {
                const size_t b = bs[bi];
                float *p1[33], *p2[33];
                int mode, ml, bad = 0;
                if (k > 16 && b < 30 && b != 1 && b != 5) continue;
                for (i = 0; i < b; ++i) p1[i] = o1 + i * dim, p2[i] = o2 + i * dim;
                for (mode = 0; mode < 3; ++mode) {
                    for (ml = 0; ml < 3; ++ml) {
                        const size_t mean_len = ml == 0 ? 0 : ml == 1 ? 1 : dim;
                        cog_result st;
                        /* cog_linear* and the centroid take no mean */
                        if (mode != REF_COG && ml != 0) continue;
                        if (mode == REF_MEAN && b != 1) continue;
                        ref_affine(x, k, dim, w, b, mode, mean, mean_len, p1);
                        st = mode == REF_COG
                                 ? cog_combine_batch(x, k, dim, w, b, mean,
                                                     mean_len, p2)
                             : mode == REF_PLAIN
                                 ? cog_linear_batch(x, k, dim, w, b, p2)
                                 : cog_centroid_euclidean(x, k, dim, p2[0]);
                        if (st != COG_OK) ++bad;
                        bad += memcmp(o1, o2, b * dim * sizeof(float)) != 0;
                    }
                }
                if (bad) printf("  combine exact: k=%zu dim=%zu b=%zu\n", k, dim, b);
                CHECK(bad == 0);
            }
            /* the public entry point, and a row of it alone */
            if (k <= 64) {
                float *p1[5], *p2[5];
                for (i = 0; i < 5; ++i) p1[i] = o1 + i * dim, p2[i] = o2 + i * dim;
                CHECK_STATUS(cog_combine_batch(x, k, dim, w, 5, mean, dim, p2),
                             COG_OK);
                ref_affine(x, k, dim, w, 5, REF_COG, mean, dim, p1);
                CHECK(memcmp(o1, o2, 5 * dim * sizeof(float)) == 0);
                CHECK_STATUS(cog_combine(x, k, dim, w + 3 * k, mean, dim, o1),
                             COG_OK);
                CHECK(memcmp(o1, p2[3], dim * sizeof(float)) == 0);
            }
            free(w);
            free(o2);
            free(o1);
            free(mean);
            free(data);
            free((void *)x);
        }
    }
}

/* A NaN / Inf anywhere in a large batch (4-row groups, the remainder
 * rows, a packed block's first and last tile, the plain tail) is seen. */
static void test_batch_nonfinite(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {1000, 8192 + 40};
    size_t di;
    for (di = 0; di < 2; ++di) {
        const size_t dim = dims[di], k = 16;
        const size_t pos[] = {0, 15, 16, 511, 512, dim - 41, dim - 8, dim - 1};
        set s;
        double w[30 * 16];
        float *buf = alloc_f(30 * dim), *outs[30];
        size_t i, pi, b;
        set_make(&s, r, k, dim);
        for (i = 0; i < 30 * k; ++i) w[i] = cogt_normal(r);
        for (i = 0; i < 30; ++i) outs[i] = buf + i * dim;
        for (b = 2; b <= 30; b += 7) {
            for (pi = 0; pi < sizeof pos / sizeof pos[0]; ++pi) {
                float *p = s.data + (pi % k) * dim + pos[pi];
                const float keep = *p;
                *p = pi % 2 ? INFINITY : NAN;
                CHECK_STATUS(cog_combine_batch(s.x, k, dim, w, b, NULL, 0,
                                               outs),
                             COG_ERR_NONFINITE);
                *p = keep;
            }
            CHECK_STATUS(cog_combine_batch(s.x, k, dim, w, b, NULL, 0, outs),
                         COG_OK);
        }
        /* finite inputs whose combination overflows */
        for (i = 0; i < 16; ++i) w[i] = 1.0;
        s.data[3 * dim + dim / 2] = 3e38f;
        s.data[4 * dim + dim / 2] = 3e38f;
        CHECK_STATUS(cog_linear_batch(s.x, k, dim, w, 1, outs),
                     COG_ERR_NONFINITE);
        for (i = 16; i < 64; ++i) w[i] = 1.0;
        CHECK_STATUS(cog_linear_batch(s.x, k, dim, w, 4, outs),
                     COG_ERR_NONFINITE);
        free(buf);
        free(s.data);
    }
}

/* The kernel levels 1 .. top of this build and CPU (cog_test_kernels:
 * portable 0, vector 1, run-time AVX2 2) give the bits of level 0: combine
 * batches and rows, the Gram matrix, dot products and the SLERP angle's
 * three sums. Level 0 against the vector kernels is also what test_plain
 * checks across two builds; here the AVX2 build is the point. A build or
 * CPU without a level reports its test SKIPPED (it used to return with
 * nothing checked). */
static void compare_levels(cogt_rng *r, int top)
{
    static const size_t dims[] = {1, 7, 64, 513, 1031, 8193};
    size_t di;
    for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
        const size_t dim = dims[di];
        size_t k;
        for (k = 1; k <= 35; k += 2) {
            set s;
            double w[4 * 35], g[3][35 * 35], d[3][35], t[3];
            float *o = alloc_f(3 * 5 * dim);
            float *y = alloc_f(dim), *mean = alloc_f(dim);
            float *po[3][5];
            size_t i;
            int lv;
            set_make(&s, r, k, dim);
            cogt_fill_normal(r, y, dim);
            cogt_fill_normal(r, mean, dim);
            for (i = 0; i < 4 * k; ++i) w[i] = cogt_normal(r);
            for (lv = 0; lv <= top; ++lv) {
                for (i = 0; i < 5; ++i) po[lv][i] = o + (5 * (size_t)lv + i) * dim;
                CHECK(cog_test_kernels(lv) == lv);
                CHECK_STATUS(cog_combine_batch(s.x, k, dim, w, 4, mean, dim,
                                               po[lv]),
                             COG_OK);
                CHECK_STATUS(cog_combine(s.x, k, dim, w, mean, dim, po[lv][4]),
                             COG_OK);
                CHECK_STATUS(cog_gram(s.x, k, dim, g[lv]), COG_OK);
                CHECK_STATUS(cog_dots(s.x, k, dim, y, d[lv]), COG_OK);
                t[lv] = 0.0;
                if (k >= 2)
                    CHECK_STATUS(cog_slerp_angle(s.x[0], s.x[1], dim, &t[lv]),
                                 COG_OK);
            }
            cog_test_kernels(2);
            for (lv = 1; lv <= top; ++lv) {
                CHECK(memcmp(po[0][0], po[lv][0], 5 * dim * sizeof(float)) == 0);
                CHECK(memcmp(g[0], g[lv], k * k * sizeof(double)) == 0);
                CHECK(memcmp(d[0], d[lv], k * sizeof(double)) == 0);
                CHECK(memcmp(&t[0], &t[lv], sizeof(double)) == 0);
            }
            free(o);
            free(y);
            free(mean);
            free(s.data);
        }
    }
}

/* Portable against vector kernels (level 1 of cog_test_kernels). */
static void test_dispatch_vector(void)
{
    if (cog_test_kernels(1) < 1)
        COGT_SKIP("portable kernels only in this build: nothing to compare");
    cog_test_kernels(2);
    compare_levels(&g_rng, 1);
}

/* Portable and vector against the run-time AVX2 + FMA build (level 2). */
static void test_dispatch_avx2(void)
{
    const int top = cog_test_kernels(2);
    if (top < 2)
        COGT_SKIP("no run-time AVX2 + FMA build in this unit, or no AVX2 + "
                  "FMA CPU");
    compare_levels(&g_rng, top);
}

#ifdef _OPENMP
/* The threaded path: dims large enough to pass COG_OMP_MIN. */
static void test_openmp(void)
{
    cogt_rng *const r = &g_rng;
    static const size_t dims[] = {70001};
    size_t di;
    for (di = 0; di < 1; ++di) {
        const size_t dim = dims[di];
        set s;
        double w[4 * 40], g1[40 * 40], g2[40 * 40], g2b[40 * 40];
        double d1[40], d2[40];
        float *o1 = alloc_f(4 * dim), *o2 = alloc_f(4 * dim);
        float *p1[4], *p2[4];
        float *y = alloc_f(dim);
        size_t i;
        set_make(&s, r, 40, dim);
        cogt_fill_normal(r, y, dim);
        for (i = 0; i < 4 * 40; ++i) w[i] = cogt_normal(r);
        for (i = 0; i < 4; ++i) p1[i] = o1 + i * dim, p2[i] = o2 + i * dim;
        omp_set_num_threads(1);
        CHECK_STATUS(cog_combine_batch(s.x, 40, dim, w, 4, NULL, 0, p1),
                     COG_OK);
        CHECK_STATUS(cog_gram(s.x, 40, dim, g1), COG_OK);
        CHECK_STATUS(cog_dots(s.x, 40, dim, y, d1), COG_OK);
        omp_set_num_threads(2);
        CHECK_STATUS(cog_combine_batch(s.x, 40, dim, w, 4, NULL, 0, p2),
                     COG_OK);
        CHECK(memcmp(o1, o2, 4 * dim * sizeof(float)) == 0);
        { /* scratch for the calling thread, the stack for the other */
            static float scratch[COG_BATCH_SCRATCH_BYTES / sizeof(float)];
            memset(o2, 0, 4 * dim * sizeof(float));
            CHECK_STATUS(cog_combine_batch_scratch(s.x, 40, dim, w, 4, NULL,
                                                   0, p2, scratch,
                                                   sizeof scratch),
                         COG_OK);
            CHECK(memcmp(o1, o2, 4 * dim * sizeof(float)) == 0);
        }
        CHECK(check_affine(&s, w + 3 * 40, 1, NULL, 0, p2[3]) == 0);
        CHECK_STATUS(cog_gram(s.x, 40, dim, g2), COG_OK);
        CHECK_STATUS(cog_gram(s.x, 40, dim, g2b), COG_OK);
        CHECK(memcmp(g2, g2b, sizeof g2) == 0); /* repeatable */
        CHECK(check_gram(&s, g2) == 0);
        CHECK_STATUS(cog_dots(s.x, 40, dim, y, d2), COG_OK);
        CHECK(check_dots(&s, y, d2) == 0);
        {
            const double yy = (double)ref_dot(y, y, dim);
            for (i = 0; i < 40; ++i)
                CHECK_NEAR(d2[i], d1[i], 1e-13 * sqrt(g1[i * 41] * yy));
        }
        /* NaN in the second thread's half */
        s.data[39 * dim + dim - 3] = NAN;
        CHECK_STATUS(cog_combine_batch(s.x, 40, dim, w, 4, NULL, 0, p2),
                     COG_ERR_NONFINITE);
        CHECK_STATUS(cog_gram(s.x, 40, dim, g2), COG_ERR_NONFINITE);
        CHECK_STATUS(cog_dots(s.x, 40, dim, y, d2), COG_ERR_NONFINITE);
        free(o1);
        free(o2);
        free(y);
        free(s.data);
    }
}
#endif

static const cogt_test tests[] = {
    COGT_TEST(kernels, combine_dims),
    COGT_TEST(kernels, batch_kb),
    COGT_TEST(kernels, batch_shared_out),
    COGT_TEST(kernels, inplace),
    COGT_TEST(kernels, gram_dots),
    COGT_TEST(kernels, nonfinite),
    COGT_TEST(kernels, combine_exact),
    COGT_TEST(kernels, batch_nonfinite),
    COGT_TEST(kernels, dispatch_vector),
    COGT_TEST(kernels, dispatch_avx2),
#ifdef _OPENMP
    COGT_TEST(kernels, openmp),
#endif
};

int main(int argc, char **argv)
{
    /* one generator through every test in table order: a filtered run
     * draws other (equally valid) data */
    cogt_seed(&g_rng, 20260404);
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
