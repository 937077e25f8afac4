/* fuzz_util.h - turns a libFuzzer input into sizes, floats, doubles and
 * choices for cog.h's fuzz targets, plus the property checks they share.
 *
 * The first bytes of the input decide the structure (sizes, which pointer
 * is NULL or aliased, where NaN/Inf go); values come from the following
 * bytes. When the input runs out, values come from a generator seeded by
 * the input, and those are always ordinary finite numbers, so non-finite
 * values only appear where the input put them. */
#ifndef COG_FUZZ_UTIL_H
#define COG_FUZZ_UTIL_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fz {
    const uint8_t *p;
    size_t n;
    uint64_t rng;
} fz;

static void fz_init(fz *f, const uint8_t *data, size_t size)
{
    size_t i;
    f->p = data;
    f->n = size;
    f->rng = 0x9E3779B97F4A7C15ull ^ size;
    for (i = 0; i < size && i < 64; ++i)
        f->rng = (f->rng ^ data[i]) * 0x100000001B3ull;
}

static uint64_t fz_next(fz *f)
{
    uint64_t z = (f->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int fz_left(const fz *f) { return f->n > 0; }

static uint8_t fz_u8(fz *f)
{
    if (f->n) {
        --f->n;
        return *f->p++;
    }
    return (uint8_t)(fz_next(f) >> 56);
}

static uint32_t fz_u16(fz *f)
{
    uint32_t a = fz_u8(f);
    return a | ((uint32_t)fz_u8(f) << 8);
}

static uint64_t fz_u64(fz *f)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; ++i) v |= (uint64_t)fz_u8(f) << (8 * i);
    return v;
}

/* A float: mostly moderate values, sometimes zeros, NaN, Inf, huge,
 * subnormal or raw bit patterns - but only while input bytes last. */
static float fz_float(fz *f)
{
    uint8_t c;
    if (!f->n) {
        /* finite filler in [-4, 4) */
        return (float)((double)(fz_next(f) >> 40) / 2097152.0 - 4.0);
    }
    c = fz_u8(f);
    if (c < 200) return (float)((int32_t)fz_u16(f) - 32768) / 8192.0f;
    switch (c % 16) {
    case 0: return 0.0f;
    case 1: return -0.0f;
    case 2: return NAN;
    case 3: return INFINITY;
    case 4: return -INFINITY;
    case 5: return FLT_MAX;
    case 6: return -3e38f;
    case 7: return 1e-45f;
    case 8: return -FLT_MIN;
    case 9: return 1e30f;
    case 10: return 1e-30f;
    default: {
        uint32_t bits = fz_u16(f) | (fz_u16(f) << 16);
        float v;
        memcpy(&v, &bits, sizeof v);
        return v;
    }
    }
}

/* A double weight / coordinate, same idea. */
static double fz_double(fz *f)
{
    uint8_t c;
    if (!f->n) return (double)(fz_next(f) >> 11) / 4503599627370496.0 - 1.0;
    c = fz_u8(f);
    if (c < 200) return (double)((int32_t)fz_u16(f) - 32768) / 8192.0;
    switch (c % 16) {
    case 0: return 0.0;
    case 1: return -0.0;
    case 2: return NAN;
    case 3: return INFINITY;
    case 4: return -INFINITY;
    case 5: return 1e300;
    case 6: return -1e200;
    case 7: return 4.9e-324;
    case 8: return 1e-6;
    case 9: return 1e-12;
    case 10: return 1e154;
    default: {
        uint64_t bits = fz_u64(f);
        double v;
        memcpy(&v, &bits, sizeof v);
        return v;
    }
    }
}

static int fz_finite(double x) { return x - x == 0.0; }

static int fz_all_finite_f(const float *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (!fz_finite(v[i])) return 0;
    return 1;
}

/* Same bits, except that any two NaNs count as equal: which NaN an
 * operation on two NaNs returns depends on the operand order the compiler
 * picked, so cog.h promises NaN where NaN is due, not its payload. */
static int fz_same_bits_f(const float *a, const float *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (memcmp(a + i, b + i, sizeof *a) != 0 &&
            !(a[i] != a[i] && b[i] != b[i]))
            return 0;
    return 1;
}

static int fz_all_finite_d(const double *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (!fz_finite(v[i])) return 0;
    return 1;
}

/* A size: usually small, sometimes around the 512-float block. */
static size_t fz_dim(fz *f)
{
    const uint8_t c = fz_u8(f);
    if (c < 160) return 1 + c % 40;
    if (c < 230) return 1 + fz_u16(f) % 1100;
    return 509 + c % 8; /* 509..516: straddle the block size */
}

#define FZ_ASSERT(c)                                                         \
    do {                                                                     \
        if (!(c)) {                                                          \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__,        \
                    __LINE__, #c);                                           \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* A status must be one of the enum's values. */
#define FZ_STATUS_OK(st)                                                     \
    FZ_ASSERT((int)(st) <= (int)COG_OK && (int)(st) >= (int)COG_ERR_MEMORY && \
              strcmp(cog_result_string(st), "unknown cog_result") != 0)

static void *fz_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

#endif /* COG_FUZZ_UTIL_H */
