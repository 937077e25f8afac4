/* cli_read.c - the inputs of `cog`: files (.npy, .safetensors, .latent)
 * and inline numbers, and the one rule that splits an array into latents. */

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- reading */

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix), i;
    if (n < m) return 0;
    for (i = 0; i < m; ++i) {
        int a = s[n - m + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
        if (a != b) return 0;
    }
    return 1;
}


int format_of(const char *path, size_t n)
{
    if (ends_with(path, n, ".npy")) return FMT_NPY;
    if (ends_with(path, n, ".safetensors") || ends_with(path, n, ".sft"))
        return FMT_ST;
    if (ends_with(path, n, ".latent")) return FMT_LATENT;
    return 0;
}


/* A trailing "@I" or "@A:B" of spec, if it is one: its length, else 0. */
static size_t parse_pick(const char *spec, cli_pick *pk)
{
    const char *at = strrchr(spec, '@'), *p;
    char *end;
    memset(pk, 0, sizeof *pk);
    if (!at || at == spec) return 0;
    for (p = at + 1; *p; ++p)
        if (!((*p >= '0' && *p <= '9') || *p == ':')) return 0;
    p = at + 1;
    if (!*p || strchr(strchr(p, ':') ? strchr(p, ':') + 1 : p, ':'))
        return 0; /* "@" alone or two colons */
    pk->given = 1;
    pk->range = strchr(p, ':') != NULL;
    pk->lo = 0;
    pk->hi = (size_t)-1;
    if (*p != ':') {
        errno = 0;
        pk->lo = (size_t)strtoull(p, &end, 10);
        if (errno == ERANGE) usage_error("%s: index out of range", spec);
        p = end;
    }
    if (!pk->range) pk->hi = pk->lo + 1;
    else if (*++p) {
        errno = 0;
        pk->hi = (size_t)strtoull(p, &end, 10);
        if (errno == ERANGE) usage_error("%s: index out of range", spec);
    }
    return strlen(at);
}

/* FILE, FILE:NAME, and either with @I or @A:B. The name is split off at the
 * first ':' that follows a .safetensors / .sft / .latent file name. path
 * is malloc'ed. */
static void split_spec_pick(const char *spec, char **path, const char **name,
                            cli_pick *pk)
{
    const size_t n = strlen(spec) - parse_pick(spec, pk);
    char *c;
    *path = (char *)xmalloc(n + 1, 1); /* "FILE" or "FILE\0NAME" */
    memcpy(*path, spec, n);
    (*path)[n] = '\0';
    *name = NULL;
    for (c = strchr(*path, ':'); c; c = strchr(c + 1, ':')) {
        const int f = format_of(*path, (size_t)(c - *path));
        if (f == FMT_ST || f == FMT_LATENT) {
            *c = '\0';
            *name = c + 1;
            break;
        }
    }
}

/* FILE or FILE:NAME where no pick applies (outputs, weights, means). */
void split_spec(const char *spec, char **path, const char **name)
{
    cli_pick pk;
    split_spec_pick(spec, path, name, &pk);
    if (pk.given) {
        free(*path);
        usage_error("%s: '@' picks latents out of a latent input; it does "
                    "not apply here",
                    spec);
    }
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    size_t cap = 1 << 16, n = 0;
    if (!f) data_error("%s: cannot open: %s", path, strerror(errno));
    buf = (unsigned char *)xmalloc(cap, 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        if (cap > ((size_t)-1) / 2) {
            free(buf);
            data_error("%s: file too large", path);
        }
        cap *= 2;
        {
            unsigned char *nb = (unsigned char *)realloc(buf, cap);
            if (!nb) {
                free(buf);
                data_error("%s: out of memory", path);
            }
            buf = nb;
        }
    }
    if (ferror(f)) {
        const int err = errno;
        free(buf); /* error paths free what they hold (leak checkers) */
        data_error("%s: read error: %s", path, strerror(err));
    }
    fclose(f);
    *len = n;
    return buf;
}


void shape_str(char *out, size_t cap, const size_t *shape, size_t ndim)
{
    size_t i, o = 0;
    o += (size_t)snprintf(out, cap, "(");
    for (i = 0; i < ndim && o < cap; ++i)
        o += (size_t)snprintf(out + o, cap - o, "%s%lu", i ? ", " : "",
                              (unsigned long)shape[i]);
    if (o < cap) snprintf(out + o, cap - o, "%s)", ndim == 1 ? "," : "");
}

/* Read spec (FILE or FILE:NAME) as float (want_double 0) or double. NaN/Inf
 * anywhere is a data error. A pick (FILE@I) is an error here; latent inputs
 * go through read_latent_array. */
void read_array(const char *spec, int want_double, cli_array *a)
{
    read_array_pick(spec, want_double, 0, a);
}

void read_array_pick(const char *spec, int want_double, int pick_ok,
                     cli_array *a)
{
    const char *name, *msg;
    unsigned char *buf;
    size_t len, bad, plen;
    int fmt;
    lio_tensor t;
    lio_error e;
    static const unsigned char npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

    memset(a, 0, sizeof *a);
    a->spec = spec;
    if (pick_ok) split_spec_pick(spec, &a->path, &name, &a->pick);
    else split_spec(spec, &a->path, &name);
    plen = strlen(a->path);
    fmt = format_of(a->path, plen);
    buf = read_file(a->path, &len);
    if (len >= 6 && memcmp(buf, npy_magic, 6) == 0) fmt = FMT_NPY;
    if (fmt == FMT_NPY) {
        if (name) {
            free(buf);
            data_error("%s: a .npy file holds one array; drop ':%s'", a->path,
                       name);
        }
        msg = lio_parse_npy(buf, len, &t, &e);
    } else if (fmt == FMT_ST || fmt == FMT_LATENT) {
        msg = lio_parse_safetensors(buf, len, name, &t, &e);
    } else {
        /* unknown extension: safetensors if it parses as one */
        msg = lio_parse_safetensors(buf, len, name, &t, &e);
        if (msg && !name)
            msg = "unknown file format (need .npy, .safetensors or .latent)";
    }
    if (msg) {
        free(buf); /* msg is static or in e, never in buf */
        data_error("%s: %s", a->path, msg);
    }

    a->ndim = t.ndim;
    memcpy(a->shape, t.shape, sizeof a->shape);
    a->count = t.count;
    a->fmt = fmt;
    if (want_double) {
        a->d = (double *)xmalloc(t.count, sizeof(double));
        bad = lio_to_f64(&t, a->d);
    } else {
        a->f = (float *)xmalloc(t.count, sizeof(float));
        bad = lio_to_f32(&t, a->f);
    }
    if (bad < t.count) {
        const double v = want_double ? a->d[bad] : (double)a->f[bad];
        free(buf);
        data_error("%s: element %lu is %s%s", a->path, (unsigned long)bad,
                   v != v ? "NaN" : (v > 0 ? "+Inf" : "-Inf"),
                   t.dtype == LIO_F64 && !want_double
                       ? " (or beyond the float32 range)"
                       : "");
    }
    /* ComfyUI's LoadLatent: files without the marker are old-format and
     * stored scaled by 0.18215. */
    if (fmt == FMT_LATENT && (!name || strcmp(name, "latent_tensor") == 0)) {
        lio_tensor m;
        if (lio_parse_safetensors(buf, len, "latent_format_version_0", &m,
                                  &e) != NULL) {
            size_t i;
            const double s = 1.0 / 0.18215;
            note("%s has no latent_format_version_0 marker (old ComfyUI "
                 "format): scaled by 1/0.18215 as ComfyUI's LoadLatent does",
                 a->path);
            for (i = 0; i < a->count; ++i) {
                if (want_double) a->d[i] *= s;
                else a->f[i] = (float)(a->f[i] * s);
            }
        }
    }
    free(buf);
}

void free_array(cli_array *a)
{
    free(a->path);
    free(a->f);
    free(a->d);
    memset(a, 0, sizeof *a);
}

/* Inline numbers "1,2,3" or rows "1,0;0.5,0.5" (a file is tried first).
 * Returns 0 if s is not such a list. */
static int parse_inline(const char *s, cli_array *a)
{
    size_t rows = 1, cols = 0, n = 0, cap = 1;
    const char *p;
    char *tmp, *tok, *end;
    for (p = s; *p; ++p) {
        if (*p == ',' || *p == ';') ++cap;
        if (!strchr("0123456789+-.eE,; ", *p)) return 0;
    }
    memset(a, 0, sizeof *a);
    a->d = (double *)xmalloc(cap, sizeof(double));
    tmp = (char *)xmalloc(strlen(s) + 1, 1);
    strcpy(tmp, s);
    tok = tmp;
    for (;;) {
        size_t rowcols = 0;
        char *row_end = strchr(tok, ';');
        if (row_end) *row_end = '\0';
        for (;;) {
            char *comma = strchr(tok, ',');
            if (comma) *comma = '\0';
            errno = 0;
            a->d[n] = strtod(tok, &end);
            while (*end == ' ') ++end;
            if (end == tok || *end || errno == ERANGE || !isfinite(a->d[n])) {
                free(tmp);
                free(a->d);
                a->d = NULL;
                return 0;
            }
            ++n;
            ++rowcols;
            if (!comma) break;
            tok = comma + 1;
        }
        if (cols == 0) cols = rowcols;
        else if (cols != rowcols) {
            free(tmp);
            free(a->d);
            a->d = NULL;
            return 0;
        }
        if (!row_end) break;
        tok = row_end + 1;
        ++rows;
    }
    free(tmp);
    a->path = (char *)xmalloc(strlen(s) + 1, 1);
    strcpy(a->path, s);
    a->spec = s;
    a->count = n;
    if (strchr(s, ';')) {
        a->ndim = 2;
        a->shape[0] = rows;
        a->shape[1] = cols;
    } else {
        a->ndim = 1;
        a->shape[0] = n;
    }
    return 1;
}

/* --weights / --coords: a file, or inline numbers when no such file. */
int read_numbers(const char *opt, const char *s, cli_array *a)
{
    FILE *f;
    char *path;
    const char *name;
    split_spec(s, &path, &name);
    f = fopen(path, "rb");
    free(path);
    if (f) {
        fclose(f);
        read_array(s, 1, a);
        return 1; /* from a file */
    }
    if (parse_inline(s, a)) return 0;
    usage_error("%s %s: no such file, and not a list of numbers like "
                "0.5,0.5 or 1,0;0,1",
                opt, s);
    return 0;
}

/* How many leading axes of a index latents (the rest are one latent), by
 * the rule above; exits with a message when the rule cannot decide. */
static size_t latent_lead_axes(const cli_array *a)
{
    char sh[200];
    shape_str(sh, sizeof sh, a->shape, a->ndim);
    if (a->ndim == 0)
        data_error("%s: holds a scalar, not a latent", a->path);
    if (g_latent_dims) {
        if (g_latent_dims > a->ndim)
            data_error("%s: --latent-dims %lu, but the array %s has only %lu "
                       "axes",
                       a->path, (unsigned long)g_latent_dims, sh,
                       (unsigned long)a->ndim);
        return a->ndim - g_latent_dims;
    }
    if (a->fmt == FMT_LATENT && a->ndim >= 4) return 1;
    if (a->ndim >= CLI_IMAGE_LATENT_DIMS)
        return a->ndim - CLI_IMAGE_LATENT_DIMS;
    if (a->ndim == 1) return 0;
    data_error("%s: a 2-D array %s is ambiguous: write --latent-dims 1 for "
               "%lu latents of shape (%lu,), or --latent-dims 2 for one "
               "latent",
               a->path, sh, (unsigned long)a->shape[0],
               (unsigned long)a->shape[1]);
    return 0;
}


void split_latents(const cli_array *a, cli_split *sp)
{
    size_t i, total = 1;
    memset(sp, 0, sizeof *sp);
    sp->nlead = latent_lead_axes(a);
    sp->ndim = a->ndim - sp->nlead;
    memcpy(sp->lead, a->shape, sp->nlead * sizeof *sp->lead);
    memcpy(sp->shape, a->shape + sp->nlead, sp->ndim * sizeof *sp->shape);
    for (i = 0; i < sp->nlead; ++i) total *= sp->lead[i]; /* <= count */
    sp->dim = 1;
    for (i = 0; i < sp->ndim; ++i) sp->dim *= sp->shape[i];
    sp->count = total;
    if (a->pick.given) {
        size_t hi = a->pick.hi;
        if (sp->nlead == 0)
            data_error("%s: holds one latent (no batch axis); '@' picks "
                       "latents out of a batch",
                       a->spec);
        if (hi == (size_t)-1) hi = total;
        if (a->pick.lo >= total || hi > total || hi <= a->pick.lo)
            data_error("%s: the file holds %lu latents (0..%lu); the pick "
                       "selects none or goes beyond them",
                       a->spec, (unsigned long)total,
                       (unsigned long)(total ? total - 1 : 0));
        sp->first = a->pick.lo;
        sp->count = hi - a->pick.lo;
        sp->nlead = a->pick.range ? 1 : 0;
        sp->lead[0] = sp->count;
    }
}

/* "FILE: 25 latents (a 5 x 5 grid) of shape (4, 64, 64)" for messages. */
void describe_split(char *out, size_t cap, const cli_array *a,
                    const cli_split *sp)
{
    char sh[200], grid[200] = "";
    size_t i, o = 0;
    shape_str(sh, sizeof sh, sp->shape, sp->ndim);
    if (sp->nlead >= 2) {
        o += (size_t)snprintf(grid, sizeof grid, " (a ");
        for (i = 0; i < sp->nlead && o < sizeof grid; ++i)
            o += (size_t)snprintf(grid + o, sizeof grid - o, "%s%lu",
                                  i ? " x " : "", (unsigned long)sp->lead[i]);
        if (o < sizeof grid) snprintf(grid + o, sizeof grid - o, " grid)");
    }
    snprintf(out, cap, "%s: %lu latent%s%s of shape %s", a->spec,
             (unsigned long)sp->count, sp->count == 1 ? "" : "s", grid, sh);
}


/* Read one latent input (FILE[:NAME][@PICK]) and split it. */
void read_latent_array(const char *spec, cli_array *a, cli_split *sp)
{
    read_array_pick(spec, 0, 1, a);
    split_latents(a, sp);
}

void load_latents(const char **specs, size_t n, cli_latents *L)
{
    size_t i, j, m;
    memset(L, 0, sizeof *L);
    if (n == 0) usage_error("no latents given");
    L->files = (cli_array *)xmalloc(n, sizeof *L->files);
    L->nfiles = n;
    for (i = 0; i < n; ++i) {
        cli_array *b = &L->files[i];
        cli_split sp;
        read_latent_array(specs[i], b, &sp);
        if (i == 0) {
            L->first = sp;
            L->ndim = sp.ndim;
            memcpy(L->shape, sp.shape, sp.ndim * sizeof *L->shape);
            L->dim = sp.dim;
        } else if (!same_shape(sp.shape, sp.ndim, L->shape, L->ndim)) {
            char sa[300], sb[300];
            describe_split(sa, sizeof sa, &L->files[0], &L->first);
            describe_split(sb, sizeof sb, b, &sp);
            data_error("%s: latent shape differs from the first input's "
                       "(%s; %s)",
                       b->path, sa, sb);
        }
        if (sp.count == 0)
            data_error("%s: holds no latents (K = 0)", b->path);
        L->k += sp.count;
    }
    if (L->dim == 0)
        data_error("%s: the latents have no elements", L->files[0].path);
    L->x = (const float **)xmalloc(L->k, sizeof *L->x);
    for (i = 0, m = 0; i < n; ++i) {
        cli_split sp;
        split_latents(&L->files[i], &sp);
        for (j = 0; j < sp.count; ++j)
            L->x[m++] = L->files[i].f + (sp.first + j) * L->dim;
    }
}

void free_latents(cli_latents *L)
{
    size_t i;
    for (i = 0; i < L->nfiles; ++i) free_array(&L->files[i]);
    free(L->files);
    free((void *)L->x);
    memset(L, 0, sizeof *L);
}

/* "a.npy: 1 latent of shape (4, 64, 64)" or "3 latents from 2 files". */
void describe_latents(char *out, size_t cap, const cli_latents *L)
{
    if (L->nfiles == 1) {
        describe_split(out, cap, &L->files[0], &L->first);
    } else {
        char sh[200];
        shape_str(sh, sizeof sh, L->shape, L->ndim);
        snprintf(out, cap, "%lu latents of shape %s from %lu inputs",
                 (unsigned long)L->k, sh, (unsigned long)L->nfiles);
    }
}

/* --mean: a number (the same mean for every element) or a file with 1 or
 * dim elements. */
void read_mean(const char *s, size_t dim, cli_mean *m)
{
    double v;
    memset(m, 0, sizeof *m);
    if (!s) return;
    if (parse_double(s, &v)) {
        if (fabs(v) > FLT_MAX) usage_error("--mean %s: out of float range", s);
        m->scalar = (float)v;
        m->v = &m->scalar;
        m->len = 1;
        return;
    }
    read_array(s, 0, &m->store);
    if (m->store.count != 1 && m->store.count != dim)
        data_error("%s: the mean has %lu elements, need 1 or %lu (one "
                   "latent)",
                   m->store.path, (unsigned long)m->store.count,
                   (unsigned long)dim);
    m->v = m->store.f;
    m->len = m->store.count;
}

void free_mean(cli_mean *m)
{
    free_array(&m->store);
    memset(m, 0, sizeof *m);
}

/* Rows of weights (or coordinates: `what`) on k latents, of shape (k,)
 * (one row) or (B, k) with B > 0: the number of rows; otherwise an error
 * (a usage error for inline numbers, a data error for a file). */
size_t weight_rows(const cli_array *W, size_t k, int from_file,
                   const char *what)
{
    if ((W->ndim != 1 && W->ndim != 2) || W->shape[W->ndim - 1] != k) {
        char s[200];
        shape_str(s, sizeof s, W->shape, W->ndim);
        (from_file ? data_error : usage_error)(
            "%s: %s of shape %s do not fit %lu latents (need (%lu,) or "
            "(B, %lu))",
            W->path, what, s, (unsigned long)k, (unsigned long)k,
            (unsigned long)k);
    }
    if (W->ndim == 2 && W->shape[0] == 0)
        data_error("%s: no rows of %s", W->path, what);
    return W->ndim == 2 ? W->shape[0] : 1;
}

/* Does shape a (na axes) equal shape b (nb axes)? */
int same_shape(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    size_t i;
    if (na != nb) return 0;
    for (i = 0; i < na; ++i)
        if (a[i] != b[i]) return 0;
    return 1;
}
