/* test_randn.c - cog_randn_torch against values captured from PyTorch.
 *
 * Reads tests/data/torch_randn.txt (written by tests/tools/gen_torch_randn.py
 * from Debian's torch 1.13 on an AVX2 CPU) and requires every value to match
 * bit for bit: "full" records list all n float bits, "sparse" records list
 * some indices plus a position-weighted checksum over all n values.
 *
 * Usage: test_randn [path/to/torch_randn.txt] [--list] [--filter=PATTERN]
 * Without a path it reads COG_TEST_DATA_DIR "/torch_randn.txt" when the
 * build defines COG_TEST_DATA_DIR, else tests/data/torch_randn.txt.
 * Exit status 0 when everything matches, 1 otherwise (tests/test_util.h). */
#define COG_IMPLEMENTATION
#define COG_TEST_HOOKS
#include "cog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#ifdef COG_TEST_DATA_DIR
#define COGT_RANDN_DEFAULT_PATH COG_TEST_DATA_DIR "/torch_randn.txt"
#else
#define COGT_RANDN_DEFAULT_PATH "tests/data/torch_randn.txt"
#endif

static uint32_t cogt_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Distance in units in the last place: map the bits onto a line where
 * adjacent floats are adjacent integers (+0 and -0 both map to 0). */
static uint64_t cogt_ulp_dist(uint32_t a, uint32_t b)
{
    int64_t ia = (a & 0x80000000u) ? -(int64_t)(a & 0x7fffffffu) : (int64_t)a;
    int64_t ib = (b & 0x80000000u) ? -(int64_t)(b & 0x7fffffffu) : (int64_t)b;
    return (uint64_t)(ia > ib ? ia - ib : ib - ia);
}

/* sum of bits[i] * (2i + 1) mod 2^64, as gen_torch_randn.py computes it */
static uint64_t cogt_wsum(const float *x, size_t n)
{
    uint64_t s = 0;
    size_t i;
    for (i = 0; i < n; ++i)
        s += (uint64_t)cogt_bits(x[i]) * ((uint64_t)i * 2u + 1u);
    return s;
}

typedef struct cogt_stats {
    unsigned long records, values, by_checksum, mismatches;
    uint64_t max_ulp;
} cogt_stats;

static void cogt_compare(cogt_stats *st, unsigned long long seed, size_t n,
                         size_t i, float got, uint32_t want)
{
    uint32_t g = cogt_bits(got);
    if (g != want) {
        uint64_t d = cogt_ulp_dist(g, want);
        if (st->mismatches < 10)
            fprintf(stderr, "randn: seed %llu n %lu [%lu]: got %08lx, torch %08lx (%lu ulp)\n",
                    seed, (unsigned long)n, (unsigned long)i, (unsigned long)g,
                    (unsigned long)want, (unsigned long)d);
        ++st->mismatches;
        if (d > st->max_ulp) st->max_ulp = d;
    }
}

/* Argument checks and the promise not to write outside out[0..n). */
static void test_bounds(void)
{
    float buf[20];
    int i;
    CHECK_STATUS(cog_randn_torch(0, NULL, 0), COG_OK);
    CHECK_STATUS(cog_randn_torch(0, NULL, 1), COG_ERR_ARG);
    for (i = 0; i < 20; ++i) buf[i] = 1234.5f;
    CHECK_STATUS(cog_randn_torch(7, buf + 1, 17), COG_OK);
    CHECK(buf[0] == 1234.5f && buf[18] == 1234.5f && buf[19] == 1234.5f);
    for (i = 0; i < 20; ++i) buf[i] = 1234.5f;
    CHECK_STATUS(cog_randn_torch(7, buf + 1, 5), COG_OK);
    CHECK(buf[0] == 1234.5f && buf[6] == 1234.5f);
}

/* Every 24-bit uniform through the batch transform of the run-time AVX2 +
 * FMA build (vectorised, hardware FMA) and of the portable kernel
 * (emulated FMA), chosen with the test hook cog_test_kernels: the same
 * bits. Covers every input of the log and sincos polynomials. */
static void test_paths_agree(void)
{
    enum { B = 128 }; /* one batch: 8 torch blocks of 16 */
    uint32_t w[B], u;
    float a[B], b[B];
    unsigned long bad = 0;
    if (cog_test_kernels(2) < 2)
        COGT_SKIP("no run-time AVX2+FMA build in this unit, or no AVX2+FMA "
                  "CPU: there is one path only");
    for (u = 0; u < (1u << 24); u += B / 2) {
        int i, j;
        for (i = 0; i < B / 16; ++i)
            for (j = 0; j < 8; ++j) {
                uint32_t v = u + (uint32_t)(8 * i + j);
                /* radius input v, angle input a bijection of v; top bits
                 * must be ignored */
                w[16 * i + j] = v | 0xa5000000u;
                w[16 * i + 8 + j] = ((v * 2654435761u) & 0xffffffu) | 0x5a000000u;
            }
        cog_test_kernels(0);
        cog_test_randn_batch(w, a);
        cog_test_kernels(2);
        cog_test_randn_batch(w, b);
        for (i = 0; i < B; ++i)
            if (cogt_bits(a[i]) != cogt_bits(b[i]) && bad++ < 5)
                fprintf(stderr, "randn: word %08lx: emulated %08lx, AVX2+FMA %08lx\n",
                        (unsigned long)w[i], (unsigned long)cogt_bits(a[i]),
                        (unsigned long)cogt_bits(b[i]));
    }
    printf("randn: all 2^24 uniforms, emulated vs AVX2+FMA path: %lu mismatches\n", bad);
    CHECK(bad == 0);
}

static const char *g_path = COGT_RANDN_DEFAULT_PATH;

/* Every record of the file: each value bit for bit, or (sparse records)
 * some values and the checksum over all of them. One check per record. */
static void test_torch_values(void)
{
    const char *path = g_path;
    FILE *f = fopen(path, "r");
    cogt_stats st;
    char word[32];
    float *x = NULL;
    size_t cap = 0;
    int failed = 0;

    memset(&st, 0, sizeof st);
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "randn: cannot open %s\n", path);
        return;
    }
    while (fscanf(f, "%31s", word) == 1) {
        unsigned long long seed;
        unsigned long n_ul, mismatches0 = st.mismatches;
        size_t n, i;
        int sparse;
        if (word[0] == '#') { /* comment: skip the rest of the line */
            int c;
            while ((c = fgetc(f)) != EOF && c != '\n') {}
            continue;
        }
        sparse = strcmp(word, "sparse") == 0;
        if ((!sparse && strcmp(word, "full") != 0) ||
            fscanf(f, "%llu %lu", &seed, &n_ul) != 2 || n_ul == 0) {
            fprintf(stderr, "randn: bad record '%s' in %s\n", word, path);
            failed = 1;
            break;
        }
        n = (size_t)n_ul;
        if (n > cap) {
            free(x);
            x = (float *)malloc(n * sizeof *x);
            cap = n;
            if (!x) {
                fprintf(stderr, "randn: out of memory\n");
                failed = 1;
                break;
            }
        }
        if (cog_randn_torch((uint64_t)seed, x, n) != COG_OK) {
            fprintf(stderr, "randn: cog_randn_torch failed (seed %llu n %lu)\n", seed, n_ul);
            failed = 1;
            break;
        }
        ++st.records;
        if (!sparse) {
            for (i = 0; i < n; ++i) {
                unsigned long want;
                if (fscanf(f, "%lx", &want) != 1) { failed = 1; break; }
                cogt_compare(&st, seed, n, i, x[i], (uint32_t)want);
            }
            st.values += (unsigned long)n;
        } else {
            unsigned long long wsum;
            unsigned long k, j;
            if (fscanf(f, "%llx %lu", &wsum, &k) != 2) { failed = 1; break; }
            for (j = 0; j < k; ++j) {
                unsigned long idx, want;
                if (fscanf(f, "%lu %lx", &idx, &want) != 2 || idx >= n_ul) { failed = 1; break; }
                cogt_compare(&st, seed, n, (size_t)idx, x[idx], (uint32_t)want);
            }
            if (cogt_wsum(x, n) != (uint64_t)wsum) {
                fprintf(stderr, "randn: seed %llu n %lu: checksum %016llx, torch %016llx\n",
                        seed, n_ul, (unsigned long long)cogt_wsum(x, n), wsum);
                ++st.mismatches;
            }
            st.values += (unsigned long)n;
            st.by_checksum += (unsigned long)n;
        }
        if (failed) {
            fprintf(stderr, "randn: truncated record (seed %llu n %lu) in %s\n", seed, n_ul, path);
            break;
        }
        CHECK(st.mismatches == mismatches0);
    }
    fclose(f);
    free(x);
    if (st.records == 0) fprintf(stderr, "randn: no records in %s\n", path);
    CHECK(st.records > 0);
    CHECK(!failed); /* the file was read to its end */
    printf("randn: %lu values checked (%lu records, %lu via checksum), %lu mismatches, max ulp %lu\n",
           st.values, st.records, st.by_checksum, st.mismatches, (unsigned long)st.max_ulp);
}

static const cogt_test tests[] = {
    COGT_TEST(randn, torch_values),
    COGT_TEST(randn, bounds),
    COGT_TEST(randn, paths_agree),
};

int main(int argc, char **argv)
{
    /* a first argument that is not an option names the data file */
    if (argc > 1 && argv[1][0] != '-') {
        g_path = argv[1];
        argv[1] = argv[0];
        return cogt_main(argc - 1, argv + 1, tests, COGT_COUNT(tests));
    }
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
