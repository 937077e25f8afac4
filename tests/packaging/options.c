/* options.c - a program for the leave-out variants of cog.h (run.sh step
 * "options"): built with one of COG_NO_SEEDS, COG_NO_FAST_KERNELS,
 * COG_NO_DISPATCH, COG_NO_VECTOR_EXTENSIONS, COG_USE_OPENMP, it calls what
 * that variant keeps and checks a few known answers. The declarations of
 * what a variant leaves out must be gone too (COG_NO_SEEDS: cog_randn_*
 * would be an implicit declaration, an error under -Werror). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#define COG_IMPLEMENTATION
#include "cog.h"

#define DIM 1000

int main(void)
{
    static float a[DIM], b[DIM], out[DIM], rows[4][DIM];
    static float scratch[COG_BATCH_SCRATCH_BYTES / sizeof(float)];
    const float *x[2];
    double w[2] = {0.6, 0.8}, g[4], theta;
    size_t j;
    int bad = 0;
    for (j = 0; j < DIM; ++j) {
        a[j] = (float)sin((double)j);
        b[j] = (float)cos((double)j);
    }
    x[0] = a;
    x[1] = b;
    /* weights with unit norm and no mean: out = 0.6 a + 0.8 b exactly as
     * floats round */
    if (cog_combine(x, 2, DIM, w, NULL, 0, out) != COG_OK) bad = 1;
    for (j = 0; j < DIM; ++j)
        if (fabs(out[j] - (0.6 * a[j] + 0.8 * b[j])) > 1e-6) bad = 1;
    if (cog_gram(x, 2, DIM, g) != COG_OK || fabs(g[1] - g[2]) != 0.0) bad = 1;
    if (cog_slerp_angle(a, b, DIM, &theta) != COG_OK || !(theta > 1.4 && theta < 1.8))
        bad = 1;
    { /* a batch with and without scratch: the same bits */
        const double wb[4] = {0.6, 0.8, -0.3, 1.0};
        float *o1[2], *o2[2];
        o1[0] = rows[0], o1[1] = rows[1], o2[0] = rows[2], o2[1] = rows[3];
        if (cog_combine_batch(x, 2, DIM, wb, 2, NULL, 0, o1) != COG_OK ||
            cog_combine_batch_scratch(x, 2, DIM, wb, 2, NULL, 0, o2, scratch,
                                      sizeof scratch) != COG_OK ||
            memcmp(rows[0], rows[2], 2 * sizeof rows[0]) != 0)
            bad = 1;
    }
    a[7] = NAN; /* validation is part of every variant */
    if (cog_combine(x, 2, DIM, w, NULL, 0, out) != COG_ERR_NONFINITE) bad = 1;
#ifndef COG_NO_SEEDS
    {
        /* torch.manual_seed(0); torch.randn(1) */
        float r;
        if (cog_randn_torch(0, &r, 1) != COG_OK || fabs(r - 1.5409961f) > 1e-6f)
            bad = 1;
    }
#endif
    printf("options: %s\n", bad ? "FAILED" : "ok");
    return bad;
}
