/* cli.h - the internals shared by the files of `cog`, the command-line
 * tool (see cli_main.c for what it does and how the files divide it).
 * Not an API: every name here belongs to the one program. */
#ifndef COG_CLI_H
#define COG_CLI_H

#include "cog.h"
#include "latent_io.h"

#include <stddef.h>
#include <stdint.h>

/* Options of a command line, as cli_parse found them. */
typedef struct cli_opts {
    const char *out, *method, *mean, *weights, *coords, *grid, *origin;
    const char *weights_out, *latent, *seed, *shape, *count, *steps, *tol;
    const char *rng, *dist, *frames, *ease, *hold, *spline, *masks;
    const char *variation_seed, *variation_strength, *grid_kind, *extent, *t;
    int json, single, help, loop, angular, allow_repeats;
    const char *latent_dims; /* every command: the latent-shape rule */
    const char **pos;
    size_t npos;
} cli_opts;

enum { FMT_NPY = 1, FMT_ST = 2, FMT_LATENT = 3 };

/* Latents picked out of a file by FILE@I or FILE@A:B (A, B optional). */
typedef struct cli_pick {
    int given, range;    /* range: A:B (keeps a batch axis), else one index */
    size_t lo, hi;       /* [lo, hi); hi = (size_t)-1 for an open end */
} cli_pick;

/* A tensor read from a file and converted to float or double. */
typedef struct cli_array {
    char *path;          /* file name without :NAME (for messages) */
    const char *spec;    /* as given */
    size_t ndim;
    size_t shape[LIO_MAX_NDIM];
    size_t count;
    float *f;            /* when read as float */
    double *d;           /* when read as double */
    int fmt;             /* FMT_NPY, FMT_ST or FMT_LATENT (0: inline) */
    cli_pick pick;       /* FILE@I / FILE@A:B (latent inputs only) */
} cli_array;

/* Latents of one input after the rule and the pick: lead axes (their sizes)
 * and the latent shape S, the first latent's offset and the count. */
typedef struct cli_split {
    size_t nlead, lead[LIO_MAX_NDIM];
    size_t ndim, shape[LIO_MAX_NDIM];
    size_t first, count, dim;
} cli_split;

/* K latents of shape S from the inputs, by the rule above. */
typedef struct cli_latents {
    size_t k, dim, ndim;
    size_t shape[LIO_MAX_NDIM]; /* S */
    const float **x;
    cli_array *files;
    size_t nfiles;
    cli_split first;            /* the first input's split */
} cli_latents;

typedef struct cli_out {
    const char *spec;
    char *path;       /* destination */
    const char *name; /* tensor name for safetensors (NULL: default) */
    int fmt;
    char *tmp;        /* temporary file written, or NULL */
} cli_out;

enum { M_COG, M_LERP, M_SLERP, M_COG_SLERP, M_LINEAR, M_EUCLID, M_STD,
       M_MODE };

/* --dist NAME[:PARAMS]: latents whose elements are iid from a
 * distribution other than N(0, 1), combined through cog_combine_iid. */
typedef struct cli_dist {
    const char *spec; /* NULL: Gaussian (no --dist) */
    cog_cdf_fn cdf, quantile;
    union {
        cog_uniform_params u;
        cog_logistic_params l;
        cog_beta1_params b;
        cog_exponential_params e;
    } par;
} cli_dist;

/* --mean: none (len 0), one number for every element, or a latent. */
typedef struct cli_mean {
    const float *v; /* NULL, &scalar or store.f */
    size_t len;
    float scalar;
    cli_array store;
} cli_mean;

/* ------------------------------------------------ the latent-shape rule
 * The one rule for what a latent is, used by every command for every latent
 * input (LATENTS..., --latent Y, cog stats FILE):
 *   1. --latent-dims N: the last N axes are one latent; any axes before them
 *      index latents (a batch, or a grid of them).
 *   2. else a ComfyUI .latent file of 4 or more axes: axis 0 is the batch,
 *      the rest is one latent (ComfyUI stores (B, C, H, W) or, for video,
 *      (B, C, T, H, W)).
 *   3. else an array of 3 or more axes: the last 3, (C, H, W), are one
 *      latent: (C, H, W) is one latent, (N, C, H, W) a batch of N,
 *      (A, B, C, H, W) an A x B grid (as cog subspace --grid writes).
 *   4. else a 1-D array is one latent.
 *   5. else (a 2-D array) the rule cannot tell (K flat latents or one
 *      (H, W) latent): stop and say to write --latent-dims.
 * Then FILE@I picks latent I, FILE@A:B latents A..B-1 (indices count the
 * latents in order, leading axes flattened row-major), from any format.
 * Several files are concatenated in order; their latent shapes must agree.
 * Keep usage_text's paragraph and docs/cli.md ("Which axes are a latent")
 * in step with this. */
#define CLI_IMAGE_LATENT_DIMS 3

#define CLI_RULE_TEXT \
    "Latents: in every command, a latent is the last 3 axes (C, H, W) of an\n" \
    "array: a 3-D array is one latent, a 4-D (N, C, H, W) array a batch of N,\n" \
    "a 5-D (A, B, C, H, W) array an A x B grid. A ComfyUI .latent file of 4 or\n" \
    "more axes is a batch along its first axis (so (B, C, T, H, W) video\n" \
    "latents work). A 1-D array is one latent. --latent-dims N (any command)\n" \
    "says the last N axes are one latent instead: --latent-dims 1 for a 2-D\n" \
    "(K, D) file of flat latents, --latent-dims 4 for a video (C, T, H, W)\n" \
    "array. A 2-D array is ambiguous without it (the command stops).\n" \
    "FILE@I picks latent I of a file, FILE@A:B latents A..B-1 (0-based, over\n" \
    "all leading axes in order; also FILE:NAME@I). Several files are joined in\n" \
    "order and must hold latents of one shape. Outputs keep the leading axes.\n"

/* ---------------------------------------------------- cli_main.c: errors
 * Every error is one line on stderr, "cog CMD: message", then exit:
 * usage_error with status 2, data_error with status 1. */
void usage_error(const char *fmt, ...);
void data_error(const char *fmt, ...);
void note(const char *fmt, ...);        /* "cog CMD: note: ..." */
void *xmalloc(size_t n, size_t size);   /* exits on overflow or failure */
void check_cog(cog_result r, const char *what); /* data error unless OK */
float **out_rows(float *buf, size_t b, size_t dim); /* b row pointers */

/* ------------------------------------------------- cli_args.c: options */
extern size_t g_latent_dims; /* --latent-dims N of the command (0: none) */
void cli_parse(int argc, char **argv, const char *allowed, cli_opts *o);
void maybe_help(const cli_opts *o, const char *text);
void maybe_help_dist(const cli_opts *o, const char *text);
size_t parse_size(const char *opt, const char *s, size_t lo, size_t hi);
int parse_double(const char *s, double *v);
int parse_choice(const char *opt, const char *s, const char *names, int def);
int list_item(const char **p, char *buf, size_t cap);
void parse_dist(const char *s, cli_dist *d);
int parse_method_dist(const cli_opts *o, const char *allowed, cli_dist *d);

/* ------------------------------------------------- cli_read.c: reading */
int format_of(const char *path, size_t n);
void split_spec(const char *spec, char **path, const char **name);
void shape_str(char *out, size_t cap, const size_t *shape, size_t ndim);
int same_shape(const size_t *a, size_t na, const size_t *b, size_t nb);
void read_array(const char *spec, int want_double, cli_array *a);
void read_array_pick(const char *spec, int want_double, int pick_ok,
                     cli_array *a);
void free_array(cli_array *a);
int read_numbers(const char *opt, const char *s, cli_array *a);
void split_latents(const cli_array *a, cli_split *sp);
void describe_split(char *out, size_t cap, const cli_array *a,
                    const cli_split *sp);
void read_latent_array(const char *spec, cli_array *a, cli_split *sp);
void load_latents(const char **specs, size_t n, cli_latents *L);
void free_latents(cli_latents *L);
void describe_latents(char *out, size_t cap, const cli_latents *L);
void read_mean(const char *s, size_t dim, cli_mean *m);
void free_mean(cli_mean *m);
size_t weight_rows(const cli_array *W, size_t k, int from_file,
                   const char *what);

/* ------------------------------------------------- cli_write.c: outputs */
cli_out *declare_output(const char *opt, const char *spec);
void write_temp(cli_out *o, lio_dtype dt, const void *data,
                const size_t *shape_in, size_t ndim_in,
                const char *default_name);
void write_latents(cli_out *o, const float *data, const size_t *lead,
                   size_t nlead, const cli_latents *L);
void commit_outputs(void);

/* ---------------------------------------------------------- the commands */
void check_support(const cli_latents *L, const cli_dist *d);
float *combine_rows(const cli_latents *L, const double *w, size_t b,
                    int plain, const cli_mean *mean, const cli_dist *dist);
int cmd_randn(int argc, char **argv);    /* cli_seeds.c */
int cmd_walk(int argc, char **argv);
int cmd_blend(int argc, char **argv);
int cmd_interp(int argc, char **argv);   /* cli_combine.c */
int cmd_combine(int argc, char **argv);
int cmd_centroid(int argc, char **argv);
int cmd_subspace(int argc, char **argv); /* cli_subspace.c */
int cmd_project(int argc, char **argv);
int cmd_stats(int argc, char **argv);    /* cli_stats.c */

#endif /* COG_CLI_H */
