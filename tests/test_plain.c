/* test_plain.c - the promise that every build gives the same bits, checked
 * build against build: this unit's cog.h (its compiler flags, the fast
 * kernels: GNU vector extensions and, on x86, the run-time AVX2 + FMA
 * builds this machine picks) against the reference build in plain_impl.c
 * (COG_NO_FAST_KERNELS, -O0 -ffp-contract=off), bit for bit, for every
 * function that promises it: cog_coefficients, cog_combine_batch,
 * cog_linear_batch, cog_gram, cog_dots, cog_slerp_angle, cog_randn_torch,
 * cog_randn_nv and cog_blend. The packaging step (tests/packaging/run.sh
 * opt) builds this test at -O0, -O3 -ffp-contract=off and -O3
 * -march=native with gcc and clang. Sizes cover every lane and vector
 * remainder (dim 1 .. 70), the 16-lane blocks, the 8192-float chunks and
 * several chunks, k across the two-latent groups and the 32-latent tiles
 * of the dot-product kernels. Where cog.h promises no bits across builds
 * (x87 or other excess precision: COG_SAME_BITS 0) the tests skip. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "plain_impl.h"
#include "test_util.h"

#define MAXK 35

static int same_d(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof(double)) == 0;
}

static int same_f(const float *a, const float *b, size_t n)
{
    return memcmp(a, b, n * sizeof(float)) == 0;
}

/* Skips the calling test where no bits are promised across builds. */
#define NEED_SAME_BITS()                                                     \
    do {                                                                     \
        if (!COG_SAME_BITS)                                                  \
            COGT_SKIP("excess-precision float evaluation (COG_SAME_BITS "    \
                      "0): no bit-for-bit promise across builds");           \
    } while (0)

static void dot_dims(cogt_rng *r, size_t dim)
{
    static const size_t ks[] = {1, 2, 3, 4, 5, 16, 31, 32, 33, 35};
    float *data = (float *)malloc((MAXK + 1) * dim * sizeof(float));
    const float *x[MAXK];
    double g1[MAXK * MAXK], g2[MAXK * MAXK], d1[MAXK], d2[MAXK], t1, t2;
    const float *y;
    size_t i, ki;
    if (!data) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    cogt_fill_normal(r, data, (MAXK + 1) * dim);
    for (i = 0; i < MAXK; ++i) x[i] = data + i * dim;
    y = data + MAXK * dim;
    for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
        const size_t k = ks[ki];
        CHECK_STATUS(cog_gram(x, k, dim, g1), COG_OK);
        CHECK_STATUS(plain_gram(x, k, dim, g2), COG_OK);
        CHECK(same_d(g1, g2, k * k));
        CHECK_STATUS(cog_dots(x, k, dim, y, d1), COG_OK);
        CHECK_STATUS(plain_dots(x, k, dim, y, d2), COG_OK);
        CHECK(same_d(d1, d2, k));
    }
    CHECK_STATUS(cog_slerp_angle(x[0], x[1], dim, &t1), COG_OK);
    CHECK_STATUS(plain_slerp_angle(x[0], x[1], dim, &t2), COG_OK);
    CHECK(same_d(&t1, &t2, 1));
    free(data);
}

/* Gram matrices, dot products and SLERP angles. */
static void test_inner_products(void)
{
    static const size_t big[] = {255, 256, 257, 8191, 8192, 8193, 16400,
                                 70001};
    cogt_rng r;
    size_t dim, i;
    NEED_SAME_BITS();
    cogt_seed(&r, 20261128);
    for (dim = 1; dim <= 70; ++dim) dot_dims(&r, dim);
    for (i = 0; i < sizeof big / sizeof big[0]; ++i) dot_dims(&r, big[i]);
}

/* Coefficients, combine batches (each mean variant) and plain batches,
 * k across the four-input groups, the lone-row and batch tiles and past
 * them, b across the four-row groups. Inputs are small integers times
 * powers of two and normal draws. */
static void test_combine(void)
{
    enum { K = 40, B = 9, D = 1031 };
    static float xs[K + 1][D], o1[B][D], o2[B][D];
    static const size_t ks[] = {1, 2, 3, 5, 8, 9, 17, 40};
    static const size_t bs[] = {1, 2, 5, 9};
    static const size_t dims[] = {1, 15, 64, 67, 1031};
    const float *x[K];
    float *p1[B], *p2[B];
    double w[B * K], c1[K], c2[K], m1, m2;
    uint64_t s = 12345;
    cogt_rng r;
    size_t i, j, ki, bi, di;
    NEED_SAME_BITS();
    cogt_seed(&r, 20261130);
    for (i = 0; i <= K; ++i)
        for (j = 0; j < D; ++j) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            xs[i][j] = i % 2 ? (float)cogt_normal(&r)
                             : (float)((int)(s >> 41) - (1 << 22)) / 1048576.0f;
        }
    for (i = 0; i < B * K; ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        w[i] = i % 3 ? cogt_normal(&r) : (double)((int)(s >> 52) - 2048) / 1024.0;
    }
    for (i = 0; i < K; ++i) x[i] = xs[i];
    for (i = 0; i < B; ++i) p1[i] = o1[i], p2[i] = o2[i];
    for (ki = 0; ki < sizeof ks / sizeof ks[0]; ++ki) {
        const size_t k = ks[ki];
        for (i = 0; i < B; ++i) {
            CHECK_STATUS(cog_coefficients(w + i * k, k, c1, &m1), COG_OK);
            CHECK_STATUS(plain_coefficients(w + i * k, k, c2, &m2), COG_OK);
            CHECK(same_d(c1, c2, k) && same_d(&m1, &m2, 1));
        }
        for (di = 0; di < sizeof dims / sizeof dims[0]; ++di) {
            const size_t dim = dims[di];
            for (bi = 0; bi < sizeof bs / sizeof bs[0]; ++bi) {
                const size_t b = bs[bi];
                size_t ml;
                for (ml = 0; ml < 3; ++ml) {
                    const size_t mean_len = ml == 0 ? 0 : ml == 1 ? 1 : dim;
                    int ok = 1;
                    CHECK_STATUS(cog_combine_batch(x, k, dim, w, b, xs[K],
                                                   mean_len, p1),
                                 COG_OK);
                    CHECK_STATUS(plain_combine_batch(x, k, dim, w, b, xs[K],
                                                     mean_len, p2),
                                 COG_OK);
                    for (i = 0; i < b; ++i) ok &= same_f(o1[i], o2[i], dim);
                    CHECK(ok);
                }
                {
                    int ok = 1;
                    CHECK_STATUS(cog_linear_batch(x, k, dim, w, b, p1), COG_OK);
                    CHECK_STATUS(plain_linear_batch(x, k, dim, w, b, p2),
                                 COG_OK);
                    for (i = 0; i < b; ++i) ok &= same_f(o1[i], o2[i], dim);
                    CHECK(ok);
                }
            }
        }
    }
}

/* Both seed generators and a soft-mask blend. */
static void test_seeds(void)
{
    enum { N = 37 * 111, MD = 37 }; /* MD divides N */
    static float a[N], b[N], masks[3][MD];
    static const size_t ns[] = {1, 15, 16, 17, 128, 129, N};
    const float *x[3], *m[3];
    cogt_rng r;
    size_t i, ni;
    NEED_SAME_BITS();
    for (ni = 0; ni < sizeof ns / sizeof ns[0]; ++ni) {
        CHECK_STATUS(cog_randn_torch(42 + ni, a, ns[ni]), COG_OK);
        CHECK_STATUS(plain_randn_torch(42 + ni, b, ns[ni]), COG_OK);
        CHECK(same_f(a, b, ns[ni]));
        CHECK_STATUS(cog_randn_nv(42 + ni, (uint32_t)ni, a, ns[ni]), COG_OK);
        CHECK_STATUS(plain_randn_nv(42 + ni, (uint32_t)ni, b, ns[ni]), COG_OK);
        CHECK(same_f(a, b, ns[ni]));
    }
    {
        static float xs[3][N];
        cogt_seed(&r, 7);
        for (i = 0; i < 3; ++i) {
            cogt_fill_normal(&r, xs[i], N);
            x[i] = xs[i];
            m[i] = masks[i];
        }
        for (i = 0; i < MD; ++i) {
            masks[0][i] = (float)cogt_uniform(&r);
            masks[1][i] = (float)cogt_uniform(&r);
            masks[2][i] = i % 5 ? (float)cogt_uniform(&r) : 0.0f;
        }
        CHECK_STATUS(cog_blend(x, 3, N, m, MD, xs[2], N, a), COG_OK);
        CHECK_STATUS(plain_blend(x, 3, N, m, MD, xs[2], N, b), COG_OK);
        CHECK(same_f(a, b, N));
    }
}

static const cogt_test tests[] = {
    COGT_TEST(plain, inner_products),
    COGT_TEST(plain, combine),
    COGT_TEST(plain, seeds),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
