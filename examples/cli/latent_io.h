/* latent_io.h - read and write latent tensors as .npy and .safetensors
 * (and ComfyUI .latent, which is safetensors) in memory. Part of the `cog`
 * command-line example of cog.h; reusable on its own (C99, libc only).
 *
 * READING is two steps, both on a caller-owned buffer holding a whole file:
 *
 *     lio_tensor t;
 *     lio_error e;
 *     const char *msg = lio_parse_npy(buf, len, &t, &e);    // or _safetensors
 *     if (msg) { fprintf(stderr, "%s: %s\n", path, msg); ... }
 *     float *x = malloc(t.count * sizeof *x);               // t.count may be 0
 *     size_t bad = lio_to_f32(&t, x);  // index of the first NaN/Inf, or count
 *
 *   The parse functions only validate the header and describe the tensor:
 *   dtype, shape, element count and a pointer to its bytes INSIDE buf (so
 *   buf must outlive the lio_tensor). They never read outside
 *   [buf, buf + len), never allocate, keep no global state, check every size
 *   computation for overflow, and are thread-safe. On failure they return a
 *   one-line English message (no file name, no trailing newline) that lives
 *   either in static storage or in the caller's lio_error; on success NULL.
 *   *t is zeroed on failure. buf may be NULL only if len is 0.
 *
 *   FUZZING: any (buf, len) is a valid input to lio_parse_npy and to
 *   lio_parse_safetensors (with any name, NULL included); after a successful
 *   parse, lio_to_f32 / lio_to_f64 into t.count elements must not fault.
 *
 * WRITING: the header functions build the bytes that precede the payload;
 * lio_put_f32le / lio_put_f64le encode the payload. Data is little-endian on
 * disk whatever the host.
 *
 * Formats accepted:
 *   .npy  format 1.0, 2.0 and 3.0; descr '<f2', '<f4', '<f8' (also '|');
 *         fortran_order False; any number of dimensions up to LIO_MAX_NDIM.
 *         Big-endian, Fortran-order, non-float and structured arrays are
 *         rejected with a message saying so.
 *   .safetensors  8-byte little-endian header size, JSON header, data.
 *         dtypes F16, BF16, F32, F64. Offsets must lie inside the data area
 *         and match dtype and shape. "__metadata__" is skipped.
 */
#ifndef LATENT_IO_H_INCLUDED_3A91
#define LATENT_IO_H_INCLUDED_3A91

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIO_MAX_NDIM 32

typedef enum lio_dtype {
    LIO_F16 = 1, /* IEEE binary16 */
    LIO_BF16 = 2, /* bfloat16 (safetensors only) */
    LIO_F32 = 3,
    LIO_F64 = 4
} lio_dtype;

/* A tensor found in a buffer. data points into the parsed buffer. */
typedef struct lio_tensor {
    lio_dtype dtype;
    size_t ndim;                 /* 0 for a scalar */
    size_t shape[LIO_MAX_NDIM];
    size_t count;                /* product of shape (1 for a scalar) */
    const unsigned char *data;   /* count * lio_dtype_size(dtype) bytes */
    size_t nbytes;
} lio_tensor;

/* Room for messages that quote the input (a name, a dtype, a list). */
typedef struct lio_error {
    char msg[256];
} lio_error;

/* Bytes per element of a dtype (0 for an invalid value). */
size_t lio_dtype_size(lio_dtype d);
/* "float16", "bfloat16", "float32", "float64" (or "?"). */
const char *lio_dtype_name(lio_dtype d);

/* lio_parse_npy - a NumPy .npy file held in buf[0..len).
 * Returns NULL and fills *t, or a message (see the top comment). Extra bytes
 * after the array data are ignored, as numpy.load does. */
const char *lio_parse_npy(const unsigned char *buf, size_t len,
                          lio_tensor *t, lio_error *e);

/* lio_parse_safetensors - one tensor of a .safetensors file in buf[0..len).
 *   name  [in] the tensor to pick, or NULL: then "latent_tensor" if there is
 *              one (ComfyUI .latent files), else the only tensor of the file
 *              (several tensors without a name is an error that lists them).
 * The whole header is validated whichever tensor is picked. */
const char *lio_parse_safetensors(const unsigned char *buf, size_t len,
                                  const char *name, lio_tensor *t,
                                  lio_error *e);

/* lio_to_f32 / lio_to_f64 - convert t->count elements to host floats
 * (float64 -> float32 rounds to nearest; values beyond float32 range become
 * +-Inf). out must hold t->count elements. Returns the index of the first
 * NaN or Inf in the converted output, or t->count if all are finite. */
size_t lio_to_f32(const lio_tensor *t, float *out);
size_t lio_to_f64(const lio_tensor *t, double *out);

/* lio_npy_header - the header (magic, version, length, dict, padding) of a
 * C-order little-endian .npy file of dtype F32 or F64 (others: returns 0).
 * Writes at most cap bytes to out and returns the header length (a multiple
 * of 64), or 0 if cap is too small or an argument is bad (ndim at most
 * LIO_MAX_NDIM). Always format 1.0; 128 + 24 * ndim bytes suffice. */
size_t lio_npy_header(unsigned char *out, size_t cap, lio_dtype dtype,
                      const size_t *shape, size_t ndim);

/* One tensor of a safetensors file to be written. */
typedef struct lio_tensor_spec {
    const char *name;       /* UTF-8, escaped as JSON by the writer */
    lio_dtype dtype;        /* F32 or F64 */
    size_t ndim;
    const size_t *shape;    /* may be NULL if ndim == 0 */
} lio_tensor_spec;

/* lio_safetensors_header - the 8-byte size plus JSON header (padded with
 * spaces to a multiple of 8) for n tensors stored back to back in the given
 * order, with no metadata. Returns the header length or 0 if cap is too
 * small, a size overflows, or an argument is bad. *payload (optional) gets
 * the total number of data bytes that must follow. */
size_t lio_safetensors_header(unsigned char *out, size_t cap,
                              const lio_tensor_spec *tensors, size_t n,
                              size_t *payload);

/* Encode n host floats / doubles as little-endian bytes (4n / 8n bytes). */
void lio_put_f32le(const float *src, size_t n, unsigned char *dst);
void lio_put_f64le(const double *src, size_t n, unsigned char *dst);

#ifdef __cplusplus
}
#endif

#endif /* LATENT_IO_H_INCLUDED_3A91 */
