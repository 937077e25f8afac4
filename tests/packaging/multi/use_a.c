/* use_a.c - a user of cog.h's declarations: COG combination. */
#include "cog.h"
#include "use.h"

int use_a(void)
{
    static float a[1000], b[1000], out[1000];
    const float *x[2];
    double w[2];
    x[0] = a;
    x[1] = b;
    if (cog_randn_torch(1, a, 1000) != COG_OK) return 1;
    if (cog_randn_torch(2, b, 1000) != COG_OK) return 1;
    if (cog_lerp_weights(0.5, w) != COG_OK) return 1;
    return cog_combine(x, 2, 1000, w, NULL, 0, out) == COG_OK ? 0 : 1;
}
