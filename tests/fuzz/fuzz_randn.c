/* fuzz_randn.c - libFuzzer target for cog_randn_torch.
 * Properties checked, for fuzzed (seed, n):
 *   - COG_OK, and every value finite with |x| < 9 (Box-Muller from 24-bit
 *     uniforms stays below 5.8, from 53-bit ones below 8.6);
 *   - nothing past out[n - 1] is written; n = 0 writes nothing;
 *   - deterministic (two calls give the same bits) and only the low 32
 *     bits of the seed matter;
 *   - for n >= 16 the whole blocks before the tail are the values of
 *     randn(floor(n / 16) * 16): the first n - 16 values of randn(n) equal
 *     those of randn(n rounded down to a multiple of 16), and randn(16 m)
 *     is a prefix of randn(16 (m + 1));
 *   - out NULL with n > 0 is COG_ERR_ARG. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f;
    uint64_t seed;
    size_t n, i, full;
    float *a, *b;
    fz_init(&f, data, size);
    seed = fz_u64(&f);
    n = fz_u16(&f) % 3000;
    if (fz_u8(&f) < 64) n %= 40; /* the small and tail paths often */
    a = (float *)fz_malloc((n + 32) * sizeof(float));
    b = (float *)fz_malloc((n + 32) * sizeof(float));
    memset(a, 0xA5, (n + 32) * sizeof(float));
    memset(b, 0x5A, (n + 32) * sizeof(float));
    FZ_ASSERT(cog_randn_torch(seed, a, n) == COG_OK);
    for (i = 0; i < n; ++i) FZ_ASSERT(fz_finite(a[i]) && fabsf(a[i]) < 9.0f);
    for (i = n * sizeof(float); i < (n + 32) * sizeof(float); ++i)
        FZ_ASSERT(((unsigned char *)a)[i] == 0xA5);
    /* same low 32 bits, different high bits: same values */
    FZ_ASSERT(cog_randn_torch((seed & 0xffffffffu) |
                                  ((uint64_t)fz_u16(&f) << 40),
                              b, n) == COG_OK);
    FZ_ASSERT(memcmp(a, b, n * sizeof(float)) == 0);
    full = n / 16 * 16;
    if (n >= 16) {
        FZ_ASSERT(cog_randn_torch(seed, b, full) == COG_OK);
        if (full != n)
            FZ_ASSERT(memcmp(a, b, (n - 16) * sizeof(float)) == 0);
        FZ_ASSERT(cog_randn_torch(seed, b, full + 16) == COG_OK);
        FZ_ASSERT(memcmp(a, b, (full == n ? n : n - 16) * sizeof(float)) == 0);
    }
    FZ_ASSERT(cog_randn_torch(seed, NULL, 0) == COG_OK);
    FZ_ASSERT(cog_randn_torch(seed, NULL, n + 1) == COG_ERR_ARG);
    free(a);
    free(b);
    return 0;
}
