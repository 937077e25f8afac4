/* test_util.h - the small harness shared by cog.h's tests: checks that
 * count failures, a seeded normal generator, and the statistics the
 * distribution tests use (normal CDF, Kolmogorov-Smirnov, chi-squared
 * z-scores). Test-only code: it keeps its counters in file-scope statics,
 * which the library itself never does. */
#ifndef COG_TEST_UTIL_H
#define COG_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cogt_checks = 0;
static int cogt_failures = 0;

#define CHECK(cond)                                                         \
    do {                                                                    \
        ++cogt_checks;                                                      \
        if (!(cond)) {                                                      \
            ++cogt_failures;                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                 \
        }                                                                   \
    } while (0)

/* |a - b| <= tol, printing both values on failure. */
#define CHECK_NEAR(a, b, tol)                                               \
    do {                                                                    \
        const double cogt_a_ = (a), cogt_b_ = (b), cogt_t_ = (tol);         \
        ++cogt_checks;                                                      \
        if (!(fabs(cogt_a_ - cogt_b_) <= cogt_t_)) {                        \
            ++cogt_failures;                                                \
            fprintf(stderr,                                                 \
                    "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g, "    \
                    "|diff| = %.3g > %.3g\n",                               \
                    __FILE__, __LINE__, #a, cogt_a_, #b, cogt_b_,           \
                    fabs(cogt_a_ - cogt_b_), cogt_t_);                      \
        }                                                                   \
    } while (0)

#define CHECK_STATUS(expr, want)                                            \
    do {                                                                    \
        const int cogt_got_ = (int)(expr), cogt_want_ = (int)(want);        \
        ++cogt_checks;                                                      \
        if (cogt_got_ != cogt_want_) {                                      \
            ++cogt_failures;                                                \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n",    \
                    __FILE__, __LINE__, #expr, cogt_got_, cogt_want_, #want); \
        }                                                                   \
    } while (0)

/* COG_TEST_QUICK=1 in the environment: the long sweeps (test_kernels) run
 * reduced sizes, every code path still covered. tests/tools/cross.sh sets it
 * under emulation (qemu), where the full sweeps take minutes. */
static inline int cogt_quick(void)
{
    const char *q = getenv("COG_TEST_QUICK");
    return q && *q && strcmp(q, "0") != 0;
}

/* Prints the closing line and gives main's return value. */
static inline int cogt_report(const char *name)
{
    printf("%s: %d checks, %d passed, %d failed\n", name, cogt_checks,
           cogt_checks - cogt_failures, cogt_failures);
    return cogt_failures ? 1 : 0;
}

/* ------------------------------------------------------ random numbers */

/* xoshiro256** seeded through splitmix64: fixed seeds, reproducible. */
typedef struct cogt_rng {
    uint64_t s[4];
    int has_spare;
    double spare;
} cogt_rng;

static inline uint64_t cogt_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline void cogt_seed(cogt_rng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; ++i) {
        uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        r->s[i] = z ^ (z >> 31);
    }
    r->has_spare = 0;
    r->spare = 0.0;
}

static inline uint64_t cogt_next(cogt_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = cogt_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = cogt_rotl(s[3], 45);
    return result;
}

/* Uniform in (0, 1): 53 random bits, never exactly 0. */
static inline double cogt_uniform(cogt_rng *r)
{
    return ((double)(cogt_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Standard normal by Box-Muller in double. */
static inline double cogt_normal(cogt_rng *r)
{
    double u1, u2, rad;
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    u1 = cogt_uniform(r);
    u2 = cogt_uniform(r);
    rad = sqrt(-2.0 * log(u1));
    r->spare = rad * sin(6.283185307179586 * u2);
    r->has_spare = 1;
    return rad * cos(6.283185307179586 * u2);
}

static inline void cogt_fill_normal(cogt_rng *r, float *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i) v[i] = (float)cogt_normal(r);
}

/* ---------------------------------------------------------- statistics */

/* Normal CDF and Kolmogorov-Smirnov, shared with the `cog stats` command. */
#include "../examples/common/cog_stats.h"
#define cogt_normal_cdf cogs_normal_cdf
#define cogt_cmp_double cogs_cmp_double
#define cogt_ks_stat cogs_ks_stat
#define cogt_ks_pvalue cogs_ks_pvalue

#endif /* COG_TEST_UTIL_H */
