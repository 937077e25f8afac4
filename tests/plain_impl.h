/* plain_impl.h - cog.h functions from the reference build (plain_impl.c). */
#ifndef COG_PLAIN_IMPL_H
#define COG_PLAIN_IMPL_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
int plain_coefficients(const double *w, size_t k, double *c, double *m);
int plain_combine_batch(const float *const *x, size_t k, size_t dim,
                        const double *w, size_t b, const float *mean,
                        size_t mean_len, float *const *out);
int plain_linear_batch(const float *const *x, size_t k, size_t dim,
                       const double *w, size_t b, float *const *out);
int plain_gram(const float *const *x, size_t k, size_t dim, double *g);
int plain_dots(const float *const *x, size_t k, size_t dim, const float *y,
               double *d);
int plain_slerp_angle(const float *a, const float *b, size_t dim,
                      double *theta);
int plain_randn_torch(uint64_t seed, float *out, size_t n);
int plain_randn_nv(uint64_t seed, uint32_t offset, float *out, size_t n);
int plain_blend(const float *const *x, size_t k, size_t dim,
                const float *const *masks, size_t mask_dim, const float *mean,
                size_t mean_len, float *out);
#ifdef __cplusplus
}
#endif
#endif
