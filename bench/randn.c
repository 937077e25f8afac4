/* randn.c - cog_randn_torch timing: best of 15 calls per size, ns per value.
 *
 *   cc -std=c99 -O2 -I. bench/randn.c -o randn -lm && ./randn [n ...]
 *
 * Default sizes 262144 (an SD3 latent) and 4194304. Compare with
 * bench/randn_torch.py (torch.randn, one thread) run back to back. */
#define _POSIX_C_SOURCE 199309L
#define COG_IMPLEMENTATION
#include "cog.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cogb_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t def[2] = {262144, 4194304};
    int i, r, nsz = argc > 1 ? argc - 1 : 2;
    for (i = 0; i < nsz; ++i) {
        size_t n = argc > 1 ? (size_t)strtoul(argv[i + 1], NULL, 10) : def[i];
        float *x = (float *)malloc((n ? n : 1) * sizeof *x);
        double best = 1e30;
        if (!x) return 1;
        for (r = 0; r < 15; ++r) {
            double t = cogb_now();
            cog_randn_torch((uint64_t)r, x, n);
            t = cogb_now() - t;
            if (t < best) best = t;
        }
        printf("cog_randn_torch n=%lu %.3f ns/value\n", (unsigned long)n,
               best * 1e9 / (double)(n ? n : 1));
        free(x);
    }
    return 0;
}
