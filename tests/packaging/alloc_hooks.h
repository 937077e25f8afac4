#ifndef COG_PACKAGING_ALLOC_HOOKS_H
#define COG_PACKAGING_ALLOC_HOOKS_H
#include <stddef.h>
extern long hook_mallocs, hook_frees, hook_live, hook_assert_failures;
extern void *hook_last_ctx;
extern int hook_fail_next;
void *hook_malloc(size_t n, void *ctx);
void hook_free(void *p, void *ctx);
void hook_assert(int ok);
#endif
