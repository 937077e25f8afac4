/* latent_io.c - see latent_io.h. Written from the format descriptions only:
 * NumPy's NEP 1 (.npy) and the safetensors README. */
#include "latent_io.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

size_t lio_dtype_size(lio_dtype d)
{
    switch (d) {
    case LIO_F16: return 2;
    case LIO_BF16: return 2;
    case LIO_F32: return 4;
    case LIO_F64: return 8;
    }
    return 0;
}

const char *lio_dtype_name(lio_dtype d)
{
    switch (d) {
    case LIO_F16: return "float16";
    case LIO_BF16: return "bfloat16";
    case LIO_F32: return "float32";
    case LIO_F64: return "float64";
    }
    return "?";
}

static int lio_mul(size_t a, size_t b, size_t *r)
{
    if (a != 0 && b > (size_t)-1 / a) return 0;
    *r = a * b;
    return 1;
}

/* Format into e->msg and return it. */
static const char *lio_fail(lio_error *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return e->msg;
}

/* Copy at most cap-1 bytes of s[0..n) to out, printable: control bytes and
 * quotes become '?', so a quoted input never breaks the one-line message. */
static void lio_printable(char *out, size_t cap, const char *s, size_t n)
{
    size_t i, o = 0;
    if (cap == 0) return;
    for (i = 0; i < n && o + 4 < cap; ++i) {
        unsigned char c = (unsigned char)s[i];
        out[o++] = (c < 0x20 || c == 0x7f || c == '\'') ? '?' : (char)c;
    }
    if (i < n) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = '\0';
}

static uint64_t lio_u64le(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

static int lio_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A cursor over [p, end). Every read checks p < end first. */
typedef struct lio_cur {
    const unsigned char *p, *end;
} lio_cur;

static void lio_ws(lio_cur *c)
{
    while (c->p < c->end && lio_is_ws(*c->p)) ++c->p;
}

static int lio_peek(const lio_cur *c) { return c->p < c->end ? *c->p : -1; }

static int lio_eat(lio_cur *c, int ch)
{
    lio_ws(c);
    if (lio_peek(c) != ch) return 0;
    ++c->p;
    return 1;
}

static int lio_word(lio_cur *c, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
    c->p += n;
    return 1;
}

/* Unsigned decimal integer; returns 0 if absent or overflowing size_t. */
static int lio_uint(lio_cur *c, size_t *v)
{
    size_t x = 0;
    int any = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        size_t d = (size_t)(*c->p - '0');
        if (x > ((size_t)-1 - d) / 10) return 0;
        x = x * 10 + d;
        ++c->p;
        any = 1;
    }
    *v = x;
    return any;
}

/* ---------------------------------------------------------------- .npy */

/* A Python string literal in ' or " quotes without escapes, into out. */
static int lio_pystr(lio_cur *c, char *out, size_t cap)
{
    int q = lio_peek(c);
    size_t n = 0;
    if (q != '\'' && q != '"') return 0;
    ++c->p;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || *c->p == '\n') return 0;
        if (n + 1 < cap) out[n++] = (char)*c->p;
        else return 0;
        ++c->p;
    }
    if (c->p >= c->end) return 0;
    ++c->p;
    out[n] = '\0';
    return 1;
}

/* The preamble: magic, version and header length. Sets *start (where the
 * header begins) and *hlen; NULL or the message. */
static const char *lio_npy_preamble(const unsigned char *buf, size_t len,
                                    size_t *start, size_t *hlen,
                                    lio_error *e)
{
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (len < 6 || memcmp(buf, magic, 6) != 0) {
        if (len < 6 && len > 0 && memcmp(buf, magic, len) == 0)
            return "truncated .npy header";
        return "not a .npy file (no \\x93NUMPY magic)";
    }
    if (len < 8) return "truncated .npy header";
    if (buf[6] == 1) {
        if (len < 10) return "truncated .npy header";
        *hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
        *start = 10;
    } else if (buf[6] == 2 || buf[6] == 3) {
        if (len < 12) return "truncated .npy header";
        *hlen = (size_t)buf[8] | (size_t)buf[9] << 8 |
                (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
        *start = 12;
    } else {
        return lio_fail(e, "unsupported .npy format version %u.%u",
                        (unsigned)buf[6], (unsigned)buf[7]);
    }
    if (*hlen > len - *start)
        return lio_fail(e,
                        "truncated .npy header (header says %lu bytes, file "
                        "has %lu after the preamble)",
                        (unsigned long)*hlen, (unsigned long)(len - *start));
    return NULL;
}

/* The shape tuple "(D1, D2, ...)" of the header into r. */
static const char *lio_npy_shape(lio_cur *c, lio_tensor *r)
{
    if (!lio_eat(c, '(')) return "corrupt .npy header (bad shape)";
    for (;;) {
        size_t v;
        lio_ws(c);
        if (lio_peek(c) == ')') {
            ++c->p;
            return NULL;
        }
        if (!lio_uint(c, &v)) {
            /* a digit left unread: the entry overflows size_t */
            const int ch = lio_peek(c);
            return ch >= '0' && ch <= '9'
                       ? "corrupt .npy header (shape overflows)"
                       : "corrupt .npy header (bad shape entry)";
        }
        if (lio_peek(c) == 'L') ++c->p; /* Python 2 long */
        if (r->ndim == LIO_MAX_NDIM)
            return "unsupported .npy shape (more than 32 dims)";
        r->shape[r->ndim++] = v;
        lio_ws(c);
        if (lio_peek(c) == ',') {
            ++c->p;
        } else if (lio_peek(c) != ')') {
            return "corrupt .npy header (bad shape)";
        }
    }
}

#define LIO_DESCR_CAP 40

/* The header dict {'descr': ..., 'fortran_order': ..., 'shape': (...)},
 * each key once, nothing after it: descr (LIO_DESCR_CAP bytes), *fortran,
 * r's shape. */
static const char *lio_npy_dict(lio_cur *c, char *descr, int *fortran,
                                lio_tensor *r, lio_error *e)
{
    int have_descr = 0, have_fortran = 0, have_shape = 0;
    if (!lio_eat(c, '{')) return "corrupt .npy header (no '{')";
    for (;;) {
        char key[32];
        lio_ws(c);
        if (lio_peek(c) == '}') {
            ++c->p;
            break;
        }
        if (!lio_pystr(c, key, sizeof key) || !lio_eat(c, ':'))
            return "corrupt .npy header (bad key)";
        lio_ws(c);
        if (strcmp(key, "descr") == 0 && !have_descr) {
            have_descr = 1;
            if (lio_peek(c) == '[')
                return "unsupported dtype: structured arrays are not "
                       "supported (need float16, float32 or float64)";
            if (!lio_pystr(c, descr, LIO_DESCR_CAP))
                return "corrupt .npy header (bad descr)";
        } else if (strcmp(key, "fortran_order") == 0 && !have_fortran) {
            have_fortran = 1;
            if (lio_word(c, "True")) *fortran = 1;
            else if (lio_word(c, "False")) *fortran = 0;
            else return "corrupt .npy header (bad fortran_order)";
        } else if (strcmp(key, "shape") == 0 && !have_shape) {
            const char *msg = lio_npy_shape(c, r);
            have_shape = 1;
            if (msg) return msg;
        } else {
            char k[40];
            lio_printable(k, sizeof k, key, strlen(key));
            return lio_fail(e, "corrupt .npy header (unexpected key '%s')",
                            k);
        }
        lio_ws(c);
        if (lio_peek(c) == ',') ++c->p;
        else if (lio_peek(c) != '}')
            return "corrupt .npy header (expected ',' or '}')";
    }
    lio_ws(c);
    if (c->p != c->end) return "corrupt .npy header (bytes after '}')";
    if (!have_descr || !have_fortran || !have_shape)
        return "corrupt .npy header (descr, fortran_order or shape missing)";
    return NULL;
}

/* The dtype of descr ('<f4', '|f2', ...) into r->dtype: little-endian
 * float16/32/64 only. */
static const char *lio_npy_dtype(const char *descr, lio_tensor *r,
                                 lio_error *e)
{
    char d[48];
    const char *code = descr + 1;
    lio_printable(d, sizeof d, descr, strlen(descr));
    if (strcmp(code, "f2") == 0) r->dtype = LIO_F16;
    else if (strcmp(code, "f4") == 0) r->dtype = LIO_F32;
    else if (strcmp(code, "f8") == 0) r->dtype = LIO_F64;
    if (descr[0] == '>' && r->dtype != 0)
        return lio_fail(e,
                        "big-endian data ('%s') is not supported (save "
                        "arr.astype('<%s'))",
                        d, code);
    if ((descr[0] != '<' && descr[0] != '|') || r->dtype == 0)
        return lio_fail(e,
                        "unsupported dtype '%s' (need float16, float32 "
                        "or float64)",
                        d);
    return NULL;
}

const char *lio_parse_npy(const unsigned char *buf, size_t len,
                          lio_tensor *t, lio_error *e)
{
    size_t hlen = 0, start = 0, nbytes, i;
    int fortran = 0;
    char descr[LIO_DESCR_CAP] = "";
    const char *msg;
    lio_cur c;
    lio_tensor r;

    memset(t, 0, sizeof *t);
    memset(&r, 0, sizeof r);
    e->msg[0] = '\0';
    if (!buf) len = 0;
    msg = lio_npy_preamble(buf, len, &start, &hlen, e);
    if (msg) return msg;
    c.p = buf + start;
    c.end = buf + start + hlen;
    msg = lio_npy_dict(&c, descr, &fortran, &r, e);
    if (!msg) msg = lio_npy_dtype(descr, &r, e);
    if (msg) return msg;
    if (fortran)
        return "Fortran-order arrays are not supported (save "
               "np.ascontiguousarray(arr))";

    r.count = 1;
    for (i = 0; i < r.ndim; ++i)
        if (!lio_mul(r.count, r.shape[i], &r.count))
            return "corrupt .npy header (shape overflows)";
    if (!lio_mul(r.count, lio_dtype_size(r.dtype), &nbytes))
        return "corrupt .npy header (shape overflows)";
    start += hlen;
    if (nbytes > len - start)
        return lio_fail(e,
                        "truncated .npy data (shape needs %lu bytes, file has "
                        "%lu)",
                        (unsigned long)nbytes, (unsigned long)(len - start));
    r.data = buf + start;
    r.nbytes = nbytes;
    *t = r;
    return NULL;
}

/* --------------------------------------------------------- safetensors */

#define LIO_JSON_DEPTH 64

/* A JSON string into out (UTF-8, at most cap-1 bytes, NUL-terminated,
 * *n = decoded length, *toolong set if it did not fit). 0 if malformed. */
static int lio_jstr(lio_cur *c, char *out, size_t cap, size_t *n,
                    int *toolong)
{
    size_t o = 0;
    *toolong = 0;
    if (lio_peek(c) != '"') return 0;
    ++c->p;
    for (;;) {
        unsigned long cp;
        unsigned char ch;
        unsigned char enc[4];
        size_t ne, k;
        if (c->p >= c->end) return 0;
        ch = *c->p++;
        if (ch == '"') break;
        if (ch < 0x20) return 0;
        if (ch != '\\') {
            enc[0] = ch;
            ne = 1;
        } else {
            if (c->p >= c->end) return 0;
            ch = *c->p++;
            ne = 1;
            switch (ch) {
            case '"': enc[0] = '"'; break;
            case '\\': enc[0] = '\\'; break;
            case '/': enc[0] = '/'; break;
            case 'b': enc[0] = '\b'; break;
            case 'f': enc[0] = '\f'; break;
            case 'n': enc[0] = '\n'; break;
            case 'r': enc[0] = '\r'; break;
            case 't': enc[0] = '\t'; break;
            case 'u': {
                int part;
                cp = 0;
                for (part = 0; part < 2; ++part) {
                    unsigned long u = 0;
                    int d;
                    if (part == 1) {
                        if (c->end - c->p < 2 || c->p[0] != '\\' ||
                            c->p[1] != 'u')
                            return 0;
                        c->p += 2;
                    }
                    if (c->end - c->p < 4) return 0;
                    for (d = 0; d < 4; ++d) {
                        unsigned char h = *c->p++;
                        u <<= 4;
                        if (h >= '0' && h <= '9') u |= (unsigned long)(h - '0');
                        else if (h >= 'a' && h <= 'f') u |= (unsigned long)(h - 'a' + 10);
                        else if (h >= 'A' && h <= 'F') u |= (unsigned long)(h - 'A' + 10);
                        else return 0;
                    }
                    if (part == 0) {
                        if (u >= 0xDC00 && u <= 0xDFFF) return 0;
                        cp = u;
                        if (u < 0xD800 || u > 0xDBFF) break;
                    } else {
                        if (u < 0xDC00 || u > 0xDFFF) return 0;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (u - 0xDC00);
                    }
                }
                if (cp < 0x80) {
                    enc[0] = (unsigned char)cp;
                } else if (cp < 0x800) {
                    enc[0] = (unsigned char)(0xC0 | (cp >> 6));
                    enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
                    ne = 2;
                } else if (cp < 0x10000) {
                    enc[0] = (unsigned char)(0xE0 | (cp >> 12));
                    enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
                    ne = 3;
                } else {
                    enc[0] = (unsigned char)(0xF0 | (cp >> 18));
                    enc[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                    enc[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
                    ne = 4;
                }
                break;
            }
            default: return 0;
            }
        }
        for (k = 0; k < ne; ++k) {
            if (o + 1 < cap) out[o++] = (char)enc[k];
            else *toolong = 1;
        }
    }
    if (cap) out[o] = '\0';
    *n = o;
    return 1;
}

/* Skip any JSON value. */
static int lio_jskip(lio_cur *c, int depth)
{
    int ch;
    lio_ws(c);
    ch = lio_peek(c);
    if (depth > LIO_JSON_DEPTH) return 0;
    if (ch == '"') {
        char tmp[1];
        size_t n;
        int tl;
        return lio_jstr(c, tmp, sizeof tmp, &n, &tl);
    }
    if (ch == '{' || ch == '[') {
        const int close = ch == '{' ? '}' : ']';
        ++c->p;
        lio_ws(c);
        if (lio_peek(c) == close) {
            ++c->p;
            return 1;
        }
        for (;;) {
            if (ch == '{') {
                char tmp[1];
                size_t n;
                int tl;
                lio_ws(c);
                if (!lio_jstr(c, tmp, sizeof tmp, &n, &tl)) return 0;
                if (!lio_eat(c, ':')) return 0;
            }
            if (!lio_jskip(c, depth + 1)) return 0;
            lio_ws(c);
            if (lio_peek(c) == ',') {
                ++c->p;
                continue;
            }
            if (lio_peek(c) == close) {
                ++c->p;
                return 1;
            }
            return 0;
        }
    }
    if (lio_word(c, "true") || lio_word(c, "false") || lio_word(c, "null"))
        return 1;
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        int any = 0;
        if (ch == '-') ++c->p;
        while (c->p < c->end) {
            ch = *c->p;
            if ((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' ||
                ch == 'E' || ch == '+' || ch == '-') {
                any |= ch >= '0' && ch <= '9';
                ++c->p;
            } else {
                break;
            }
        }
        return any;
    }
    return 0;
}

/* [n, n, ...] of unsigned integers; at most maxn of them. Returns the count
 * or -1 (malformed / too many / not integers). */
static long lio_juints(lio_cur *c, size_t *v, size_t maxn)
{
    size_t n = 0;
    if (!lio_eat(c, '[')) return -1;
    lio_ws(c);
    if (lio_peek(c) == ']') {
        ++c->p;
        return 0;
    }
    for (;;) {
        int ch;
        lio_ws(c);
        if (n == maxn || !lio_uint(c, &v[n])) return -1;
        ++n;
        ch = lio_peek(c);
        if (ch == '.' || ch == 'e' || ch == 'E') return -1;
        lio_ws(c);
        if (lio_peek(c) == ',') {
            ++c->p;
            continue;
        }
        if (lio_peek(c) == ']') {
            ++c->p;
            return (long)n;
        }
        return -1;
    }
}

#define LIO_NAME_CAP 512

/* After a member of a JSON object: 1 when another follows (its ',' read),
 * 0 at the end (the '}' read), -1 when malformed. */
static int lio_jmore(lio_cur *c)
{
    lio_ws(c);
    if (lio_peek(c) == ',') {
        ++c->p;
        return 1;
    }
    return lio_eat(c, '}') ? 0 : -1;
}

/* After the '{' of a JSON object: 1 when it is empty (the '}' read). */
static int lio_jempty(lio_cur *c)
{
    lio_ws(c);
    if (lio_peek(c) != '}') return 0;
    ++c->p;
    return 1;
}

/* One tensor entry of a safetensors header: the tensor (its data only when
 * the dtype is supported), whether the dtype is unsupported, its name. */
typedef struct lio_st_entry {
    lio_tensor t;
    int bad_dtype;
    char dtype[16];
} lio_st_entry;

/* What a header holds, as far as choosing a tensor needs. */
typedef struct lio_st_scan {
    size_t ntensors, names_len;
    char names[160];            /* "'a', 'b', ..." for messages */
    lio_st_entry only, latent, picked; /* the first, latent_tensor, NAME */
    int have_latent, have_picked;
} lio_st_scan;

/* The fields of a tensor entry {"dtype": ..., "shape": [...],
 * "data_offsets": [a, b], anything else skipped}; *have gets bit 1, 2 and
 * 4 for the three. */
static const char *lio_st_fields(lio_cur *c, lio_st_entry *ent,
                                 size_t offs[2], int *have)
{
    int more;
    if (!lio_eat(c, '{'))
        return "corrupt safetensors header (tensor entry is not an object)";
    for (more = !lio_jempty(c); more > 0; more = lio_jmore(c)) {
        char f[24];
        size_t fl;
        int ftl;
        lio_ws(c);
        if (!lio_jstr(c, f, sizeof f, &fl, &ftl) || !lio_eat(c, ':'))
            return "corrupt safetensors header (bad JSON)";
        lio_ws(c);
        if (!ftl && strcmp(f, "dtype") == 0) {
            size_t dl;
            int dtl;
            if (!lio_jstr(c, ent->dtype, sizeof ent->dtype, &dl, &dtl))
                return "corrupt safetensors header (bad dtype)";
            if (dtl) strcpy(ent->dtype, "?");
            *have |= 1;
        } else if (!ftl && strcmp(f, "shape") == 0) {
            long n = lio_juints(c, ent->t.shape, LIO_MAX_NDIM);
            if (n < 0) return "corrupt safetensors header (bad shape)";
            ent->t.ndim = (size_t)n;
            *have |= 2;
        } else if (!ftl && strcmp(f, "data_offsets") == 0) {
            if (lio_juints(c, offs, 2) != 2)
                return "corrupt safetensors header (bad data_offsets)";
            *have |= 4;
        } else if (!lio_jskip(c, 2)) {
            return "corrupt safetensors header (bad JSON)";
        }
    }
    return more < 0 ? "corrupt safetensors header (bad JSON)" : NULL;
}

/* A tensor entry, checked against the data section [data, data+datalen):
 * offsets inside it, and (for a supported dtype) exactly the bytes the
 * dtype and shape need. */
static const char *lio_st_tensor(lio_cur *c, const unsigned char *data,
                                 size_t datalen, lio_st_entry *ent)
{
    size_t offs[2] = {0, 0}, nbytes, i;
    int have = 0;
    lio_tensor *r = &ent->t;
    const char *msg;
    memset(ent, 0, sizeof *ent);
    msg = lio_st_fields(c, ent, offs, &have);
    if (msg) return msg;
    if (have != 7)
        return "corrupt safetensors header (tensor without dtype, shape or "
               "data_offsets)";
    if (offs[0] > offs[1] || offs[1] > datalen)
        return "corrupt safetensors file (data_offsets outside the data)";
    if (strcmp(ent->dtype, "F16") == 0) r->dtype = LIO_F16;
    else if (strcmp(ent->dtype, "BF16") == 0) r->dtype = LIO_BF16;
    else if (strcmp(ent->dtype, "F32") == 0) r->dtype = LIO_F32;
    else if (strcmp(ent->dtype, "F64") == 0) r->dtype = LIO_F64;
    ent->bad_dtype = r->dtype == 0;
    r->count = 1;
    for (i = 0; i < r->ndim; ++i)
        if (!lio_mul(r->count, r->shape[i], &r->count))
            return "corrupt safetensors header (shape overflows)";
    if (ent->bad_dtype) return NULL; /* an error only if it is the one */
    if (!lio_mul(r->count, lio_dtype_size(r->dtype), &nbytes) ||
        nbytes != offs[1] - offs[0])
        return "corrupt safetensors header (data_offsets do not match dtype "
               "and shape)";
    r->data = data + offs[0];
    r->nbytes = nbytes;
    return NULL;
}

/* Note the entry named key (klen bytes; toolong: cut to fit) in s: its name
 * for messages, and whether it is the first, latent_tensor or NAME. */
static const char *lio_st_keep(lio_st_scan *s, const char *name,
                               const char *key, size_t klen, int toolong,
                               const lio_st_entry *ent)
{
    ++s->ntensors;
    if (s->names_len + 8 < sizeof s->names) {
        char p[64];
        lio_printable(p, sizeof p, key, klen);
        s->names_len += (size_t)snprintf(
            s->names + s->names_len, sizeof s->names - s->names_len,
            "%s'%s'", s->names_len ? ", " : "", p);
        if (s->names_len >= sizeof s->names)
            s->names_len = sizeof s->names - 1;
    }
    if (s->ntensors == 1) s->only = *ent;
    if (!toolong && klen == 13 && strcmp(key, "latent_tensor") == 0) {
        s->latent = *ent;
        s->have_latent = 1;
    }
    if (name && !toolong && klen == strlen(name) &&
        memcmp(key, name, klen) == 0) {
        if (s->have_picked)
            return "corrupt safetensors header (tensor name repeated)";
        s->picked = *ent;
        s->have_picked = 1;
    }
    return NULL;
}

/* The JSON header: an object of tensor entries and __metadata__, nothing
 * after it. */
static const char *lio_st_header(lio_cur *c, const char *name,
                                 const unsigned char *data, size_t datalen,
                                 lio_st_scan *s)
{
    int more;
    if (!lio_eat(c, '{')) return "corrupt safetensors header (not JSON)";
    for (more = !lio_jempty(c); more > 0; more = lio_jmore(c)) {
        char key[LIO_NAME_CAP];
        size_t klen;
        int toolong;
        lio_ws(c);
        if (!lio_jstr(c, key, sizeof key, &klen, &toolong) ||
            !lio_eat(c, ':'))
            return "corrupt safetensors header (bad JSON)";
        if (!toolong && strcmp(key, "__metadata__") == 0 && klen == 12) {
            if (!lio_jskip(c, 1))
                return "corrupt safetensors header (bad JSON)";
        } else {
            lio_st_entry ent;
            const char *msg = lio_st_tensor(c, data, datalen, &ent);
            if (!msg) msg = lio_st_keep(s, name, key, klen, toolong, &ent);
            if (msg) return msg;
        }
    }
    if (more < 0) return "corrupt safetensors header (bad JSON)";
    lio_ws(c);
    if (c->p != c->end)
        return "corrupt safetensors header (bytes after the JSON object)";
    return NULL;
}

/* The tensor asked for: NAME, else latent_tensor, else the only one. */
static const char *lio_st_choose(lio_st_scan *s, const char *name,
                                 lio_tensor *t, lio_error *e)
{
    if (!name) {
        if (s->have_latent) {
            s->picked = s->latent;
        } else if (s->ntensors == 1) {
            s->picked = s->only;
        } else if (s->ntensors == 0) {
            return "safetensors file holds no tensor";
        } else {
            return lio_fail(e,
                            "holds %lu tensors (%s); pick one with "
                            "FILE:NAME",
                            (unsigned long)s->ntensors, s->names);
        }
        s->have_picked = 1;
    }
    if (!s->have_picked) {
        char p[64];
        lio_printable(p, sizeof p, name, strlen(name));
        return lio_fail(e, "no tensor named '%s' (file has %s)", p,
                        s->ntensors ? s->names : "no tensors");
    }
    if (s->picked.bad_dtype) {
        char p[24];
        lio_printable(p, sizeof p, s->picked.dtype, strlen(s->picked.dtype));
        return lio_fail(e,
                        "unsupported dtype '%s' (need F32, F16, BF16 or "
                        "F64)",
                        p);
    }
    *t = s->picked.t;
    return NULL;
}

const char *lio_parse_safetensors(const unsigned char *buf, size_t len,
                                  const char *name, lio_tensor *t,
                                  lio_error *e)
{
    uint64_t hsize;
    lio_cur c;
    lio_st_scan s;
    const char *msg;

    memset(t, 0, sizeof *t);
    memset(&s, 0, sizeof s);
    e->msg[0] = '\0';
    if (!buf) len = 0;
    if (len < 8) return "truncated safetensors header (less than 8 bytes)";
    hsize = lio_u64le(buf);
    if (hsize > (uint64_t)(len - 8))
        return lio_fail(e,
                        "truncated or corrupt safetensors header (header "
                        "size %llu, file has %lu bytes after it)",
                        (unsigned long long)hsize,
                        (unsigned long)(len - 8));
    c.p = buf + 8;
    c.end = buf + 8 + (size_t)hsize;
    msg = lio_st_header(&c, name, c.end, len - 8 - (size_t)hsize, &s);
    return msg ? msg : lio_st_choose(&s, name, t, e);
}

/* ---------------------------------------------------------- conversion */

static float lio_half(unsigned h)
{
    const uint32_t s = (uint32_t)(h >> 15) << 31;
    const unsigned ex = (h >> 10) & 0x1f, m = h & 0x3ff;
    uint32_t bits;
    float f;
    if (ex == 0) {
        f = (float)m * 5.9604644775390625e-8f; /* m * 2^-24, exact */
        return s ? -f : f;
    }
    if (ex == 31) bits = s | 0x7f800000u | ((uint32_t)m << 13);
    else bits = s | ((uint32_t)(ex + 112) << 23) | ((uint32_t)m << 13);
    memcpy(&f, &bits, sizeof f);
    return f;
}

static float lio_f32_at(const unsigned char *p)
{
    const uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static double lio_f64_at(const unsigned char *p)
{
    const uint64_t u = lio_u64le(p);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static float lio_bf16_at(const unsigned char *p)
{
    const uint32_t u = ((uint32_t)p[0] | (uint32_t)p[1] << 8) << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* double -> float with IEEE round-to-nearest overflow to +-Inf, written out
 * so that no out-of-range conversion (undefined in C) happens. */
static float lio_narrow(double d)
{
    const double lim = (double)FLT_MAX + 10141204801825835211973625643008.0;
    if (d != d) return (float)d;
    if (d >= lim) return (float)INFINITY;
    if (d <= -lim) return -(float)INFINITY;
    if (d > FLT_MAX) return FLT_MAX;
    if (d < -FLT_MAX) return -FLT_MAX;
    return (float)d;
}

/* Element i as a double: exact for every supported dtype. */
static double lio_at(const lio_tensor *t, size_t i)
{
    const unsigned char *p = t->data;
    switch (t->dtype) {
    case LIO_F16: return lio_half((unsigned)p[2 * i] | (unsigned)p[2 * i + 1] << 8);
    case LIO_BF16: return lio_bf16_at(p + 2 * i);
    case LIO_F32: return lio_f32_at(p + 4 * i);
    case LIO_F64: return lio_f64_at(p + 8 * i);
    default: return 0.0;
    }
}

size_t lio_to_f32(const lio_tensor *t, float *out)
{
    size_t i, first = t->count;
    for (i = 0; i < t->count; ++i) {
        const double d = lio_at(t, i);
        const float v = t->dtype == LIO_F64 ? lio_narrow(d) : (float)d;
        out[i] = v;
        if (first == t->count && !isfinite(v)) first = i;
    }
    return first;
}

size_t lio_to_f64(const lio_tensor *t, double *out)
{
    size_t i, first = t->count;
    for (i = 0; i < t->count; ++i) {
        out[i] = lio_at(t, i);
        if (first == t->count && !isfinite(out[i])) first = i;
    }
    return first;
}

/* ------------------------------------------------------------- writing */

void lio_put_f32le(const float *src, size_t n, unsigned char *dst)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        uint32_t u;
        memcpy(&u, &src[i], sizeof u);
        dst[4 * i] = (unsigned char)u;
        dst[4 * i + 1] = (unsigned char)(u >> 8);
        dst[4 * i + 2] = (unsigned char)(u >> 16);
        dst[4 * i + 3] = (unsigned char)(u >> 24);
    }
}

void lio_put_f64le(const double *src, size_t n, unsigned char *dst)
{
    size_t i;
    int b;
    for (i = 0; i < n; ++i) {
        uint64_t u;
        memcpy(&u, &src[i], sizeof u);
        for (b = 0; b < 8; ++b) dst[8 * i + (size_t)b] = (unsigned char)(u >> (8 * b));
    }
}

size_t lio_npy_header(unsigned char *out, size_t cap, lio_dtype dtype,
                      const size_t *shape, size_t ndim)
{
    char d[1200];
    size_t n, i, total;
    if (!out || (dtype != LIO_F32 && dtype != LIO_F64) ||
        ndim > LIO_MAX_NDIM || (ndim && !shape))
        return 0;
    n = (size_t)sprintf(d, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                        dtype == LIO_F32 ? "<f4" : "<f8");
    for (i = 0; i < ndim; ++i)
        n += (size_t)sprintf(d + n, "%s%lu", i ? ", " : "",
                             (unsigned long)shape[i]);
    n += (size_t)sprintf(d + n, "%s), }", ndim == 1 ? "," : "");
    /* magic(6) version(2) length(2) dict padding '\n', multiple of 64 */
    total = (10 + n + 1 + 63) / 64 * 64;
    if (total > cap) return 0;
    memcpy(out, "\x93NUMPY\x01\x00", 8);
    out[8] = (unsigned char)((total - 10) & 0xff);
    out[9] = (unsigned char)((total - 10) >> 8);
    memcpy(out + 10, d, n);
    for (i = 10 + n; i < total - 1; ++i) out[i] = ' ';
    out[total - 1] = '\n';
    return total;
}

typedef struct lio_buf {
    unsigned char *p;
    size_t cap, len;
    int over;
} lio_buf;

static void lio_bput(lio_buf *b, const char *s, size_t n)
{
    if (b->over || n > b->cap - b->len) {
        b->over = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void lio_bstr(lio_buf *b, const char *s) { lio_bput(b, s, strlen(s)); }

static void lio_bnum(lio_buf *b, size_t v)
{
    char tmp[32];
    int n = sprintf(tmp, "%lu", (unsigned long)v);
    if (sizeof(unsigned long) < sizeof(size_t) && v > (size_t)(unsigned long)-1)
        b->over = 1;
    lio_bput(b, tmp, (size_t)n);
}

size_t lio_safetensors_header(unsigned char *out, size_t cap,
                              const lio_tensor_spec *tensors, size_t n,
                              size_t *payload)
{
    lio_buf b;
    size_t i, j, off = 0, hlen;
    if (!out || cap < 8 || (n && !tensors)) return 0;
    b.p = out + 8;
    b.cap = cap - 8;
    b.len = 0;
    b.over = 0;
    lio_bstr(&b, "{");
    for (i = 0; i < n; ++i) {
        const lio_tensor_spec *s = &tensors[i];
        const char *q;
        size_t count = 1, bytes;
        if (!s->name || (s->dtype != LIO_F32 && s->dtype != LIO_F64) ||
            (s->ndim && !s->shape))
            return 0;
        for (j = 0; j < s->ndim; ++j)
            if (!lio_mul(count, s->shape[j], &count)) return 0;
        if (!lio_mul(count, lio_dtype_size(s->dtype), &bytes) ||
            bytes > (size_t)-1 - off)
            return 0;
        lio_bstr(&b, i ? ",\"" : "\"");
        for (q = s->name; *q; ++q) {
            unsigned char ch = (unsigned char)*q;
            if (ch == '"' || ch == '\\') {
                char esc[2];
                esc[0] = '\\';
                esc[1] = (char)ch;
                lio_bput(&b, esc, 2);
            } else if (ch < 0x20) {
                char esc[8];
                sprintf(esc, "\\u%04x", ch);
                lio_bput(&b, esc, 6);
            } else {
                lio_bput(&b, q, 1);
            }
        }
        lio_bstr(&b, "\":{\"dtype\":\"");
        lio_bstr(&b, s->dtype == LIO_F32 ? "F32" : "F64");
        lio_bstr(&b, "\",\"shape\":[");
        for (j = 0; j < s->ndim; ++j) {
            if (j) lio_bstr(&b, ",");
            lio_bnum(&b, s->shape[j]);
        }
        lio_bstr(&b, "],\"data_offsets\":[");
        lio_bnum(&b, off);
        lio_bstr(&b, ",");
        lio_bnum(&b, off + bytes);
        lio_bstr(&b, "]}");
        off += bytes;
    }
    lio_bstr(&b, "}");
    while (!b.over && b.len % 8 != 0) lio_bstr(&b, " ");
    if (b.over) return 0;
    hlen = b.len;
    for (j = 0; j < 8; ++j)
        out[j] = (unsigned char)((uint64_t)hlen >> (8 * j));
    if (payload) *payload = off;
    return 8 + hlen;
}
