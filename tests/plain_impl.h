/* plain_impl.h - cog.h functions from the plain-C build (plain_impl.c). */
#ifndef COG_PLAIN_IMPL_H
#define COG_PLAIN_IMPL_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
int plain_gram(const float *const *x, size_t k, size_t dim, double *g);
int plain_dots(const float *const *x, size_t k, size_t dim, const float *y,
               double *d);
int plain_slerp_angle(const float *a, const float *b, size_t dim,
                      double *theta);
#ifdef __cplusplus
}
#endif
#endif
