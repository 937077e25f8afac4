/* test_plain.c - the vectorised kernels (GNU vector extensions, and on x86
 * the run-time AVX2 + FMA build this machine picks) against the plain-C
 * build of the same header (plain_impl.c: COG_NO_VECTOR_EXTENSIONS,
 * COG_NO_DISPATCH), bit for bit: both promise the same summation order.
 * Sizes cover every lane and vector remainder (dim 1 .. 70), the 16-lane
 * blocks, the 8192-float chunks and several chunks, k across the two-latent
 * groups and the 32-latent tiles of the dot-product kernels. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "plain_impl.h"
#include "test_util.h"

#define MAXK 35

static int same_bits(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof(double)) == 0;
}

static void test_dims(cogt_rng *r, size_t dim)
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
        CHECK(same_bits(g1, g2, k * k));
        CHECK_STATUS(cog_dots(x, k, dim, y, d1), COG_OK);
        CHECK_STATUS(plain_dots(x, k, dim, y, d2), COG_OK);
        CHECK(same_bits(d1, d2, k));
    }
    CHECK_STATUS(cog_slerp_angle(x[0], x[1], dim, &t1), COG_OK);
    CHECK_STATUS(plain_slerp_angle(x[0], x[1], dim, &t2), COG_OK);
    CHECK(same_bits(&t1, &t2, 1));
    free(data);
}

int main(void)
{
    static const size_t big[] = {255, 256, 257, 8191, 8192, 8193, 16400,
                                 70001};
    cogt_rng r;
    size_t dim, i;
    cogt_seed(&r, 20261128);
    for (dim = 1; dim <= 70; ++dim) test_dims(&r, dim);
    for (i = 0; i < sizeof big / sizeof big[0]; ++i) test_dims(&r, big[i]);
    return cogt_report("test_plain");
}
