/* alloc.c - user-provided COG_MALLOC / COG_FREE / COG_ASSERT: the library
 * must allocate only through them, pass the caller's context pointer,
 * free everything it allocates (also on failure), report an allocation
 * failure as COG_ERR_MEMORY, and never fail an assertion on bad input. */
#include <math.h>
#include <stdio.h>
#include "alloc_hooks.h"
#define COG_MALLOC(sz, ctx) hook_malloc((sz), (ctx))
#define COG_FREE(p, ctx) hook_free((p), (ctx))
#define COG_ASSERT(c) hook_assert((c) != 0)
#define COG_IMPLEMENTATION
#include "cog.h"

#define CHECK(c)                                                           \
    do {                                                                   \
        if (!(c)) {                                                        \
            fprintf(stderr, "alloc.c:%d: %s\n", __LINE__, #c);             \
            return 1;                                                      \
        }                                                                  \
    } while (0)

int main(void)
{
    static float lat[4][256];
    const float *x[4];
    cog_subspace sub;
    int ctx_obj = 0, i;
    for (i = 0; i < 4; ++i) {
        CHECK(cog_randn_torch((uint64_t)i, lat[i], 256) == COG_OK);
        x[i] = lat[i];
    }
    /* success: one allocation with our context, freed by destroy */
    CHECK(cog_subspace_create(&sub, x, 4, 256, 0.0, &ctx_obj) == COG_OK);
    CHECK(hook_mallocs == 1 && hook_live == 1 && hook_last_ctx == &ctx_obj);
    CHECK(sub.alloc_ctx == &ctx_obj);
    cog_subspace_destroy(&sub);
    CHECK(hook_frees == 1 && hook_live == 0 && hook_last_ctx == &ctx_obj);
    /* failure after allocation (NaN data): freed again */
    lat[3][7] = NAN;
    CHECK(cog_subspace_create(&sub, x, 4, 256, 0.0, &ctx_obj) ==
          COG_ERR_NONFINITE);
    CHECK(hook_live == 0 && hook_mallocs == hook_frees);
    lat[3][7] = 0.0f;
    /* allocation failure */
    hook_fail_next = 1;
    CHECK(cog_subspace_create(&sub, x, 4, 256, 0.0, &ctx_obj) ==
          COG_ERR_MEMORY);
    CHECK(hook_live == 0);
    /* bad input everywhere: statuses, never an assertion */
    CHECK(cog_combine(NULL, 0, 0, NULL, NULL, 0, NULL) == COG_ERR_ARG);
    CHECK(cog_subspace_create(&sub, x, 4, 256, 2.0, NULL) == COG_ERR_ARG);
    CHECK(hook_live == 0);
    /* the rest of the library does not allocate */
    {
        static float out[256];
        double w[4] = {1, 2, 3, 4};
        const long before = hook_mallocs;
        CHECK(cog_combine(x, 4, 256, w, NULL, 0, out) == COG_OK);
        CHECK(hook_mallocs == before);
    }
    CHECK(hook_assert_failures == 0);
    printf("custom COG_MALLOC/COG_FREE/COG_ASSERT: %ld allocations, %ld "
           "frees, 0 assertion failures\n", hook_mallocs, hook_frees);
    return 0;
}
