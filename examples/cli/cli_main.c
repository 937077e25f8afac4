/* cli_main.c - `cog`, the command-line tool of cog.h: combine real latents
 * from .npy, .safetensors and ComfyUI .latent files, and make PyTorch's
 * CPU noise for any seed.
 *
 *   cog randn    --seed N --shape D1[,D2,...] [--count M] [--rng cpu|nv]
 *                [--variation-seed S --variation-strength T[,T...]
 *                 [--method cog|a1111]] -o OUT
 *   cog interp   A B (--steps N | --t T[,T...]) [--method cog|lerp|slerp|cog-slerp]
 *                [--mean M] -o OUT
 *   cog combine  --weights W LATENTS... [--method cog|linear] [--mean M] -o OUT
 *   cog centroid LATENTS... [--method cog|euclidean|standardized|mode-norm] [--mean M] -o OUT
 *   cog subspace LATENTS... (--coords C | --grid I,J --steps N [--origin O]
 *                [--grid-kind affine|tangent] [--extent E]) [--allow-repeats]
 *                [--weights-out W] [--method cog|linear] [--mean M] [--tol T] -o OUT
 *   cog project  LATENTS... --latent Y [--tol T] -o COORDS
 *   cog stats    FILE [--json] [--single]
 *   cog walk     KEYFRAMES... --frames N [--ease linear|smoothstep|cosine]
 *                [--hold H] [--loop] [--spline none|catmull-rom|bspline]
 *                [--angular] [--mean M] -o OUT
 *   cog blend    LATENTS... --masks M [--mean M] -o OUT
 *
 * Run `cog --help` or `cog CMD --help` for the details (the help texts, in
 * each command's file, are the reference). Build: the `cog_cli` target of
 * examples/ (CMake option COG_BUILD_EXAMPLES); the executable is `cog`.
 *
 * Exit status: 0 success, 1 bad data (unreadable or corrupt file, NaN/Inf,
 * shapes that do not fit), 2 usage error. Every error is one line on stderr
 * that names the file (or option) and the problem. Outputs are written to a
 * temporary file next to the destination and renamed over it only when
 * everything succeeded, so an existing output is never half-written.
 *
 * The files: cli_main.c messages, the usage text and the dispatch;
 * cli_args.c the options; cli_read.c the inputs and the latent-shape rule;
 * cli_write.c the outputs; cli_combine.c interp, combine, centroid;
 * cli_subspace.c subspace, project; cli_seeds.c randn, walk, blend;
 * cli_stats.c stats; cli.h what they share.
 */
#define COG_IMPLEMENTATION
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ messages */

static const char *g_cmd = ""; /* the running subcommand, for messages */

static void cli_exit(int code, const char *fmt, va_list ap)
{
    char msg[1024];
    size_t i;
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (i = 0; msg[i]; ++i) /* one line, whatever the file names hold */
        if (msg[i] == '\n' || msg[i] == '\r') msg[i] = '?';
    fprintf(stderr, "cog%s%s: %s\n", *g_cmd ? " " : "", g_cmd, msg);
    exit(code);
}

/* Usage error: exit 2. */
void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_exit(2, fmt, ap);
    va_end(ap);
}

/* Data error: exit 1. */
void data_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_exit(1, fmt, ap);
    va_end(ap);
}

void note(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cog %s: note: ", g_cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void *xmalloc(size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > ((size_t)-1) / size) data_error("data too large");
    p = malloc(n * size != 0 ? n * size : 1);
    if (!p) data_error("out of memory (%lu bytes)", (unsigned long)(n * size));
    return p;
}
/* ---------------------------------------------------------- cog errors */

void check_cog(cog_result r, const char *what)
{
    if (r == COG_OK) return;
    if (r == COG_ERR_NONFINITE)
        data_error("%s: the result is not finite (values beyond the float32 "
                   "range?)",
                   what);
    data_error("%s: %s", what, cog_result_string(r));
}

float **out_rows(float *buf, size_t b, size_t dim)
{
    float **rows = (float **)xmalloc(b, sizeof *rows);
    size_t i;
    for (i = 0; i < b; ++i) rows[i] = buf + i * dim;
    return rows;
}
/* ----------------------------------------------------------- commands */

static const char *usage_text =
    "cog - combine Gaussian latents of diffusion models so that every\n"
    "combination is again a valid latent (COG), from the shell.\n"
    "\n"
    "  cog randn    --seed N --shape D1[,D2,...] [--count M] [--rng cpu|nv]\n"
    "               [--variation-seed S --variation-strength T[,T...]\n"
    "                [--method cog|a1111]] -o OUT\n"
    "  cog interp   A B (--steps N | --t T[,T...]) [--method cog|lerp|slerp|cog-slerp]\n"
    "               [--mean M] -o OUT\n"
    "  cog combine  --weights W LATENTS... [--method cog|linear] [--mean M] -o OUT\n"
    "  cog centroid LATENTS... [--method cog|euclidean|standardized|mode-norm]\n"
    "               [--mean M] -o OUT\n"
    "  cog subspace LATENTS... (--coords C | --grid I,J --steps N [--origin O]\n"
    "               [--grid-kind affine|tangent] [--extent E]) [--allow-repeats]\n"
    "               [--weights-out W] [--method cog|linear] [--mean M] [--tol T] -o OUT\n"
    "  cog project  LATENTS... --latent Y [--tol T] -o COORDS\n"
    "  cog stats    FILE [--json] [--single]\n"
    "  cog walk     KEYFRAMES... --frames N [--ease linear|smoothstep|cosine]\n"
    "               [--hold H] [--loop] [--spline none|catmull-rom|bspline]\n"
    "               [--angular] [--mean M] -o OUT\n"
    "  cog blend    LATENTS... --masks M [--mean M] -o OUT\n"
    "  interp, combine, centroid, subspace and stats take --dist NAME[:PARAMS]\n"
    "  for latents that are iid uniform, logistic, Beta(1, B) or exponential\n"
    "  instead of N(0, 1) (see 'cog combine --help').\n"
    "\n"
    "Files: .npy (format 1.0/2.0/3.0, little-endian float16/32/64, C order),\n"
    ".safetensors (F32, F16, BF16, F64; FILE:NAME picks a tensor, a file with one\n"
    "tensor needs no name) and ComfyUI .latent (safetensors with latent_tensor; a\n"
    "file without ComfyUI's latent_format_version_0 marker is scaled by 1/0.18215\n"
    "like ComfyUI's LoadLatent does).\n"
    "\n"
    CLI_RULE_TEXT
    "\n"
    "Outputs: the format follows the extension of OUT (.npy, .safetensors,\n"
    ".latent); OUT.safetensors:NAME names the tensor (default 'latent', or\n"
    "'coords' / 'weights'). Latents are float32; coordinates and weights are\n"
    "float64. A .latent output is one flat ComfyUI batch: one latent is written\n"
    "as a batch of 1, a grid as (A*B, C, H, W).\n"
    "Outputs are written to a temporary file and renamed, so an existing OUT is\n"
    "replaced only on success.\n"
    "\n"
    "Exit status: 0 ok, 1 bad data, 2 usage error. Run 'cog CMD --help' for more.\n";
/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"randn", cmd_randn},       {"interp", cmd_interp},
                {"combine", cmd_combine},   {"centroid", cmd_centroid},
                {"subspace", cmd_subspace}, {"project", cmd_project},
                {"stats", cmd_stats},       {"walk", cmd_walk},
                {"blend", cmd_blend}};
    size_t i;
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("cog %s (cog.h %s)\n", COG_VERSION_STRING,
               cog_version_string());
        return 0;
    }
    for (i = 0; i < sizeof cmds / sizeof *cmds; ++i)
        if (strcmp(argv[1], cmds[i].name) == 0) {
            g_cmd = cmds[i].name;
            return cmds[i].fn(argc - 2, argv + 2);
        }
    usage_error("unknown command '%s' (randn, interp, combine, centroid, "
                "subspace, project, stats, walk, blend; see cog --help)",
                argv[1]);
    return 2;
}
