/* plain_impl.c - a second, private copy of cog.h's implementation in plain
 * C: COG_STATIC (every function static to this unit, so it links next to
 * the ordinary implementation in test_plain.c), COG_NO_VECTOR_EXTENSIONS
 * and COG_NO_DISPATCH. The plain_* wrappers expose it. */
#define COG_STATIC
#define COG_IMPLEMENTATION
#define COG_NO_VECTOR_EXTENSIONS
#define COG_NO_DISPATCH
#include "cog.h"

#include "plain_impl.h"

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
