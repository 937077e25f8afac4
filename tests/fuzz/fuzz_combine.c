/* fuzz_combine.c - libFuzzer target for cog_combine, cog_combine_batch
 * (and its _scratch form, scratch at 0-7 floats past malloc's alignment),
 * cog_linear, cog_linear_batch and cog_coefficients.
 *
 * The input picks the entry point, k, dim, b, the weights (NaN/Inf, zero
 * rows, huge values), the mean (none, scalar, per element, bad length), the
 * latent data (NaN/Inf, huge, subnormal), NULL pointers and aliasing
 * (out == an input, out == mean, repeated outputs). Properties checked:
 *   - the status is one of the enum's values;
 *   - argument errors give COG_ERR_ARG (NULL, zero sizes, bad mean_len,
 *     batch outputs aliasing an input or the mean; two rows sharing an
 *     output are allowed and the later row wins) and non-finite weights / mean COG_ERR_NONFINITE, and
 *     then every output and input byte is untouched;
 *   - otherwise COG_OK exactly when every output element is finite, and
 *     each finite element is within the documented bound
 *     (k + 2) * FLT_EPSILON * (sum |c_i x_i| + |m mu|) of the long double
 *     value of sum c_i x_i + m mu with cog_coefficients' c, m (which are
 *     themselves checked against an independent long double computation),
 *     plus 2^-149 * (sum |x_i| + |mu|) for coefficients that underflow when
 *     rounded to float (|c_i| < 2^-149 next to a dominant weight; the
 *     documented bound omits this term - reported) and for subnormal sums;
 *   - batch row r is bit-identical to cog_combine / cog_linear of row r;
 *   - an in-place call (out == x[i] or mean) is bit-identical to the same
 *     call into a separate buffer. */
#define COG_IMPLEMENTATION
#include "cog.h"
#include "fuzz_util.h"

#define MAXK 8
#define MAXB 4

/* Set to 1 to leave out out == mean with a scalar mean (mean_len == 1):
 * before cog.h 9930817 that case re-read the overwritten mean[0] in every
 * block after the first (found by this target; fixed). */
#ifndef FZ_SKIP_SCALAR_MEAN_ALIAS
#define FZ_SKIP_SCALAR_MEAN_ALIAS 0
#endif

/* Coefficients of row w in long double, independent of cog.h. Returns 0
 * when beta is too close to the all-zero threshold to know which rule
 * cog.h applied. */
static int ref_coefs(const double *w, size_t k, int cog, long double *c,
                     long double *m)
{
    long double alpha = 0, beta = 0, big = 0;
    size_t i;
    if (!cog) {
        for (i = 0; i < k; ++i) c[i] = w[i];
        *m = 0;
        return 1;
    }
    for (i = 0; i < k; ++i)
        if (fabsl((long double)w[i]) > big) big = fabsl((long double)w[i]);
    if (big == 0) {
        beta = 0;
    } else {
        for (i = 0; i < k; ++i) {
            alpha += w[i] / big;
            beta += (w[i] / big) * (w[i] / big);
        }
    }
    /* beta of the unscaled weights is big^2 * beta */
    if (big != 0 && big < 1e100L) {
        const long double b0 = big * big * beta;
        if (b0 > 0.999e-10L && b0 < 1.001e-10L) return 0;
        if (b0 < 1e-10L) big = 0;
    }
    if (big == 0) {
        for (i = 0; i < k; ++i) c[i] = 1.0L / sqrtl((long double)k);
        *m = 1.0L - sqrtl((long double)k);
        return 1;
    }
    for (i = 0; i < k; ++i) c[i] = (w[i] / big) / sqrtl(beta);
    *m = 1.0L - alpha / sqrtl(beta);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f;
    size_t k, dim, b, i, j, r, mean_len;
    int mode, cog, batch, argerr = 0, nonfinite_arg = 0;
    float *lat[MAXK], *x_store, *mean = NULL, *out_store, *ref_store;
    const float *xp[MAXK];
    const float **xarg;
    float *outp[MAXB];
    double w[MAXB * MAXK];
    float *snap;
    size_t total;
    cog_result st;
    uint8_t ctl, alias;

    fz_init(&f, data, size);
    mode = fz_u8(&f) % 4; /* combine, batch, linear, linear_batch */
    cog = mode < 2;
    batch = mode == 1 || mode == 3;
    k = 1 + fz_u8(&f) % MAXK;
    dim = fz_dim(&f);
    b = batch ? 1 + fz_u8(&f) % MAXB : 1;
    ctl = fz_u8(&f);
    alias = fz_u8(&f);

    /* One arena: k latents, a mean, b outputs; all snapshotted. */
    total = (k + 1 + b) * dim;
    x_store = (float *)fz_malloc(total * sizeof(float));
    snap = (float *)fz_malloc(total * sizeof(float));
    ref_store = (float *)fz_malloc(b * dim * sizeof(float));
    for (i = 0; i < k; ++i) lat[i] = x_store + i * dim;
    mean = x_store + k * dim;
    out_store = mean + dim;
    for (i = 0; i < k * dim + dim; ++i) x_store[i] = fz_float(&f);
    for (i = 0; i < b * dim; ++i) memset(out_store + i, 0xA5, sizeof(float));
    for (i = 0; i < b * k; ++i) w[i] = fz_double(&f);
    if (ctl & 1) /* an all-zero row */
        for (i = 0; i < k; ++i) w[(fz_u8(&f) % b) * k + i] = 0.0;
    for (i = 0; i < k; ++i) xp[i] = lat[i];
    if ((ctl & 6) == 6 && k > 1) xp[1] = xp[0]; /* same buffer twice */
    for (r = 0; r < b; ++r) outp[r] = out_store + r * dim;

    switch ((ctl >> 3) & 3) {
    case 0: mean_len = 0; break;
    case 1: mean_len = 1; break;
    case 2: mean_len = dim; break;
    default: mean_len = 2 + fz_u8(&f) % 3; break; /* maybe invalid */
    }
    if (!cog) mean_len = 0;

    /* aliasing of outputs */
    switch (alias % 8) {
    case 1: outp[0] = lat[fz_u8(&f) % k]; break;
    case 2:
        if (cog && !(FZ_SKIP_SCALAR_MEAN_ALIAS && mean_len == 1))
            outp[0] = mean;
        break;
    case 3: if (b > 1) outp[b - 1] = outp[0]; break;
    default: break;
    }
    xarg = xp;
    /* NULLs and zero sizes */
    if (alias & 0x80) {
        switch (fz_u8(&f) % 7) {
        case 0: xarg = NULL; break;
        case 1: xp[fz_u8(&f) % k] = NULL; break;
        case 2: outp[fz_u8(&f) % b] = NULL; break;
        case 3: k = 0; break;
        case 4: dim = 0; break;
        case 5: if (batch) b = 0; break;
        case 6: if (cog && mean_len) mean_len = dim + 1; break;
        }
    }

    /* Expected argument errors, independently of cog.h. */
    if (!xarg || k == 0 || dim == 0 || b == 0) argerr = 1;
    for (i = 0; !argerr && i < k; ++i)
        if (!xp[i]) argerr = 1;
    for (r = 0; !argerr && r < b; ++r) {
        if (!outp[r]) argerr = 1;
        if (batch && b > 1) {
            if (cog && mean_len && outp[r] == mean) argerr = 1;
            if (cog && !mean_len && outp[r] == mean) argerr = 1;
            for (i = 0; i < k; ++i)
                if ((const float *)outp[r] == xp[i]) argerr = 1;
            /* two rows may share an output: the later row wins */
        }
    }
    if (!argerr && mean_len != 0 && mean_len != 1 && mean_len != dim)
        argerr = 1;
    if (!argerr) {
        for (i = 0; i < b * k; ++i)
            if (!fz_finite(w[i])) nonfinite_arg = 1;
        for (i = 0; i < mean_len; ++i)
            if (!fz_finite(mean[i])) nonfinite_arg = 1;
    }

    /* Reference results into ref_store (out-of-place, same inputs). */
    if (!argerr && !nonfinite_arg && dim > 0) {
        for (r = 0; r < b; ++r) {
            float *o = ref_store + r * dim;
            st = cog ? cog_combine(xp, k, dim, w + r * k, mean, mean_len, o)
                     : cog_linear(xp, k, dim, w + r * k, o);
            FZ_STATUS_OK(st);
            FZ_ASSERT(st == COG_OK || st == COG_ERR_NONFINITE);
            FZ_ASSERT((st == COG_OK) == fz_all_finite_f(o, dim));
            /* documented error bound */
            {
                /* the bound is stated for the coefficients cog.h uses */
                long double c[MAXK], m = 0;
                double cd[MAXK], md = 0;
                if (cog) {
                    FZ_ASSERT(cog_coefficients(w + r * k, k, cd, &md) ==
                              COG_OK);
                } else {
                    memcpy(cd, w + r * k, k * sizeof(double));
                }
                for (i = 0; i < k; ++i) c[i] = cd[i];
                m = md;
                {
                    for (j = 0; j < dim; ++j) {
                        long double exact = 0, mag = 0, mu, under = 0;
                        int fin = 1;
                        mu = mean_len == 0 ? 0 : mean_len == 1 ? mean[0] : mean[j];
                        for (i = 0; i < k; ++i) {
                            if (!fz_finite(xp[i][j])) fin = 0;
                            exact += c[i] * xp[i][j];
                            mag += fabsl(c[i] * xp[i][j]);
                            under += fabsl((long double)xp[i][j]);
                        }
                        exact += m * mu;
                        mag += fabsl(m * mu);
                        under += fabsl(mu);
                        if (!fin || !fz_finite(o[j])) continue;
                        if (!(fabsl((long double)o[j] - exact) <=
                              (long double)(k + 2) * FLT_EPSILON * mag +
                                  (long double)(k + 2) * 1.5e-45L +
                                  under * 1.5e-45L)) {
                            fprintf(stderr,
                                    "row %u elem %u: got %.9g want %.12Lg "
                                    "(mag %.6Lg)\n",
                                    (unsigned)r, (unsigned)j, o[j], exact,
                                    mag);
                            FZ_ASSERT(!"error bound");
                        }
                    }
                }
            }
        }
    }

    memcpy(snap, x_store, total * sizeof(float));
    if (cog && batch && (alias & 0x40)) {
        /* same statuses and bits as cog_combine_batch; the scratch ends
         * where its allocation does (ASan sees any overrun) */
        const size_t off = alias >> 3 & 7;
        float *scratch = (float *)fz_malloc(off * sizeof(float) +
                                            COG_BATCH_SCRATCH_BYTES);
        st = cog_combine_batch_scratch(xarg, k, dim, w, b, mean, mean_len,
                                       outp, scratch + off,
                                       COG_BATCH_SCRATCH_BYTES);
        free(scratch);
    } else if (cog) {
        st = batch ? cog_combine_batch(xarg, k, dim, w, b, mean, mean_len,
                                       outp)
                   : cog_combine(xarg, k, dim, w, mean, mean_len, outp[0]);
    } else {
        st = batch ? cog_linear_batch(xarg, k, dim, w, b, outp)
                   : cog_linear(xarg, k, dim, w, outp[0]);
    }
    FZ_STATUS_OK(st);
    if (argerr) {
        FZ_ASSERT(st == COG_ERR_ARG);
        FZ_ASSERT(memcmp(snap, x_store, total * sizeof(float)) == 0);
    } else if (nonfinite_arg) {
        FZ_ASSERT(st == COG_ERR_NONFINITE);
        FZ_ASSERT(memcmp(snap, x_store, total * sizeof(float)) == 0);
    } else {
        int allfin = 1;
        FZ_ASSERT(st == COG_OK || st == COG_ERR_NONFINITE);
        for (r = 0; r < b; ++r) {
            /* bit-identical to the one-row out-of-place reference of the
             * last row that writes this buffer */
            size_t last = r;
            for (i = r + 1; i < b; ++i)
                if (outp[i] == outp[r]) last = i;
            FZ_ASSERT(fz_same_bits_f(outp[r], ref_store + last * dim, dim));
            /* every row counts for the status, even an overwritten one */
            if (!fz_all_finite_f(ref_store + r * dim, dim)) allfin = 0;
        }
        FZ_ASSERT((st == COG_OK) == allfin);
    }

    /* cog_coefficients on row 0 (also with c aliasing w). */
    if (k > 0) {
        double c[MAXK], c2[MAXK], m = 12345.0, m2;
        int nf = 0;
        memset(c, 0xA5, sizeof c);
        for (i = 0; i < k; ++i)
            if (!fz_finite(w[i])) nf = 1;
        st = cog_coefficients(w, k, c, &m);
        FZ_STATUS_OK(st);
        if (nf) {
            FZ_ASSERT(st == COG_ERR_NONFINITE && m == 12345.0);
        } else {
            long double rc[MAXK], rm;
            FZ_ASSERT(st == COG_OK);
            FZ_ASSERT(fz_all_finite_d(c, k) && fz_finite(m));
            if (ref_coefs(w, k, 1, rc, &rm)) {
                long double sc = 0;
                for (i = 0; i < k; ++i) sc += fabsl(rc[i]);
                for (i = 0; i < k; ++i)
                    FZ_ASSERT(fabsl(c[i] - rc[i]) <= 1e-13L * (1 + sc));
                FZ_ASSERT(fabsl(m - rm) <= 1e-13L * (1 + sc * k));
            }
            memcpy(c2, w, k * sizeof(double));
            FZ_ASSERT(cog_coefficients(c2, k, c2, &m2) == COG_OK);
            FZ_ASSERT(memcmp(c2, c, k * sizeof(double)) == 0 && m2 == m);
        }
        FZ_ASSERT(cog_coefficients(w, 0, c, &m) == COG_ERR_ARG);
    }

    free(x_store);
    free(snap);
    free(ref_store);
    return 0;
}
