/* test_threads.c - cog.h called from several threads at once.
 *
 * The library keeps no global or static mutable state, so any number of
 * threads may call it at the same time on shared read-only inputs, each
 * writing its own outputs. This test computes every result once on the
 * main thread, then starts NTHREADS pthreads that each repeat all the
 * calls on the same shared inputs (the same latents, weights, mean and the
 * same initialised cog_subspace) many times, and compares their outputs
 * with the single-thread results bit for bit.
 *
 * Each thread's every repetition is one check; starting and joining the
 * threads are not checks (a thread that cannot be started leaves its
 * repetitions failed).
 *
 * Registered as a normal CTest (linked with Threads::Threads); the
 * ThreadSanitizer build in tests/tools/sanitize.sh runs it with
 * -fsanitize=thread, which reports any data race inside the library. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COG_IMPLEMENTATION
#include "cog.h"

#include "test_util.h"

#define NTHREADS 4
#define ITERS 20
#define K 5
#define B 3
#define DIM 20011 /* crosses the kernels' block and chunk boundaries */
#define NRAND 1000

/* Shared, read-only once the threads start. */
static float g_lat[K][DIM];
static const float *g_x[K];
static float g_mean[DIM];
static double g_w[B * K];
static cog_subspace g_sub;
static double *g_sub_mem;

/* What each thread must reproduce. */
typedef struct results {
    float comb[DIM], lin[DIM], eu[DIM], st[DIM], mn[DIM], slat[DIM];
    float batch[B][DIM], batch_scratch[B][DIM];
    float rnd[NRAND];
    double gram[K * K], dots[K], theta, sw[2], coef[K], m;
    double proj[K], weights[K], r[K * K];
    size_t rank;
    int status_sum;
} results;

static results g_ref;

static int run_all(results *res)
{
    float *outs[B];
    double s[K];
    size_t i, bytes = 0;
    cog_subspace own;
    void *mem, *scratch;
    int sum = 0;
    for (i = 0; i < B; ++i) outs[i] = res->batch[i];
    sum += cog_combine(g_x, K, DIM, g_w, g_mean, DIM, res->comb);
    sum += cog_combine_batch(g_x, K, DIM, g_w, B, g_mean, 1, outs);
    /* each thread with scratch of its own */
    scratch = malloc(COG_BATCH_SCRATCH_BYTES);
    if (!scratch) return -1000;
    for (i = 0; i < B; ++i) outs[i] = res->batch_scratch[i];
    sum += cog_combine_batch_scratch(g_x, K, DIM, g_w, B, g_mean, 1, outs,
                                     scratch, COG_BATCH_SCRATCH_BYTES);
    free(scratch);
    sum += cog_linear(g_x, K, DIM, g_w + K, res->lin);
    sum += cog_coefficients(g_w, K, res->coef, &res->m);
    sum += cog_centroid_euclidean(g_x, K, DIM, res->eu);
    sum += cog_centroid_standardized(g_x, K, DIM, res->st);
    sum += cog_centroid_mode_norm(g_x, K, DIM, res->mn);
    sum += cog_gram(g_x, K, DIM, res->gram);
    sum += cog_dots(g_x, K, DIM, g_mean, res->dots);
    sum += cog_slerp_angle(g_x[0], g_x[1], DIM, &res->theta);
    sum += cog_slerp_weights(res->theta, 0.3, res->sw);
    sum += cog_randn_torch(1234, res->rnd, NRAND);
    /* the shared subspace, read-only */
    sum += cog_subspace_project(&g_sub, g_mean, res->proj);
    sum += cog_subspace_weights(&g_sub, res->proj, res->weights);
    sum += cog_subspace_latent(&g_sub, res->proj, NULL, 0, res->slat);
    /* and a private one built from the shared latents */
    sum += cog_subspace_memory_size(K, &bytes);
    mem = malloc(bytes);
    if (!mem) return -1000;
    sum += cog_subspace_init(&own, mem, bytes, g_x, K, DIM, 0.0);
    for (i = 0; i < K; ++i) {
        sum += cog_subspace_basis_coords(&own, i, s);
        memcpy(res->r + i * K, s, sizeof s);
    }
    res->rank = own.rank;
    cog_subspace_destroy(&own);
    free(mem);
    res->status_sum = sum;
    return sum;
}

static int same_results(const results *a, const results *b)
{
    /* every field is compared byte for byte (no padding in this struct
     * matters: both were zeroed before use) */
    return memcmp(a, b, sizeof *a) == 0;
}

/* A start gate, so that the threads really run the library at once. */
static pthread_mutex_t g_gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_gate_cv = PTHREAD_COND_INITIALIZER;
static int g_gate_open = 0;

/* same[t][it]: repetition it of thread t reproduced g_ref (0 until then) */
static int g_same[NTHREADS][ITERS];

static void *worker(void *arg)
{
    int *same = (int *)arg;
    results *mine = (results *)malloc(sizeof(results));
    int it;
    pthread_mutex_lock(&g_gate_mu);
    while (!g_gate_open) pthread_cond_wait(&g_gate_cv, &g_gate_mu);
    pthread_mutex_unlock(&g_gate_mu);
    if (!mine) return NULL;
    for (it = 0; it < ITERS; ++it) {
        memset(mine, 0, sizeof *mine);
        run_all(mine);
        same[it] = same_results(mine, &g_ref);
    }
    free(mine);
    return NULL;
}

static void test_same_results(void)
{
    pthread_t th[NTHREADS];
    int started[NTHREADS], joined[NTHREADS];
    size_t i, j, bytes = 0;
    int it;
    unsigned long long s = 88172645463325252ull;
    for (i = 0; i < K; ++i) {
        for (j = 0; j < DIM; ++j) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            g_lat[i][j] = (float)((double)(s >> 11) / 9007199254740992.0 * 4.0 - 2.0);
        }
        g_x[i] = g_lat[i];
    }
    for (j = 0; j < DIM; ++j) g_mean[j] = 0.1f * g_lat[0][j] - 0.2f;
    for (i = 0; i < B * K; ++i) g_w[i] = (double)((int)(i % 7) - 3) / 4.0;
    CHECK_STATUS(cog_subspace_memory_size(K, &bytes), COG_OK);
    g_sub_mem = (double *)malloc(bytes);
    CHECK(g_sub_mem != NULL);
    if (!g_sub_mem) return;
    CHECK_STATUS(cog_subspace_init(&g_sub, g_sub_mem, bytes, g_x, K, DIM, 0.0),
                 COG_OK);

    /* the single-thread reference: every call returned COG_OK */
    memset(&g_ref, 0, sizeof g_ref);
    CHECK_STATUS(run_all(&g_ref), 0);
    memset(g_same, 0, sizeof g_same);
    for (i = 0; i < NTHREADS; ++i) {
        started[i] = pthread_create(&th[i], NULL, worker, g_same[i]) == 0;
        if (!started[i])
            fprintf(stderr, "test_threads: pthread_create failed\n");
    }
    pthread_mutex_lock(&g_gate_mu);
    g_gate_open = 1;
    pthread_cond_broadcast(&g_gate_cv);
    pthread_mutex_unlock(&g_gate_mu);
    for (i = 0; i < NTHREADS; ++i) {
        joined[i] = started[i] && pthread_join(th[i], NULL) == 0;
        if (started[i] && !joined[i])
            fprintf(stderr, "test_threads: pthread_join failed\n");
    }
    /* read only what joined threads wrote */
    for (i = 0; i < NTHREADS; ++i)
        for (it = 0; it < ITERS; ++it) {
            const int same = joined[i] && g_same[i][it];
            if (!same)
                fprintf(stderr, "test_threads: thread %u, repetition %d differed "
                                "from the single-thread results\n", (unsigned)i, it);
            CHECK(same);
        }
    cog_subspace_destroy(&g_sub);
    free(g_sub_mem);
}

static const cogt_test tests[] = {
    COGT_TEST(threads, same_results),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
