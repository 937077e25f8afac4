/* fuzz_latent_io.h - property checks shared by the .npy and .safetensors
 * reader targets (examples/cli/latent_io.c). */
#ifndef COG_FUZZ_LATENT_IO_H
#define COG_FUZZ_LATENT_IO_H

#include "latent_io.h"
#include "fuzz_util.h"

/* A failed parse: a short one-line message and a zeroed tensor. */
static void fzl_check_failure(const char *msg, const lio_tensor *t)
{
    lio_tensor z;
    size_t n = strlen(msg);
    memset(&z, 0, sizeof z);
    FZ_ASSERT(n > 0 && n < sizeof(((lio_error *)0)->msg));
    FZ_ASSERT(strchr(msg, '\n') == NULL);
    FZ_ASSERT(memcmp(&z, t, sizeof z) == 0);
}

/* A successful parse of buf[0..len): a consistent description of data
 * inside the buffer; both conversions work and agree. */
static void fzl_check_tensor(const lio_tensor *t, const unsigned char *buf,
                             size_t len)
{
    size_t i, count = 1, esz, bad32, bad64;
    float *f;
    double *d;
    FZ_ASSERT(t->dtype >= LIO_F16 && t->dtype <= LIO_F64);
    esz = lio_dtype_size(t->dtype);
    FZ_ASSERT(esz == 2 || esz == 4 || esz == 8);
    FZ_ASSERT(t->ndim <= LIO_MAX_NDIM);
    for (i = 0; i < t->ndim; ++i) {
        FZ_ASSERT(t->shape[i] == 0 || count <= (size_t)-1 / t->shape[i]);
        count *= t->shape[i];
    }
    FZ_ASSERT(t->count == count);
    FZ_ASSERT(t->nbytes == count * esz);
    FZ_ASSERT(t->nbytes <= len);
    if (t->nbytes) {
        FZ_ASSERT(t->data >= buf && t->data <= buf + len);
        FZ_ASSERT((size_t)(buf + len - t->data) >= t->nbytes);
    }
    f = (float *)fz_malloc(count * sizeof(float));
    d = (double *)fz_malloc(count * sizeof(double));
    bad32 = lio_to_f32(t, f);
    bad64 = lio_to_f64(t, d);
    FZ_ASSERT(bad32 <= count && bad64 <= count);
    for (i = 0; i < count; ++i) {
        /* NaN stays NaN; otherwise float = double rounded to nearest */
        if (d[i] != d[i]) {
            FZ_ASSERT(f[i] != f[i]);
        } else {
            FZ_ASSERT(f[i] == (float)d[i]);
        }
        if (i < bad32) FZ_ASSERT(fz_finite(f[i]));
        if (i < bad64) FZ_ASSERT(fz_finite(d[i]));
    }
    if (bad32 < count) FZ_ASSERT(!fz_finite(f[bad32]));
    if (bad64 < count) FZ_ASSERT(!fz_finite(d[bad64]));
    FZ_ASSERT(bad64 >= bad32 || bad64 == count); /* f32 may overflow first */
    free(f);
    free(d);
}

#endif
