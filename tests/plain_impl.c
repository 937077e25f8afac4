/* plain_impl.c - the reference build of cog.h for test_plain.c: a second,
 * private copy of the implementation (COG_STATIC: every function static to
 * this unit, so it links next to the ordinary one) without the fast
 * kernels (COG_NO_FAST_KERNELS), compiled at -O0 -ffp-contract=off with
 * gcc and clang (tests/CMakeLists.txt) whatever flags the test itself
 * gets. The plain_* wrappers expose it. */
#define COG_STATIC
#define COG_IMPLEMENTATION
#define COG_NO_FAST_KERNELS
#include "cog.h"

#include "plain_impl.h"

int plain_coefficients(const double *w, size_t k, double *c, double *m)
{
    return (int)cog_coefficients(w, k, c, m);
}

int plain_combine_batch(const float *const *x, size_t k, size_t dim,
                        const double *w, size_t b, const float *mean,
                        size_t mean_len, float *const *out)
{
    return (int)cog_combine_batch(x, k, dim, w, b, mean, mean_len, out);
}

int plain_linear_batch(const float *const *x, size_t k, size_t dim,
                       const double *w, size_t b, float *const *out)
{
    return (int)cog_linear_batch(x, k, dim, w, b, out);
}

int plain_gram(const float *const *x, size_t k, size_t dim, double *g)
{
    return (int)cog_gram(x, k, dim, g);
}

int plain_dots(const float *const *x, size_t k, size_t dim, const float *y,
               double *d)
{
    return (int)cog_dots(x, k, dim, y, d);
}

int plain_slerp_angle(const float *a, const float *b, size_t dim,
                      double *theta)
{
    return (int)cog_slerp_angle(a, b, dim, theta);
}

int plain_randn_torch(uint64_t seed, float *out, size_t n)
{
    return (int)cog_randn_torch(seed, out, n);
}

int plain_randn_nv(uint64_t seed, uint32_t offset, float *out, size_t n)
{
    return (int)cog_randn_nv(seed, offset, out, n);
}

int plain_blend(const float *const *x, size_t k, size_t dim,
                const float *const *masks, size_t mask_dim, const float *mean,
                size_t mean_len, float *out)
{
    return (int)cog_blend(x, k, dim, masks, mask_dim, mean, mean_len, out);
}
