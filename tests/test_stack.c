/* test_stack.c - every public function of cog.h on a thread with a small
 * stack (what fiber-based job systems give their jobs).
 *
 * Each case calls one public function (or a family of small ones) on fixed
 * inputs, first on the main thread, then on a pthread whose stack is a
 * buffer of PTHREAD_STACK_MIN + the case's budget bytes, painted before
 * the thread starts; the outputs must be the same bits, and the painted
 * buffer tells how much of it the call used (printed, and checked against
 * the budget). Budgets: 16 KiB, and 20 KiB for the functions that run the
 * batch kernel (cog_combine_batch and its _scratch form, cog_linear_batch,
 * cog_walk; see THREADS in cog.h; aarch64 needs 18 KiB for cog_walk).
 * Without optimisation or under a sanitizer frames are larger: the stacks
 * are then 8x larger and only the results are compared.
 *
 * Registered where pthreads exist (not on MinGW without winpthreads), like
 * test_threads. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200112L /* pthread_attr_setstack */
#endif
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COG_IMPLEMENTATION
#include "cog.h"

#include "test_util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define ST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ST_TSAN 1
#endif
#endif
#if defined(_WIN32) || !defined(PTHREAD_STACK_MIN)
/* winpthreads: Windows threads get their stack from CreateThread, never
 * from the caller, and PTHREAD_STACK_MIN is not defined */
#define ST_NO_OWN_STACK 1
#define PTHREAD_STACK_MIN 16384
#endif
#if defined(__OPTIMIZE__) && !defined(ST_SANITIZED)
#define ST_SCALE 1 /* budgets checked */
#else
#define ST_SCALE 8 /* results compared only */
#endif

#define K 5
#define B 3
#define DIM 20011 /* crosses the kernels' block and chunk boundaries */
#define NRAND 1003 /* randn: whole batches, a partial one, a last block */
#define GRID 3

static float g_lat[K][DIM];
static const float *g_x[K];
static float g_mean[DIM];
static float g_mask[K][DIM];
static const float *g_masks[K];
static double g_w[B * K];
static cog_subspace g_sub;
static double *g_sub_mem;

/* Everything a case may write; compared byte for byte. */
typedef struct outputs {
    float f[B][DIM];
    double d[GRID * GRID * K + K * K];
    size_t z[16];
    const char *s[8];
    int st[16];
} outputs;

static cog_result run_combine(outputs *o)
{
    return cog_combine(g_x, K, DIM, g_w, g_mean, DIM, o->f[0]);
}
static cog_result run_combine_batch(outputs *o)
{
    float *out[B];
    size_t i;
    for (i = 0; i < B; ++i) out[i] = o->f[i];
    return cog_combine_batch(g_x, K, DIM, g_w, B, g_mean, 1, out);
}
static cog_result run_combine_batch_scratch(outputs *o)
{
    static float scratch[COG_BATCH_SCRATCH_BYTES / sizeof(float)];
    float *out[B];
    size_t i;
    for (i = 0; i < B; ++i) out[i] = o->f[i];
    return cog_combine_batch_scratch(g_x, K, DIM, g_w, B, g_mean, 1, out,
                                     scratch, sizeof scratch);
}
static cog_result run_linear(outputs *o)
{
    return cog_linear(g_x, K, DIM, g_w + K, o->f[0]);
}
static cog_result run_linear_batch(outputs *o)
{
    float *out[B];
    size_t i;
    for (i = 0; i < B; ++i) out[i] = o->f[i];
    return cog_linear_batch(g_x, K, DIM, g_w, B, out);
}
static cog_result run_small(outputs *o)
{
    /* status strings, version, coefficients, weight builders, the
     * distribution callbacks and Phi */
    cog_uniform_params u = {-4.0, 4.0};
    cog_logistic_params l = {0.5, 2.0};
    cog_beta1_params b1 = {3.0};
    cog_exponential_params e = {1.5};
    double *d = o->d;
    o->s[0] = cog_result_string(COG_ERR_NONFINITE);
    o->s[1] = cog_version_string();
    o->st[0] = cog_version_number();
    o->st[1] = cog_coefficients(g_w, K, d, d + K);
    o->st[2] = cog_lerp_weights(0.25, d + 8);
    o->st[3] = cog_slerp_weights(1.0, 0.25, d + 10);
    o->st[4] = cog_centroid_weights(K, d + 12);
    o->st[5] = cog_arc_weights(0.75, d + 20);
    d[22] = cog_normal_cdf(-1.5);
    d[23] = cog_normal_quantile(0.3);
    d[24] = cog_uniform_cdf(1.0, &u);
    d[25] = cog_uniform_quantile(0.7, &u);
    d[26] = cog_logistic_cdf(1.0, &l);
    d[27] = cog_logistic_quantile(0.7, &l);
    d[28] = cog_beta1_cdf(0.5, &b1);
    d[29] = cog_beta1_quantile(0.7, &b1);
    d[30] = cog_exponential_cdf(1.0, &e);
    d[31] = cog_exponential_quantile(0.7, &e);
    return COG_OK;
}
static cog_result run_iid(outputs *o)
{
    cog_uniform_params u = {-4.0, 4.0};
    return cog_combine_iid(g_x, K, DIM, g_w, cog_uniform_cdf,
                           cog_uniform_quantile, &u, o->f[0]);
}
static cog_result run_iid_batch(outputs *o)
{
    cog_uniform_params u = {-4.0, 4.0};
    float *out[B];
    size_t i;
    for (i = 0; i < B; ++i) out[i] = o->f[i];
    return cog_combine_iid_batch(g_x, K, DIM, g_w, B, cog_uniform_cdf,
                                 cog_uniform_quantile, &u, out);
}
static cog_result run_slerp_angle(outputs *o)
{
    return cog_slerp_angle(g_x[0], g_x[1], DIM, o->d);
}
static cog_result run_centroids(outputs *o)
{
    o->st[0] = cog_centroid_euclidean(g_x, K, DIM, o->f[0]);
    o->st[1] = cog_centroid_standardized(g_x, K, DIM, o->f[1]);
    return cog_centroid_mode_norm(g_x, K, DIM, o->f[2]);
}
static cog_result run_gram(outputs *o) { return cog_gram(g_x, K, DIM, o->d); }
static cog_result run_dots(outputs *o)
{
    return cog_dots(g_x, K, DIM, g_mean, o->d);
}
static cog_result run_subspace_build(outputs *o)
{
    /* memory_size, init, create (default allocator), basis_coords,
     * destroy */
    cog_subspace a, c;
    size_t bytes = 0, i;
    void *mem;
    o->st[0] = cog_subspace_memory_size(K, &bytes);
    mem = malloc(bytes);
    if (!mem) return COG_ERR_MEMORY;
    o->st[1] = cog_subspace_init(&a, mem, bytes, g_x, K, DIM, 0.0);
    o->st[2] = cog_subspace_create(&c, g_x, K, DIM, 0.0, NULL);
    for (i = 0; i < K; ++i) o->st[3 + i] = cog_subspace_basis_coords(&a, i, o->d + i * K);
    o->z[0] = a.rank;
    o->z[1] = c.rank;
    cog_subspace_destroy(&a);
    cog_subspace_destroy(&c);
    free(mem);
    return COG_OK;
}
static cog_result run_subspace_use(outputs *o)
{
    /* project, weights, latent on the shared subspace */
    o->st[0] = cog_subspace_project(&g_sub, g_mean, o->d);
    o->st[1] = cog_subspace_weights(&g_sub, o->d, o->d + K);
    return cog_subspace_latent(&g_sub, o->d, g_mean, DIM, o->f[0]);
}
static cog_result run_subspace_grid(outputs *o)
{
    o->st[0] = cog_subspace_grid(&g_sub, COG_GRID_AFFINE, 0, 1, 2, GRID, 1.0,
                                 o->d);
    return cog_subspace_grid(&g_sub, COG_GRID_TANGENT, 0, 1, 2, GRID, 1.0,
                             o->d + GRID * GRID * K);
}
#ifndef COG_NO_SEEDS
static cog_result run_randn_torch(outputs *o)
{
    o->st[0] = cog_randn_torch(42, o->f[0], 7); /* the n < 16 path */
    return cog_randn_torch(1234, o->f[1], NRAND);
}
static cog_result run_randn_nv(outputs *o)
{
    return cog_randn_nv(1234, 1, o->f[0], NRAND);
}
#endif
static cog_result run_walk_weights(outputs *o)
{
    cog_walk_spec sp = {K, 4, 1, 1, COG_WALK_CATMULL_ROM, COG_EASE_COSINE};
    o->st[0] = cog_walk_length(&sp, o->z);
    return cog_walk_weights(&sp, 6, o->z + 1, o->d, o->z + 8);
}
static cog_result run_walk(outputs *o)
{
    cog_walk_spec sp = {K, 4, 1, 1, COG_WALK_CATMULL_ROM, COG_EASE_COSINE};
    float *out[B];
    size_t i;
    for (i = 0; i < B; ++i) out[i] = o->f[i];
    return cog_walk(g_x, &sp, DIM, g_mean, DIM, 5, B, out);
}
static cog_result run_blend(outputs *o)
{
    return cog_blend(g_x, K, DIM, g_masks, DIM, g_mean, 1, o->f[0]);
}

typedef struct stack_case {
    const char *name;
    cog_result (*run)(outputs *o);
    size_t budget; /* bytes of stack beyond PTHREAD_STACK_MIN */
} stack_case;

#define KIB 1024u
#define BATCH_BUDGET (20 * KIB)
static const stack_case g_cases[] = {
    {"cog_combine", run_combine, 16 * KIB},
    {"cog_combine_batch", run_combine_batch, BATCH_BUDGET},
    {"cog_combine_batch_scratch", run_combine_batch_scratch, BATCH_BUDGET},
    {"cog_linear", run_linear, 16 * KIB},
    {"cog_linear_batch", run_linear_batch, BATCH_BUDGET},
    {"small functions", run_small, 16 * KIB},
    {"cog_combine_iid", run_iid, 16 * KIB},
    {"cog_combine_iid_batch", run_iid_batch, 16 * KIB},
    {"cog_slerp_angle", run_slerp_angle, 16 * KIB},
    {"cog_centroid_*", run_centroids, 16 * KIB},
    {"cog_gram", run_gram, 16 * KIB},
    {"cog_dots", run_dots, 16 * KIB},
    {"cog_subspace_init/create", run_subspace_build, 16 * KIB},
    {"cog_subspace_project/weights/latent", run_subspace_use, 16 * KIB},
    {"cog_subspace_grid", run_subspace_grid, 16 * KIB},
#ifndef COG_NO_SEEDS
    {"cog_randn_torch", run_randn_torch, 16 * KIB},
    {"cog_randn_nv", run_randn_nv, 16 * KIB},
#endif
    {"cog_walk_length/weights", run_walk_weights, 16 * KIB},
    {"cog_walk", run_walk, BATCH_BUDGET},
    {"cog_blend", run_blend, 16 * KIB},
};
#define NCASES (sizeof g_cases / sizeof g_cases[0])

typedef struct job {
    const stack_case *c;
    outputs *o;
    cog_result st;
} job;

static void *thread_main(void *arg)
{
    job *j = (job *)arg;
    j->st = j->c->run(j->o);
    return NULL;
}

static void fill_inputs(void)
{
    size_t i, j, bytes = 0;
    unsigned long long s = 88172645463325252ull;
    for (i = 0; i < K; ++i) {
        for (j = 0; j < DIM; ++j) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            g_lat[i][j] = (float)((double)(s >> 11) / 9007199254740992.0 * 4.0 - 2.0);
            g_mask[i][j] = (float)((i + j) % 7) / 7.0f;
        }
        g_x[i] = g_lat[i];
        g_masks[i] = g_mask[i];
    }
    for (j = 0; j < DIM; ++j) g_mean[j] = 0.1f * g_lat[0][j] - 0.2f;
    for (i = 0; i < B * K; ++i) g_w[i] = (double)((int)(i % 7) - 3) / 4.0;
    CHECK_STATUS(cog_subspace_memory_size(K, &bytes), COG_OK);
    g_sub_mem = (double *)malloc(bytes);
    CHECK(g_sub_mem != NULL);
    if (g_sub_mem)
        CHECK_STATUS(cog_subspace_init(&g_sub, g_sub_mem, bytes, g_x, K, DIM, 0.0),
                     COG_OK);
}

/* Runs c on a thread whose stack is size painted bytes; *used = how many
 * of them the thread touched (from the top: glibc keeps its thread
 * descriptor there too). Returns 0 if the thread could not run. */
static int run_on_small_stack(const stack_case *c, outputs *o, size_t size,
                              cog_result *st, int measure, size_t *used)
{
    pthread_attr_t attr;
    pthread_t th;
    job j;
    unsigned char *stack = (unsigned char *)malloc(size + 64);
    unsigned char *base;
    size_t lo;
    int ok;
    if (!stack) return 0;
    base = stack + (64 - (size_t)((uintptr_t)stack % 64)) % 64;
    memset(base, 0xA5, size);
    j.c = c;
    j.o = o;
    j.st = COG_ERR_ARG;
    ok = pthread_attr_init(&attr) == 0;
    ok = ok && pthread_attr_setstack(&attr, base, size) == 0;
    ok = ok && pthread_create(&th, &attr, thread_main, &j) == 0;
    ok = ok && pthread_join(th, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (measure) {
        for (lo = 0; lo < size && base[lo] == 0xA5; ++lo) {}
        *used = size - lo;
    }
    *st = j.st;
    free(stack);
    return ok;
}

/* Under valgrind the thread's stack below its lowest use is unaddressable
 * after the thread ends (reading the paint is an error there) and frames
 * are valgrind's: results are compared, nothing is measured. valgrind
 * preloads its vgpreload_* libraries into the program it runs. */
static int under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload") != NULL;
}

static void test_small_stacks(void)
{
    const int measure = !under_valgrind();
    outputs *ref = (outputs *)malloc(sizeof(outputs));
    outputs *thr = (outputs *)malloc(sizeof(outputs));
    const size_t min = (size_t)PTHREAD_STACK_MIN;
    size_t i;
    cog_result st = COG_ERR_ARG;
#ifdef ST_TSAN
    free(ref);
    free(thr);
    COGT_SKIP("ThreadSanitizer needs about 1 MiB of stack per thread");
#endif
#ifdef ST_NO_OWN_STACK
    free(ref);
    free(thr);
    COGT_SKIP("threads here cannot run on a caller-provided stack");
#endif
    CHECK(ref != NULL && thr != NULL);
    if (!ref || !thr) return;
    fill_inputs();
    for (i = 0; i < NCASES; ++i) {
        const stack_case *c = &g_cases[i];
        const size_t size = min + c->budget * ST_SCALE;
        size_t used = 0;
        cog_result st_ref;
        int ran;
        memset(ref, 0, sizeof *ref);
        memset(thr, 0, sizeof *thr);
        st_ref = c->run(ref);
        ran = run_on_small_stack(c, thr, size * (measure ? 1 : 8), &st,
                                 measure, &used);
        CHECK(ran);
        CHECK_STATUS(st, st_ref);
        CHECK(st_ref == COG_OK);
        CHECK(memcmp(ref, thr, sizeof *ref) == 0);
        if (!measure) continue;
        printf("  %-38s %6u bytes of stack (stack %u, PTHREAD_STACK_MIN %u)\n",
               c->name, (unsigned)used, (unsigned)size, (unsigned)min);
#if ST_SCALE == 1
        CHECK(used <= c->budget);
#endif
    }
    if (!measure)
        printf("  under valgrind: results compared, stack use not measured\n");
    cog_subspace_destroy(&g_sub);
    free(g_sub_mem);
    free(ref);
    free(thr);
}

static const cogt_test tests[] = {
    COGT_TEST(stack, small_stacks),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
