/* fuzz_subspace.c - libFuzzer target for the subspace functions:
 * cog_subspace_memory_size, cog_subspace_init, cog_subspace_create,
 * cog_subspace_destroy, cog_subspace_weights, cog_subspace_project,
 * cog_subspace_basis_coords, cog_subspace_latent.
 *
 * The input builds k basis latents, and makes some of them duplicates (the
 * same buffer or a copy), linear combinations of earlier ones, scaled
 * copies (tiny / huge), zero, or NaN/Inf-holding; it picks the tolerance
 * (including out-of-range and NaN) and the memory path (exact caller
 * memory, too small, misaligned, COG_MALLOC).
 * Properties checked:
 *   - statuses are enum values; failures leave *sub zeroed and nothing
 *     allocated (a counting COG_MALLOC / COG_FREE);
 *   - on COG_OK: 1 <= rank <= k = the number of positive diagonal entries
 *     of R (the one rank rule), singular values descending and >= 0, R
 *     upper triangular with a non-negative diagonal, R^T R = G at full rank,
 *     basis_coords(j) = column j of R, basis_coords(k) fails untouched;
 *   - weights of finite coordinates are finite; at full rank they solve
 *     G w = R^T s (i.e. A w = U s);
 *   - projecting basis latent j gives its own coordinates (full rank);
 *   - cog_subspace_latent is bit-identical to cog_combine with
 *     cog_subspace_weights. */
#include <stdint.h>
#include <stdlib.h>
static long fz_live = 0;
static int fz_fail_alloc = 0;
static void *fz_cog_malloc(size_t n)
{
    void *p;
    if (fz_fail_alloc) return NULL;
    p = malloc(n);
    if (p) ++fz_live;
    return p;
}
static void fz_cog_free(void *p)
{
    if (p) --fz_live;
    free(p);
}
#define COG_MALLOC(sz, ctx) ((void)(ctx), fz_cog_malloc(sz))
#define COG_FREE(p, ctx) ((void)(ctx), fz_cog_free(p))
#define COG_IMPLEMENTATION
#include "cog.h"
#include "fuzz_util.h"

#define MAXK 7

/* Set to 1 to raise tolerances below 1e-100 to 1e-100: before cog.h
 * 9930817 (one rank rule) a tiny tol such as 1e-300 could count a singular
 * value of ~1e-155 towards the rank, overflow 1/sigma^2 in the
 * pseudo-inverse and leave Inf/NaN weights behind COG_OK (found by this
 * target; fixed). */
#ifndef FZ_SKIP_TINY_TOL
#define FZ_SKIP_TINY_TOL 0
#endif

/* cog_subspace_weights with finite but huge coordinates (|s| ~ 1e300)
 * used to return COG_OK with Inf weights; it now reports
 * COG_ERR_NONFINITE. -DFZ_SKIP_HUGE_S=1 leaves such coordinates out. */
#ifndef FZ_SKIP_HUGE_S
#define FZ_SKIP_HUGE_S 0
#endif

static int is_zeroed(const cog_subspace *s)
{
    cog_subspace z;
    memset(&z, 0, sizeof z);
    return memcmp(&z, s, sizeof z) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f;
    size_t k, dim, i, j, l, need = 0, bytes;
    float *buf, *lat[MAXK];
    const float *xp[MAXK];
    double tol, *mem = NULL;
    cog_subspace sub;
    cog_result st;
    uint8_t ctl, memmode;
    int nonfinite = 0, allzero = 1, use_create;

    fz_init(&f, data, size);
    ctl = fz_u8(&f);
    k = 1 + fz_u8(&f) % MAXK;
    dim = fz_dim(&f);
    buf = (float *)fz_malloc((MAXK + 1) * dim * sizeof(float));
    for (i = 0; i < MAXK; ++i) lat[i] = buf + i * dim;
    for (i = 0; i < k; ++i) {
        const uint8_t how = fz_u8(&f);
        xp[i] = lat[i];
        if (i > 0 && how < 40) {
            xp[i] = xp[how % i]; /* the same buffer again */
            continue;
        }
        if (i > 0 && how < 80) { /* a copy */
            memcpy(lat[i], xp[how % i], dim * sizeof(float));
            continue;
        }
        if (i > 1 && how < 120) { /* a combination of two earlier ones */
            const float ca = fz_float(&f), cb = fz_float(&f);
            const float *p = xp[fz_u8(&f) % i], *q = xp[fz_u8(&f) % i];
            for (j = 0; j < dim; ++j) lat[i][j] = ca * p[j] + cb * q[j];
            continue;
        }
        if (i > 0 && how < 140) { /* tiny / huge scaled copy */
            const float sc = how & 1 ? 1e-20f : 1e18f;
            const float *p = xp[fz_u8(&f) % i];
            for (j = 0; j < dim; ++j) lat[i][j] = sc * p[j];
            continue;
        }
        if (how < 150) { /* zero */
            memset(lat[i], 0, dim * sizeof(float));
            continue;
        }
        if (how < 190) { /* bytes, specials included */
            for (j = 0; j < dim; ++j) lat[i][j] = fz_float(&f);
            continue;
        }
        for (j = 0; j < dim; ++j) /* finite filler */
            lat[i][j] = (float)((double)(fz_next(&f) >> 40) / 2097152.0 - 4.0);
    }
    for (i = 0; i < k; ++i)
        for (j = 0; j < dim; ++j) {
            if (!fz_finite(xp[i][j])) nonfinite = 1;
            if (xp[i][j] != 0.0f) allzero = 0;
        }
    switch (fz_u8(&f) % 10) {
    case 0: tol = 0.0; break;
    case 1: tol = 1e-5; break;
    case 2: tol = 1e-3; break;
    case 3: tol = 0.5; break;
    case 4: tol = 0.999; break;
    case 5: tol = 1.0; break;
    case 6: tol = -1e-9; break;
    case 7: tol = NAN; break;
    case 8: tol = 1e-300; break;
    default: tol = fz_double(&f); break;
    }

    if (FZ_SKIP_TINY_TOL && tol > 0.0 && tol < 1e-100) tol = 1e-100;

    FZ_ASSERT(cog_subspace_memory_size(k, &need) == COG_OK && need > 0);
    memmode = fz_u8(&f) % 8;
    use_create = memmode >= 5;
    memset(&sub, 0xA5, sizeof sub);
    if (use_create) {
        fz_fail_alloc = memmode == 7;
        st = cog_subspace_create(&sub, xp, k, dim, tol, NULL);
        fz_fail_alloc = 0;
    } else {
        bytes = need;
        mem = (double *)fz_malloc(need + 16);
        if (memmode == 1) bytes = need - 1;
        st = cog_subspace_init(&sub, memmode == 2 ? (void *)((char *)mem + 4)
                                                  : (void *)mem,
                               memmode == 3 ? need + 8 : bytes, xp, k, dim,
                               tol);
    }
    FZ_STATUS_OK(st);
    /* expected status, in the documented order (cog_subspace_create
     * checks tol before it allocates) */
    if (!fz_finite(tol)) {
        FZ_ASSERT(st == COG_ERR_NONFINITE);
    } else if (tol < 0.0 || tol >= 1.0) {
        FZ_ASSERT(st == COG_ERR_ARG);
    } else if (use_create && memmode == 7) {
        FZ_ASSERT(st == COG_ERR_MEMORY);
    } else if ((!use_create && (memmode == 1 || memmode == 2)) ||
               (use_create && memmode == 7)) {
        FZ_ASSERT(st == COG_ERR_MEMORY);
    } else if (nonfinite) {
        FZ_ASSERT(st == COG_ERR_NONFINITE);
    } else if (allzero) {
        FZ_ASSERT(st == COG_ERR_ZERO_NORM);
    } else {
        /* data whose Gram matrix overflows double cannot happen with
         * floats, so a finite, non-zero basis always succeeds */
        FZ_ASSERT(st == COG_OK);
    }
    if (st != COG_OK) {
        FZ_ASSERT(is_zeroed(&sub));
        FZ_ASSERT(fz_live == 0);
        cog_subspace_destroy(&sub);
        free(mem);
        free(buf);
        return 0;
    }

    FZ_ASSERT(sub.k == k && sub.dim == dim && sub.rank >= 1 && sub.rank <= k);
    FZ_ASSERT(sub.tol == (tol == 0.0 ? COG_SUBSPACE_TOL : tol));
    for (i = 0; i < k; ++i) {
        FZ_ASSERT(sub.basis[i] == xp[i]);
        FZ_ASSERT(fz_finite(sub.sigma[i]) && sub.sigma[i] >= 0.0);
        if (i) FZ_ASSERT(sub.sigma[i] <= sub.sigma[i - 1]);
        FZ_ASSERT(sub.r[i * k + i] >= 0.0);
        for (l = 0; l < i; ++l) FZ_ASSERT(sub.r[i * k + l] == 0.0);
        for (l = 0; l < k; ++l) {
            FZ_ASSERT(fz_finite(sub.r[i * k + l]));
            FZ_ASSERT(fz_finite(sub.w[i * k + l]));
        }
    }
    {
        /* one rank rule: rank = the axes R keeps (positive diagonal), and
         * the pseudo-inverse uses exactly that many singular values */
        size_t rk = 0;
        for (i = 0; i < k; ++i)
            if (sub.r[i * k + i] > 0.0) ++rk;
        FZ_ASSERT(rk == sub.rank);
        FZ_ASSERT(sub.sigma[sub.rank - 1] > 0.0);
    }

    {
        double g[MAXK * MAXK], s[MAXK], w[MAXK], c[MAXK], gmax = 0;
        float *out = (float *)fz_malloc(dim * sizeof(float));
        float *ref = (float *)fz_malloc(dim * sizeof(float));
        int full;
        FZ_ASSERT(cog_gram(xp, k, dim, g) == COG_OK);
        for (i = 0; i < k; ++i)
            if (g[i * k + i] > gmax) gmax = g[i * k + i];
        /* full rank, and no axis dropped by the Cholesky either */
        full = sub.rank == k;
        for (i = 0; i < k; ++i)
            if (!(sub.r[i * k + i] > 0.0)) full = 0;
        /* R^T R = G: exact for the Cholesky of G; after the Cholesky QR2
         * pass (cond > 1e4) R is accurate to about 1e-16 cond, so the check
         * holds up to the documented range (cond ~1e7), not beyond (a tiny
         * fuzzed tol keeps axes at cond 1e27) */
        if (full && sub.sigma[k - 1] * 1e7 >= sub.sigma[0])
            for (i = 0; i < k; ++i)
                for (l = 0; l < k; ++l) {
                    long double rtr = 0;
                    for (j = 0; j < k; ++j)
                        rtr += (long double)sub.r[j * k + i] * sub.r[j * k + l];
                    FZ_ASSERT(fabsl(rtr - g[i * k + l]) <= 1e-9L * gmax);
                }
        /* basis coordinates */
        for (j = 0; j < k; ++j) {
            FZ_ASSERT(cog_subspace_basis_coords(&sub, j, c) == COG_OK);
            for (i = 0; i < k; ++i) FZ_ASSERT(c[i] == sub.r[i * k + j]);
        }
        memset(c, 0xA5, sizeof c);
        FZ_ASSERT(cog_subspace_basis_coords(&sub, k, c) == COG_ERR_ARG);
        FZ_ASSERT(((unsigned char *)c)[sizeof c - 1] == 0xA5);

        /* weights of fuzzed coordinates */
        for (i = 0; i < k; ++i) s[i] = fz_double(&f);
        memset(w, 0xA5, sizeof w);
        st = cog_subspace_weights(&sub, s, w);
        FZ_STATUS_OK(st);
        if (!fz_all_finite_d(s, k)) {
            FZ_ASSERT(st == COG_ERR_NONFINITE);
            FZ_ASSERT(((unsigned char *)w)[0] == 0xA5);
        } else if (st == COG_ERR_NONFINITE) {
            /* only when a weight overflows: huge coordinates, w untouched */
            long double smax = 0;
            for (i = 0; i < k; ++i)
                if (fabsl((long double)s[i]) > smax) smax = fabsl((long double)s[i]);
            FZ_ASSERT(!FZ_SKIP_HUGE_S && smax > 1e200L);
            FZ_ASSERT(((unsigned char *)w)[0] == 0xA5);
        } else {
            FZ_ASSERT(st == COG_OK);
            FZ_ASSERT(fz_all_finite_d(w, k));
            if (full) {
                long double smax = 0;
                for (i = 0; i < k; ++i)
                    if (fabsl((long double)s[i]) > smax) smax = fabsl((long double)s[i]);
                if (smax < 1e100L && smax > 1e-100L && sub.sigma[k - 1] > 1e-3 * sub.sigma[0]) {
                    long double wmax = 0;
                    for (i = 0; i < k; ++i)
                        if (fabsl((long double)w[i]) > wmax) wmax = fabsl((long double)w[i]);
                    /* G w = R^T s */
                    for (i = 0; i < k; ++i) {
                        long double gw = 0, rts = 0;
                        for (l = 0; l < k; ++l) {
                            gw += (long double)g[i * k + l] * w[l];
                            rts += (long double)sub.r[l * k + i] * s[l];
                        }
                        FZ_ASSERT(fabsl(gw - rts) <=
                                  1e-9L * (gmax * wmax * k + sqrtl(gmax) * smax * k));
                    }
                }
            }
            /* cog_subspace_latent == cog_combine(weights) bit for bit */
            {
                cog_result s1, s2;
                s1 = cog_combine(xp, k, dim, w, NULL, 0, ref);
                s2 = cog_subspace_latent(&sub, s, NULL, 0, out);
                FZ_ASSERT(s1 == s2);
                /* (with non-finite weights neither call writes anything) */
                if (s1 == COG_OK ||
                    (s1 == COG_ERR_NONFINITE && fz_all_finite_d(w, k)))
                    FZ_ASSERT(memcmp(out, ref, dim * sizeof(float)) == 0);
            }
        }

        /* projection of a basis latent gives its coordinates */
        if (full && sub.sigma[k - 1] > 1e-3 * sub.sigma[0]) {
            j = fz_u8(&f) % k;
            FZ_ASSERT(cog_subspace_project(&sub, xp[j], s) == COG_OK);
            for (i = 0; i < k; ++i)
                FZ_ASSERT(fabsl((long double)s[i] - sub.r[i * k + j]) <=
                          1e-6L * sqrtl(gmax));
        }
        /* projection of fuzzed data */
        for (j = 0; j < dim; ++j) out[j] = fz_float(&f);
        st = cog_subspace_project(&sub, out, s);
        FZ_STATUS_OK(st);
        FZ_ASSERT(st == (fz_all_finite_f(out, dim) ? COG_OK : COG_ERR_NONFINITE));
        if (st == COG_OK) FZ_ASSERT(fz_all_finite_d(s, k));
        free(out);
        free(ref);
    }
    cog_subspace_destroy(&sub);
    FZ_ASSERT(is_zeroed(&sub) && fz_live == 0);
    free(mem);
    free(buf);
    return 0;
}
