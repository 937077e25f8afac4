/* main.c - a program that uses cog.h from an installed package (or through
 * add_subdirectory): the header must be found, libm linked, and the
 * implementation's version must match the header's. */
#define COG_IMPLEMENTATION
#include <cog.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    static float a[4096], b[4096], mid[4096];
    const float *x[2];
    double w[2];
    x[0] = a;
    x[1] = b;
    if (cog_randn_torch(1, a, 4096) != COG_OK) return 1;
    if (cog_randn_torch(2, b, 4096) != COG_OK) return 1;
    if (cog_lerp_weights(0.5, w) != COG_OK) return 1;
    if (cog_combine(x, 2, 4096, w, NULL, 0, mid) != COG_OK) return 1;
    if (strcmp(cog_version_string(), COG_VERSION_STRING) != 0) return 1;
    printf("consumer OK: cog %s\n", cog_version_string());
    return 0;
}
