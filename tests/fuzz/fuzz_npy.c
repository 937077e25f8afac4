/* fuzz_npy.c - libFuzzer target for lio_parse_npy (examples/cli/latent_io),
 * the .npy reader of the cog command-line tool. The input is the file.
 * Properties: no fault or read outside the input (ASan: libFuzzer hands
 * over an exactly sized heap copy); failures give a one-line message and a
 * zeroed tensor; successes describe data inside the buffer with
 * count = prod(shape) and nbytes = count * element size, convert to f32 and
 * f64 consistently, and (for F32 / F64) survive a round trip through
 * lio_npy_header + the same data bytes. */
#include "fuzz_latent_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lio_tensor t;
    lio_error e;
    const char *msg;
    memset(&t, 0xA5, sizeof t);
    msg = lio_parse_npy(size ? data : NULL, size, &t, &e);
    if (msg) {
        fzl_check_failure(msg, &t);
        return 0;
    }
    fzl_check_tensor(&t, data, size);
    if (t.dtype == LIO_F32 || t.dtype == LIO_F64) {
        unsigned char hdr[128 + 24 * LIO_MAX_NDIM];
        const size_t h = lio_npy_header(hdr, sizeof hdr, t.dtype, t.shape,
                                        t.ndim);
        unsigned char *file;
        lio_tensor t2;
        FZ_ASSERT(h > 0 && h % 64 == 0);
        file = (unsigned char *)fz_malloc(h + t.nbytes);
        memcpy(file, hdr, h);
        if (t.nbytes) memcpy(file + h, t.data, t.nbytes);
        FZ_ASSERT(lio_parse_npy(file, h + t.nbytes, &t2, &e) == NULL);
        FZ_ASSERT(t2.dtype == t.dtype && t2.ndim == t.ndim &&
                  t2.count == t.count && t2.nbytes == t.nbytes);
        FZ_ASSERT(memcmp(t2.shape, t.shape, t.ndim * sizeof(size_t)) == 0);
        FZ_ASSERT(t.nbytes == 0 || memcmp(t2.data, t.data, t.nbytes) == 0);
        free(file);
    }
    return 0;
}
