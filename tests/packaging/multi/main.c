/* main.c - the third user: SLERP, and calls the other two. */
#include <stdio.h>
#include "cog.h"
#include "use.h"

int main(void)
{
    static float a[300], b[300];
    double theta, w[2];
    if (cog_randn_torch(5, a, 300) != COG_OK) return 1;
    if (cog_randn_torch(6, b, 300) != COG_OK) return 1;
    if (cog_slerp_angle(a, b, 300, &theta) != COG_OK) return 1;
    if (cog_slerp_weights(theta, 0.5, w) != COG_OK) return 1;
    if (use_a() != 0 || use_b() != 0) return 1;
    printf("multi-unit build OK (cog %s)\n", cog_version_string());
    return 0;
}
