/* static_one.c - COG_STATIC: every function private to this unit. Built
 * with -Wall -Wextra -Werror, calling a single function: none of the
 * unused ones may warn. */
#define COG_IMPLEMENTATION
#define COG_STATIC
#include "cog.h"

int static_other(void);

int main(void)
{
    double w[2];
    if (static_other() != 0) return 1;
    return cog_lerp_weights(0.5, w) == COG_OK ? 0 : 1;
}
