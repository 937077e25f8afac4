/* use_b.c - another user: a subspace with COG_MALLOC's default. */
#include "cog.h"
#include "use.h"

int use_b(void)
{
    static float lat[3][500];
    const float *x[3];
    cog_subspace sub;
    double s[3];
    int i, bad;
    for (i = 0; i < 3; ++i) {
        if (cog_randn_torch((uint64_t)(10 + i), lat[i], 500) != COG_OK) return 1;
        x[i] = lat[i];
    }
    if (cog_subspace_create(&sub, x, 3, 500, 0.0, NULL) != COG_OK) return 1;
    bad = cog_subspace_basis_coords(&sub, 2, s) != COG_OK || sub.rank != 3;
    cog_subspace_destroy(&sub);
    return bad;
}
