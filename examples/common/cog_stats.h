/* cog_stats.h - the Kolmogorov-Smirnov test against N(0, 1), shared by
 * cog.h's tests (tests/test_util.h) and the `cog stats` command
 * (examples/cli), so both report the same p-value. Plain C99 (and C++),
 * header only, no state; the names are prefixed cogs_. */
#ifndef COG_STATS_H
#define COG_STATS_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* Phi(x), the standard normal CDF, through erfc: a reference independent
 * of cog.h's own cog_normal_cdf. */
static inline double cogs_normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* qsort comparison of doubles, ascending. */
static inline int cogs_cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov statistic of n values against N(0, 1); sorts v. */
static inline double cogs_ks_stat(double *v, size_t n)
{
    double d = 0.0;
    size_t i;
    qsort(v, n, sizeof *v, cogs_cmp_double);
    for (i = 0; i < n; ++i) {
        const double f = cogs_normal_cdf(v[i]);
        const double lo = f - (double)i / (double)n;
        const double hi = (double)(i + 1) / (double)n - f;
        if (lo > d) d = lo;
        if (hi > d) d = hi;
    }
    return d;
}

/* p-value of KS statistic d for n samples: the Kolmogorov distribution
 * with Stephens' small-sample correction of the argument. */
static inline double cogs_ks_pvalue(double d, size_t n)
{
    const double sn = sqrt((double)n);
    const double lam = (sn + 0.12 + 0.11 / sn) * d;
    double p = 0.0, sign = 1.0;
    int j;
    if (lam < 0.2) return 1.0;
    for (j = 1; j <= 100; ++j) {
        const double term = sign * exp(-2.0 * j * j * lam * lam);
        p += term;
        if (fabs(term) < 1e-16) break;
        sign = -sign;
    }
    p *= 2.0;
    return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

#endif /* COG_STATS_H */
