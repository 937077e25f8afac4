/* impl.c - the one translation unit that holds cog.h's implementation. */
#define COG_IMPLEMENTATION
#include "cog.h"
