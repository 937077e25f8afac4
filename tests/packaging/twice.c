/* twice.c - cog.h included twice as a plain header, then twice with
 * COG_IMPLEMENTATION, in one translation unit: the header guard and the
 * implementation once-guard must make this compile and link cleanly. */
#include "cog.h"
#include "cog.h"
#define COG_IMPLEMENTATION
#include "cog.h"
#include "cog.h"
#include <string.h>

int main(void)
{
    double w[2];
    if (cog_lerp_weights(0.25, w) != COG_OK || w[0] != 0.75) return 1;
    if (strcmp(cog_version_string(), COG_VERSION_STRING) != 0) return 1;
    return cog_version_number() == COG_VERSION_NUMBER ? 0 : 1;
}
