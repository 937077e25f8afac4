/* alloc_hooks.c - the user's allocator and assert for alloc.c, in a unit
 * of its own so that alloc.o can be checked (nm) to call no malloc, free
 * or assert of its own. */
#include <stdlib.h>
#include "alloc_hooks.h"

long hook_mallocs, hook_frees, hook_live, hook_assert_failures;
void *hook_last_ctx;
int hook_fail_next;

void *hook_malloc(size_t n, void *ctx)
{
    void *p;
    hook_last_ctx = ctx;
    if (hook_fail_next) {
        hook_fail_next = 0;
        return NULL;
    }
    p = malloc(n);
    if (p) {
        ++hook_mallocs;
        ++hook_live;
    }
    return p;
}

void hook_free(void *p, void *ctx)
{
    hook_last_ctx = ctx;
    if (p) {
        ++hook_frees;
        --hook_live;
    }
    free(p);
}

void hook_assert(int ok)
{
    if (!ok) ++hook_assert_failures;
}
