/* paper_data.c - the procedural image set, the generator behind it, sample
 * sheets and a dependency-free PNG encoder (see paper.h). */
#include "paper.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* ------------------------------------------------------------------ rng */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void paper_rng_seed(paper_rng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t paper_rng_next(paper_rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

double paper_rng_uniform(paper_rng *r)
{
    return (double)(paper_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double paper_rng_normal(paper_rng *r)
{
    /* Box-Muller, one value per call (simple and stateless beyond r). */
    double u1 = 1.0 - paper_rng_uniform(r), u2 = paper_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

/* --------------------------------------------------------------- classes */

static const char *const class_names[PAPER_CLASSES] = {
    "disc", "ring", "square", "triangle", "cross", "bars"
};

const char *paper_class_name(int label)
{
    return label >= 0 && label < PAPER_CLASSES ? class_names[label] : "?";
}

int paper_class_from_name(const char *name)
{
    int c;
    for (c = 0; c < PAPER_CLASSES; c++)
        if (name && strcmp(name, class_names[c]) == 0) return c;
    return -1;
}

/* Shape parameters of one image. Local coordinates: the shape's centre at
 * the origin, its outer radius 1, rotated by the image's angle. */
typedef struct shape {
    int cls;
    double cx, cy, radius, angle, stroke, intensity;
} shape;

static int inside(const shape *s, double qx, double qy)
{
    double r2 = qx * qx + qy * qy, w = s->stroke;
    int k;
    switch (s->cls) {
    case 0: /* disc */
        return r2 <= 1.0;
    case 1: /* ring: stroke is the ring's width relative to the radius */
        return r2 <= 1.0 && r2 >= (1.0 - w) * (1.0 - w);
    case 2: /* square (half side 0.85 so its area is close to the disc's) */
        return fabs(qx) <= 0.85 && fabs(qy) <= 0.85;
    case 3: /* equilateral triangle of inradius 0.58 (circumradius 1.16) */
        for (k = 0; k < 3; k++) {
            double a = -0.5 * PI + 2.0 * PI * k / 3.0;
            if (qx * cos(a) + qy * sin(a) > 0.58) return 0;
        }
        return 1;
    case 4: /* plus-shaped cross of arm width w */
        return (fabs(qx) <= 0.5 * w && fabs(qy) <= 1.0) ||
               (fabs(qy) <= 0.5 * w && fabs(qx) <= 1.0);
    default: /* bars: three parallel stripes of width w */
        if (fabs(qx) > 0.9 || fabs(qy) > 1.0) return 0;
        for (k = -1; k <= 1; k++)
            if (fabs(qy - 0.72 * k) <= 0.5 * w) return 1;
        return 0;
    }
}

static void draw_params(uint64_t seed, int split, size_t index, shape *s)
{
    paper_rng r;
    double margin;
    uint64_t key = seed * 0x9E3779B97F4A7C15ull ^
                   ((uint64_t)(split + 1) * 0xD1B54A32D192ED03ull) ^
                   ((uint64_t)index * 0x8CB92BA72F3D8DD7ull + 0x632BE59BD9B4E019ull);
    paper_rng_seed(&r, key);
    s->cls = (int)(index % PAPER_CLASSES);
    s->radius = 4.5 + 2.0 * paper_rng_uniform(&r);        /* pixels */
    margin = 0.5 * PAPER_SIDE - s->radius - 0.5;
    if (margin > 1.5) margin = 1.5;
    if (margin < 0.0) margin = 0.0;
    s->cx = 0.5 * PAPER_SIDE + margin * (2.0 * paper_rng_uniform(&r) - 1.0);
    s->cy = 0.5 * PAPER_SIDE + margin * (2.0 * paper_rng_uniform(&r) - 1.0);
    s->angle = 2.0 * PI * paper_rng_uniform(&r);
    switch (s->cls) {
    case 1: s->stroke = 0.28 + 0.17 * paper_rng_uniform(&r); break;
    case 4: s->stroke = 0.32 + 0.18 * paper_rng_uniform(&r); break;
    case 5: s->stroke = 0.26 + 0.12 * paper_rng_uniform(&r); break;
    default: s->stroke = 0.0; (void)paper_rng_uniform(&r); break;
    }
    s->intensity = 0.6 + 0.4 * paper_rng_uniform(&r);
}

/* 4 x 4 supersampling per pixel: antialiased edges. */
#define SUPER 4

static void render(const shape *s, float *pix)
{
    double c = cos(s->angle), sn = sin(s->angle), inv = 1.0 / s->radius;
    int y, x, sy, sx;
    for (y = 0; y < PAPER_SIDE; y++)
        for (x = 0; x < PAPER_SIDE; x++) {
            int hits = 0;
            for (sy = 0; sy < SUPER; sy++)
                for (sx = 0; sx < SUPER; sx++) {
                    double px = x + (sx + 0.5) / SUPER - s->cx;
                    double py = y + (sy + 0.5) / SUPER - s->cy;
                    double qx = (c * px + sn * py) * inv;
                    double qy = (-sn * px + c * py) * inv;
                    hits += inside(s, qx, qy);
                }
            pix[y * PAPER_SIDE + x] =
                (float)(s->intensity * hits / (double)(SUPER * SUPER));
        }
}

int paper_images(uint64_t seed, int split, size_t first, size_t n,
                 float *pix, int *labels)
{
    size_t i;
    if (split != PAPER_TRAIN && split != PAPER_TEST) return PAPER_EARG;
    if (n > 0 && !pix) return PAPER_EARG;
    for (i = 0; i < n; i++) {
        shape s;
        draw_params(seed, split, first + i, &s);
        render(&s, pix + i * PAPER_DIM);
        if (labels) labels[i] = s.cls;
    }
    return PAPER_OK;
}

/* ---------------------------------------------------------------- sheets */

int paper_sheet(const float *images, size_t n, int cols, int zoom,
                unsigned char **pix, int *w, int *h)
{
    int rows, W, H, cell;
    size_t i;
    unsigned char *p;
    *pix = NULL;
    if (n == 0 || cols < 1 || zoom < 1 || zoom > 64 || n > 1u << 20)
        return PAPER_EARG;
    if ((size_t)cols > n) cols = (int)n;
    rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
    cell = PAPER_SIDE * zoom + 1;
    W = cols * cell + 1;
    H = rows * cell + 1;
    p = (unsigned char *)malloc((size_t)W * (size_t)H);
    if (!p) return PAPER_ENOMEM;
    memset(p, 40, (size_t)W * (size_t)H); /* dark gray gaps */
    for (i = 0; i < n; i++) {
        int r0 = (int)(i / (size_t)cols) * cell + 1;
        int c0 = (int)(i % (size_t)cols) * cell + 1;
        int y, x;
        for (y = 0; y < PAPER_SIDE * zoom; y++)
            for (x = 0; x < PAPER_SIDE * zoom; x++) {
                double v = images[i * PAPER_DIM +
                                  (size_t)(y / zoom) * PAPER_SIDE + x / zoom];
                if (!(v > 0.0)) v = 0.0; /* also NaN */
                if (v > 1.0) v = 1.0;
                p[(size_t)(r0 + y) * (size_t)W + (size_t)(c0 + x)] =
                    (unsigned char)(v * 255.0 + 0.5);
            }
    }
    *pix = p;
    *w = W;
    *h = H;
    return PAPER_OK;
}

/* ------------------------------------------------------------------ PNG */

static uint32_t crc_update(uint32_t crc, const unsigned char *p, size_t n)
{
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Append a chunk (length, type, data, CRC over type and data). */
static unsigned char *put_chunk(unsigned char *o, const char *type,
                                const unsigned char *data, size_t len)
{
    uint32_t crc;
    put_be32(o, (uint32_t)len);
    memcpy(o + 4, type, 4);
    if (len) memcpy(o + 8, data, len);
    crc = crc_update(0xFFFFFFFFu, o + 4, len + 4) ^ 0xFFFFFFFFu;
    put_be32(o + 8 + len, crc);
    return o + 12 + len;
}

int paper_png_gray(const unsigned char *pix, int w, int h,
                   unsigned char **out, size_t *len)
{
    size_t raw, nblocks, zlen, total, i, pos;
    unsigned char *z, *o, *p;
    uint32_t a = 1, b = 0;
    static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    unsigned char ihdr[13];
    *out = NULL;
    *len = 0;
    if (w < 1 || h < 1 || w > 1 << 15 || h > 1 << 15) return PAPER_EARG;
    raw = (size_t)h * ((size_t)w + 1); /* a filter byte (0) per row */
    nblocks = (raw + 65534) / 65535;
    zlen = 2 + raw + 5 * nblocks + 4;
    total = 8 + (12 + 13) + (12 + zlen) + 12;
    z = (unsigned char *)malloc(zlen);
    o = (unsigned char *)malloc(total);
    if (!z || !o) {
        free(z);
        free(o);
        return PAPER_ENOMEM;
    }
    /* zlib stream: header, stored blocks, Adler-32 of the raw bytes. */
    z[0] = 0x78;
    z[1] = 0x01;
    p = z + 2;
    pos = 0;
    while (pos < raw) {
        size_t n = raw - pos > 65535 ? 65535 : raw - pos;
        p[0] = (unsigned char)(pos + n == raw);
        p[1] = (unsigned char)(n & 0xFF);
        p[2] = (unsigned char)(n >> 8);
        p[3] = (unsigned char)(~n & 0xFF);
        p[4] = (unsigned char)((~n >> 8) & 0xFF);
        p += 5;
        for (i = pos; i < pos + n; i++) {
            size_t row = i / ((size_t)w + 1), col = i % ((size_t)w + 1);
            unsigned char v = col == 0 ? 0 : pix[row * (size_t)w + col - 1];
            *p++ = v;
            a = (a + v) % 65521u;
            b = (b + a) % 65521u;
        }
        pos += n;
    }
    put_be32(p, (b << 16) | a);
    memcpy(o, sig, 8);
    put_be32(ihdr, (uint32_t)w);
    put_be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 0;  /* grayscale */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering (every row: None) */
    ihdr[12] = 0; /* no interlace */
    p = put_chunk(o + 8, "IHDR", ihdr, 13);
    p = put_chunk(p, "IDAT", z, zlen);
    p = put_chunk(p, "IEND", NULL, 0);
    free(z);
    *out = o;
    *len = (size_t)(p - o);
    return PAPER_OK;
}
