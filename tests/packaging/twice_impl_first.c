/* twice_impl_first.c - the implementation first, then the plain header
 * twice more (what happens when a project's own header includes cog.h
 * after the implementation unit already did). */
#define COG_IMPLEMENTATION
#include "cog.h"
#undef COG_IMPLEMENTATION
#include "cog.h"
#define COG_IMPLEMENTATION
#include "cog.h"

int main(void)
{
    double w[3];
    return cog_centroid_weights(3, w) == COG_OK && w[2] == 1.0 / 3 ? 0 : 1;
}
