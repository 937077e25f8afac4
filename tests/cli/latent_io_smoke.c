/* latent_io_smoke.c - writer/reader round trips and a fuzz-style smoke test
 * of examples/cli/latent_io: valid .npy and .safetensors buffers are mutated
 * at random (bit flips, byte changes, structural characters, truncation,
 * extension) and fed to the parsers from an exactly sized heap copy, so a
 * sanitizer or valgrind sees any read past the buffer. The parsers must
 * never crash, and a successful parse must describe data inside the buffer.
 *
 *   latent_io_smoke [iterations] [--list] [--filter=PATTERN]
 *                                    (default 200000; deterministic)
 *
 * The real coverage-guided fuzzers live elsewhere; this keeps the readers
 * honest in every ordinary ctest run. Named tests (tests/test_util.h). */
#include "latent_io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test_util.h"

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 16);
}

typedef struct seedbuf {
    unsigned char *p;
    size_t n;
} seedbuf;

static seedbuf make_npy(lio_dtype dt, const size_t *shape, size_t ndim)
{
    seedbuf s;
    size_t count = 1, i, h, es = lio_dtype_size(dt);
    for (i = 0; i < ndim; ++i) count *= shape[i];
    s.p = (unsigned char *)malloc(4096 + count * es);
    h = lio_npy_header(s.p, 4096, dt, shape, ndim);
    for (i = 0; i < count; ++i) {
        if (dt == LIO_F32) {
            float v = (float)i * 0.5f - 3.0f;
            lio_put_f32le(&v, 1, s.p + h + 4 * i);
        } else {
            double v = (double)i * 0.25 - 1.0;
            lio_put_f64le(&v, 1, s.p + h + 8 * i);
        }
    }
    s.n = h + count * es;
    return s;
}

static seedbuf make_text(const char *json, size_t payload)
{
    seedbuf s;
    const size_t n = strlen(json);
    size_t i;
    s.p = (unsigned char *)malloc(8 + n + payload + 1);
    for (i = 0; i < 8; ++i) s.p[i] = (unsigned char)((uint64_t)n >> (8 * i));
    memcpy(s.p + 8, json, n);
    for (i = 0; i < payload; ++i) s.p[8 + n + i] = (unsigned char)(i * 37);
    s.n = 8 + n + payload;
    return s;
}

static void parse_all(const unsigned char *buf, size_t len)
{
    static const char *names[] = {NULL, "a", "latent_tensor", "b\xc3\xa9"};
    lio_tensor t;
    lio_error e;
    size_t i;
    for (i = 0; i < 5; ++i) {
        const char *msg = i == 0 ? lio_parse_npy(buf, len, &t, &e)
                                 : lio_parse_safetensors(buf, len,
                                                         names[i - 1], &t, &e);
        if (msg) {
            CHECK(strlen(msg) > 0 && strchr(msg, '\n') == NULL);
            CHECK(t.count == 0 && t.data == NULL);
            continue;
        }
        CHECK(t.data >= buf && t.nbytes <= len &&
              (size_t)(t.data - buf) <= len - t.nbytes);
        CHECK(t.nbytes == t.count * lio_dtype_size(t.dtype));
        if (t.count <= (1u << 20)) {
            float *f = (float *)malloc(t.count * sizeof *f + 1);
            double *d = (double *)malloc(t.count * sizeof *d + 1);
            size_t bf = lio_to_f32(&t, f), bd = lio_to_f64(&t, d);
            CHECK(bf <= t.count && bd <= t.count);
            free(f);
            free(d);
        }
    }
}

static void test_round_trips(void)
{
    static const size_t shape[3] = {2, 3, 4};
    unsigned char hdr[1024];
    float x[24], back[24];
    double xd[24], backd[24];
    size_t i, h, payload;
    lio_tensor t;
    lio_error e;
    unsigned char *buf;
    lio_tensor_spec specs[2];
    static const size_t zero = 0;

    for (i = 0; i < 24; ++i) {
        x[i] = (float)i / 3.0f - 2.0f;
        xd[i] = (double)i / 7.0 - 1.0;
    }
    /* .npy float32 */
    h = lio_npy_header(hdr, sizeof hdr, LIO_F32, shape, 3);
    CHECK(h > 0 && h % 64 == 0);
    buf = (unsigned char *)malloc(h + sizeof x);
    memcpy(buf, hdr, h);
    lio_put_f32le(x, 24, buf + h);
    CHECK(lio_parse_npy(buf, h + sizeof x, &t, &e) == NULL);
    CHECK(t.dtype == LIO_F32 && t.ndim == 3 && t.shape[2] == 4 && t.count == 24);
    CHECK(lio_to_f32(&t, back) == 24 && memcmp(back, x, sizeof x) == 0);
    CHECK(lio_parse_npy(buf, h + sizeof x - 1, &t, &e) != NULL);
    free(buf);
    /* .npy float64, 0-d and 1-d */
    h = lio_npy_header(hdr, sizeof hdr, LIO_F64, shape, 1);
    buf = (unsigned char *)malloc(h + 16);
    memcpy(buf, hdr, h);
    lio_put_f64le(xd, 2, buf + h);
    CHECK(lio_parse_npy(buf, h + 16, &t, &e) == NULL && t.ndim == 1 &&
          t.count == 2 && t.dtype == LIO_F64);
    CHECK(lio_to_f64(&t, backd) == 2 && backd[1] == xd[1]);
    free(buf);
    h = lio_npy_header(hdr, sizeof hdr, LIO_F32, NULL, 0);
    CHECK(h > 0);
    buf = (unsigned char *)malloc(h + 4);
    memcpy(buf, hdr, h);
    lio_put_f32le(x, 1, buf + h);
    CHECK(lio_parse_npy(buf, h + 4, &t, &e) == NULL && t.ndim == 0 &&
          t.count == 1);
    free(buf);
    CHECK(lio_npy_header(hdr, 10, LIO_F32, shape, 3) == 0);
    CHECK(lio_npy_header(hdr, sizeof hdr, LIO_F16, shape, 3) == 0);

    /* safetensors: a latent and ComfyUI's empty marker, with a name that
     * needs escaping */
    specs[0].name = "lat\"ent\\\x01";
    specs[0].dtype = LIO_F64;
    specs[0].ndim = 3;
    specs[0].shape = shape;
    specs[1].name = "latent_format_version_0";
    specs[1].dtype = LIO_F32;
    specs[1].ndim = 1;
    specs[1].shape = &zero;
    h = lio_safetensors_header(hdr, sizeof hdr, specs, 2, &payload);
    CHECK(h > 8 && (h - 8) % 8 == 0 && payload == sizeof xd);
    buf = (unsigned char *)malloc(h + payload);
    memcpy(buf, hdr, h);
    lio_put_f64le(xd, 24, buf + h);
    CHECK(lio_parse_safetensors(buf, h + payload, "lat\"ent\\\x01", &t, &e) ==
          NULL);
    CHECK(t.dtype == LIO_F64 && t.count == 24 && t.shape[0] == 2);
    CHECK(lio_to_f64(&t, backd) == 24 && memcmp(backd, xd, sizeof xd) == 0);
    CHECK(lio_parse_safetensors(buf, h + payload, "latent_format_version_0",
                                &t, &e) == NULL &&
          t.count == 0 && t.ndim == 1);
    CHECK(lio_parse_safetensors(buf, h + payload, NULL, &t, &e) != NULL);
    CHECK(strstr(e.msg, "FILE:NAME") != NULL);
    CHECK(lio_parse_safetensors(buf, h + payload, "zzz", &t, &e) != NULL);
    CHECK(strstr(e.msg, "zzz") != NULL);
    CHECK(lio_safetensors_header(hdr, 40, specs, 2, NULL) == 0);
    free(buf);

    /* conversions: float16 and bfloat16 specials, float64 overflow */
    {
        static const char *j =
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
            "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[12,20]},"
            "\"__metadata__\":{\"k\":\"v\\u00e9\\ud83d\\ude00\"}}";
        seedbuf s = make_text(j, 20);
        unsigned char *p = s.p + 8 + strlen(j);
        float f[4];
        double big = 1e300;
        /* f16: 1.0, smallest subnormal, -2.0, +Inf */
        p[0] = 0x00; p[1] = 0x3c; p[2] = 0x01; p[3] = 0x00;
        p[4] = 0x00; p[5] = 0xc0; p[6] = 0x00; p[7] = 0x7c;
        /* bf16: 1.0, -0.5 */
        p[8] = 0x80; p[9] = 0x3f; p[10] = 0x00; p[11] = 0xbf;
        lio_put_f64le(&big, 1, p + 12);
        CHECK(lio_parse_safetensors(s.p, s.n, "h", &t, &e) == NULL);
        CHECK(lio_to_f32(&t, f) == 3);
        CHECK(f[0] == 1.0f && f[1] == 5.9604644775390625e-8f && f[2] == -2.0f &&
              isinf(f[3]));
        CHECK(lio_parse_safetensors(s.p, s.n, "b", &t, &e) == NULL);
        CHECK(lio_to_f32(&t, f) == 2 && f[0] == 1.0f && f[1] == -0.5f);
        CHECK(lio_parse_safetensors(s.p, s.n, "d", &t, &e) == NULL);
        CHECK(lio_to_f32(&t, f) == 0 && isinf(f[0]));
        CHECK(lio_to_f64(&t, backd) == 1 && backd[0] == 1e300);
        free(s.p);
    }
}

static size_t g_iters = 200000;

/* Mutated seeds through both parsers. */
static void test_mutations(void)
{
    static const size_t s1[4] = {2, 4, 3, 3}, s2[1] = {5};
    static const char *structural = "{}[](),:\"'\\ 0123456789-.eELTrueFalse";
    seedbuf seeds[8];
    size_t nseeds = 0, it, iters = g_iters;

    seeds[nseeds++] = make_npy(LIO_F32, s1, 4);
    seeds[nseeds++] = make_npy(LIO_F64, s2, 1);
    {
        /* the same as format 2.0 (4-byte header length) */
        seedbuf s = make_npy(LIO_F32, s2, 1);
        const size_t hl = (size_t)s.p[8] | (size_t)s.p[9] << 8;
        s.p[6] = 2;
        memmove(s.p + 12, s.p + 10, s.n - 10);
        s.p[8] = (unsigned char)hl;
        s.p[9] = (unsigned char)(hl >> 8);
        s.p[10] = s.p[11] = 0;
        s.n += 2;
        seeds[nseeds++] = s;
    }
    seeds[nseeds++] = make_text(
        "{\"__metadata__\":{\"format\":\"pt\"},\"latent_tensor\":{\"dtype\":"
        "\"F32\",\"shape\":[1,2,2],\"data_offsets\":[0,16]},"
        "\"latent_format_version_0\":{\"dtype\":\"F32\",\"shape\":[0],"
        "\"data_offsets\":[16,16]}}",
        16);
    seeds[nseeds++] = make_text(
        "{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
        "\"b\\u00e9\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[6,"
        "10]}}   ",
        10);
    seeds[nseeds++] = make_text(
        "{\"x\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16],"
        "\"extra\":[1,{\"y\":null},true,-1.5e3]}}",
        16);

    {
        /* the seeds themselves parse */
        lio_tensor t;
        lio_error e;
        CHECK(lio_parse_npy(seeds[0].p, seeds[0].n, &t, &e) == NULL);
        CHECK(lio_parse_npy(seeds[1].p, seeds[1].n, &t, &e) == NULL);
        CHECK(lio_parse_npy(seeds[2].p, seeds[2].n, &t, &e) == NULL &&
              t.count == 5);
        CHECK(lio_parse_safetensors(seeds[3].p, seeds[3].n, NULL, &t, &e) ==
                  NULL &&
              t.count == 4);
        CHECK(lio_parse_safetensors(seeds[4].p, seeds[4].n, "b\xc3\xa9", &t,
                                    &e) == NULL &&
              t.dtype == LIO_F16);
        CHECK(lio_parse_safetensors(seeds[5].p, seeds[5].n, NULL, &t, &e) !=
              NULL);
        CHECK(strstr(e.msg, "I64") != NULL);
    }
    for (it = 0; it < iters; ++it) {
        const seedbuf *s = &seeds[rnd() % nseeds];
        size_t n = s->n, k, nmut = 1 + rnd() % 4;
        unsigned char *b;
        if (rnd() % 8 == 0) n += rnd() % 16;          /* extend */
        b = (unsigned char *)malloc(n ? n : 1);
        memcpy(b, s->p, n < s->n ? n : s->n);
        for (k = s->n; k < n; ++k) b[k] = (unsigned char)rnd();
        for (k = 0; k < nmut && n > 0; ++k) {
            const size_t pos = rnd() % n;
            switch (rnd() % 5) {
            case 0: b[pos] ^= (unsigned char)(1u << (rnd() % 8)); break;
            case 1: b[pos] = (unsigned char)rnd(); break;
            case 2: b[pos] = (unsigned char)structural[rnd() % strlen(structural)]; break;
            case 3: b[pos] = (unsigned char)(rnd() % 2 ? 0xff : 0x00); break;
            default: n = pos; break;                      /* truncate */
            }
        }
        {
            /* exact-size copy: any overread leaves the allocation */
            unsigned char *exact = (unsigned char *)malloc(n ? n : 1);
            memcpy(exact, b, n);
            parse_all(n ? exact : NULL, n);
            free(exact);
        }
        free(b);
    }
    for (it = 0; it < nseeds; ++it) free(seeds[it].p);
}

static const cogt_test tests[] = {
    COGT_TEST(latent_io, round_trips),
    COGT_TEST(latent_io, mutations),
};

int main(int argc, char **argv)
{
    /* a first argument that is not an option is the iteration count */
    if (argc > 1 && argv[1][0] != '-') {
        g_iters = (size_t)strtoul(argv[1], NULL, 10);
        argv[1] = argv[0];
        return cogt_main(argc - 1, argv + 1, tests, COGT_COUNT(tests));
    }
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
