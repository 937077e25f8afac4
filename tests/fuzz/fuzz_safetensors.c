/* fuzz_safetensors.c - libFuzzer target for lio_parse_safetensors
 * (examples/cli/latent_io), the .safetensors / ComfyUI .latent reader of
 * the cog command-line tool. The first input byte picks the tensor name
 * (NULL, "latent_tensor", "x", or a name taken from the end of the input);
 * the rest is the file. Properties as fuzz_npy.c, plus a round trip of F32
 * / F64 tensors through lio_safetensors_header. */
#include "fuzz_latent_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lio_tensor t;
    lio_error e;
    const char *msg, *name = NULL;
    char own[17];
    const uint8_t *file;
    size_t len;
    uint8_t sel;
    if (size == 0) return 0;
    sel = data[0];
    file = data + 1;
    len = size - 1;
    switch (sel % 4) {
    case 0: name = NULL; break;
    case 1: name = "latent_tensor"; break;
    case 2: name = "x"; break;
    default: {
        /* a name from the last up-to-16 bytes of the input */
        size_t n = (sel >> 2) % 17, i;
        if (n > len) n = len;
        for (i = 0; i < n; ++i) own[i] = (char)file[len - n + i];
        own[n] = '\0';
        name = own;
        break;
    }
    }
    memset(&t, 0xA5, sizeof t);
    msg = lio_parse_safetensors(len ? file : NULL, len, name, &t, &e);
    if (msg) {
        fzl_check_failure(msg, &t);
        return 0;
    }
    fzl_check_tensor(&t, file, len);
    if (t.dtype == LIO_F32 || t.dtype == LIO_F64) {
        lio_tensor_spec spec;
        size_t payload = 0, h, cap = 256 + 24 * LIO_MAX_NDIM;
        unsigned char *buf = (unsigned char *)fz_malloc(cap + t.nbytes);
        lio_tensor t2;
        spec.name = "t";
        spec.dtype = t.dtype;
        spec.ndim = t.ndim;
        spec.shape = t.shape;
        h = lio_safetensors_header(buf, cap, &spec, 1, &payload);
        FZ_ASSERT(h > 0 && h % 8 == 0 && payload == t.nbytes);
        if (t.nbytes) memcpy(buf + h, t.data, t.nbytes);
        FZ_ASSERT(lio_parse_safetensors(buf, h + t.nbytes, "t", &t2, &e) ==
                  NULL);
        FZ_ASSERT(t2.dtype == t.dtype && t2.ndim == t.ndim &&
                  t2.count == t.count && t2.nbytes == t.nbytes);
        FZ_ASSERT(memcmp(t2.shape, t.shape, t.ndim * sizeof(size_t)) == 0);
        FZ_ASSERT(t.nbytes == 0 || memcmp(t2.data, t.data, t.nbytes) == 0);
        free(buf);
    }
    return 0;
}
