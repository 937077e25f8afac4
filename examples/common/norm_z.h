/* norm_z.h - the one statistic the example programs print: how typical a
 * latent's length is. Copy it along with an example; it needs only
 * <math.h> and <stddef.h>. */
#ifndef COG_EXAMPLES_NORM_Z_H
#define COG_EXAMPLES_NORM_Z_H

#include <math.h>
#include <stddef.h>

/* z-score of |(v - mu) / s|^2 against chi-squared(dim), the distribution
 * of the squared length of a draw from N(mu, s^2 I): |z| < 4 is what real
 * latents look like; a LERP midpoint of two seeds is far below -4. */
static double norm_z(const float *v, size_t dim, double mu, double s)
{
    double ss = 0.0;
    size_t j;
    for (j = 0; j < dim; ++j) {
        const double e = (v[j] - mu) / s;
        ss += e * e;
    }
    return (ss - (double)dim) / sqrt(2.0 * (double)dim);
}

#endif /* COG_EXAMPLES_NORM_Z_H */
