/* cli_write.c - the outputs of `cog`: declared before any work, written to
 * a temporary file next to the destination, renamed over it only when every
 * output succeeded. */

#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkstemp, fchmod, fsync, umask */
#endif

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#endif

/* ------------------------------------------------------------- writing */


#define CLI_MAX_OUT 2
static cli_out g_outs[CLI_MAX_OUT];
static size_t g_nouts;

static void remove_temps(void)
{
    size_t i;
    for (i = 0; i < g_nouts; ++i)
        if (g_outs[i].tmp) {
            remove(g_outs[i].tmp);
            free(g_outs[i].tmp);
            g_outs[i].tmp = NULL;
        }
}

/* An output failed: every temporary file removed, then the data error
 * "PATH: WHAT: the system's reason". */
static void output_failed(const char *path, const char *what, int err)
{
    remove_temps();
    data_error("%s: %s: %s", path, what, strerror(err));
}

/* o->tmp, a new file next to o->path (the same folder, so the final
 * rename stays on one file system), opened for writing. */
static FILE *open_temp(cli_out *o)
{
    FILE *f;
    o->tmp = (char *)xmalloc(strlen(o->path) + 16, 1);
#ifndef _WIN32
    {
        mode_t mask;
        int fd;
        sprintf(o->tmp, "%s.cogtmp-XXXXXX", o->path);
        fd = mkstemp(o->tmp);
        if (fd < 0) {
            const int err = errno;
            free(o->tmp);
            o->tmp = NULL;
            output_failed(o->path, "cannot create a temporary file next to it",
                          err);
        }
        mask = umask(0); /* mkstemp makes 0600; give what fopen would */
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
        f = fdopen(fd, "wb");
    }
#else
    sprintf(o->tmp, "%s.cogtmp", o->path);
    f = fopen(o->tmp, "wb");
#endif
    if (!f) output_failed(o->path, "cannot write a temporary file", errno);
    return f;
}

/* Check an output name before any work is done. */
cli_out *declare_output(const char *opt, const char *spec)
{
    cli_out *o;
    if (!spec) usage_error("missing %s OUT", opt);
    o = &g_outs[g_nouts++];
    memset(o, 0, sizeof *o);
    o->spec = spec;
    split_spec(spec, &o->path, &o->name);
    o->fmt = format_of(o->path, strlen(o->path));
    if (!o->fmt)
        usage_error("%s %s: the output name must end in .npy, .safetensors "
                    "or .latent",
                    opt, spec);
    if (o->name && !*o->name)
        usage_error("%s %s: empty tensor name", opt, spec);
    return o;
}

/* Write data (float or double, count elements, shape) to a temporary file
 * next to o->path. Data errors remove every temporary file first. */
void write_temp(cli_out *o, lio_dtype dt, const void *data,
                const size_t *shape_in, size_t ndim_in,
                const char *default_name)
{
    unsigned char hdr[4096], chunk[1 << 16];
    size_t hlen, count = 1, i, esize = lio_dtype_size(dt), per, done;
    size_t shape[LIO_MAX_NDIM + 1], ndim = ndim_in;
    FILE *f = NULL;
    const char *name = o->name ? o->name : default_name;

    memcpy(shape, shape_in, ndim * sizeof *shape);
    if (o->fmt == FMT_LATENT) { /* write_latents gave it its batch axis */
        name = "latent_tensor";
        if (o->name && strcmp(o->name, "latent_tensor") != 0)
            note("%s: ComfyUI .latent files name their tensor latent_tensor; "
                 "ignoring ':%s'",
                 o->path, o->name);
    }
    for (i = 0; i < ndim; ++i) count *= shape[i];

    if (o->fmt == FMT_NPY) {
        hlen = lio_npy_header(hdr, sizeof hdr, dt, shape, ndim);
    } else {
        lio_tensor_spec ts[2];
        ts[0].name = name;
        ts[0].dtype = dt;
        ts[0].ndim = ndim;
        ts[0].shape = shape;
        ts[1].name = "latent_format_version_0";
        ts[1].dtype = LIO_F32;
        ts[1].ndim = 1;
        ts[1].shape = shape + LIO_MAX_NDIM; /* set below */
        shape[LIO_MAX_NDIM] = 0;
        hlen = lio_safetensors_header(hdr, sizeof hdr, ts,
                                      o->fmt == FMT_LATENT ? 2 : 1, NULL);
    }
    if (hlen == 0) {
        remove_temps();
        data_error("%s: cannot build the file header (name too long?)",
                   o->path);
    }

    f = open_temp(o);
    fwrite(hdr, 1, hlen, f);
    per = sizeof chunk / esize;
    for (done = 0; done < count; done += per) {
        const size_t n = count - done < per ? count - done : per;
        if (dt == LIO_F32) lio_put_f32le((const float *)data + done, n, chunk);
        else lio_put_f64le((const double *)data + done, n, chunk);
        fwrite(chunk, 1, n * esize, f);
    }
    if (fflush(f) != 0 || ferror(f)
#ifndef _WIN32
        || fsync(fileno(f)) != 0
#endif
    ) {
        const int err = errno;
        fclose(f);
        output_failed(o->path, "write failed", err);
    }
    if (fclose(f) != 0) output_failed(o->path, "write failed", errno);
}

/* Rename every temporary file onto its destination. */
void commit_outputs(void)
{
    size_t i;
    for (i = 0; i < g_nouts; ++i) {
        cli_out *o = &g_outs[i];
        if (!o->tmp) continue;
#ifdef _WIN32
        remove(o->path); /* rename does not replace on Windows */
#endif
        if (rename(o->tmp, o->path) != 0)
            output_failed(o->path,
                          "cannot rename the temporary file onto it", errno);
        free(o->tmp);
        o->tmp = NULL;
    }
    for (i = 0; i < g_nouts; ++i) free(g_outs[i].path);
    g_nouts = 0;
}

/* Write latents of shape S (L's) with leading axes lead[0..nlead): as
 * (*lead, *S), which the latent-shape rule reads back as the same latents;
 * a ComfyUI .latent output is one flat batch (prod(lead), *S), a batch of
 * 1 for a single latent. */
void write_latents(cli_out *o, const float *data, const size_t *lead,
                   size_t nlead, const cli_latents *L)
{
    size_t shape[LIO_MAX_NDIM], ndim = 0, i;
    if (o->fmt == FMT_LATENT) {
        shape[0] = 1;
        for (i = 0; i < nlead; ++i) shape[0] *= lead[i];
        ndim = 1;
    } else {
        if (nlead + L->ndim > LIO_MAX_NDIM)
            data_error("the output would have more than %d dimensions",
                       LIO_MAX_NDIM);
        if (nlead) memcpy(shape, lead, nlead * sizeof *shape);
        ndim = nlead;
    }
    if (ndim + L->ndim > LIO_MAX_NDIM)
        data_error("the output would have more than %d dimensions",
                   LIO_MAX_NDIM);
    if (L->ndim) memcpy(shape + ndim, L->shape, L->ndim * sizeof *shape);
    write_temp(o, LIO_F32, data, shape, ndim + L->ndim, "latent");
}
