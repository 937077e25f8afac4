/* static_two.c - a second COG_STATIC unit linked with static_one.c: the
 * two private copies must not clash. */
#define COG_IMPLEMENTATION
#define COG_STATIC
#include "cog.h"

int static_other(void);
int static_other(void)
{
    double w[4];
    return cog_centroid_weights(4, w) == COG_OK ? 0 : 1;
}
