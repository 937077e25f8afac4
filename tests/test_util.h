/* test_util.h - the small harness shared by cog.h's tests: named tests
 * run from a table, checks that count failures, a seeded normal generator,
 * and the statistics the distribution tests use (normal CDF,
 * Kolmogorov-Smirnov, chi-squared z-scores). Test-only code: it keeps its
 * counters in static storage, which the library itself never does.
 *
 * A test file lists its test functions (void test_<name>(void)) in a
 * table and hands it to cogt_main:
 *
 *   static const cogt_test tests[] = {
 *       COGT_TEST(core, coefficients), // runs test_coefficients as
 *       COGT_TEST(core, combine),      // "core.coefficients"
 *   };
 *   int main(int argc, char **argv)
 *   { return cogt_main(argc, argv, tests, COGT_COUNT(tests)); }
 *
 * Command line of every such program:
 *   --list              print the test names, one a line, and exit
 *   --filter=PATTERN    run only the tests whose name ("set.name") or
 *                       short name matches PATTERN (* and ? wildcards);
 *                       may be repeated; a pattern that matches no test is
 *                       an error (exit 2), so a typo cannot pass silently
 * A test passes when it made at least one check and none failed; a test
 * that makes no check and does not skip fails (it checked nothing). A test
 * that cannot run here calls COGT_SKIP("reason"): reported as SKIPPED with
 * the reason, never counted as passed. Exit status: 0 when nothing failed
 * (skips allowed), 1 when a test failed, 2 on a usage error. */
#ifndef COG_TEST_UTIL_H
#define COG_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- harness */

typedef struct cogt_test {
    const char *set;  /* the group, usually the file: "core" */
    const char *name; /* the test: "coefficients" */
    void (*fn)(void);
} cogt_test;

/* Table entry running test_<name>() as "set.name". */
#define COGT_TEST(set, name) { #set, #name, test_##name }
#define COGT_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* The state of the running test (one program runs one test at a time;
 * checks from several threads at once are not supported). */
typedef struct cogt_state {
    long checks, failures; /* of the whole run */
    long failures0;        /* failures before the running test started */
    int skipped;           /* the running test called COGT_SKIP */
    char name[128];        /* "set.name" of the running test */
    char skip_reason[160];
} cogt_state;

static inline cogt_state *cogt_state_(void)
{
    static cogt_state s;
    return &s;
}

/* A check was made. */
static inline void cogt_count_(void) { ++cogt_state_()->checks; }

/* The check just counted failed: counts it and starts its message with
 * "file:line: test: "; the caller prints the rest of the line. */
static inline void cogt_failed_(const char *file, int line)
{
    cogt_state *s = cogt_state_();
    ++s->failures;
    fprintf(stderr, "%s:%d: %s: ", file, line, s->name[0] ? s->name : "(no test)");
}

#define CHECK(cond)                                                         \
    do {                                                                    \
        cogt_count_();                                                      \
        if (!(cond)) {                                                      \
            cogt_failed_(__FILE__, __LINE__);                               \
            fprintf(stderr, "CHECK failed: %s\n", #cond);                   \
        }                                                                   \
    } while (0)

/* |a - b| <= tol, printing both values on failure. */
#define CHECK_NEAR(a, b, tol)                                               \
    do {                                                                    \
        const double cogt_a_ = (a), cogt_b_ = (b), cogt_t_ = (tol);         \
        cogt_count_();                                                      \
        if (!(fabs(cogt_a_ - cogt_b_) <= cogt_t_)) {                        \
            cogt_failed_(__FILE__, __LINE__);                               \
            fprintf(stderr,                                                 \
                    "CHECK_NEAR failed: %s = %.17g, %s = %.17g, "           \
                    "|diff| = %.3g > %.3g\n",                               \
                    #a, cogt_a_, #b, cogt_b_, fabs(cogt_a_ - cogt_b_),      \
                    cogt_t_);                                               \
        }                                                                   \
    } while (0)

#define CHECK_STATUS(expr, want)                                            \
    do {                                                                    \
        const int cogt_got_ = (int)(expr), cogt_want_ = (int)(want);        \
        cogt_count_();                                                      \
        if (cogt_got_ != cogt_want_) {                                      \
            cogt_failed_(__FILE__, __LINE__);                               \
            fprintf(stderr, "%s returned %d, expected %d (%s)\n", #expr,    \
                    cogt_got_, cogt_want_, #want);                          \
        }                                                                   \
    } while (0)

/* Records why the running test cannot run here; COGT_SKIP also returns
 * from the (void) test function. */
static inline void cogt_skip_(const char *reason)
{
    cogt_state *s = cogt_state_();
    s->skipped = 1;
    snprintf(s->skip_reason, sizeof s->skip_reason, "%s", reason);
}
#define COGT_SKIP(reason)                                                   \
    do {                                                                    \
        cogt_skip_(reason);                                                 \
        return;                                                             \
    } while (0)

/* Whether a check of the running test has failed (to stop a test whose
 * later steps need what failed). */
static inline int cogt_failed(void)
{
    const cogt_state *s = cogt_state_();
    return s->failures != s->failures0;
}

/* The running test's table entry (for a function shared by several
 * entries, such as test_bad_input's groups of rows). */
static inline const cogt_test **cogt_current_(void)
{
    static const cogt_test *t;
    return &t;
}
static inline const cogt_test *cogt_current(void) { return *cogt_current_(); }

/* COG_TEST_QUICK=1 in the environment: the long sweeps (test_kernels) run
 * reduced sizes, every code path still covered. tests/tools/cross.sh sets it
 * under emulation (qemu), where the full sweeps take minutes. */
static inline int cogt_quick(void)
{
    const char *q = getenv("COG_TEST_QUICK");
    return q && *q && strcmp(q, "0") != 0;
}

/* Glob match: '*' any run of characters, '?' any one character. */
static inline int cogt_glob_(const char *p, const char *s)
{
    const char *star = NULL, *back = NULL;
    while (*s) {
        if (*p == '*') {
            star = ++p;
            back = s;
        } else if (*p == '?' || *p == *s) {
            ++p;
            ++s;
        } else if (star) {
            p = star;
            s = ++back;
        } else {
            return 0;
        }
    }
    while (*p == '*') ++p;
    return *p == '\0';
}

static inline int cogt_matches_(const cogt_test *t, const char *pattern)
{
    char full[128];
    snprintf(full, sizeof full, "%s.%s", t->set, t->name);
    return cogt_glob_(pattern, full) || cogt_glob_(pattern, t->name);
}

/* The program's name without directory or ".exe", for the summary. */
static inline const char *cogt_progname_(const char *argv0, char *buf, size_t size)
{
    const char *b = argv0 ? argv0 : "test", *p;
    size_t n;
    for (p = b; *p; ++p)
        if (*p == '/' || *p == '\\') b = p + 1;
    n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".exe") == 0) n -= 4;
    if (n >= size) n = size - 1;
    memcpy(buf, b, n);
    buf[n] = '\0';
    return buf;
}

enum { COGT_PASSED, COGT_FAILED, COGT_SKIPPED, COGT_NOT_RUN };

/* Runs the selected tests of the table (see the top of this file). */
static inline int cogt_main(int argc, char **argv, const cogt_test *tests, size_t n)
{
    enum { MAX_FILTERS = 16 };
    const char *filters[MAX_FILTERS];
    char prog[64];
    int nfilters = 0, a, list = 0;
    int counts[4] = {0, 0, 0, 0};
    unsigned char *status;
    size_t i, j;
    cogt_state *st = cogt_state_();

    cogt_progname_(argc > 0 ? argv[0] : NULL, prog, sizeof prog);
    for (a = 1; a < argc; ++a) {
        const char *pat = NULL;
        if (strcmp(argv[a], "--list") == 0) {
            list = 1;
            continue;
        }
        if (strncmp(argv[a], "--filter=", 9) == 0)
            pat = argv[a] + 9;
        else if (strcmp(argv[a], "--filter") == 0 && a + 1 < argc)
            pat = argv[++a];
        if (!pat || !*pat || nfilters == MAX_FILTERS) {
            fprintf(stderr,
                    "%s: unknown or bad argument '%s'\n"
                    "usage: %s [--list] [--filter=PATTERN]... (at most %d "
                    "patterns; * and ? match any characters / one)\n",
                    prog, argv[a], prog, MAX_FILTERS);
            return 2;
        }
        filters[nfilters++] = pat;
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j)
            if (strcmp(tests[i].set, tests[j].set) == 0 &&
                strcmp(tests[i].name, tests[j].name) == 0) {
                fprintf(stderr, "%s: test %s.%s listed twice\n", prog,
                        tests[i].set, tests[i].name);
                return 2;
            }
    for (a = 0; a < nfilters; ++a) {
        for (i = 0; i < n && !cogt_matches_(&tests[i], filters[a]); ++i) {}
        if (i == n) {
            fprintf(stderr, "%s: no test matches --filter=%s (--list shows "
                            "the names)\n", prog, filters[a]);
            return 2;
        }
    }
    if (list) {
        for (i = 0; i < n; ++i) printf("%s.%s\n", tests[i].set, tests[i].name);
        return 0;
    }

    status = (unsigned char *)malloc(n ? n : 1);
    if (!status) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 2;
    }
    for (i = 0; i < n; ++i) {
        const long checks0 = st->checks;
        long checks, failures;
        clock_t c0;
        double secs;
        status[i] = COGT_NOT_RUN;
        if (nfilters) {
            for (a = 0; a < nfilters && !cogt_matches_(&tests[i], filters[a]); ++a) {}
            if (a == nfilters) continue;
        }
        snprintf(st->name, sizeof st->name, "%s.%s", tests[i].set, tests[i].name);
        st->skipped = 0;
        st->skip_reason[0] = '\0';
        st->failures0 = st->failures;
        *cogt_current_() = &tests[i];
        c0 = clock();
        tests[i].fn();
        secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        *cogt_current_() = NULL;
        checks = st->checks - checks0;
        failures = st->failures - st->failures0;
        if (failures) {
            status[i] = COGT_FAILED;
            printf("FAILED   %s (%ld of %ld checks failed, %.2f s)\n", st->name,
                   failures, checks, secs);
        } else if (st->skipped) {
            status[i] = COGT_SKIPPED;
            printf("SKIPPED  %s: %s", st->name, st->skip_reason);
            if (checks) printf(" (after %ld checks)", checks);
            printf("\n");
        } else if (checks == 0) {
            status[i] = COGT_FAILED;
            printf("FAILED   %s: made no check\n", st->name);
        } else {
            status[i] = COGT_PASSED;
            printf("passed   %s (%ld checks, %.2f s)\n", st->name, checks, secs);
        }
        ++counts[status[i]];
        fflush(stdout);
    }
    st->name[0] = '\0';
    /* the closing line keeps the "N checks, N passed, N failed" form */
    printf("%s: %d tests: %d passed, %d failed, %d skipped; %ld checks, %ld passed, "
           "%ld failed\n",
           prog, counts[COGT_PASSED] + counts[COGT_FAILED] + counts[COGT_SKIPPED],
           counts[COGT_PASSED], counts[COGT_FAILED], counts[COGT_SKIPPED],
           st->checks, st->checks - st->failures, st->failures);
    for (a = COGT_FAILED; a <= COGT_SKIPPED; ++a) {
        if (!counts[a]) continue;
        printf("%s:", a == COGT_FAILED ? "  failed" : "  skipped");
        for (i = 0; i < n; ++i)
            if (status[i] == a) printf(" %s.%s", tests[i].set, tests[i].name);
        printf("\n");
    }
    free(status);
    return counts[COGT_FAILED] || st->failures ? 1 : 0;
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
