/* cog.h - v0.1.0 - combine Gaussian latents so every combination is a latent.
 * Public domain or MIT licensed (your choice); see the end of this file.
 *
 * Diffusion and flow-matching models start from a latent x ~ N(mu, Sigma).
 * A plain linear combination y = sum_i w_i x_i of such latents is Gaussian
 * with mean alpha*mu and covariance beta*Sigma (alpha = sum w_i,
 * beta = sum w_i^2), so LERP midpoints, centroids and subspace points are not
 * valid latents. COG ("Combination of Gaussian variables") rescales any
 * linear combination so that it follows N(mu, Sigma) exactly:
 *
 *     z = y / sqrt(beta) + (1 - alpha / sqrt(beta)) * mu
 *
 * USAGE
 *   In exactly one C or C++ file:
 *       #define COG_IMPLEMENTATION
 *       #include "cog.h"
 *   Everywhere else just #include "cog.h". C99 or C++11 or later; needs libm.
 *
 *       const float *x[2] = { seed_a, seed_b };  // two latents of dim floats
 *       double w[2];
 *       cog_lerp_weights(0.5, w);                // the LERP midpoint ...
 *       cog_combine(x, 2, dim, w, NULL, 0, out); // ... made a valid latent
 *
 * CONTENTS
 *   Status ............. cog_result, cog_result_string, cog_version_*
 *   Combine ............ cog_combine, cog_combine_batch,
 *                        cog_combine_batch_scratch, cog_coefficients
 *   Plain combination .. cog_linear, cog_linear_batch (uncorrected baselines)
 *   Non-Gaussian ....... cog_normal_cdf, cog_normal_quantile, cog_combine_iid,
 *                        cog_combine_iid_batch, cog_cdf_fn and the pairs
 *                        cog_{uniform,logistic,beta1,exponential}_{cdf,quantile}
 *   Weight builders .... cog_lerp_weights, cog_slerp_angle, cog_slerp_weights,
 *                        cog_centroid_weights
 *   Centroid baselines . cog_centroid_euclidean, cog_centroid_standardized,
 *                        cog_centroid_mode_norm
 *   Inner products ..... cog_gram, cog_dots
 *   Subspaces .......... cog_subspace, cog_subspace_memory_size,
 *                        cog_subspace_init, cog_subspace_create,
 *                        cog_subspace_destroy, cog_subspace_weights,
 *                        cog_subspace_project, cog_subspace_basis_coords,
 *                        cog_subspace_latent, cog_subspace_grid
 *   Seeds .............. cog_randn_torch (PyTorch-compatible CPU randn),
 *                        cog_randn_nv (AUTOMATIC1111's "NV" / sd.cpp cuda)
 *   Seed workflows ..... cog_walk, cog_walk_length, cog_walk_weights
 *                        (keyframe walks and loops), cog_arc_weights
 *                        (variation strength), cog_blend (mask blends)
 *
 * OPTIONS (define before including the implementation)
 *   COG_IMPLEMENTATION   emit the definitions (one translation unit).
 *   COG_STATIC           make every function static (private to the unit that
 *                        includes the implementation); needs COG_IMPLEMENTATION.
 *   COGDEF               override the linkage of every public function.
 *   COG_ASSERT(c)        internal invariant checks; default assert() from
 *                        <assert.h>. Never fires on bad input: bad input gets
 *                        a status code.
 *   COG_MALLOC(sz, ctx), COG_FREE(p, ctx)
 *                        allocator used only by cog_subspace_create/destroy
 *                        (define both or neither; ctx is the pointer the
 *                        caller passed to cog_subspace_create).
 *   COG_SQRT, COG_ACOS, COG_SIN
 *                        double-precision libm functions used by the
 *                        combine, SLERP and subspace code (cog_randn_torch
 *                        calls libm directly: its bits depend on it).
 *   COG_ZERO_BETA        sum of squared weights below which weights count as
 *                        all-zero (default 1e-10, the authors' value).
 *   COG_SUBSPACE_TOL     default relative rank tolerance (default 1e-5).
 *   COG_SLERP_MIN_ANGLE  SLERP's parallel / antipodal margin (default 1e-4).
 *   (The last three take effect where the implementation is compiled.)
 *   COG_USE_OPENMP       let the combine, Gram and dot-product passes use
 *                        OpenMP threads when the unit is also compiled with
 *                        -fopenmp (see THREADS). Without it cog.h never
 *                        starts a parallel region, -fopenmp or not.
 *                        (Replaces COG_NO_OPENMP, which is gone.)
 *   COG_OMP_MIN          floats a pass must touch before the OpenMP build
 *                        shares it between threads (default 262144.0).
 *   COG_NO_FAST_KERNELS  leave out the fast kernels (the last layer of the
 *                        implementation): only the portable plain-C
 *                        kernels, which do the same operations in the same
 *                        order and give the same bits, only slower. With
 *                        gcc/clang the fast kernels are GNU vector
 *                        extensions (not intrinsics: the compiler lowers
 *                        them to SSE2, AVX2 or NEON) for the combine and
 *                        dot-product passes and SSE's square root for
 *                        cog_randn_torch, and on x86 run-time builds for
 *                        AVX2 (combine: no FMA; dot products: FMA on exact
 *                        products) and AVX2 + FMA (cog_randn_torch: the
 *                        fused operations torch itself uses, which the
 *                        portable kernel emulates). (Same bits across
 *                        builds assumes IEEE float/double without x87
 *                        excess precision; which NaN a NaN input turns
 *                        into is not promised.)
 *   COG_NO_SEEDS         leave out the seed generators cog_randn_torch and
 *                        cog_randn_nv (declarations and definitions; the
 *                        largest part of the implementation). The seed
 *                        workflows (walks, arcs, blends) stay: they combine
 *                        latents from any source.
 *   COG_NO_DISPATCH      of the fast kernels, leave out the run-time
 *                        AVX2 builds only.
 *   COG_NO_VECTOR_EXTENSIONS  of the fast kernels, leave out the vector
 *                        extensions only.
 *   COG_TEST_HOOKS       declare cog_test_* (cog.h's own tests: choose the
 *                        kernels, reach two internal steps); not an API.
 *
 * CONVENTIONS
 *   - A latent is `dim` contiguous floats. A set of K latents is passed as
 *     `const float *const *x`: K pointers, so latents may live in separate
 *     buffers. Latents stored back to back in one array `seeds[i*dim + j]`
 *     are passed as an array of pointers seeds + i*dim.
 *   - Weights, coefficients, angles and all K x K algebra are double.
 *     Latent data is float; D-length inner products accumulate in double;
 *     combinations are formed in float with coefficients computed in double.
 *   - The mean mu is (mean, mean_len): mean_len 0 means mu = 0 (mean may be
 *     NULL), 1 means the scalar mean[0] for every element, dim means a
 *     per-element mean. Nothing is assumed about Sigma: COG is exact for any
 *     covariance, so per-element standard deviations need no argument.
 *   - Every fallible function returns a cog_result and validates all of its
 *     arguments (NULL pointers, zero sizes, size overflow, NaN/Inf in
 *     weights, t and mean) before writing any output. Non-finite values
 *     inside latent data are detected during the one pass over the data; the
 *     documentation of each function says what the outputs hold then.
 *   - Aliasing: each function says which outputs may be the same buffer as
 *     an input. Partially overlapping buffers are never allowed.
 *   - No global or static mutable state; every function is thread-safe on
 *     distinct outputs. No function allocates memory except
 *     cog_subspace_create.
 *   - Determinism: results depend only on the inputs and the compiler's
 *     floating-point code generation; -ffp-contract changes results only
 *     within the documented tolerances.
 *   - -ffast-math (or -ffinite-math-only, -Ofast): validation still works
 *     (NaN/Inf are detected on the bits, so bad weights, t, mean and data
 *     still get COG_ERR_NONFINITE; tests/ builds test_bad_input so). Such a
 *     build does not promise the same bits as other builds (the compiler
 *     may reassociate sums and contract products: cog_randn_torch is then
 *     not torch's sequence), nor the error bounds of NUMERICAL PROMISES,
 *     nor what Phi and Phi^-1 give at infinite or subnormal arguments, nor
 *     anything of subnormal data (the startup code flushes subnormals to
 *     zero).
 *
 * WHAT "EXACT" MEANS
 *   z ~ N(mu, Sigma) holds exactly for weights chosen independently of the
 *   latents being combined (fixed t, centroid weights, caller weights).
 *   Weights derived from those same latents (the SLERP angle, coordinates
 *   in their own subspace basis) give outputs that are valid only up to
 *   O(K/D) in the expected squared norm (tests/test_stats.c measures it).
 *
 * NUMERICAL PROMISES (checked by tests/)
 *   cog_combine / cog_linear: each output element is within
 *   (K + 2) * FLT_EPSILON * (sum_i |c_i x_i[j]| + |m mu[j]|) of the exact
 *   value, where c, m are the coefficients of cog_coefficients (plus
 *   2^-149 * (sum_i |x_i[j]| + |mu[j]|) when a coefficient is so small,
 *   below ~1e-38, that it rounds to zero as a float).
 *   cog_gram / cog_dots / cog_slerp_angle: double accumulation of exact
 *   float products; relative error about dim * DBL_EPSILON at worst.
 *   Platforms (tests/tools/cross.sh runs every test on each in CI): x86-64
 *   Linux and Windows (MinGW), aarch64, s390x (big-endian) and 32-bit x86
 *   with SSE2 math give the same bits, cog_randn_torch included.
 *   x87 math (32-bit x86 without -msse2 -mfpmath=sse; COG_SAME_BITS 0):
 *   intermediates keep excess precision wherever the compiler leaves them
 *   in registers, so no bit-for-bit promise holds there (builds, a batch
 *   row against its single call, other platforms), and the bounds above
 *   are not tested there. Build with -msse2 -mfpmath=sse. cog_randn_torch
 *   rounds its float steps explicitly, so in ISO C mode (-std=c99/c11,
 *   where casts and assignments round) it still gives torch's bits, under
 *   x87 and on s390x (FLT_EVAL_METHOD 1) alike (test_randn_iso); in GNU C
 *   mode under x87 about 1 in 3,500 values are 1-2 ulp off.
 *
 * THREADS
 *   The library is single-threaded. Every D-length operation can be split by
 *   the caller: cog_combine / cog_linear are element-wise (call them on
 *   element ranges by offsetting every pointer), and cog_gram / cog_dots over
 *   element ranges add up, in double, to the whole.
 *   Opt-in OpenMP: compile the implementation unit with -fopenmp and
 *   COG_USE_OPENMP and the combine, Gram and dot-product passes share
 *   their element range between omp_get_max_threads() threads when they
 *   touch at least 262,144 floats. Without both the pragmas are not even
 *   seen: a program built with -fopenmp for its own reasons gets no
 *   parallel regions from cog.h inside its threads. Threaded combinations
 *   are bit-identical to the serial ones; dot products and Gram entries
 *   are summed per thread and merged in thread order, so they are
 *   reproducible for a given thread count and equal the serial bits with
 *   one thread (they may differ in the last bits between thread counts).
 *   Stack (x86-64, gcc -O2; tests/test_stack.c runs every public function
 *   on a small thread stack): the batch kernel (cog_combine_batch,
 *   cog_linear_batch and cog_walk with b >= 2 rows) about 9 KiB, with 4
 *   KiB of packed input tiles; cog_combine_batch_scratch keeps its 40 KiB
 *   of tiles and coefficients in caller memory instead, which makes
 *   batches of more than 16 inputs faster (up to 1.5x at 64; BENCHMARKS.md
 *   has the figures); cog_subspace_latent about 9 KiB (its coefficients, then
 *   a combine); cog_randn_torch about 7 KiB (its Mersenne Twister state);
 *   every other function at most about 5 KiB (cog_combine, cog_linear and
 *   the centroids about 5 KiB, cog_gram, cog_dots and the other subspace
 *   functions under 1 KiB of their own, cog_combine_iid 4.5 KiB). Under
 *   OpenMP each thread adds an 8 KiB tile of Gram sums. cog_combine_iid is
 *   single-threaded; its callbacks are called from the calling thread
 *   only.
 */
#ifndef COG_H_INCLUDED_5F0C2B7A /* not COG_H: the WPE launcher's cog.h uses it */
#define COG_H_INCLUDED_5F0C2B7A

#include <float.h>
#include <stddef.h>
#include <stdint.h>

/* COG_SAME_BITS is 1 where float and double arithmetic is evaluated at its
 * own precision (FLT_EVAL_METHOD 0: 64-bit targets, 32-bit x86 with SSE2
 * math) and 0 where it may be wider: x87 (32-bit x86 built without
 * -msse2 -mfpmath=sse, or MSVC /arch:IA32), and s390x in ISO C mode
 * (-std=c99/c11: FLT_EVAL_METHOD 1). There the bit-for-bit promises are
 * dropped, except cog_randn_torch's in ISO C mode (see NUMERICAL
 * PROMISES). */
#if (defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0) || \
    (defined(_M_IX86_FP) && _M_IX86_FP == 0)
#define COG_SAME_BITS 0
#else
#define COG_SAME_BITS 1
#endif

#define COG_VERSION_MAJOR 0
#define COG_VERSION_MINOR 1
#define COG_VERSION_PATCH 0
#define COG_VERSION_STRING "0.1.0"
#define COG_VERSION_NUMBER \
    (COG_VERSION_MAJOR * 10000 + COG_VERSION_MINOR * 100 + COG_VERSION_PATCH)

#if defined(COG_STATIC) && !defined(COG_IMPLEMENTATION)
#error "COG_STATIC needs COG_IMPLEMENTATION in the same translation unit"
#endif

#ifndef COGDEF
#ifdef COG_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define COGDEF static __attribute__((unused))
#else
#define COGDEF static
#endif
#else
#define COGDEF extern
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

/* Result of every fallible function. COG_OK is 0; failures are negative. */
typedef enum cog_result {
    COG_OK = 0,
    COG_ERR_ARG = -1,       /* NULL pointer, zero size, size overflow, value
                               out of its domain, forbidden aliasing */
    COG_ERR_NONFINITE = -2, /* NaN or Inf in weights, t, mean or data */
    COG_ERR_ZERO_NORM = -3, /* a latent or result has zero norm or zero
                               spread, so its direction is undefined */
    COG_ERR_ANTIPODAL = -4, /* SLERP between (nearly) opposite latents: the
                               great circle through them is not unique */
    COG_ERR_MEMORY = -5     /* caller memory too small or misaligned, or
                               COG_MALLOC returned NULL */
} cog_result;

/* cog_result_string - a short English description of a status.
 *   r  any value the type can hold (in C++: -8..7); values that are not
 *      enumerators give "unknown cog_result".
 * Returns a static string (never NULL). Thread-safe. */
COGDEF const char *cog_result_string(cog_result r);

/* cog_version_string / cog_version_number - the version of the compiled
 * implementation, e.g. "0.1.0" and 100 (MAJOR*10000 + MINOR*100 + PATCH).
 * Compare with COG_VERSION_STRING / COG_VERSION_NUMBER to catch a header
 * that does not match the implementation it is linked with. */
COGDEF const char *cog_version_string(void);
COGDEF int cog_version_number(void);

/* --------------------------------------------------------------- combine */

/* Sum of squared weights below which weights count as all-zero. */
#ifndef COG_ZERO_BETA
#define COG_ZERO_BETA 1e-10
#endif

/* cog_coefficients - the affine map COG applies for weights w.
 *   w  [in]  k weights (any real values; negative and > 1 extrapolate)
 *   k  [in]  number of weights, >= 1
 *   c  [out] k coefficients c_i = w_i / sqrt(beta)
 *   m  [out] mean coefficient m = 1 - alpha / sqrt(beta)
 * so that the COG latent is z[j] = sum_i c_i x_i[j] + m * mu[j].
 * All-zero weights (beta = sum w_i^2 < COG_ZERO_BETA = 1e-10, the authors'
 * convention) are replaced by equal weights: c_i = 1/sqrt(k), m = 1-sqrt(k)
 * (the COG centroid). The threshold is absolute; above it the result is
 * scale-invariant: w and 5*w give the same c and m up to rounding (computed
 * without overflow for any finite w). Keep weights of order one: tiny
 * weights such as (4e-6, 0) fall under the threshold and become equal
 * weights, while (2e-5, 0) does not.
 * Returns COG_ERR_ARG if w, c or m is NULL or k == 0; COG_ERR_NONFINITE if a
 * weight is NaN/Inf. c and m are written only on COG_OK; c may equal w. */
COGDEF cog_result cog_coefficients(const double *w, size_t k, double *c,
                                   double *m);

/* cog_combine - the COG transform: out = sum_i c_i x_i + m * mu with c, m
 * from cog_coefficients(w), so that out ~ N(mu, Sigma) whenever the x_i are
 * independent N(mu, Sigma) latents, for any Sigma.
 *   x         [in]  k pointers to dim floats each
 *   k, dim    [in]  >= 1 each; k*dim must not overflow size_t
 *   w         [in]  k weights (see cog_coefficients for all-zero weights)
 *   mean      [in]  optional mean mu: see CONVENTIONS (mean, mean_len)
 *   mean_len  [in]  0, 1 or dim
 *   out       [out] dim floats
 * One pass over the data; no allocation. out may be the same buffer as one
 * of the x[i] or as mean (in-place update).
 * Returns COG_ERR_ARG / COG_ERR_NONFINITE for bad arguments (nothing
 * written). Returns COG_ERR_NONFINITE if the result contains NaN/Inf, which
 * happens when the latent data holds NaN/Inf (even under a zero weight) or
 * overflows; out then holds the computed values, non-finite ones included. */
COGDEF cog_result cog_combine(const float *const *x, size_t k, size_t dim,
                              const double *w, const float *mean,
                              size_t mean_len, float *out);

/* cog_combine_batch - b COG combinations of the same k latents in one pass
 * over the inputs (an interpolation path, a grid).
 *   w    [in]  b*k weights, row r (w + r*k) gives output r
 *   b    [in]  number of outputs, >= 1; b*k must not overflow size_t
 *   out  [in]  b pointers to the output buffers (dim floats each, written)
 * Other arguments as cog_combine. Each row's all-zero convention applies
 * independently. Aliasing: with b == 1 as cog_combine; with b > 1 no output
 * may be an input or the mean (equal pointers are rejected with
 * COG_ERR_ARG; partial overlap is undefined); two rows may share an output
 * buffer (the later row wins). Statuses and failure
 * contents as cog_combine. Stack: about 9 KiB; for more than 16 inputs
 * cog_combine_batch_scratch is faster (up to 1.5x at 64). */
COGDEF cog_result cog_combine_batch(const float *const *x, size_t k,
                                    size_t dim, const double *w, size_t b,
                                    const float *mean, size_t mean_len,
                                    float *const *out);

/* cog_combine_batch_scratch - cog_combine_batch with scratch memory from the
 * caller, for batches of many inputs: the batch kernel then packs its input
 * tiles there in longer runs and sums up to 64 inputs per visit of the
 * outputs, where the stack version has 4 KiB for 16. Same bits as
 * cog_combine_batch; faster for b >= 2 and more than 16 inputs (up to 1.5x
 * at 64; BENCHMARKS.md), no gain in builds without the fast kernels, where
 * it is not used.
 *   scratch       [in]  COG_BATCH_SCRATCH_BYTES (40 KiB + 64) bytes,
 *                       aligned for float (the kernel starts its tiles on
 *                       a cache line), written and read during the call;
 *                       may be reused, but not shared by concurrent calls
 *   scratch_bytes [in]  its size, at least COG_BATCH_SCRATCH_BYTES
 * Returns the statuses of cog_combine_batch, whose checks come first, then
 * COG_ERR_MEMORY (scratch NULL, too small or misaligned) and COG_ERR_ARG
 * (the scratch overlaps an input, an output, the mean, w, or the pointer
 * arrays x and out). Nothing is written on these argument errors; on
 * COG_ERR_NONFINITE from the data the outputs hold what cog_combine_batch's
 * would. The scratch's contents after any call are unspecified. Allocates
 * nothing. Under COG_USE_OPENMP only the calling thread uses the scratch. */
#define COG_BATCH_SCRATCH_BYTES 41024
COGDEF cog_result cog_combine_batch_scratch(const float *const *x, size_t k,
                                            size_t dim, const double *w,
                                            size_t b, const float *mean,
                                            size_t mean_len, float *const *out,
                                            void *scratch,
                                            size_t scratch_bytes);

/* cog_linear - the plain, uncorrected combination out = sum_i w_i x_i: the
 * LERP / SLERP / Euclidean baselines (with weights from the builders below).
 * Arguments, aliasing and statuses as cog_combine (there is no mean; zero
 * weights give zeros). Non-finite weights give COG_ERR_NONFINITE. */
COGDEF cog_result cog_linear(const float *const *x, size_t k, size_t dim,
                             const double *w, float *out);

/* cog_linear_batch - b plain combinations in one pass (see
 * cog_combine_batch for the layout of w and out, the aliasing rules and the
 * stack; a baseline, it has no scratch form: with more than 16 inputs it
 * runs at the stack version's speed). */
COGDEF cog_result cog_linear_batch(const float *const *x, size_t k,
                                   size_t dim, const double *w, size_t b,
                                   float *const *out);

/* -------------------------------------------------- non-Gaussian latents */

/* The authors' iid generalisation: for latents whose elements are iid with a
 * continuous CDF F (uniform, logistic, Beta, ...), map every element to a
 * standard normal with g = Phi^-1(F(x)), combine there with COG (mu = 0),
 * and map back with z = F^-1(Phi(h)). Each output element then has exactly
 * the distribution F again (for weights chosen independently of the data).
 *
 * cog_normal_cdf - Phi(x), the standard normal CDF, in double precision.
 * Phi(x) = erfc(-x / sqrt 2) / 2 with the division by sqrt 2 carried in
 * double-double: erfc is evaluated at a point t0 that is constant over runs
 * of 4096 consecutive x, and the exact rest d is added back to second order
 * (erfc(t0 + d) = erfc(t0) - 2/sqrt(pi) exp(-t0^2) (d - t0 d^2)), so the
 * lower tail keeps full relative accuracy: within a few ulp of the exact
 * value (as accurate as the libm erfc it calls) for every x where Phi(x) is
 * a normal double (x >= -37.5); below that the result is subnormal, and 0
 * for x < -38.5. For x > 0 the result is 1 - Phi(-x), accurate to a few ulp
 * of the result, and exactly 1 for x > 8.3. Monotone non-decreasing within
 * each run (the correction is monotone); where a run ends, erfc's last-bit
 * error can reverse two neighbours by one ulp (2 in 3.6e6 consecutive pairs
 * measured on glibc). NaN gives NaN. Pure, thread-safe; cost about one erfc
 * plus one exp. */
COGDEF double cog_normal_cdf(double x);

/* cog_normal_quantile - Phi^-1(p), the standard normal quantile.
 * Wichura's AS241 rational approximation (PPND16), rounded to a coarse
 * point x0 (12 low bits cleared, constant over runs of p), then one Newton
 * step against cog_normal_cdf, the residual formed so it keeps relative
 * accuracy near p = 1/2 and in the lower tail: within a few ulp of the
 * exact quantile for DBL_MIN <= p <= 1 - 2^-53 (|result| <= 37.5 and 8.3),
 * monotone in p within each run of equal x0 (one-ulp reversals possible
 * only where x0 changes: 2 in 3.6e6 consecutive pairs measured);
 * for subnormal p the unrefined AS241 value (about 1e-16 relative). The
 * upper half uses Phi^-1(p) = -Phi^-1(1 - p), which is exact (1 - p is
 * exact for p >= 1/2), so quantile(1 - p) == -quantile(p) there.
 * p = 0 gives -INFINITY, p = 1 gives +INFINITY, p outside [0, 1] or NaN
 * gives NaN. quantile(cdf(x)) gives x back to a few ulp wherever cdf(x) < 1/2
 * (in the upper half, to the resolution of doubles just below 1).
 * Pure, thread-safe; cost about log + sqrt + erfc + exp. */
COGDEF double cog_normal_quantile(double p);

/* A CDF F or its inverse F^-1 in double precision. `user` is the pointer the
 * caller passed to cog_combine_iid, passed through untouched (the parameter
 * struct of the ready-made pairs below). Must be pure: it may be called
 * any number of times, in any order. */
typedef double (*cog_cdf_fn)(double x, void *user);

/* cog_combine_iid - COG for latents with iid non-Gaussian elements:
 *   out[j] = F^-1(Phi(sum_i c_i Phi^-1(F(x_i[j]))))
 * with c_i from cog_coefficients(w) (mean 0 in the Gaussian domain), so
 * out[j] has the distribution F whenever the x_i[j] are iid with CDF F.
 *   x, k, dim, w  as cog_combine (all-zero weights become equal weights)
 *   cdf          [in] F; must return a value in [0, 1]
 *   inverse_cdf  [in] F^-1 on (0, 1)
 *   user         [in] passed to both callbacks, may be NULL
 *   out          [out] dim floats; may be the same buffer as one x[i]
 * Probabilities are clamped into [DBL_MIN, 1 - 2^-53] on both sides: an F
 * value of exactly 0 (or a subnormal one) becomes DBL_MIN, i.e.
 * Phi^-1 = -37.5, and exactly 1 becomes 1 - 2^-53, i.e. Phi^-1 = +8.29,
 * the largest probability below 1 a double holds (doubles resolve the lower
 * tail far more finely than the upper one); F^-1 is never called with 0 or
 * 1. The clamp is monotone, so the map stays order-preserving. In the upper
 * tail the result is limited by the resolution of F(x) near 1 (spacing
 * 1.1e-16): an input whose F(x) rounds to 1 in double loses its position
 * within that last step.
 * Returns COG_ERR_ARG (NULL pointer or callback, zero size, overflow) or
 * COG_ERR_NONFINITE (NaN/Inf weight or latent element) before anything is
 * written. A callback that misbehaves is detected during the pass: cdf
 * returning NaN/Inf or inverse_cdf returning NaN/Inf gives
 * COG_ERR_NONFINITE, cdf returning a value outside [0, 1] gives
 * COG_ERR_ARG; the pass stops there and out (and, in place, the aliased
 * input) holds unspecified values. A result beyond the float range also
 * gives COG_ERR_NONFINITE (out holds the values, Inf included).
 * Cost: 2 special-function calls per input element (F, Phi^-1) and 2 per
 * output element (Phi, F^-1), plus the callbacks' own cost; about 4.5 KiB
 * of stack, no allocation. Deterministic; thread-safe if the callbacks
 * are. */
COGDEF cog_result cog_combine_iid(const float *const *x, size_t k, size_t dim,
                                  const double *w, cog_cdf_fn cdf,
                                  cog_cdf_fn inverse_cdf, void *user,
                                  float *out);

/* cog_combine_iid_batch - b iid combinations of the same k latents in one
 * pass (layout of w and out, aliasing rules and statuses as
 * cog_combine_batch and cog_combine_iid): each input element is mapped to
 * the normal domain once and used by every row, so the cost is 2K special
 * functions per element plus 2 per output element. With k > 512 the
 * normal-domain values do not fit the fixed scratch and are recomputed for
 * every row (b times the 2K calls). */
COGDEF cog_result cog_combine_iid_batch(const float *const *x, size_t k,
                                        size_t dim, const double *w, size_t b,
                                        cog_cdf_fn cdf, cog_cdf_fn inverse_cdf,
                                        void *user, float *const *out);

/* Ready-made CDF pairs for cog_combine_iid: pass cog_X_cdf, cog_X_quantile
 * and a pointer to a cog_X_params as `user`. Out-of-range parameters
 * (NaN/Inf, lo >= hi, scale <= 0, b <= 0, rate <= 0) make both functions
 * return NaN, which cog_combine_iid reports as COG_ERR_NONFINITE before
 * writing anything (its first call is to cdf, on the first element). The
 * CDFs return exactly 0 and 1 outside the support; NaN in gives NaN out.
 * Each is within a few ulp of its exact value (relative in the lower
 * tail). Thread-safe; params is only read. */

/* Uniform on [lo, hi]: F(x) = (x - lo) / (hi - lo), F^-1(p) = lo + (hi - lo) p. */
typedef struct cog_uniform_params { double lo, hi; } cog_uniform_params;
COGDEF double cog_uniform_cdf(double x, void *params);
COGDEF double cog_uniform_quantile(double p, void *params);

/* Logistic(loc, scale): F(x) = 1 / (1 + exp(-(x - loc) / scale)),
 * F^-1(p) = loc + scale * log(p / (1 - p)). */
typedef struct cog_logistic_params { double loc, scale; } cog_logistic_params;
COGDEF double cog_logistic_cdf(double x, void *params);
COGDEF double cog_logistic_quantile(double p, void *params);

/* Beta(1, b) on [0, 1]: F(x) = 1 - (1 - x)^b, F^-1(p) = 1 - (1 - p)^(1/b)
 * (computed as -expm1(b log1p(-x)) and -expm1(log1p(-p) / b)). */
typedef struct cog_beta1_params { double b; } cog_beta1_params;
COGDEF double cog_beta1_cdf(double x, void *params);
COGDEF double cog_beta1_quantile(double p, void *params);

/* Exponential(rate) on [0, inf): F(x) = 1 - exp(-rate x),
 * F^-1(p) = -log(1 - p) / rate (as -expm1 and -log1p). */
typedef struct cog_exponential_params { double rate; } cog_exponential_params;
COGDEF double cog_exponential_cdf(double x, void *params);
COGDEF double cog_exponential_quantile(double p, void *params);

/* ------------------------------------------------------- weight builders */

/* cog_lerp_weights - w = (1 - t, t): t = 0 gives the first latent, t = 1 the
 * second; t outside [0, 1] extrapolates (COG keeps that valid too).
 * Returns COG_ERR_ARG if w is NULL, COG_ERR_NONFINITE if t is NaN/Inf;
 * w[0], w[1] written only on COG_OK. */
COGDEF cog_result cog_lerp_weights(double t, double *w);

/* cog_slerp_angle - the angle theta in [0, pi] between latents a and b,
 * from <a,b>, |a|^2 and |b|^2 accumulated in double in a single pass.
 * Compute it once per pair, then call cog_slerp_weights for every t.
 *   a, b   [in]  dim floats each (a == b allowed: theta < 1e-7, which
 *                cog_slerp_weights treats as parallel)
 *   theta  [out] written only on COG_OK
 * Returns COG_ERR_ARG (NULL, dim == 0), COG_ERR_NONFINITE (NaN/Inf in the
 * data), COG_ERR_ZERO_NORM (a or b is all zeros: no direction). */
COGDEF cog_result cog_slerp_angle(const float *a, const float *b, size_t dim,
                                  double *theta);

/* cog_slerp_weights - spherical interpolation weights
 *   w = (sin((1-t) theta) / sin theta, sin(t theta) / sin theta)
 * for the angle theta from cog_slerp_angle. Use them with cog_linear for
 * plain SLERP or with cog_combine for SLERP made exact by COG.
 *   theta  [in]  in [0, pi]
 *   t      [in]  finite; outside [0, 1] extrapolates along the circle
 *   w      [out] 2 doubles, written only on COG_OK
 * Nearly parallel latents (theta < COG_SLERP_MIN_ANGLE = 1e-4 rad) get the
 * LERP weights (1-t, t), which SLERP approaches there, and COG_OK.
 * Nearly opposite latents (pi - theta < 1e-4) return COG_ERR_ANTIPODAL:
 * infinitely many great circles join them and the weights blow up.
 * Returns COG_ERR_ARG if w is NULL or theta is outside [0, pi],
 * COG_ERR_NONFINITE if theta or t is NaN/Inf or t is so large (~1e308)
 * that the weights overflow. */
COGDEF cog_result cog_slerp_weights(double theta, double t, double *w);

/* Angle below which SLERP falls back to LERP, and distance from pi within
 * which it reports COG_ERR_ANTIPODAL (radians). */
#ifndef COG_SLERP_MIN_ANGLE
#define COG_SLERP_MIN_ANGLE 1e-4
#endif

/* cog_centroid_weights - w_i = 1/k (alpha = 1, beta = 1/k).
 * Returns COG_ERR_ARG if w is NULL or k == 0; w written only on COG_OK. */
COGDEF cog_result cog_centroid_weights(size_t k, double *w);

/* ---------------------------------------------------- centroid baselines */
/* The centroid baselines the paper compares COG against. All three assume a
 * standard N(0, I) latent; the COG centroid is cog_combine with
 * cog_centroid_weights. Arguments as cog_linear; out may be one of the x[i].
 * All return COG_ERR_ARG / COG_ERR_NONFINITE like cog_linear. */

/* cog_centroid_euclidean - out = (1/k) sum_i x_i. */
COGDEF cog_result cog_centroid_euclidean(const float *const *x, size_t k,
                                         size_t dim, float *out);

/* cog_centroid_standardized - the Euclidean centroid, then shifted and
 * scaled so that its own dim elements have mean 0 and standard deviation 1
 * (population std, i.e. divided by dim). Needs dim >= 2 (else
 * COG_ERR_ARG, nothing written). Returns
 * COG_ERR_ZERO_NORM if the centroid is constant (zero spread); out then holds
 * the Euclidean centroid. */
COGDEF cog_result cog_centroid_standardized(const float *const *x, size_t k,
                                            size_t dim, float *out);

/* cog_centroid_mode_norm - the Euclidean centroid rescaled to norm
 * sqrt(dim - 2), the mode of the chi distribution with dim degrees of
 * freedom (the most likely norm of an N(0, I) latent). Needs dim >= 3
 * (else COG_ERR_ARG, nothing written).
 * Returns COG_ERR_ZERO_NORM if the centroid is zero; out then holds it. */
COGDEF cog_result cog_centroid_mode_norm(const float *const *x, size_t k,
                                         size_t dim, float *out);

/* -------------------------------------------------------- inner products */

/* cog_gram - the k x k Gram matrix g[i*k + l] = <x_i, x_l> (symmetric, both
 * triangles written), accumulated in double: one pass over the data for
 * k <= 32, one per pair of 32-latent tiles beyond.
 *   g  [out] k*k doubles
 * Returns COG_ERR_ARG for bad arguments (g untouched), COG_ERR_NONFINITE if
 * the data holds NaN/Inf (g then holds the non-finite sums). */
COGDEF cog_result cog_gram(const float *const *x, size_t k, size_t dim,
                           double *g);

/* cog_dots - d[i] = <x_i, y> for i < k, in double (A^T y): one pass over
 * the data per 32 latents.
 * Statuses as cog_gram; NaN/Inf in y or any x_i gives COG_ERR_NONFINITE. */
COGDEF cog_result cog_dots(const float *const *x, size_t k, size_t dim,
                           const float *y, double *d);

/* ------------------------------------------------------------ subspaces */

/* A subspace spanned by k basis latents A = [x_1 ... x_k] (dim x k), held as
 * its thin QR factorisation A = U R with U (dim x k, never formed) having
 * orthonormal columns and R upper triangular with a positive diagonal: the
 * first axis points along x_1, the second along the part of x_2 orthogonal
 * to x_1, and so on (Gram-Schmidt order). A point of the subspace has
 * coordinates s in R^k and is the latent U s; its weights on the basis
 * latents are w = R^{-1} s, and cog_combine(w) turns it into a valid
 * latent.
 *
 * Rank (duplicate or linearly dependent latents): in Gram-Schmidt order, a
 * latent whose distance from the span of the earlier ones is at most tol
 * times the largest basis latent's norm adds no axis: its row of R is zero,
 * its coordinate is ignored, its weight is always 0, and `rank` counts the
 * axes that remain. Everything then refers to the kept latents only: U is
 * their orthonormal basis, projection gives U^T y on their axes, weights
 * are R_kept^{-1} s on them, so the point with coordinates project(y) is
 * the orthogonal projection of y onto their span. (A dropped latent is, up
 * to tol, a combination of the kept ones; weighting it too would count it
 * twice in COG's variance: weights (1/2, 1/2) on a duplicated x give
 * sqrt(2) x, not a typical latent.) tol is a relative distance, i.e. a
 * singular-value ratio of the one-column residual; values below about 1e-7
 * are beneath what the double Gram matrix resolves.
 *
 * Accuracy: coordinates and the projection are within about 1e-16 cond |y|
 * of the exact ones for the kept latents' condition number cond up to
 * ~1e7 (tests/test_subspace.c: within 1e-8 |y| against a long-double QR).
 * The Gram matrix squares cond, so bases with cond above 1e4 get a second
 * pass over the data (Cholesky QR2) at init.
 *
 * All fields are read-only for the caller. The struct itself is small and
 * lives where the caller likes; its arrays live in memory the caller
 * provides (cog_subspace_init) or that cog_subspace_create allocates. The
 * basis latent buffers are not copied: they must stay alive and unchanged
 * while the subspace is used (the array of pointers is copied). Do not
 * destroy two copies of one struct: the memory would be freed twice. */
typedef struct cog_subspace {
    size_t k;             /* number of basis latents */
    size_t dim;           /* floats per latent */
    size_t rank;          /* number of axes (numerical rank), 1..k */
    double tol;           /* relative rank tolerance that was used */
    const float **basis;  /* copy of the k basis pointers */
    double *r;            /* k*k, row-major R; column j (r[i*k + j], i <= j)
                             holds basis latent j's own coordinates */
    double *w;            /* k*k, row-major R^{-1} on the kept latents, 0 in
                             dropped rows and columns: weights = w * s */
    double *sigma;        /* k singular values of R (those of A, less the
                             dropped parts below tol), descending */
    void *owned;          /* memory to free in cog_subspace_destroy or NULL */
    void *alloc_ctx;      /* ctx passed to COG_MALLOC / COG_FREE */
} cog_subspace;

/* Default relative tolerance for the numerical rank of a subspace. */
#ifndef COG_SUBSPACE_TOL
#define COG_SUBSPACE_TOL 1e-5
#endif

/* cog_subspace_memory_size - bytes of memory cog_subspace_init needs for k
 * basis latents: 4 k^2 + k doubles and k pointers (k = 64: 129 KiB).
 *   bytes [out] written only on COG_OK
 * Returns COG_ERR_ARG if bytes is NULL, k == 0 or the size overflows. */
COGDEF cog_result cog_subspace_memory_size(size_t k, size_t *bytes);

/* cog_subspace_init - build the subspace of k basis latents in caller
 * memory: one pass over the data for the Gram matrix, then O(k^3) double
 * algebra (Cholesky with rank detection, Jacobi SVD for the singular
 * values), and a second pass (O(k^2 dim) in plain double code) only when the
 * kept latents' condition number is above 1e4.
 *   sub    [out] filled only on COG_OK (zeroed on failure)
 *   mem    [in]  at least cog_subspace_memory_size(k) bytes, aligned for
 *                double and pointers (any malloc result is); must outlive sub
 *   x      [in]  k basis latents of dim floats (buffers must outlive sub)
 *   tol    [in]  relative rank tolerance in [0, 1); 0 selects
 *                COG_SUBSPACE_TOL (1e-5 on singular-value ratios)
 * Returns COG_ERR_ARG (NULL sub or x, k or dim 0, overflow, tol out of
 * range), COG_ERR_NONFINITE (tol or the data NaN/Inf), COG_ERR_MEMORY (mem
 * NULL, too small or misaligned), COG_ERR_ZERO_NORM (every basis latent is
 * zero). Cost: O(k^2 dim) for the Gram matrix, O(k^3) after. */
COGDEF cog_result cog_subspace_init(cog_subspace *sub, void *mem,
                                    size_t bytes, const float *const *x,
                                    size_t k, size_t dim, double tol);

/* cog_subspace_create - cog_subspace_init with memory from
 * COG_MALLOC(bytes, alloc_ctx) (malloc by default). Release it with
 * cog_subspace_destroy. Returns COG_ERR_MEMORY if allocation fails, else as
 * cog_subspace_init; on failure nothing stays allocated. */
COGDEF cog_result cog_subspace_create(cog_subspace *sub,
                                      const float *const *x, size_t k,
                                      size_t dim, double tol,
                                      void *alloc_ctx);

/* cog_subspace_destroy - free what cog_subspace_create allocated and zero
 * *sub. Safe on NULL, on a zeroed struct, and on a subspace made by
 * cog_subspace_init (then only zeroes it: the memory is the caller's). */
COGDEF void cog_subspace_destroy(cog_subspace *sub);

/* cog_subspace_weights - weights w = R^{-1} s of the point with coordinates
 * s (k doubles) on the basis latents; a dropped latent's weight is 0 and a
 * dropped axis's coordinate is ignored.
 *   w [out] k doubles, written only on COG_OK; must not overlap s.
 * Returns COG_ERR_ARG (NULL, uninitialised sub), COG_ERR_NONFINITE (NaN/Inf
 * in s, or coordinates so large that a weight overflows). */
COGDEF cog_result cog_subspace_weights(const cog_subspace *sub,
                                       const double *s, double *w);

/* cog_subspace_project - coordinates s = U^T y of a latent y (dim floats)
 * in the subspace's basis: one pass over y and the k basis latents.
 * Coordinates on axes dropped for rank deficiency are 0; dropped latents do
 * not enter. cog_subspace_latent(s) is then the COG latent of the
 * orthogonal projection of y onto the span of the kept latents.
 *   s [out] k doubles, must not overlap y. Returns as cog_dots; on
 *           COG_ERR_NONFINITE the contents of s are unspecified. */
COGDEF cog_result cog_subspace_project(const cog_subspace *sub,
                                       const float *y, double *s);

/* cog_subspace_basis_coords - coordinates of basis latent j (0 <= j < k):
 * column j of R. Do not sweep grids over the range these span on each axis
 * (the paper's figures): R is triangular, so such a sweep starts near 0 and
 * repeats cells; use cog_subspace_grid. s [out] k doubles, written only on
 * COG_OK.
 * Returns COG_ERR_ARG for NULL or j >= k. */
COGDEF cog_result cog_subspace_basis_coords(const cog_subspace *sub,
                                            size_t j, double *s);

/* cog_subspace_latent - the valid latent at coordinates s: cog_combine of
 * the basis with cog_subspace_weights(s). out (dim floats) may be one of the
 * basis buffers only if you no longer need the subspace. Statuses as
 * cog_subspace_weights and cog_combine. The all-zero rule applies: s = 0
 * gives the COG centroid of the basis (so do coordinates so small that the
 * weights fall under COG_ZERO_BETA). Holds its k weights on the stack, so
 * it takes at most COG_SUBSPACE_LATENT_MAX = 512 basis latents (else
 * COG_ERR_ARG): beyond that call cog_subspace_weights and cog_combine with a
 * buffer of your own. */
COGDEF cog_result cog_subspace_latent(const cog_subspace *sub,
                                      const double *s, const float *mean,
                                      size_t mean_len, float *out);

/* Most basis latents cog_subspace_latent takes (its stack buffer). */
#define COG_SUBSPACE_LATENT_MAX 512

/* ---- subspace grids ------------------------------------------------------
 * With mu = 0, COG(lambda w) = COG(w) for lambda > 0 and COG(-w) = -COG(w):
 * coordinates only matter up to a positive scale, so a grid that sweeps an
 * axis from about 0 (as the basis latents' own coordinates, R being
 * triangular, invite) puts many cells on one ray and gives one latent many
 * times. These two grids never do (pairwise distinct, never opposite cells):
 *   COG_GRID_AFFINE: weights (1 - u - v, u, v) on basis latents (o, i, j),
 *     u = extent * a / (n - 1), v = extent * b / (n - 1). The weights sum
 *     to 1, so no cell is a scale copy of another; with extent 1 the corners
 *     [0][0], [n-1][0], [0][n-1] are the latents o, i, j themselves and
 *     [n-1][n-1] is i + j - o made valid.
 *   COG_GRID_TANGENT: around latent o: with c its coordinates, e1 and e2 the
 *     orthonormalised parts of latent i's and j's coordinates orthogonal to
 *     c, cell [a][b] is at c + |c| (u e1 + v e2), u and v evenly spaced in
 *     [-extent, extent]: every cell a distinct direction, at angles up to
 *     atan(extent sqrt 2) from latent o, which is the centre cell when n is
 *     odd. */
typedef enum cog_grid_kind {
    COG_GRID_AFFINE = 0,
    COG_GRID_TANGENT = 1
} cog_grid_kind;

/* cog_subspace_grid - the weights of an n x n grid in the plane of basis
 * latents o, i, j (three different indices below sub->k), for
 * cog_combine_batch (or cog_subspace_latent with the matching coordinates).
 *   kind    a cog_grid_kind: COG_GRID_AFFINE or COG_GRID_TANGENT (above;
 *           an int, so that any other value is a defined COG_ERR_ARG in C++)
 *   n       >= 2 cells per side
 *   extent  > 0 and finite (1 is the natural choice for both kinds)
 *   w [out] n * n * sub->k doubles: cell [a][b]'s weights at (a n + b) k;
 *           untouched on COG_ERR_ARG / COG_ERR_NONFINITE, its first 4 k
 *           doubles scratch on COG_ERR_ZERO_NORM
 * Returns COG_ERR_ARG (NULL, uninitialised sub, indices out of range or
 * equal, n < 2, extent <= 0, n * n * k overflows), COG_ERR_NONFINITE
 * (extent NaN/Inf), COG_ERR_ZERO_NORM (latents o, i, j are linearly
 * dependent within the subspace's tol, so the plane, and distinct cells,
 * do not exist). No allocation; O(n^2 k^2). */
COGDEF cog_result cog_subspace_grid(const cog_subspace *sub, int kind,
                                    size_t o, size_t i, size_t j, size_t n,
                                    double extent, double *w);

/* ----------------------------------------------------------------- seeds */

#ifndef COG_NO_SEEDS
/* cog_randn_torch - the float32 values of PyTorch's CPU
 *   torch.manual_seed(seed); torch.randn(n)
 * (equivalently any float32 shape with n elements, e.g. randn(1, 4, 64, 64)).
 *   seed [in]  as given to torch.manual_seed; torch keeps only the low 32
 *              bits (seed & 0xffffffff seeds the mt19937). A negative Python
 *              seed s corresponds to (uint64_t)s, i.e. s mod 2^64.
 *   out  [out] n floats; may be NULL only if n == 0.
 *   n    [in]  number of values; 0 writes nothing and returns COG_OK.
 * Returns COG_OK, or COG_ERR_ARG if out is NULL and n > 0 (out untouched).
 * Matches torch 1.13's CPU generator paths bit for bit:
 *   n >= 16: normal_fill_AVX2 (what x86-64 CPUs with AVX2 or AVX-512 run;
 *     forcing ATEN_CPU_CAPABILITY=avx512 gives the same values): n 24-bit
 *     uniforms, Box-Muller per block of 16 with avx_mathfun's float log and
 *     sincos, and when n % 16 != 0 the last 16 values recomputed from 16
 *     fresh uniforms. Emulated lane by lane with the same fused multiply-adds,
 *     so the result is the same on any IEEE platform, at any -O level and
 *     -ffp-contract setting (but not with -ffast-math). torch's generic
 *     kernel (ATEN_CPU_CAPABILITY=default, CPUs without AVX2, non-x86) uses
 *     libm with theta in double instead: about 40% of its values differ
 *     from these, by up to ~1e-6 relative.
 *   n < 16: at::normal_distribution<double> (53-bit uniforms from two draws,
 *     Box-Muller in double with the sine sample cached for the next value),
 *     cast to float. This path calls libm log/sin/cos/sqrt in double; the
 *     float results match any libm accurate to well under 1 double ulp.
 * Deterministic: depends only on (seed & 0xffffffff, n). As in torch, the
 * first k values of a call with n values are in general not the values of a
 * call with k (the recomputed last block and the n < 16 path differ).
 * Pure: no global state, no allocation (about 10 KB of stack); thread-safe.
 * Cost: O(n) after a fixed seeding cost per call; faster than torch.randn
 * on one thread with the fast kernels (an AVX2 + FMA CPU, or a unit built
 * with -mfma), an order of magnitude slower with the emulated FMA
 * (COG_NO_FAST_KERNELS, COG_NO_DISPATCH, or a CPU without FMA); the n < 16
 * path is slower per value. BENCHMARKS.md has the figures. */
COGDEF cog_result cog_randn_torch(uint64_t seed, float *out, size_t n);
#endif

/* ====================================================================== */
/* Seed workflows: "NV" noise, keyframe walks, variation arcs, blends     */
/* ====================================================================== */

#ifndef COG_NO_SEEDS
/* cog_randn_nv - the float32 values of the "NV" noise source, which
 * AUTOMATIC1111 uses for its default seeds (its "GPU" and "NV" settings; the
 * NV source imitates torch's CUDA randn on any device) and
 * stable-diffusion.cpp for --rng cuda: call number `offset` of a generator
 * made for `seed`, producing n values (any shape with n elements, C order).
 *   seed    [in]  the 64-bit seed (Philox key = low word, high word)
 *   offset  [in]  how many randn calls the generator made before this one:
 *                 0 for a fresh generator (what A1111 uses for each image's
 *                 noise), 1 for its second call, and so on. Successive
 *                 calls are independent streams.
 *   out     [out] n floats; may be NULL only if n == 0.
 *   n       [in]  number of values, at most 2^32 (the element index is a
 *                 32-bit counter word); 0 writes nothing and returns COG_OK.
 * The algorithm (published facts, see docs/seeds.md):
 * element i is the Philox4x32-10 block of counter (offset, 0, i, 0) under
 * the key, and its first two words w0, w1 give, in double,
 *   u = w0 c + c/2,  v = w1 d + d/2,  value = sqrt(-2 log u) sin v,
 * c = 2^-32 and d = the float32 nearest 2^-32 * 6.2831855, rounded to
 * float32 at the end (Box-Muller on the first two words only; words 2 and 3
 * are unused). Uses libm log, sin and sqrt in double; results agree with
 * AUTOMATIC1111's NumPy code to the last float bit except where a libm
 * differs by an ulp of double at a rounding boundary, and with CUDA's own
 * randn (device math) within about one float32 ulp.
 * Returns COG_OK, or COG_ERR_ARG (out NULL with n > 0, n > 2^32; out
 * untouched). Pure: no global state, no allocation, O(1) stack; thread-safe.
 * Cost: O(n): 10 Philox rounds plus a log and a sin per value
 * (BENCHMARKS.md has the figures). */
COGDEF cog_result cog_randn_nv(uint64_t seed, uint32_t offset, float *out,
                               size_t n);
#endif

/* Keyframe walks: the latents of a whole animation through K keyframe
 * latents, N frames per segment. Every frame is a combination of at most 4
 * keyframes with weights that depend only on the frame number (never on
 * the latents), made exact by COG: each frame is a valid latent.
 *
 * Frame layout. Segment i runs from keyframe i towards keyframe i+1 and has
 * N frames: its first H+1 frames (H = hold) sit at the segment's start
 * (t = 0), the other N-H-1 frames move at t = (j - H) / (N - H) for
 * j = H+1 .. N-1. With loop, segment K-1 runs from the last keyframe back
 * to the first: K*N frames, frame i*N is keyframe i, and the step across
 * the seam is an ordinary step (no duplicated frame). Without loop the walk
 * ends with the last keyframe and its H holds: (K-1)*N + 1 + H frames.
 * t is then eased (cog_ease) before the path's weights are taken.
 *
 * Paths (cog_walk_path):
 *   COG_WALK_LINEAR       LERP weights (1-s, s) on keyframes i, i+1 (COG of
 *                         them). Angular speed is uneven: for independent
 *                         keyframes the frame's angle from keyframe i is
 *                         atan(s / (1-s)), so the speed at mid-segment is
 *                         twice that at the keyframes (docs/seeds.md).
 *   COG_WALK_ARC          weights (cos(s pi/2), sin(s pi/2)) on keyframes i,
 *                         i+1 (see cog_arc_weights): constant angular speed
 *                         for independent keyframes (which are orthogonal in
 *                         high dimension; for correlated keyframes the speed
 *                         is only nearly constant).
 *   COG_WALK_CATMULL_ROM  uniform Catmull-Rom over keyframes i-1, i, i+1,
 *                         i+2: passes through every keyframe, C1.
 *   COG_WALK_BSPLINE      uniform cubic B-spline over the same four: C2,
 *                         but it passes NEAR the keyframes, not through
 *                         them (at t = 0 the weights are (1, 4, 1, 0) / 6).
 * Spline weights sum to 1 (affine), so COG applies exactly. Ends without
 * loop: the missing neighbours are the end keyframes themselves (keyframe
 * -1 is keyframe 0, keyframe K is keyframe K-1), so the path starts and
 * ends at rest on them (Catmull-Rom) or near them (B-spline: at the start
 * (5 x_0 + x_1) / 6). With loop, neighbour indices wrap around. A keyframe
 * that appears twice among the four (K < 4 with loop, the clamped ends)
 * gets the sum of its weights: COG needs each latent once.
 * Easing (cog_ease) re-times t within a segment: COG_EASE_LINEAR s = t,
 * COG_EASE_SMOOTHSTEP s = t^2 (3 - 2t), COG_EASE_COSINE
 * s = (1 - cos(pi t)) / 2; the last two slow down at the keyframes. */
typedef enum cog_walk_path {
    COG_WALK_LINEAR = 0,
    COG_WALK_ARC = 1,
    COG_WALK_CATMULL_ROM = 2,
    COG_WALK_BSPLINE = 3
} cog_walk_path;

typedef enum cog_ease {
    COG_EASE_LINEAR = 0,
    COG_EASE_SMOOTHSTEP = 1,
    COG_EASE_COSINE = 2
} cog_ease;

/* A walk's shape; fill every field (e.g. from a zeroed struct). path and
 * ease are ints so that a value outside the enum is a defined COG_ERR_ARG,
 * also in C++ (where it could not be stored in the enum type). */
typedef struct cog_walk_spec {
    size_t keyframes;   /* K >= 1 */
    size_t frames;      /* N >= 1 frames per segment */
    size_t hold;        /* H < N frames each keyframe is held for */
    int loop;           /* 0: end at the last keyframe, 1: close the loop */
    int path;           /* a cog_walk_path: COG_WALK_LINEAR .. _BSPLINE */
    int ease;           /* a cog_ease: COG_EASE_LINEAR .. _COSINE */
} cog_walk_spec;

/* Most keyframes one frame of a walk combines (the spline neighbours). */
#define COG_WALK_MAX_TERMS 4

/* cog_walk_length - the number of frames of a walk: K*N with loop, else
 * (K-1)*N + 1 + H.
 *   frames [out] written only on COG_OK
 * Returns COG_ERR_ARG if spec or frames is NULL, a field is out of range
 * (K or N zero, H >= N, loop not 0/1, unknown path or ease) or the count
 * overflows size_t. */
COGDEF cog_result cog_walk_length(const cog_walk_spec *spec, size_t *frames);

/* cog_walk_weights - the keyframes frame f combines and their weights: n
 * distinct keyframe indices idx[0..n) (ascending) with weights w[0..n)
 * (some may be 0; n <= COG_WALK_MAX_TERMS). Pass them to cog_combine (with
 * the latents x[idx[i]]) for that frame. A frame at a keyframe (t = 0 on
 * the linear, arc and Catmull-Rom paths) has the single weight 1.
 *   idx, w [out] COG_WALK_MAX_TERMS entries each; written only on COG_OK
 *   n      [out] number of entries used, 1..4
 * Returns COG_ERR_ARG for NULL pointers, a bad spec (see cog_walk_length)
 * or f >= the walk's length. */
COGDEF cog_result cog_walk_weights(const cog_walk_spec *spec, size_t f,
                                   size_t *idx, double *w, size_t *n);

/* cog_walk - frames first .. first+count-1 of the walk through the K
 * keyframe latents x (COG of cog_walk_weights for each frame), so that
 * every frame is a valid latent for independent N(mu, Sigma) keyframes.
 * Runs of frames in one segment go through cog_combine_batch in blocks of
 * up to 32 frames: one pass over the (at most 4) keyframes involved per
 * block, so a walk costs what cog_combine_batch costs.
 *   x          [in]  spec->keyframes pointers to dim floats each
 *   spec       [in]  the walk (see cog_walk_spec)
 *   dim        [in]  floats per latent, >= 1; K*dim must not overflow
 *   mean, mean_len   the mean mu as in cog_combine (CONVENTIONS)
 *   first, count     the frames to make: count >= 1, first + count <= the
 *                    walk's length (cog_walk_length)
 *   out        [out] count pointers to dim floats: out[i] gets frame
 *                    first + i. No output may be a keyframe or the mean.
 * Returns COG_ERR_ARG (NULL pointers, bad spec, frames out of range, an
 * output equal to an input or the mean), COG_ERR_NONFINITE (mean NaN/Inf:
 * nothing written). NaN/Inf in the keyframe data gives COG_ERR_NONFINITE
 * after all frames are written: as in cog_combine, each frame whose
 * segment has that keyframe among its (up to 4) neighbours holds NaN/Inf
 * there, even where its weight is 0. Stack: about 1.5 KiB plus
 * cog_combine_batch's. */
COGDEF cog_result cog_walk(const float *const *x, const cog_walk_spec *spec,
                           size_t dim, const float *mean, size_t mean_len,
                           size_t first, size_t count, float *const *out);

/* cog_arc_weights - w = (cos(t pi/2), sin(t pi/2)): the constant-angle path
 * between two independent latents a and b. beta = 1, so the plain
 * combination w0 a + w1 b is already a valid latent for mu = 0 (and COG of
 * w, for any mu, is exact); for independent N(0, I) latents (orthogonal in
 * high dimension) the angle from a grows as t * 90 degrees. t = 0 gives a,
 * t = 1 gives b exactly (weights (1, 0) and (0, 1): w0 is computed as
 * sin((1 - t) pi/2)). This is the exact
 * form of AUTOMATIC1111's "variation strength" t between the noise of a
 * seed (a) and of its variation seed (b), and the COG_WALK_ARC path.
 *   t [in] finite (outside [0, 1] continues around the circle)
 *   w [out] 2 doubles, written only on COG_OK
 * Returns COG_ERR_ARG if w is NULL, COG_ERR_NONFINITE if t is NaN/Inf. */
COGDEF cog_result cog_arc_weights(double t, double *w);

/* cog_blend - regional blending: COG element by element with per-element
 * weights from masks (ComfyUI masks, latent composites):
 *   z[j] = sum_i w_i[j] x_i[j] / sqrt(beta[j]) + (1 - alpha[j]/sqrt(beta[j])) mu[j]
 * with w_i[j] = masks[i][j % mask_dim], alpha[j] = sum_i w_i[j],
 * beta[j] = sum_i w_i[j]^2 (in double). Where every weight of an element
 * is zero (beta < COG_ZERO_BETA) it gets equal weights, the COG centroid,
 * as cog_combine does.
 * Assumption: the elements are independent (Sigma diagonal, e.g. N(0, I)
 * latents) - then each z[j] is exactly N(mu[j], Sigma[j][j]). With
 * correlated elements a weight that varies across elements does not
 * preserve the correlations. A plain mask blend sum_i w_i x_i has variance
 * beta[j] Sigma[j][j]: half the right value where a two-latent mask is 0.5
 * (a washed-out seam); COG fixes exactly that. Hard 0/1 masks (one weight 1
 * per element) reproduce the chosen input's values exactly.
 *   x         [in]  k latents of dim floats
 *   masks     [in]  k pointers to mask_dim floats: the weight maps (any
 *                   real values; usually in [0, 1], need not sum to 1)
 *   mask_dim  [in]  dim (one weight per element) or a divisor of dim: the
 *                   map repeats every mask_dim elements, i.e. a map of
 *                   shape (H, W) broadcast over the channels of a C-order
 *                   (C, H, W) latent
 *   mean, mean_len   mu as in cog_combine (CONVENTIONS)
 *   out       [out] dim floats; may be one of the x[i], the mean, or a
 *                   mask when mask_dim == dim (element-wise: each element
 *                   is read before it is written); no partial overlap
 * Returns COG_ERR_ARG (NULL pointers, k, dim or mask_dim 0, mask_dim not
 * dividing dim, overflow, out equal to a shorter mask), COG_ERR_NONFINITE (NaN/Inf in a mask or the
 * mean: nothing written; checked on the bits, so it survives
 * -ffast-math). NaN/Inf in the latent data, or a result beyond the float
 * range, gives COG_ERR_NONFINITE after the pass; out then holds the
 * computed values (non-finite where the bad data had a nonzero weight, or
 * any weight in an all-zero-weight element). One pass over the data and
 * the masks (plus one over the masks to validate them); no allocation. */
COGDEF cog_result cog_blend(const float *const *x, size_t k, size_t dim,
                            const float *const *masks, size_t mask_dim,
                            const float *mean, size_t mean_len, float *out);

#ifdef COG_TEST_HOOKS
/* Test hooks: cog.h's own tests define COG_TEST_HOOKS to reach what the
 * public functions cannot show; not an API, and the one place with global
 * state (test builds only).
 *   cog_test_kernels(level): later calls use the portable kernels (0), the
 *     fast kernels without run-time dispatch (1) or every kernel this build
 *     and CPU have (2, the default); returns the level it got, lower when
 *     the build or the CPU lacks one. Not thread-safe.
 *   cog_test_randn_batch: one batch of cog_randn_torch's transform, 128
 *     words w to 128 values d, through the kernel the level selects.
 *   cog_test_philox: one Philox4x32-10 block of cog_randn_nv, in place. */
COGDEF int cog_test_kernels(int level);
#ifndef COG_NO_SEEDS
COGDEF void cog_test_randn_batch(const uint32_t *w, float *d);
COGDEF void cog_test_philox(uint32_t ctr[4], uint32_t k0, uint32_t k1);
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif /* COG_H_INCLUDED_5F0C2B7A */

/* ===================================================================== */
/*                           IMPLEMENTATION                              */
/* ===================================================================== */
#if defined(COG_IMPLEMENTATION) && !defined(COG_IMPLEMENTATION_DONE_5F0C2B7A)
#define COG_IMPLEMENTATION_DONE_5F0C2B7A

/* The implementation is in six layers, each between begin/end banners:
 *   1. platform: every compiler and target test, once;
 *   2. portable kernels: the D-length passes in plain C;
 *   3. public API on them: coefficients, combine, non-Gaussian latents,
 *      weight builders, centroids, inner products;
 *   4. subspace algebra: Cholesky QR, pseudo-inverse, subspaces, grids;
 *   5. seed generators: torch randn, Philox "NV", walks, arcs, blends;
 *   6. fast kernels: vector extensions and run-time AVX2 builds of the
 *      layer-2 passes, installed in one place (cogi_setup_fast_kernels).
 * Layers 1-5 are a complete library: layer 6 changes speed, never bits. */

/* ============================================ begin layer 1: platform */

#include <float.h>
#include <math.h>
#include <string.h>

#ifndef COG_ASSERT
#include <assert.h>
#define COG_ASSERT(c) assert(c)
#endif

#if defined(COG_MALLOC) != defined(COG_FREE)
#error "define both COG_MALLOC and COG_FREE, or neither"
#endif
#ifndef COG_MALLOC
#include <stdlib.h>
#define COG_MALLOC(sz, ctx) ((void)(ctx), malloc(sz))
#define COG_FREE(p, ctx) ((void)(ctx), free(p))
#endif

#ifndef COG_SQRT
#define COG_SQRT(x) sqrt(x)
#endif
#ifndef COG_ACOS
#define COG_ACOS(x) acos(x)
#endif
#ifndef COG_SIN
#define COG_SIN(x) sin(x)
#endif

#ifndef COG_OMP_MIN
#define COG_OMP_MIN 262144.0
#endif

/* Compile-time checks (negative array size on failure). */
typedef char cogi_float_is_32_bits[sizeof(float) == 4 ? 1 : -1];
typedef char cogi_double_is_64_bits[sizeof(double) == 8 ? 1 : -1];

/* Compilers: COGI_GNUC for the GNU dialect (attributes, builtins), gcc
 * and clang apart where they differ. */
#if defined(__GNUC__) || defined(__clang__)
#define COGI_GNUC 1
#endif
#if defined(__clang__)
#define COGI_CLANG 1
#elif defined(__GNUC__) && !defined(__INTEL_COMPILER)
#define COGI_GCC 1
#endif

#if defined(COGI_GNUC)
#define COGI_INLINE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define COGI_INLINE static __forceinline
#else
#define COGI_INLINE static inline
#endif

/* The determinism promise: code between COGI_EXACT_BEGIN and
 * COGI_EXACT_END gives the same bits in every build, so no a * b + c in it
 * is contracted into a fused multiply-add (gcc does that by default in GNU
 * C mode, clang within an expression, once -march has FMA). It marks the
 * coefficients, the combine kernels, the normal CDF's exact steps, the NV
 * generator and blends. Code outside promises its documented tolerances. */
#if defined(COGI_CLANG)
#define COGI_EXACT_BEGIN                                                     \
    _Pragma("float_control(push)") _Pragma("clang fp contract(off)")
#define COGI_EXACT_END _Pragma("float_control(pop)")
#elif defined(COGI_GCC)
#define COGI_EXACT_BEGIN                                                     \
    _Pragma("GCC push_options") _Pragma("GCC optimize(\"fp-contract=off\")")
#define COGI_EXACT_END _Pragma("GCC pop_options")
#else
#define COGI_EXACT_BEGIN
#define COGI_EXACT_END
#endif

/* The opposite permission, for sums of products of two floats: such a
 * product is exact in double, so fusing it with the add that follows
 * changes no bit and frees the adder (gcc: allowed wherever the target has
 * FMA, which ISO C mode would turn off; clang fuses within an expression
 * by default). */
#if defined(COGI_GCC)
#define COGI_MAY_FUSE __attribute__((optimize("fp-contract=fast")))
#else
#define COGI_MAY_FUSE
#endif

/* gcc's -O3 unroll-and-jam fuses pairs of 4-input combine passes into one
 * loop that it then fails to vectorise; the combine kernels turn it off. */
#if defined(COGI_GCC) && __GNUC__ >= 8
#define COGI_NO_UNROLL_JAM __attribute__((optimize("no-loop-unroll-and-jam")))
#else
#define COGI_NO_UNROLL_JAM
#endif

/* A loop statement clang must not vectorise (gathers and scatters). */
#if defined(COGI_CLANG)
#define COGI_NO_VEC_OUTER _Pragma("clang loop vectorize(disable)")
#else
#define COGI_NO_VEC_OUTER
#endif

/* Excess-precision evaluation (x87: FLT_EVAL_METHOD 2; s390x in ISO C
 * mode: 1): steps that must round to double say so (COGI_RD, layer 3). */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#define COGI_EXCESS_PRECISION 1
#endif

/* Hardware fused multiply-add for float in every function of the unit:
 * 1 = fmaf is fast (FP_FAST_FMAF), 2 = __builtin_fmaf (clang -mfma
 * defines no FP_FAST_FMAF). */
#if defined(FP_FAST_FMAF)
#define COGI_NATIVE_FMAF 1
#elif defined(__FMA__) && defined(COGI_GNUC)
#define COGI_NATIVE_FMAF 2
#endif

/* OpenMP, only when asked for (COG_USE_OPENMP) and compiled with it (see
 * THREADS). */
#if defined(_OPENMP) && defined(COG_USE_OPENMP)
#include <omp.h>
#define COGI_USE_OPENMP 1
#define COGI_OMP(...) _Pragma(#__VA_ARGS__)
#else
#define COGI_OMP(...)
#endif

/* The fast kernels of layer 6 (COG_NO_FAST_KERNELS leaves them out):
 * COGI_HAS_VECTOR_EXT: GNU vector extensions (gcc, clang; not intrinsics:
 * the compiler lowers them to SSE2, AVX2 or NEON). Not under x87, where
 * scalars are long double and the plain loops serve.
 * COGI_X86_DISPATCH: on x86 with gcc or clang, when the unit is not
 * already compiled for AVX2, the layer-6 kernels are compiled a second time
 * for AVX2 (+ FMA) and chosen at run time. */
#ifdef COG_NO_FAST_KERNELS
#ifndef COG_NO_VECTOR_EXTENSIONS
#define COG_NO_VECTOR_EXTENSIONS
#endif
#ifndef COG_NO_DISPATCH
#define COG_NO_DISPATCH
#endif
#endif
#if defined(COGI_GNUC) && !defined(__INTEL_COMPILER) &&                     \
    !defined(COG_NO_VECTOR_EXTENSIONS) && COG_SAME_BITS
#define COGI_HAS_VECTOR_EXT 1
#if defined(__SSE__)
#define COGI_HAS_SSE 1 /* for sqrtps */
#endif
#endif
#if defined(COGI_GNUC) && !defined(_MSC_VER) && !defined(__INTEL_COMPILER) && \
    (defined(__x86_64__) || defined(__SSE2_MATH__)) && !defined(__AVX2__) &&  \
    !defined(COG_NO_DISPATCH)
#define COGI_X86_DISPATCH 1
#define COGI_TARGET_AVX2 __attribute__((target("avx2")))
#define COGI_TARGET_AVX2_FMA __attribute__((target("avx2,fma")))
#define COGI_CPU_HAS_AVX2() __builtin_cpu_supports("avx2")
#define COGI_CPU_HAS_FMA() __builtin_cpu_supports("fma")
#endif
#if defined(COGI_HAS_VECTOR_EXT) || defined(COGI_X86_DISPATCH)
#define COGI_FAST_KERNELS 1
#endif

/* ============================================== end layer 1: platform */

/* =================================== begin layer 2: portable kernels */

#define COGI_PI 3.14159265358979323846

/* Finiteness is read from the bits, never from arithmetic (x - x == 0,
 * v * 0 == 0): -ffast-math lets the compiler fold those to true. Adding
 * the lowest exponent bit to the exponent field carries into the sign bit
 * exactly when the field is all ones (NaN/Inf), so a whole array is
 * checked with and, add and or, which vectorise. */
#define COGI_EXP_D 0x7ff0000000000000ull
#define COGI_EXP_F 0x7f800000u
static uint64_t cogi_nonfinite_bit(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return (u & COGI_EXP_D) + 0x0010000000000000ull;
}

static int cogi_finite(double v) { return !(cogi_nonfinite_bit(v) >> 63); }

/* NaN on the bits too: -ffinite-math-only lets the compiler drop the NaN
 * case of comparisons (a chain of x <= 0, x > 0 with no else is then
 * taken to be exhaustive). */
static int cogi_isnan(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return (u & 0x7fffffffffffffffull) > COGI_EXP_D;
}

/* p is a probability: in [0, 1], not NaN. */
static int cogi_prob(double p) { return !cogi_isnan(p) && p >= 0.0 && p <= 1.0; }

static int cogi_all_finite(const double *v, size_t n)
{
    uint64_t bad = 0;
    size_t i;
    for (i = 0; i < n; ++i) bad |= cogi_nonfinite_bit(v[i]);
    return !(bad >> 63);
}

/* Bit 31 set exactly when the float with bits u is NaN/Inf. */
#define COGI_NONFINITE_F(u) (((u) & COGI_EXP_F) + 0x00800000u)

static int cogi_all_finite_f(const float *v, size_t n)
{
    uint32_t u, bad = 0;
    size_t i;
    for (i = 0; i < n; ++i) {
        memcpy(&u, v + i, sizeof u);
        bad |= COGI_NONFINITE_F(u);
    }
    return !(bad >> 31);
}

/* Shared argument checks for k latents of dim floats. */
static cog_result cogi_check_latents(const float *const *x, size_t k,
                                     size_t dim)
{
    size_t i;
    if (!x || k == 0 || dim == 0 || k > (size_t)-1 / dim) return COG_ERR_ARG;
    for (i = 0; i < k; ++i)
        if (!x[i]) return COG_ERR_ARG;
    return COG_OK;
}

static cog_result cogi_check_mean(const float *mean, size_t mean_len,
                                  size_t dim)
{
    if (mean_len == 0) return COG_OK;
    if (!mean || (mean_len != 1 && mean_len != dim)) return COG_ERR_ARG;
    return cogi_all_finite_f(mean, mean_len) ? COG_OK : COG_ERR_NONFINITE;
}

/* Batch outputs: non-NULL, and (for b > 1) none equal to an input or the
 * mean, since block i of every output is written before block i+1 of the
 * inputs is read. Two equal outputs are harmless (the later row wins). */
static cog_result cogi_check_outputs(const float *const *x, size_t k,
                                     const float *mean, float *const *out,
                                     size_t b)
{
    size_t r, i;
    if (!out) return COG_ERR_ARG;
    for (r = 0; r < b; ++r) {
        if (!out[r]) return COG_ERR_ARG;
        if (b == 1) break;
        if (out[r] == mean) return COG_ERR_ARG;
        for (i = 0; i < k; ++i)
            if ((const float *)out[r] == x[i]) return COG_ERR_ARG;
    }
    return COG_OK;
}

/* ---- layout of the passes over the data ----------------------------------
 * Every D-length kernel walks the elements in chunks of COGI_CHUNK (a
 * multiple of the combine blocks); dot products are summed per chunk, each
 * thread adds its run of chunk sums in chunk order and the per-thread sums
 * are merged in thread order, so a given thread count always gives the
 * same bits (see THREADS). The innermost loops have constant trip counts
 * and write only to local arrays, which is what lets compilers vectorise
 * them at plain -O2 (gcc's very-cheap cost model: no runtime alias checks,
 * no epilogues). */
#define COGI_CHUNK 8192
/* Floats per combine block: k input blocks plus one output block stay in
 * L1/L2 while every input is read once. With many inputs (k >= 8) the
 * longer block gives the hardware prefetchers longer runs per input. */
#define COGI_BLOCK 512
#define COGI_LONG_BLOCK (2 * COGI_BLOCK)
#define COGI_DOT_TILE 32 /* latents per Gram / dot-product tile */
typedef char cogi_chunk_is_whole_blocks[COGI_CHUNK % COGI_LONG_BLOCK == 0 ? 1
                                                                          : -1];

#ifdef COGI_USE_OPENMP
/* Chunks [*c0, *c1) of nch for the calling thread (all of them outside a
 * parallel region); returns the number of threads. */
static int cogi_thread_range(ptrdiff_t nch, ptrdiff_t *c0, ptrdiff_t *c1)
{
    const ptrdiff_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    *c0 = nch * t / nt;
    *c1 = nch * (t + 1) / nt;
    return (int)nt;
}
#endif

/* ---- combine: out_r = m_r * mean + sum_i c_ri x_i ------------------------ */

/* One row of weights as c_i = w_i * scale + shift, plus the mean
 * coefficient m. shift is nonzero only for the all-zero convention, so no
 * k-length coefficient buffer is ever needed. w is finite (checked). */
typedef struct cogi_row {
    double scale, shift, m;
} cogi_row;

/* How a kernel turns a row of weights into coefficients. */
enum { COGI_PLAIN, COGI_COG, COGI_MEAN };

/* One combine pass (the arguments of the four combine entry points after
 * their checks, and of the Euclidean centroid): b rows of weights w (b x k;
 * NULL for COGI_MEAN), the mean (mean, mean_len), the b outputs. */
typedef struct cogi_combine_job {
    const float *const *x;
    size_t k;
    const double *w;
    size_t b;
    int mode;
    const float *mean;
    size_t mean_len;
    float *const *out;
    float *scratch; /* caller memory for the batch kernel, or NULL */
} cogi_combine_job;

COGI_EXACT_BEGIN

static cogi_row cogi_cog_row(const double *w, size_t k)
{
    cogi_row row;
    double alpha = 0.0, beta = 0.0, big = 0.0;
    size_t i;
    int e = 0;
    /* Weights so large that beta could overflow are scaled by 2^-e, e the
     * exponent of max|w_i| (COG is scale-invariant, and that beta is far
     * above COG_ZERO_BETA). Decided before summing, and scaled with ldexp:
     * under -ffast-math an overflowed sum cannot be tested afterwards, and
     * clang may turn (w / big)^2 into w^2 / big^2, which overflows. */
    for (i = 0; i < k; ++i)
        if (fabs(w[i]) > big) big = fabs(w[i]);
    if (big > 1e150) {
        (void)frexp(big, &e); /* e up to 1024: 2^e itself may overflow */
        for (i = 0; i < k; ++i) {
            const double v = ldexp(w[i], -e);
            alpha += v;
            beta += v * v;
        }
    } else {
        for (i = 0; i < k; ++i) {
            alpha += w[i];
            beta += w[i] * w[i];
        }
    }
    if (beta < COG_ZERO_BETA) {
        /* The authors' convention: (near) all-zero weights become equal
         * weights, i.e. the COG centroid. */
        row.scale = 0.0;
        row.shift = 1.0 / COG_SQRT((double)k);
        row.m = 1.0 - COG_SQRT((double)k);
    } else {
        const double inv = 1.0 / COG_SQRT(beta);
        row.scale = e ? ldexp(inv, -e) : inv;
        row.shift = 0.0;
        row.m = 1.0 - alpha * inv;
    }
    return row;
}

/* Row r of a job (w is NULL for the plain mean, which uses no weights). */
static cogi_row cogi_job_row(const cogi_combine_job *job, size_t r,
                             const double **wr)
{
    cogi_row row;
    *wr = job->mode == COGI_MEAN || !job->w ? NULL : job->w + r * job->k;
    if (job->mode == COGI_COG && *wr) return cogi_cog_row(*wr, job->k);
    row.scale = job->mode == COGI_PLAIN ? 1.0 : 0.0;
    row.shift = job->mode == COGI_MEAN ? 1.0 / (double)job->k : 0.0;
    row.m = 0.0;
    return row;
}

/* Coefficient of input i in a row (w is NULL for the plain mean). */
static float cogi_coef(const double *w, size_t i, const cogi_row *row)
{
    return (float)(w ? w[i] * row->scale + row->shift : row->shift);
}

/* One block of n <= COGI_LONG_BLOCK elements starting at j0, for every
 * output row r: acc = m_r * mean + sum_i c_ri x_i, inputs taken four at a
 * time ((((acc + c0 x0) + c1 x1) + c2 x2) + c3 x3, the same rounding as one
 * at a time, a quarter of the accumulator traffic). Always inlined, so
 * full blocks see a constant n and vectorise. chk[8] collects
 * COGI_NONFINITE_F of every output (bit 31: NaN/Inf). Row coefficients are
 * recomputed per block (O(k) next to the O(k * COGI_BLOCK) work) so
 * nothing needs a b-length buffer. */
COGI_INLINE void cogi_combine_block(const cogi_combine_job *job, size_t j0,
                                    size_t n, uint32_t *chk)
{
    const float *const *x = job->x;
    const size_t k = job->k, b = job->b, mean_len = job->mean_len;
    const float *mean = job->mean;
    float acc[COGI_LONG_BLOCK];
    size_t r, i, j;
    for (r = 0; r < b; ++r) {
        const double *wr;
        const cogi_row row = cogi_job_row(job, r, &wr);
        float *o = job->out[r] + j0;
        if (mean_len > 1) {
            const float mr = (float)row.m;
            const float *mu = mean + j0;
            for (j = 0; j < n; ++j) acc[j] = mr * mu[j];
        } else {
            const float v = mean_len ? (float)row.m * mean[0] : 0.0f;
            for (j = 0; j < n; ++j) acc[j] = v;
        }
        for (i = 0; i + 4 <= k; i += 4) {
            const float c0 = cogi_coef(wr, i, &row);
            const float c1 = cogi_coef(wr, i + 1, &row);
            const float c2 = cogi_coef(wr, i + 2, &row);
            const float c3 = cogi_coef(wr, i + 3, &row);
            const float *x0 = x[i] + j0, *x1 = x[i + 1] + j0;
            const float *x2 = x[i + 2] + j0, *x3 = x[i + 3] + j0;
            for (j = 0; j < n; ++j)
                acc[j] = acc[j] + c0 * x0[j] + c1 * x1[j] + c2 * x2[j] +
                         c3 * x3[j];
        }
        if (k & 2) { /* the last k % 4 inputs: a pair, then a single */
            const size_t ii = k & ~(size_t)3;
            const float c0 = cogi_coef(wr, ii, &row);
            const float c1 = cogi_coef(wr, ii + 1, &row);
            const float *x0 = x[ii] + j0, *x1 = x[ii + 1] + j0;
            for (j = 0; j < n; ++j) acc[j] = acc[j] + c0 * x0[j] + c1 * x1[j];
        }
        if (k & 1) {
            const float ci = cogi_coef(wr, k - 1, &row);
            const float *xi = x[k - 1] + j0;
            for (j = 0; j < n; ++j) acc[j] += ci * xi[j];
        }
        for (j = 0; j < n; ++j) o[j] = acc[j];
        for (j = 0; j + 8 <= n; j += 8) /* 8 lanes: vectorises at -O2 */
            for (i = 0; i < 8; ++i) {
                uint32_t u;
                memcpy(&u, acc + j + i, sizeof u);
                chk[i] |= COGI_NONFINITE_F(u);
            }
        for (; j < n; ++j) {
            uint32_t u;
            memcpy(&u, acc + j, sizeof u);
            chk[0] |= COGI_NONFINITE_F(u);
        }
    }
}

/* Elements [j0, j1) of every output; returns the or of their
 * COGI_NONFINITE_F bits (bit 31 set if any is NaN/Inf). Also the tail of
 * the fast kernels. */
COGI_INLINE uint32_t cogi_combine_range_body(const cogi_combine_job *job,
                                             size_t j0, size_t j1)
{
    uint32_t chk[8] = {0, 0, 0, 0, 0, 0, 0, 0}, bad = 0;
    size_t j;
    if (job->k >= 8)
        for (; j0 + COGI_LONG_BLOCK <= j1; j0 += COGI_LONG_BLOCK)
            cogi_combine_block(job, j0, COGI_LONG_BLOCK, chk);
    for (; j0 + COGI_BLOCK <= j1; j0 += COGI_BLOCK)
        cogi_combine_block(job, j0, COGI_BLOCK, chk);
    if (j0 < j1) cogi_combine_block(job, j0, j1 - j0, chk);
    for (j = 0; j < 8; ++j) bad |= chk[j];
    return bad;
}

COGI_NO_UNROLL_JAM static int cogi_combine_range(const cogi_combine_job *job,
                                                 size_t j0, size_t j1)
{
    return !(cogi_combine_range_body(job, j0, j1) >> 31);
}

COGI_EXACT_END

/* ---- inner products in double --------------------------------------------
 * Every product of two floats is exact in double. Sums are formed in
 * COGI_LANES = 16 lanes: lane l takes the elements j0 + l, j0 + l + 16, ...
 * of a chunk (the last (j1 - j0) mod 16 go to lanes 0, 1, ... after the
 * rest), and the lanes are then added pairwise (the Gram, below, uses 8
 * lanes: a Gram entry and the matching cog_dots value may differ in the
 * last bits). Every build and kernel keeps these orders, so all builds give
 * the same bits. 16 lanes are four independent chains of 4-double
 * additions per sum: enough to hide the add latency. */
#define COGI_LANES 16

COGI_INLINE double cogi_sum_lanes(const double s[COGI_LANES])
{
    double h[COGI_LANES / 2];
    size_t l, n;
    for (l = 0; l < COGI_LANES / 2; ++l) h[l] = s[l] + s[l + COGI_LANES / 2];
    for (n = COGI_LANES / 4; n >= 1; n /= 2)
        for (l = 0; l < n; ++l) h[l] = h[l] + h[l + n];
    return h[0];
}

/* The last (j1 - n16) elements into lanes 0, 1, ... */
COGI_INLINE void cogi_lanes_tail(const float *a, const float *b, size_t n16,
                                 size_t j1, double s[COGI_LANES])
{
    size_t j;
    for (j = n16; j < j1; ++j) s[j - n16] += (double)a[j] * b[j];
}

COGI_INLINE double cogi_sum8(const double s[8])
{
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* A pass of dot products over chunks: part(job, j0, j1, p) adds the sums
 * over the elements [j0, j1) to p: ni of them (cogi_dots), 3 (cogi_dot3),
 * or an ni x nl tile at p[a * ld + e] (the Gram). Adding in place needs no
 * per-chunk buffer on the stack, and gives each entry the bits of summing
 * the chunk apart and then adding it. */
typedef struct cogi_dot_job {
    const float *const *x; /* latents x[i0 ..], and for the Gram x[l0 ..] */
    size_t i0, ni, l0, nl;
    size_t ld; /* the Gram tile's row stride */
    const float *y; /* cogi_dots: the vector dotted with every x[i0 + i] */
} cogi_dot_job;
typedef void (*cogi_part_fn)(const cogi_dot_job *job, size_t j0, size_t j1,
                             double *p);

/* part[0..2] = <a,a>, <a,b>, <b,b> over [j0, j1): the SLERP angle's one
 * pass over both latents. */
COGI_INLINE void cogi_dot3_part_body(const float *a, const float *b,
                                     size_t j0, size_t j1, double *part)
{
    const size_t n16 = j0 + (j1 - j0) / COGI_LANES * COGI_LANES;
    double s[3][COGI_LANES];
    size_t j, l;
    for (l = 0; l < COGI_LANES; ++l) s[0][l] = s[1][l] = s[2][l] = 0.0;
    for (j = j0; j < n16; j += COGI_LANES)
        for (l = 0; l < COGI_LANES; ++l) {
            const double al = a[j + l], bl = b[j + l];
            s[0][l] += al * al;
            s[1][l] += al * bl;
            s[2][l] += bl * bl;
        }
    cogi_lanes_tail(a, a, n16, j1, s[0]);
    cogi_lanes_tail(a, b, n16, j1, s[1]);
    cogi_lanes_tail(b, b, n16, j1, s[2]);
    part[0] += cogi_sum_lanes(s[0]);
    part[1] += cogi_sum_lanes(s[1]);
    part[2] += cogi_sum_lanes(s[2]);
}

/* part[i] = <x[i], y> over [j0, j1) for i < ni, three latents at a time
 * (then a pair or a single), sharing each element of y. */
COGI_INLINE void cogi_dots_part_body(const float *const *x, size_t ni,
                                     const float *y, size_t j0, size_t j1,
                                     double *part)
{
    const size_t n16 = j0 + (j1 - j0) / COGI_LANES * COGI_LANES;
    double s[3][COGI_LANES];
    size_t i, j, a, g, l;
    for (i = 0; i < ni; i += g) {
        g = ni - i < 3 ? ni - i : 3;
        for (a = 0; a < g; ++a)
            for (l = 0; l < COGI_LANES; ++l) s[a][l] = 0.0;
        for (j = j0; j < n16; j += COGI_LANES)
            for (a = 0; a < g; ++a)
                for (l = 0; l < COGI_LANES; ++l)
                    s[a][l] += (double)x[i + a][j + l] * y[j + l];
        for (a = 0; a < g; ++a) {
            cogi_lanes_tail(x[i + a], y, n16, j1, s[a]);
            part[i + a] += cogi_sum_lanes(s[a]);
        }
    }
}

/* The Gram's 2 x 2 block tail and sums: s[2u + v] holds the 8 lanes of
 * <rr[u], cc[v]> over whole groups of 8 up to n8; the rest of [n8, j1)
 * goes to lanes 0, 1, ... */
COGI_INLINE void cogi_gram_block_done(const float *r0, const float *r1,
                                      const float *c0, const float *c1,
                                      size_t a, size_t ni, size_t e, size_t nl,
                                      size_t ld, size_t n8, size_t j1,
                                      double s[4][8], double *part)
{
    const float *rr[2], *cc[2];
    size_t u, v, j;
    rr[0] = r0;
    rr[1] = r1;
    cc[0] = c0;
    cc[1] = c1;
    for (u = 0; u < 2 && a + u < ni; ++u)
        for (v = 0; v < 2 && e + v < nl; ++v) {
            double *sv = s[2 * u + v];
            for (j = n8; j < j1; ++j) sv[j - n8] += (double)rr[u][j] * cc[v][j];
            part[(a + u) * ld + e + v] += cogi_sum8(sv);
        }
}

/* part (ni x nl, row-major) = the dot products of latents
 * i0 .. i0+ni-1 with latents l0 .. l0+nl-1 over elements [j0, j1), at
 * part[a * nl + e]; when i0 == l0 only the upper triangle is formed (and
 * some lower entries next to the diagonal). Each sum has 8 lanes (lane l
 * takes the elements j0 + l, j0 + l + 8, ...; the last (j1 - j0) mod 8
 * go to lanes 0, 1, ...), added as ((0+1)+(2+3))+((4+5)+(6+7)). A block
 * of 2 x 2 latents goes through the chunk at a time. */
COGI_INLINE void cogi_gram_part_body(const float *const *x, size_t i0,
                                     size_t ni, size_t l0, size_t nl,
                                     size_t j0, size_t j1, double *part,
                                     size_t ld)
{
    const int same = i0 == l0;
    const size_t n8 = j0 + (j1 - j0) / 8 * 8;
    double s[4][8];
    size_t a, e, j, u, l;
    for (a = 0; a < ni; a += 2) {
        /* an odd last row or column is paired with itself, its copy's sums
         * dropped */
        const float *r0 = x[i0 + a], *r1 = x[i0 + a + (a + 1 < ni)];
        for (e = same ? a : 0; e < nl; e += 2) {
            const float *c0 = x[l0 + e], *c1 = x[l0 + e + (e + 1 < nl)];
            for (u = 0; u < 4; ++u)
                for (l = 0; l < 8; ++l) s[u][l] = 0.0;
            for (j = j0; j < n8; j += 8)
                for (l = 0; l < 8; ++l) {
                    const double ra = r0[j + l], rb = r1[j + l];
                    const double ca = c0[j + l], cb = c1[j + l];
                    s[0][l] += ra * ca;
                    s[1][l] += ra * cb;
                    s[2][l] += rb * ca;
                    s[3][l] += rb * cb;
                }
            cogi_gram_block_done(r0, r1, c0, c1, a, ni, e, nl, ld, n8, j1, s,
                                 part);
        }
    }
}

COGI_MAY_FUSE static void cogi_gram_part(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_gram_part_body(job->x, job->i0, job->ni, job->l0, job->nl, j0, j1, p,
                        job->ld);
}
COGI_MAY_FUSE static void cogi_dots_part(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_dots_part_body(job->x + job->i0, job->ni, job->y, j0, j1, p);
}
COGI_MAY_FUSE static void cogi_dot3_part(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_dot3_part_body(job->x[0], job->x[1], j0, j1, p);
}

/* ---- the kernel table ------------------------------------------------------
 * The passes call their kernels through this table: the portable kernels
 * above, or where layer 6 is compiled in, the fast ones it installs
 * (cogi_setup_fast_kernels, the only place that chooses). Filled per call:
 * no global state. */
typedef int (*cogi_combine_fn)(const cogi_combine_job *job, size_t j0,
                               size_t j1);
#ifndef COG_NO_SEEDS
struct cogi_mt;
typedef void (*cogi_randn_batch_fn)(const uint32_t *w, float *d);
typedef void (*cogi_mt_refill_fn)(struct cogi_mt *mt);
static void cogi_randn_batch(const uint32_t *w, float *d); /* layer 5 */
static void cogi_mt_refill(struct cogi_mt *mt);            /* layer 5 */
#endif
typedef struct cogi_kernels {
    cogi_combine_fn combine; /* elements [j0, j1) of every output */
    cogi_part_fn gram, dots, dot3;
#ifndef COG_NO_SEEDS
    cogi_randn_batch_fn randn_batch; /* torch's normal_fill_16 batches */
    cogi_mt_refill_fn mt_refill;     /* the next 624 Mersenne Twister words */
#endif
} cogi_kernels;

#ifdef COGI_FAST_KERNELS
static void cogi_setup_fast_kernels(cogi_kernels *kt); /* layer 6 */
#endif
#ifdef COG_TEST_HOOKS
static int cogi_test_level = 2; /* see cog_test_kernels */
#endif

static void cogi_kernels_init(cogi_kernels *kt)
{
    kt->combine = cogi_combine_range;
    kt->gram = cogi_gram_part;
    kt->dots = cogi_dots_part;
    kt->dot3 = cogi_dot3_part;
#ifndef COG_NO_SEEDS
    kt->randn_batch = cogi_randn_batch;
    kt->mt_refill = cogi_mt_refill;
#endif
#ifdef COGI_FAST_KERNELS
#ifdef COG_TEST_HOOKS
    if (cogi_test_level == 0) return;
#endif
    cogi_setup_fast_kernels(kt);
#endif
}

/* ---- the passes ----------------------------------------------------------- */

/* One combine pass over the data (chunks shared between OpenMP threads when
 * enabled); returns 1 if every output element is finite. Element-wise, so
 * out may be an input. */
static int cogi_combine_pass(const cogi_combine_job *job, size_t dim)
{
    const ptrdiff_t nch = (ptrdiff_t)((dim - 1) / COGI_CHUNK + 1);
    const double work = (double)(job->k + job->b) * (double)dim;
    cogi_kernels kt;
    ptrdiff_t c;
    int ok = 1;
    (void)work; /* used by the OpenMP build only */
    cogi_kernels_init(&kt);
    COGI_OMP(omp parallel for schedule(static) reduction(&&: ok)
             if (nch > 1 && work >= COG_OMP_MIN))
    for (c = 0; c < nch; ++c) {
        const size_t j0 = (size_t)c * COGI_CHUNK;
        const size_t j1 = dim - j0 < COGI_CHUNK ? dim : j0 + COGI_CHUNK;
#ifdef COGI_USE_OPENMP
        /* the scratch is the calling thread's; OpenMP's own threads have
         * the stack buffers (same bits) */
        cogi_combine_job own = *job;
        if (omp_get_thread_num() != 0) own.scratch = NULL;
        if (!kt.combine(&own, j0, j1)) ok = 0;
#else
        if (!kt.combine(job, j0, j1)) ok = 0;
#endif
    }
    return ok;
}

/* sum (ni x nc at sum[a * job->ld + e]; nc = 1 but for the Gram) = the
 * sums of part over the chunks of [0, dim). Each thread adds its
 * contiguous run of chunks in chunk order, then the per-thread sums are
 * added in thread order (OpenMP's ordered construct), so a given thread
 * count always gives the same bits and one thread gives the serial result.
 * Single-threaded builds add into sum directly: no buffer. work: floats
 * read, for the threading threshold. */
static void cogi_chunk_sum(cogi_part_fn part, const cogi_dot_job *job,
                           size_t ni, size_t nc, size_t dim, double work,
                           double *sum)
{
    const ptrdiff_t nch = (ptrdiff_t)((dim - 1) / COGI_CHUNK + 1);
    const size_t ld = job->ld;
    size_t a, e;
    (void)work; /* used by the OpenMP build only */
    for (a = 0; a < ni; ++a)
        for (e = 0; e < nc; ++e) sum[a * ld + e] = 0.0;
#ifdef COGI_USE_OPENMP
    COGI_OMP(omp parallel if (nch > 1 && work >= COG_OMP_MIN))
    {
        double acc[COGI_DOT_TILE * COGI_DOT_TILE];
        cogi_dot_job tj = *job; /* the same job into a packed tile */
        ptrdiff_t c, c0, c1, t, nt;
        size_t i, l;
        tj.ld = nc;
        nt = cogi_thread_range(nch, &c0, &c1);
        for (i = 0; i < ni * nc; ++i) acc[i] = 0.0;
        for (c = c0; c < c1; ++c) {
            const size_t j0 = (size_t)c * COGI_CHUNK;
            const size_t j1 = dim - j0 < COGI_CHUNK ? dim : j0 + COGI_CHUNK;
            part(&tj, j0, j1, acc);
        }
        COGI_OMP(omp for ordered schedule(static, 1))
        for (t = 0; t < nt; ++t) {
            COGI_OMP(omp ordered)
            {
                for (i = 0; i < ni; ++i)
                    for (l = 0; l < nc; ++l) sum[i * ld + l] += acc[i * nc + l];
            }
        }
    }
#else
    {
        ptrdiff_t c;
        for (c = 0; c < nch; ++c) {
            const size_t j0 = (size_t)c * COGI_CHUNK;
            const size_t j1 = dim - j0 < COGI_CHUNK ? dim : j0 + COGI_CHUNK;
            part(job, j0, j1, sum);
        }
    }
#endif
}

/* Full Gram matrix, tile pair by tile pair (upper triangle, mirrored). */
static void cogi_gram(const float *const *x, size_t k, size_t dim, double *g)
{
    cogi_kernels kt;
    cogi_dot_job job;
    size_t i, l;
    cogi_kernels_init(&kt);
    for (i = 0; i < k * k; ++i) g[i] = 0.0; /* every entry visibly set */
    job.x = x;
    job.y = NULL;
    job.ld = k; /* tiles summed in place in g */
    for (job.i0 = 0; job.i0 < k; job.i0 += COGI_DOT_TILE) {
        job.ni = k - job.i0 < COGI_DOT_TILE ? k - job.i0 : COGI_DOT_TILE;
        for (job.l0 = job.i0; job.l0 < k; job.l0 += COGI_DOT_TILE) {
            job.nl = k - job.l0 < COGI_DOT_TILE ? k - job.l0 : COGI_DOT_TILE;
            cogi_chunk_sum(kt.gram, &job, job.ni, job.nl, dim,
                           (double)(job.ni + job.nl) * (double)dim,
                           g + job.i0 * k + job.l0);
        }
    }
    /* the lower triangle, over the entries next to the diagonal that the
     * diagonal tiles also formed */
    for (i = 0; i < k; ++i)
        for (l = 0; l < i; ++l) g[i * k + l] = g[l * k + i];
}

/* d[i] = <x_i, y>. NaN/Inf in y shows in every d[i] (0 * Inf is NaN). */
static void cogi_dots(const float *const *x, size_t k, size_t dim,
                      const float *y, double *d)
{
    cogi_kernels kt;
    cogi_dot_job job;
    cogi_kernels_init(&kt);
    job.x = x;
    job.y = y;
    job.l0 = job.nl = 0;
    job.ld = 1;
    for (job.i0 = 0; job.i0 < k; job.i0 += COGI_DOT_TILE) {
        job.ni = k - job.i0 < COGI_DOT_TILE ? k - job.i0 : COGI_DOT_TILE;
        cogi_chunk_sum(kt.dots, &job, job.ni, 1, dim,
                       (double)(job.ni + 1) * (double)dim, d + job.i0);
    }
}

/* g[0..2] = <a,a>, <a,b>, <b,b> in one pass. */
static void cogi_dot3(const float *a, const float *b, size_t dim, double *g)
{
    const float *ab[2];
    cogi_kernels kt;
    cogi_dot_job job;
    cogi_kernels_init(&kt);
    ab[0] = a;
    ab[1] = b;
    job.x = ab;
    job.i0 = job.l0 = job.nl = 0;
    job.ni = 2;
    job.y = NULL;
    job.ld = 1;
    cogi_chunk_sum(kt.dot3, &job, 3, 1, dim, 2.0 * (double)dim, g);
}

/* ===================================== end layer 2: portable kernels */

/* ============================================ begin layer 3: public API */

/* ---------------------------------------------------------- public API */

COGDEF const char *cog_result_string(cog_result r)
{
    switch (r) {
    case COG_OK: return "success";
    case COG_ERR_ARG:
        return "invalid argument (NULL pointer, zero size, size overflow, "
               "value out of range or aliasing)";
    case COG_ERR_NONFINITE:
        return "NaN or infinite value in weights, t, mean or latent data";
    case COG_ERR_ZERO_NORM:
        return "latent or result has zero norm or zero spread (direction "
               "undefined)";
    case COG_ERR_ANTIPODAL:
        return "latents are (nearly) opposite: the SLERP path between them "
               "is not unique";
    case COG_ERR_MEMORY:
        return "memory too small, misaligned or not allocated";
    }
    return "unknown cog_result";
}

COGDEF const char *cog_version_string(void) { return COG_VERSION_STRING; }
COGDEF int cog_version_number(void) { return COG_VERSION_NUMBER; }

COGI_EXACT_BEGIN
COGDEF cog_result cog_coefficients(const double *w, size_t k, double *c,
                                   double *m)
{
    cogi_row row;
    size_t i;
    if (!w || !c || !m || k == 0) return COG_ERR_ARG;
    if (!cogi_all_finite(w, k)) return COG_ERR_NONFINITE;
    row = cogi_cog_row(w, k);
    for (i = 0; i < k; ++i) c[i] = w[i] * row.scale + row.shift;
    *m = row.m;
    return COG_OK;
}
COGI_EXACT_END

/* 1 if the byte ranges [a, a + na) and [p, p + np) overlap */
static int cogi_overlap(const void *a, size_t na, const void *p, size_t np)
{
    const uintptr_t ua = (uintptr_t)a, up = (uintptr_t)p;
    return ua < up ? up - ua < na : ua - up < np;
}

/* Scratch for cog_combine_batch_scratch: enough, float-aligned, and apart
 * from every buffer the call reads or writes, the pointer arrays x and out
 * included (its checks come after cogi_combine's others, so the pointers
 * and sizes here are valid). */
static cog_result cogi_check_scratch(const void *scratch, size_t bytes,
                                     const float *const *x, size_t k,
                                     size_t dim, const double *w, size_t b,
                                     const float *mean, size_t mean_len,
                                     float *const *out)
{
    size_t i;
    if (!scratch || bytes < COG_BATCH_SCRATCH_BYTES ||
        (uintptr_t)scratch % sizeof(float) != 0)
        return COG_ERR_MEMORY;
    bytes = COG_BATCH_SCRATCH_BYTES; /* the part the kernel writes */
    if (cogi_overlap(scratch, bytes, x, k * sizeof *x) ||
        cogi_overlap(scratch, bytes, out, b * sizeof *out) ||
        cogi_overlap(scratch, bytes, w, b * k * sizeof *w) ||
        (mean && mean_len &&
         cogi_overlap(scratch, bytes, mean, mean_len * sizeof *mean)))
        return COG_ERR_ARG;
    for (i = 0; i < k; ++i)
        if (cogi_overlap(scratch, bytes, x[i], dim * sizeof(float)))
            return COG_ERR_ARG;
    for (i = 0; i < b; ++i)
        if (cogi_overlap(scratch, bytes, out[i], dim * sizeof(float)))
            return COG_ERR_ARG;
    return COG_OK;
}

/* Checks shared by the five combine entry points, then the kernel. */
static cog_result cogi_combine(const float *const *x, size_t k, size_t dim,
                               const double *w, size_t b, const float *mean,
                               size_t mean_len, float *const *out, int mode,
                               void *const *scratch, size_t scratch_bytes)
{
    float mean0;
    cogi_combine_job job;
    cog_result st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!w || b == 0 || b > (size_t)-1 / k) return COG_ERR_ARG;
    st = cogi_check_outputs(x, k, mean, out, b);
    if (st != COG_OK) return st;
    st = cogi_check_mean(mean, mean_len, dim);
    if (st != COG_OK) return st;
    if (!cogi_all_finite(w, b * k)) return COG_ERR_NONFINITE;
    if (scratch) { /* cog_combine_batch_scratch, last like every memory */
        st = cogi_check_scratch(*scratch, scratch_bytes, x, k, dim, w, b,
                                mean, mean_len, out);
        if (st != COG_OK) return st;
    }
    if (mean_len == 1) {
        /* A scalar mean is read in every block: keep a copy, since out may
         * be the mean's buffer and its first block is written first. */
        mean0 = mean[0];
        mean = &mean0;
    }
    job.x = x;
    job.k = k;
    job.w = w;
    job.b = b;
    job.mode = mode;
    job.mean = mean;
    job.mean_len = mean_len;
    job.out = out;
    job.scratch = scratch ? (float *)*scratch : NULL;
    return cogi_combine_pass(&job, dim) ? COG_OK : COG_ERR_NONFINITE;
}

COGDEF cog_result cog_combine(const float *const *x, size_t k, size_t dim,
                              const double *w, const float *mean,
                              size_t mean_len, float *out)
{
    return cogi_combine(x, k, dim, w, 1, mean, mean_len, &out, COGI_COG, NULL,
                        0);
}

COGDEF cog_result cog_combine_batch(const float *const *x, size_t k,
                                    size_t dim, const double *w, size_t b,
                                    const float *mean, size_t mean_len,
                                    float *const *out)
{
    return cogi_combine(x, k, dim, w, b, mean, mean_len, out, COGI_COG, NULL,
                        0);
}

COGDEF cog_result cog_combine_batch_scratch(const float *const *x, size_t k,
                                            size_t dim, const double *w,
                                            size_t b, const float *mean,
                                            size_t mean_len, float *const *out,
                                            void *scratch,
                                            size_t scratch_bytes)
{
    return cogi_combine(x, k, dim, w, b, mean, mean_len, out, COGI_COG,
                        &scratch, scratch_bytes);
}

COGDEF cog_result cog_linear(const float *const *x, size_t k, size_t dim,
                             const double *w, float *out)
{
    return cogi_combine(x, k, dim, w, 1, NULL, 0, &out, COGI_PLAIN, NULL, 0);
}

COGDEF cog_result cog_linear_batch(const float *const *x, size_t k,
                                   size_t dim, const double *w, size_t b,
                                   float *const *out)
{
    return cogi_combine(x, k, dim, w, b, NULL, 0, out, COGI_PLAIN, NULL, 0);
}

/* ------------------------------------------------ non-Gaussian latents */

#define COGI_SQRT1_2_HI 0.70710678118654757     /* 1/sqrt 2 rounded */
#define COGI_SQRT1_2_LO (-4.8336466567264567e-17) /* 1/sqrt 2 - HI */
#define COGI_1_SQRTPI 0.56418958354775628        /* 1/sqrt pi */
#define COGI_1_SQRT2PI 0.39894228040143268       /* 1/sqrt(2 pi) */
#define COGI_P_LO DBL_MIN                        /* probability clamp */
#define COGI_P_HI (1.0 - DBL_EPSILON / 2)        /* 1 - 2^-53 */

/* Under excess-precision evaluation (x87: FLT_EVAL_METHOD 2, and GNU C
 * modes do not round assignments) the exact-product steps below must
 * each be rounded to double: a store through volatile does it. */
#ifdef COGI_EXCESS_PRECISION
static double cogi_round_double(double v)
{
    volatile double r = v;
    return r;
}
#define COGI_RD(v) cogi_round_double(v)
#else
#define COGI_RD(v) (v)
#endif

/* v with its 12 lowest significand bits cleared (towards zero): constant
 * over runs of 4096 consecutive doubles. Evaluating erfc and the quantile's
 * starting point only at such coarse points, with an exact correction for
 * the rest, makes the results monotone within each run (the corrections
 * are monotone); their last-bit errors can then only reverse the order of
 * two neighbours where a run ends. */
static double cogi_coarse(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u &= ~(uint64_t)0xfff;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Phi(x) for -40 <= x <= 0 (centred: Phi(x) - 1/2), and *g = exp(-x^2/2).
 * Phi(x) = erfc(t)/2 with t = -x/sqrt 2; rounding t to a double would move
 * erfc by a relative 2 t^2 ulp (~1400 ulp at x = -37), so the rounding
 * error d = -x/sqrt 2 - t is computed exactly (Veltkamp/Dekker product
 * with 1/sqrt 2 as a double-double; its 26-bit halves are constants) and
 * added back to first order: erfc(t + d) = erfc(t) - 2/sqrt(pi) exp(-t^2) d.
 * Needs unfused a*b+c and double rounding at each step (COGI_RD). */
COGI_EXACT_BEGIN
static double cogi_phi_core(double x, int centred, double *g)
{
    const double ch = 0.70710678398609161;    /* 0x1.6a09e68p-1: 26 bits */
    const double cl = -2.7995440410322203e-9; /* COGI_SQRT1_2_HI - ch */
    const double a = -x;
    const double s = COGI_RD(a * 134217729.0); /* 2^27 + 1 */
    const double ah = COGI_RD(s - COGI_RD(s - a)), al = COGI_RD(a - ah);
    const double t = COGI_RD(a * COGI_SQRT1_2_HI);
    const double t0 = cogi_coarse(t);
    double d, e;
    d = COGI_RD(COGI_RD(COGI_RD(ah * ch - t) + ah * cl) + al * ch) + al * cl;
    d = COGI_RD(d + a * COGI_SQRT1_2_LO); /* -x/sqrt 2 - t */
    d = (t - t0) + d;                     /* -x/sqrt 2 - t0, t - t0 exact */
    e = exp(-t0 * t0);
    *g = e;
    /* erfc(t0 + d) = erfc(t0) - 2/sqrt(pi) exp(-t0^2) (d - t0 d^2 + ...),
     * d < 2^-40 t0 */
    d = COGI_1_SQRTPI * e * (d * (1.0 - t0 * d));
    if (centred) return -0.5 * erf(t0) - d;
    return 0.5 * erfc(t0) - d;
}
COGI_EXACT_END

/* Wichura's AS241 (PPND16) for 0 < p <= 1/2: about 1e-16 relative. */
static double cogi_as241(double p)
{
    const double q = p - 0.5;
    double r;
    if (q >= -0.425) {
        r = 0.180625 - q * q;
        return q *
               (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) *
                         r + 6.7265770927008700853e4) * r +
                    4.5921953931549871457e4) * r + 1.3731693765509461125e4) *
                  r + 1.9715909503065514427e3) * r + 1.3314166789178437745e2) *
                    r + 3.3871328727963666080e0) /
               (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) *
                         r + 3.9307895800092710610e4) * r +
                    2.1213794301586595867e4) * r + 5.3941960214247511077e3) *
                  r + 6.8718700749205790830e2) * r + 4.2313330701600911252e1) *
                    r + 1.0);
    }
    r = sqrt(-log(p));
    if (r <= 5.0) {
        r -= 1.6;
        return -(((((((7.74545014278341407640e-4 * r +
                        2.27238449892691845833e-2) * r +
                       2.41780725177450611770e-1) * r +
                      1.27045825245236838258e0) * r +
                     3.64784832476320460504e0) * r +
                    5.76949722146069140550e0) * r +
                   4.63033784615654529590e0) * r +
                  1.42343711074968357734e0) /
               (((((((1.05075007164441684324e-9 * r +
                      5.47593808499534494600e-4) * r +
                     1.51986665636164571966e-2) * r +
                    1.48103976427480074590e-1) * r +
                   6.89767334985100004550e-1) * r +
                  1.67638483018380384940e0) * r +
                 2.05319162663775882187e0) * r + 1.0);
    }
    r -= 5.0;
    return -(((((((2.01033439929228813265e-7 * r +
                   2.71155556874348757815e-5) * r +
                  1.24266094738807843860e-3) * r +
                 2.65321895265761230930e-2) * r +
                2.96560571828504891230e-1) * r +
               1.78482653991729133580e0) * r +
              5.46378491116411436990e0) * r +
             6.65790464350110377720e0) /
           (((((((2.04426310338993978564e-15 * r +
                  1.42151175831644588870e-7) * r +
                 1.84631831751005468180e-5) * r +
                7.86869131145613259100e-4) * r +
               1.48753612908506148525e-2) * r +
              1.36929880922735805310e-1) * r +
             5.99832206555887937690e-1) * r + 1.0);
}

/* Phi^-1(p) for DBL_MIN <= p <= 1/2: AS241 at a coarse point x, then one
 * Newton step x -= (Phi(x) - p) / phi(x). The residual keeps relative
 * accuracy: against Phi(x) - 1/2 (erf; p - 1/2 is exact) near the centre,
 * against Phi(x) (erfc) in the tail, where Phi(x) - p is exact. */
static double cogi_quantile_lower(double p)
{
    const double x = cogi_coarse(cogi_as241(p));
    double g, res;
    if (p >= 0.25)
        res = cogi_phi_core(x, 1, &g) - (p - 0.5);
    else
        res = cogi_phi_core(x, 0, &g) - p;
    /* one Newton step from the coarse x: its error (x - x*)^2 |x| / 2 is
     * below 1e-5 ulp, and for a given x the result is monotone in p */
    return x - res / (COGI_1_SQRT2PI * g);
}

/* Phi^-1 of a probability already in [COGI_P_LO, COGI_P_HI]. */
static double cogi_quantile(double p)
{
    return p > 0.5 ? -cogi_quantile_lower(1.0 - p) : cogi_quantile_lower(p);
}

COGDEF double cog_normal_cdf(double x)
{
    double g;
    if (cogi_isnan(x)) return x;
    if (x <= -40.0) return 0.0; /* Phi(-40) ~ 4e-351: 0 in double */
    if (x >= 40.0) return 1.0;
    /* COGI_RD: a double, not an x87 register's excess precision */
    if (x <= 0.0) return COGI_RD(cogi_phi_core(x, 0, &g));
    return COGI_RD(1.0 - cogi_phi_core(-x, 0, &g));
}

COGDEF double cog_normal_quantile(double p)
{
    /* NaN first, on the bits: under -ffinite-math-only the comparisons
     * below may take a NaN for 0 (gcc -O1 and -O2 returned -Inf). */
    if (!cogi_prob(p)) return NAN; /* NaN, or outside [0, 1] */
    if (p > 0.5 && p < 1.0) return COGI_RD(-cogi_quantile_lower(1.0 - p));
    if (p >= DBL_MIN && p <= 0.5) return COGI_RD(cogi_quantile_lower(p));
    if (p > 0.0 && p < DBL_MIN) {
        /* subnormal: Phi there is too coarse to refine against; AS241's
         * value, kept below the refined one at DBL_MIN (monotone) */
        const double x = COGI_RD(cogi_as241(p));
        const double xm = COGI_RD(cogi_quantile_lower(DBL_MIN));
        return x < xm ? x : xm;
    }
    return p == 0.0 ? -HUGE_VAL : HUGE_VAL; /* p is 0 or 1 */
}

/* One input element to the normal domain: Phi^-1(clamp(F(v))). */
static cog_result cogi_iid_in(float v, cog_cdf_fn cdf, void *user, double *g)
{
    double p = cdf((double)v, user);
    if (!cogi_finite(p)) return COG_ERR_NONFINITE;
    if (!cogi_prob(p)) return COG_ERR_ARG;
    if (p < COGI_P_LO) p = COGI_P_LO;
    if (p > COGI_P_HI) p = COGI_P_HI;
    *g = cogi_quantile(p);
    return COG_OK;
}

/* One output element back from the normal domain: F^-1(clamp(Phi(h))).
 * A value beyond the float range is stored as Inf and flagged. */
static cog_result cogi_iid_out(double h, cog_cdf_fn inverse_cdf, void *user,
                               float *out, int *overflow)
{
    double p = cog_normal_cdf(h), z;
    if (p < COGI_P_LO) p = COGI_P_LO;
    if (p > COGI_P_HI) p = COGI_P_HI;
    z = inverse_cdf(p, user);
    if (!cogi_finite(z)) return COG_ERR_NONFINITE;
    *out = (float)z;
    if (!cogi_all_finite_f(out, 1)) *overflow = 1;
    return COG_OK;
}

/* Normal-domain values kept per block: 4 KiB of stack. Up to this many
 * inputs every element is mapped once for all rows. */
#define COGI_IID_G 512
#define COGI_IID_T 32 /* most elements per block */

static cog_result cogi_combine_iid(const float *const *x, size_t k,
                                   size_t dim, const double *w, size_t b,
                                   cog_cdf_fn cdf, cog_cdf_fn inverse_cdf,
                                   void *user, float *const *out)
{
    double g[COGI_IID_G];
    size_t i, j, r, j0, n, t;
    int overflow = 0;
    cog_result st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!w || b == 0 || b > (size_t)-1 / k || !cdf || !inverse_cdf)
        return COG_ERR_ARG;
    st = cogi_check_outputs(x, k, NULL, out, b);
    if (st != COG_OK) return st;
    for (i = 0; i < b * k; ++i)
        if (!cogi_finite(w[i])) return COG_ERR_NONFINITE;
    for (i = 0; i < k; ++i)
        if (!cogi_all_finite_f(x[i], dim)) return COG_ERR_NONFINITE;

    if (k > COGI_IID_G) {
        /* Too many inputs to keep: map them again for every row. Each
         * element's inputs are all read before its output is written. */
        for (j = 0; j < dim; ++j)
            for (r = 0; r < b; ++r) {
                const double *wr = w + r * k;
                const cogi_row row = cogi_cog_row(wr, k);
                double h = 0.0, gi;
                for (i = 0; i < k; ++i) {
                    st = cogi_iid_in(x[i][j], cdf, user, &gi);
                    if (st != COG_OK) return st;
                    h += (wr[i] * row.scale + row.shift) * gi;
                }
                st = cogi_iid_out(h, inverse_cdf, user, out[r] + j, &overflow);
                if (st != COG_OK) return st;
            }
        return overflow ? COG_ERR_NONFINITE : COG_OK;
    }

    t = COGI_IID_G / k;
    if (t > COGI_IID_T) t = COGI_IID_T;
    for (j0 = 0; j0 < dim; j0 += n) {
        n = dim - j0 < t ? dim - j0 : t;
        /* The block's inputs are all read before any output is written. */
        for (i = 0; i < k; ++i)
            for (j = 0; j < n; ++j) {
                double gi;
                st = cogi_iid_in(x[i][j0 + j], cdf, user, &gi);
                if (st != COG_OK) return st;
                g[i * t + j] = gi;
            }
        for (r = 0; r < b; ++r) {
            const double *wr = w + r * k;
            const cogi_row row = cogi_cog_row(wr, k);
            for (j = 0; j < n; ++j) {
                double h = 0.0;
                for (i = 0; i < k; ++i)
                    h += (wr[i] * row.scale + row.shift) * g[i * t + j];
                st = cogi_iid_out(h, inverse_cdf, user, out[r] + j0 + j,
                                  &overflow);
                if (st != COG_OK) return st;
            }
        }
    }
    return overflow ? COG_ERR_NONFINITE : COG_OK;
}

COGDEF cog_result cog_combine_iid(const float *const *x, size_t k, size_t dim,
                                  const double *w, cog_cdf_fn cdf,
                                  cog_cdf_fn inverse_cdf, void *user,
                                  float *out)
{
    return cogi_combine_iid(x, k, dim, w, 1, cdf, inverse_cdf, user, &out);
}

COGDEF cog_result cog_combine_iid_batch(const float *const *x, size_t k,
                                        size_t dim, const double *w, size_t b,
                                        cog_cdf_fn cdf, cog_cdf_fn inverse_cdf,
                                        void *user, float *const *out)
{
    return cogi_combine_iid(x, k, dim, w, b, cdf, inverse_cdf, user, out);
}

/* Ready-made pairs. Parameters are checked on every call (cheap next to
 * the special functions); bad ones give NaN. */
COGDEF double cog_uniform_cdf(double x, void *params)
{
    const cog_uniform_params *u = (const cog_uniform_params *)params;
    if (!u || !cogi_finite(u->hi - u->lo) || !(u->lo < u->hi))
        return NAN;
    if (x <= u->lo) return 0.0;
    if (x >= u->hi) return 1.0;
    return (x - u->lo) / (u->hi - u->lo); /* NaN stays NaN */
}

COGDEF double cog_uniform_quantile(double p, void *params)
{
    const cog_uniform_params *u = (const cog_uniform_params *)params;
    double z;
    if (!u || !cogi_finite(u->hi - u->lo) || !(u->lo < u->hi))
        return NAN;
    if (!cogi_prob(p)) return NAN;
    z = u->lo + (u->hi - u->lo) * p;
    return z > u->hi ? u->hi : z;
}

static int cogi_logistic_ok(const cog_logistic_params *l)
{
    return l && cogi_finite(l->loc) && cogi_finite(l->scale) &&
           l->scale > 0.0;
}

COGDEF double cog_logistic_cdf(double x, void *params)
{
    const cog_logistic_params *l = (const cog_logistic_params *)params;
    double z, e;
    if (!cogi_logistic_ok(l)) return NAN;
    z = (x - l->loc) / l->scale;
    if (z >= 0.0) return 1.0 / (1.0 + exp(-z));
    e = exp(z); /* lower tail: relative accuracy */
    return e / (1.0 + e);
}

COGDEF double cog_logistic_quantile(double p, void *params)
{
    const cog_logistic_params *l = (const cog_logistic_params *)params;
    double y;
    if (!cogi_logistic_ok(l)) return NAN;
    if (!cogi_prob(p)) return NAN;
    if (p >= 0.25 && p <= 0.75)
        y = log1p((2.0 * p - 1.0) / (1.0 - p)); /* 2p - 1 exact: accurate
                                                   near the median */
    else
        y = log(p / (1.0 - p));
    return l->loc + l->scale * y;
}

static int cogi_positive(double v) { return cogi_finite(v) && v > 0.0; }

COGDEF double cog_beta1_cdf(double x, void *params)
{
    const cog_beta1_params *q = (const cog_beta1_params *)params;
    if (!q || !cogi_positive(q->b)) return NAN;
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return -expm1(q->b * log1p(-x));
}

COGDEF double cog_beta1_quantile(double p, void *params)
{
    const cog_beta1_params *q = (const cog_beta1_params *)params;
    if (!q || !cogi_positive(q->b)) return NAN;
    if (!cogi_prob(p)) return NAN;
    return -expm1(log1p(-p) / q->b);
}

COGDEF double cog_exponential_cdf(double x, void *params)
{
    const cog_exponential_params *q = (const cog_exponential_params *)params;
    if (!q || !cogi_positive(q->rate)) return NAN;
    if (x <= 0.0) return 0.0;
    return -expm1(-q->rate * x);
}

COGDEF double cog_exponential_quantile(double p, void *params)
{
    const cog_exponential_params *q = (const cog_exponential_params *)params;
    if (!q || !cogi_positive(q->rate)) return NAN;
    if (!cogi_prob(p)) return NAN;
    return -log1p(-p) / q->rate;
}

/* ------------------------------------------------------- weight builders */

COGDEF cog_result cog_lerp_weights(double t, double *w)
{
    if (!w) return COG_ERR_ARG;
    if (!cogi_finite(t)) return COG_ERR_NONFINITE;
    w[0] = 1.0 - t;
    w[1] = t;
    return COG_OK;
}

COGDEF cog_result cog_slerp_angle(const float *a, const float *b, size_t dim,
                                  double *theta)
{
    const float *ab[2];
    double g[3], cosv;
    cog_result st;
    ab[0] = a;
    ab[1] = b;
    st = cogi_check_latents(ab, 2, dim);
    if (st != COG_OK || !theta) return COG_ERR_ARG;
    cogi_dot3(a, b, dim, g);
    if (!cogi_all_finite(g, 3)) return COG_ERR_NONFINITE;
    if (g[0] == 0.0 || g[2] == 0.0) return COG_ERR_ZERO_NORM;
    /* Each norm on its own: g[0] * g[2] could overflow. */
    cosv = g[1] / (COG_SQRT(g[0]) * COG_SQRT(g[2]));
    if (cosv > 1.0) cosv = 1.0;
    if (cosv < -1.0) cosv = -1.0;
    *theta = COG_ACOS(cosv);
    return COG_OK;
}

COGDEF cog_result cog_slerp_weights(double theta, double t, double *w)
{
    double s, w0, w1;
    if (!w) return COG_ERR_ARG;
    if (!cogi_finite(theta) || !cogi_finite(t)) return COG_ERR_NONFINITE;
    if (theta < 0.0 || theta > COGI_PI) return COG_ERR_ARG;
    if (theta < COG_SLERP_MIN_ANGLE) return cog_lerp_weights(t, w);
    if (COGI_PI - theta < COG_SLERP_MIN_ANGLE) return COG_ERR_ANTIPODAL;
    s = COG_SIN(theta);
    w0 = COG_SIN((1.0 - t) * theta) / s;
    w1 = COG_SIN(t * theta) / s;
    /* |t| near DBL_MAX overflows (1 - t) * theta: nothing usable. */
    if (!cogi_finite(w0) || !cogi_finite(w1)) return COG_ERR_NONFINITE;
    w[0] = w0;
    w[1] = w1;
    return COG_OK;
}

COGDEF cog_result cog_centroid_weights(size_t k, double *w)
{
    size_t i;
    if (!w || k == 0) return COG_ERR_ARG;
    for (i = 0; i < k; ++i) w[i] = 1.0 / (double)k;
    return COG_OK;
}

/* ---------------------------------------------------- centroid baselines */

COGDEF cog_result cog_centroid_euclidean(const float *const *x, size_t k,
                                         size_t dim, float *out)
{
    cogi_combine_job job;
    float *outs[1];
    cog_result st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!out) return COG_ERR_ARG;
    outs[0] = out;
    job.x = x;
    job.k = k;
    job.w = NULL;
    job.b = 1;
    job.mode = COGI_MEAN;
    job.mean = NULL;
    job.mean_len = 0;
    job.out = outs;
    job.scratch = NULL;
    return cogi_combine_pass(&job, dim) ? COG_OK : COG_ERR_NONFINITE;
}

COGDEF cog_result cog_centroid_standardized(const float *const *x, size_t k,
                                            size_t dim, float *out)
{
    double sum = 0.0, sq = 0.0, mu, sd;
    size_t j, n_equal = 0;
    cog_result st;
    if (dim < 2) return COG_ERR_ARG;
    st = cog_centroid_euclidean(x, k, dim, out);
    if (st != COG_OK) return st;
    for (j = 0; j < dim; ++j) {
        sum += out[j];
        n_equal += out[j] == out[0];
    }
    /* Decided on the floats themselves: -ffast-math turns sum / dim into
     * sum * (1 / dim), and the rounded mean of a constant centroid then
     * gives a spread of 1e-16 that would standardize rounding noise. */
    if (n_equal == dim) return COG_ERR_ZERO_NORM;
    mu = sum / (double)dim;
    /* Two-pass variance: no cancellation when the centroid is far from 0. */
    for (j = 0; j < dim; ++j) sq += ((double)out[j] - mu) * (out[j] - mu);
    sd = COG_SQRT(sq / (double)dim);
    if (!(sd > 0.0)) return COG_ERR_ZERO_NORM;
    for (j = 0; j < dim; ++j) out[j] = (float)(((double)out[j] - mu) / sd);
    return COG_OK;
}

COGDEF cog_result cog_centroid_mode_norm(const float *const *x, size_t k,
                                         size_t dim, float *out)
{
    double nrm, scale;
    size_t j;
    cog_result st;
    if (dim < 3) return COG_ERR_ARG;
    st = cog_centroid_euclidean(x, k, dim, out);
    if (st != COG_OK) return st;
    {
        const float *c[1];
        c[0] = out;
        cogi_gram(c, 1, dim, &nrm);
        nrm = COG_SQRT(nrm);
    }
    if (!(nrm > 0.0)) return COG_ERR_ZERO_NORM;
    scale = COG_SQRT((double)(dim - 2)) / nrm;
    for (j = 0; j < dim; ++j) out[j] = (float)(out[j] * scale);
    return COG_OK;
}

/* -------------------------------------------------------- inner products */

COGDEF cog_result cog_gram(const float *const *x, size_t k, size_t dim,
                           double *g)
{
    cog_result st;
    /* Sizes first: reject an absurd k before reading k pointers. */
    if (!g || k == 0 || k > (size_t)-1 / sizeof(double) / k) return COG_ERR_ARG;
    st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    cogi_gram(x, k, dim, g);
    return cogi_all_finite(g, k * k) ? COG_OK : COG_ERR_NONFINITE;
}

COGDEF cog_result cog_dots(const float *const *x, size_t k, size_t dim,
                           const float *y, double *d)
{
    cog_result st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!y || !d) return COG_ERR_ARG;
    cogi_dots(x, k, dim, y, d);
    if (!cogi_all_finite(d, k)) return COG_ERR_NONFINITE;
    return COG_OK;
}

/* ============================================== end layer 3: public API */

/* ===================================== begin layer 4: subspace algebra */

/* ----------------------------------------------------- small dense algebra */

/* Pseudo-inverse of the n x n matrix a (row-major) from its `keep` largest
 * singular values, by one-sided Jacobi SVD (Hestenes): rotate pairs of
 * columns of u = a until they are orthogonal, so that a V = u and u's column
 * norms are the singular values; then a^+ = V diag(1/s^2) u^T. u and V are
 * stored by columns (ut, vt: row c holds column c) so the rotations walk
 * contiguous memory. Jacobi is accurate to high relative precision, and n
 * (the number of basis latents) is small. work holds 2 n^2 doubles; sigma
 * gets the n singular values, descending; pinv's n^2 doubles are also
 * scratch until the end. */
static void cogi_pinv(const double *a, size_t n, size_t keep, double *pinv,
                      double *sigma, double *work)
{
    double *ut = work, *vt = work + n * n;
    double cut = 0.0;
    size_t i, j, p, q, sweep, used = 0;
    COG_ASSERT(keep >= 1 && keep <= n);
    for (j = 0; j < n; ++j)
        for (i = 0; i < n; ++i) {
            ut[j * n + i] = a[i * n + j];
            vt[j * n + i] = i == j ? 1.0 : 0.0;
        }
    for (sweep = 0; sweep < 64; ++sweep) {
        int rotated = 0;
        for (p = 0; p + 1 < n; ++p) {
            for (q = p + 1; q < n; ++q) {
                double *up = ut + p * n, *uq = ut + q * n;
                double *vp = vt + p * n, *vq = vt + q * n;
                double al = 0.0, be = 0.0, ga = 0.0, zeta, t, c, sn;
                for (i = 0; i < n; ++i) {
                    al += up[i] * up[i];
                    be += uq[i] * uq[i];
                    ga += up[i] * uq[i];
                }
                if (ga == 0.0 || fabs(ga) <= 1e-15 * COG_SQRT(al * be))
                    continue;
                rotated = 1;
                zeta = (be - al) / (2.0 * ga);
                t = (zeta >= 0.0 ? 1.0 : -1.0) /
                    (fabs(zeta) + COG_SQRT(1.0 + zeta * zeta));
                c = 1.0 / COG_SQRT(1.0 + t * t);
                sn = c * t;
                for (i = 0; i < n; ++i) {
                    const double u1 = up[i], u2 = uq[i];
                    const double v1 = vp[i], v2 = vq[i];
                    up[i] = c * u1 - sn * u2;
                    uq[i] = sn * u1 + c * u2;
                    vp[i] = c * v1 - sn * v2;
                    vq[i] = sn * v1 + c * v2;
                }
            }
        }
        if (!rotated) break;
    }
    for (j = 0; j < n; ++j) {
        double ss = 0.0;
        for (i = 0; i < n; ++i) ss += ut[j * n + i] * ut[j * n + i];
        sigma[j] = COG_SQRT(ss);
        pinv[j] = sigma[j];
    }
    /* The keep-th largest singular value is the cut (insertion sort of a
     * copy held in pinv; n is small). */
    for (i = 1; i < n; ++i) {
        const double key = pinv[i];
        for (j = i; j > 0 && pinv[j - 1] < key; --j) pinv[j] = pinv[j - 1];
        pinv[j] = key;
    }
    cut = pinv[keep - 1];
    for (i = 0; i < n * n; ++i) pinv[i] = 0.0;
    for (j = 0; j < n && used < keep; ++j) {
        double inv2;
        if (!(sigma[j] >= cut) || sigma[j] == 0.0) continue;
        ++used;
        inv2 = 1.0 / (sigma[j] * sigma[j]);
        for (i = 0; i < n; ++i) {
            const double vij = vt[j * n + i] * inv2;
            for (p = 0; p < n; ++p) pinv[i * n + p] += vij * ut[j * n + p];
        }
    }
    for (i = 1; i < n; ++i) {
        const double key = sigma[i];
        for (j = i; j > 0 && sigma[j - 1] < key; --j) sigma[j] = sigma[j - 1];
        sigma[j] = key;
    }
}

/* R of the thin QR A = U R from G = A^T A = R^T R: Cholesky in latent order.
 * A latent whose squared distance from the span of the earlier ones is at
 * most tol2 * max_i G_ii adds no axis: its row of R stays zero. Returns the
 * number of axes, the one rank rule of the subspace. */
static size_t cogi_cholesky_qr(const double *g, size_t k, double tol2,
                               double *r)
{
    double gmax = 0.0;
    size_t i, j, l, rank = 0;
    for (i = 0; i < k; ++i)
        if (g[i * k + i] > gmax) gmax = g[i * k + i];
    for (i = 0; i < k * k; ++i) r[i] = 0.0;
    for (j = 0; j < k; ++j) {
        double d = g[j * k + j], rjj;
        for (i = 0; i < j; ++i) d -= r[i * k + j] * r[i * k + j];
        if (!(d > tol2 * gmax)) continue;
        ++rank;
        rjj = COG_SQRT(d);
        r[j * k + j] = rjj;
        for (l = j + 1; l < k; ++l) {
            double s = g[j * k + l];
            for (i = 0; i < j; ++i) s -= r[i * k + j] * r[i * k + l];
            r[j * k + l] = s / rjj;
        }
    }
    return rank;
}

/* w = the inverse of R's kept part (rows and columns j with r_jj > 0),
 * zero in every row and column of a dropped latent: by back substitution,
 * column by column. A dropped latent is, up to tol, a combination of the
 * kept ones, so it gets no weight: the point with coordinates s is then
 * exactly U s on the kept axes, and projection (W^T A^T y) and weights
 * (W s) use one and the same matrix. */
static void cogi_kept_inverse(const double *r, size_t k, double *w)
{
    size_t i, c, l;
    for (i = 0; i < k * k; ++i) w[i] = 0.0;
    for (c = 0; c < k; ++c) {
        if (!(r[c * k + c] > 0.0)) continue;
        w[c * k + c] = 1.0 / r[c * k + c];
        for (i = c; i-- > 0;) {
            double acc = 0.0;
            if (!(r[i * k + i] > 0.0)) continue;
            for (l = i + 1; l <= c; ++l) acc += r[i * k + l] * w[l * k + c];
            w[i * k + c] = -acc / r[i * k + i];
        }
    }
}

/* Cholesky QR from the Gram matrix is accurate to about 1e-16 cond(A)^2
 * relative (measured: 1e-9 at cond 1e4, 1e-2 at cond 1e7). Above this
 * condition number of the kept axes, one more pass over the data
 * re-orthogonalises (Cholesky QR2), which brings the error down to about
 * 1e-16 cond(A) up to cond ~ 1e7. */
#define COGI_QR2_COND 1e4

/* The second pass of Cholesky QR2 without forming U: element by element,
 * the row u = a W of U1 = A_kept R1^{-1} (w = R1's kept inverse), summing
 * C = U1^T [U1 on kept columns, A on dropped ones] in the kept rows of c.
 * Then U1^T U1 = R2^T R2 (Cholesky), U = U1 R2^{-1}, so the kept columns of
 * R become R2 R1 and a dropped column j becomes R2^{-T} U1^T a_j. r is
 * updated in place; w is scratch afterwards. work holds 2 k^2 doubles.
 * Returns 0 (r untouched) if U1^T U1 is not numerically positive definite,
 * i.e. the basis is beyond what one refinement repairs. */
static int cogi_qr_refine(const float *const *x, size_t k, size_t dim,
                          double *r, double *w, double *work)
{
    double *c = work, *a = work + k * k, *u = a + k;
    size_t e, i, j, m;
    for (i = 0; i < k * k; ++i) c[i] = 0.0;
    for (e = 0; e < dim; ++e) {
        for (i = 0; i < k; ++i) a[i] = (double)x[i][e];
        for (j = 0; j < k; ++j) {
            double acc = 0.0;
            if (!(r[j * k + j] > 0.0)) continue;
            for (i = 0; i <= j; ++i) acc += a[i] * w[i * k + j];
            u[j] = acc;
        }
        for (i = 0; i < k; ++i) {
            if (!(r[i * k + i] > 0.0)) continue;
            for (j = i; j < k; ++j)
                c[i * k + j] += u[i] * (r[j * k + j] > 0.0 ? u[j] : a[j]);
        }
    }
    /* In place: the kept part of c's upper triangle becomes R2. */
    for (j = 0; j < k; ++j) {
        double d;
        if (!(r[j * k + j] > 0.0)) continue;
        d = c[j * k + j];
        for (i = 0; i < j; ++i) d -= c[i * k + j] * c[i * k + j];
        if (!(d > 0.0)) return 0;
        c[j * k + j] = COG_SQRT(d);
        for (m = j + 1; m < k; ++m) {
            double t;
            if (!(r[m * k + m] > 0.0)) continue;
            t = c[j * k + m];
            for (i = 0; i < j; ++i) t -= c[i * k + j] * c[i * k + m];
            c[j * k + m] = t / c[j * k + j];
        }
    }
    /* Dropped rows of c (never written) hold 0, so the sums below may run
     * over every index. New R into w, then back into r. */
    for (j = 0; j < k; ++j) {
        if (r[j * k + j] > 0.0) {
            for (i = 0; i < k; ++i) {
                double acc = 0.0;
                if (r[i * k + i] > 0.0)
                    for (m = i; m <= j; ++m)
                        if (r[m * k + m] > 0.0)
                            acc += c[i * k + m] * r[m * k + j];
                w[i * k + j] = acc;
            }
        } else { /* forward substitution with R2^T, rows above j only: R
                  * stays upper triangular, as without the refinement */
            for (i = 0; i < k; ++i) {
                double t = 0.0;
                if (i < j && r[i * k + i] > 0.0) {
                    t = c[i * k + j];
                    for (m = 0; m < i; ++m)
                        if (r[m * k + m] > 0.0) t -= c[m * k + i] * w[m * k + j];
                    t /= c[i * k + i];
                }
                w[i * k + j] = t;
            }
        }
    }
    for (i = 0; i < k * k; ++i) r[i] = w[i];
    return 1;
}

/* ------------------------------------------------------------ subspaces */

/* Memory layout: r, w (k*k each), sigma (k), Jacobi scratch (2 k^2)
 * doubles, then the k basis pointers. */
COGDEF cog_result cog_subspace_memory_size(size_t k, size_t *bytes)
{
    size_t doubles;
    if (!bytes || k == 0 || k > (size_t)-1 / 8 / k) return COG_ERR_ARG;
    doubles = 4 * k * k + k;
    if (doubles > ((size_t)-1 - k * sizeof(float *)) / sizeof(double))
        return COG_ERR_ARG;
    *bytes = doubles * sizeof(double) + k * sizeof(float *);
    return COG_OK;
}

COGDEF cog_result cog_subspace_init(cog_subspace *sub, void *mem,
                                    size_t bytes, const float *const *x,
                                    size_t k, size_t dim, double tol)
{
    cog_subspace s;
    size_t need, i;
    double *d;
    cog_result st;
    if (!sub) return COG_ERR_ARG;
    memset(sub, 0, sizeof *sub);
    st = cog_subspace_memory_size(k, &need); /* before reading k pointers */
    if (st != COG_OK) return st;
    st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!cogi_finite(tol)) return COG_ERR_NONFINITE;
    if (tol < 0.0 || tol >= 1.0) return COG_ERR_ARG;
    if (!mem || bytes < need || (uintptr_t)mem % sizeof(double) != 0)
        return COG_ERR_MEMORY;
    if (tol == 0.0) tol = COG_SUBSPACE_TOL;

    d = (double *)mem;
    s.k = k;
    s.dim = dim;
    s.tol = tol;
    s.r = d;
    s.w = d + k * k;
    s.sigma = d + 2 * k * k;
    s.basis = (const float **)(void *)(d + 4 * k * k + k);
    s.owned = NULL;
    s.alloc_ctx = NULL;
    for (i = 0; i < k; ++i) s.basis[i] = x[i];

    /* G goes into w's space; Cholesky turns it into r; then w = r^+. */
    cogi_gram(x, k, dim, s.w);
    if (!cogi_all_finite(s.w, k * k)) return COG_ERR_NONFINITE;
    s.rank = cogi_cholesky_qr(s.w, k, tol * tol, s.r);
    if (s.rank == 0) return COG_ERR_ZERO_NORM;
    /* Singular values of R (rank of them nonzero); the pseudo-inverse that
     * comes with them is scratch, replaced by the kept axes' weights. */
    cogi_pinv(s.r, k, s.rank, s.w, s.sigma, s.sigma + k);
    cogi_kept_inverse(s.r, k, s.w);
    if (s.sigma[0] > COGI_QR2_COND * s.sigma[s.rank - 1] &&
        cogi_qr_refine(x, k, dim, s.r, s.w, s.sigma + k)) {
        cogi_pinv(s.r, k, s.rank, s.w, s.sigma, s.sigma + k);
        cogi_kept_inverse(s.r, k, s.w);
    }
    *sub = s;
    return COG_OK;
}

COGDEF cog_result cog_subspace_create(cog_subspace *sub,
                                      const float *const *x, size_t k,
                                      size_t dim, double tol,
                                      void *alloc_ctx)
{
    size_t bytes;
    void *mem;
    cog_result st;
    if (!sub) return COG_ERR_ARG;
    memset(sub, 0, sizeof *sub);
    st = cog_subspace_memory_size(k, &bytes);
    if (st != COG_OK) return st;
    st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!cogi_finite(tol)) return COG_ERR_NONFINITE; /* before allocating */
    if (tol < 0.0 || tol >= 1.0) return COG_ERR_ARG;
    mem = COG_MALLOC(bytes, alloc_ctx);
    if (!mem) return COG_ERR_MEMORY;
    st = cog_subspace_init(sub, mem, bytes, x, k, dim, tol);
    if (st != COG_OK) {
        COG_FREE(mem, alloc_ctx);
        return st;
    }
    sub->owned = mem;
    sub->alloc_ctx = alloc_ctx;
    return COG_OK;
}

COGDEF void cog_subspace_destroy(cog_subspace *sub)
{
    if (!sub) return;
    if (sub->owned) COG_FREE(sub->owned, sub->alloc_ctx);
    memset(sub, 0, sizeof *sub);
}

static int cogi_subspace_ok(const cog_subspace *sub)
{
    return sub && sub->k > 0 && sub->r && sub->w && sub->basis;
}

COGDEF cog_result cog_subspace_weights(const cog_subspace *sub,
                                       const double *s, double *w)
{
    size_t i, j, k;
    int pass;
    if (!cogi_subspace_ok(sub) || !s || !w) return COG_ERR_ARG;
    k = sub->k;
    if (!cogi_all_finite(s, k)) return COG_ERR_NONFINITE;
    /* Pass 0 only checks that no weight overflows (|s| near DBL_MAX), so
     * that w is written only on success; pass 1 writes. O(k^2) each. */
    for (pass = 0; pass < 2; ++pass) {
        for (i = 0; i < k; ++i) {
            double acc = 0.0;
            for (j = 0; j < k; ++j) acc += sub->w[i * k + j] * s[j];
            if (pass) w[i] = acc;
            else if (!cogi_finite(acc)) return COG_ERR_NONFINITE;
        }
    }
    return COG_OK;
}

/* Dot products cog_subspace_project takes at a time: 512 bytes of stack
 * (so that it stays small where a compiler inlines it into a caller that
 * also calls cog_subspace_latent, whose weights take 4 KiB). */
#define COGI_PROJECT_CHUNK 64

COGDEF cog_result cog_subspace_project(const cog_subspace *sub,
                                       const float *y, double *s)
{
    double at[COGI_PROJECT_CHUNK];
    size_t i, j, k, i0;
    cog_result st;
    if (!cogi_subspace_ok(sub) || !y || !s) return COG_ERR_ARG;
    k = sub->k;
    /* s = W^T (A^T y), A^T y in chunks of COGI_PROJECT_CHUNK dot products
     * (each is the same sum whatever else cog_dots takes with it). */
    for (j = 0; j < k; ++j) s[j] = 0.0;
    for (i0 = 0; i0 < k; i0 += COGI_PROJECT_CHUNK) {
        const size_t nk =
            k - i0 < COGI_PROJECT_CHUNK ? k - i0 : COGI_PROJECT_CHUNK;
        st = cog_dots((const float *const *)sub->basis + i0, nk, sub->dim,
                      y, at);
        if (st != COG_OK) return st;
        for (i = 0; i < nk; ++i)
            for (j = 0; j < k; ++j) s[j] += sub->w[(i0 + i) * k + j] * at[i];
    }
    return COG_OK;
}

COGDEF cog_result cog_subspace_basis_coords(const cog_subspace *sub,
                                            size_t j, double *s)
{
    size_t i;
    if (!cogi_subspace_ok(sub) || !s || j >= sub->k) return COG_ERR_ARG;
    for (i = 0; i < sub->k; ++i) s[i] = sub->r[i * sub->k + j];
    return COG_OK;
}

COGDEF cog_result cog_subspace_latent(const cog_subspace *sub,
                                      const double *s, const float *mean,
                                      size_t mean_len, float *out)
{
    double w[COG_SUBSPACE_LATENT_MAX];
    cog_result st;
    if (!cogi_subspace_ok(sub) || !s || !out) return COG_ERR_ARG;
    if (sub->k > COG_SUBSPACE_LATENT_MAX) return COG_ERR_ARG;
    st = cog_subspace_weights(sub, s, w);
    if (st != COG_OK) return st;
    return cog_combine((const float *const *)sub->basis, sub->k, sub->dim, w,
                       mean, mean_len, out);
}

/* ---- subspace grids ---------------------------------------------------- */

/* Part of v (k doubles) orthogonal to the unit vectors q[0..nq), each of k
 * doubles (twice, for accuracy), into out; returns its norm. */
static double cogi_orth_part(const double *v, const double *q, size_t nq,
                             size_t k, double *out)
{
    size_t l, m, pass;
    double nn = 0.0;
    for (m = 0; m < k; ++m) out[m] = v[m];
    for (pass = 0; pass < 2; ++pass)
        for (l = 0; l < nq; ++l) {
            double d = 0.0;
            for (m = 0; m < k; ++m) d += q[l * k + m] * out[m];
            for (m = 0; m < k; ++m) out[m] -= d * q[l * k + m];
        }
    for (m = 0; m < k; ++m) nn += out[m] * out[m];
    return COG_SQRT(nn);
}

/* W x (k x k times k), scaled, into out. */
static void cogi_wmul(const cog_subspace *sub, const double *x, double scale,
                      double *out)
{
    size_t a, b;
    const size_t k = sub->k;
    for (a = 0; a < k; ++a) {
        double acc = 0.0;
        for (b = 0; b < k; ++b) acc += sub->w[a * k + b] * x[b];
        out[a] = scale * acc;
    }
}

COGDEF cog_result cog_subspace_grid(const cog_subspace *sub, int kind,
                                    size_t o, size_t i, size_t j, size_t n,
                                    double extent, double *w)
{
    size_t k, a, b, m, c;
    double cn = 0.0;
    if (!cogi_subspace_ok(sub) || !w) return COG_ERR_ARG;
    k = sub->k;
    if (kind != COG_GRID_AFFINE && kind != COG_GRID_TANGENT) return COG_ERR_ARG;
    if (o >= k || i >= k || j >= k || o == i || o == j || i == j)
        return COG_ERR_ARG;
    if (n < 2 || n > (size_t)-1 / n || n * n > (size_t)-1 / 8 / k)
        return COG_ERR_ARG;
    if (!cogi_finite(extent)) return COG_ERR_NONFINITE;
    if (!(extent > 0.0)) return COG_ERR_ARG;
    /* The plane exists iff columns o, i, j of R are independent: Gram-
     * Schmidt on them, with w's first four cells (n^2 >= 4) as scratch:
     * q0, q1, q2 in cells 0..2, the column being reduced in cell 3. */
    for (c = 0; c < 3; ++c) {
        const size_t col = c == 0 ? o : (c == 1 ? i : j);
        double nn = 0.0, res;
        for (m = 0; m < k; ++m) {
            w[3 * k + m] = sub->r[m * k + col];
            nn += w[3 * k + m] * w[3 * k + m];
        }
        res = cogi_orth_part(w + 3 * k, w, c, k, w + c * k);
        if (!(nn > 0.0) || !(res > sub->tol * COG_SQRT(nn)))
            return COG_ERR_ZERO_NORM;
        for (m = 0; m < k; ++m) w[c * k + m] /= res;
        if (c == 0) cn = COG_SQRT(nn);
    }
    if (kind == COG_GRID_AFFINE) {
        for (a = 0; a < n; ++a)
            for (b = 0; b < n; ++b) {
                double *wc = w + (a * n + b) * k;
                const double u = extent * (double)a / (double)(n - 1);
                const double v = extent * (double)b / (double)(n - 1);
                for (m = 0; m < k; ++m) wc[m] = 0.0;
                wc[o] = 1.0 - u - v;
                wc[i] = u;
                wc[j] = v;
            }
        return COG_OK;
    }
    /* Tangent: cell weights p0 + u p1 + v p2 with p0 = W c (latent o's own
     * weights), p1 = |c| W e1, p2 = |c| W e2 (e1 = q1, e2 = q2). They go
     * to cells 3, 0 and 1 (in that order, each after its last reader),
     * cells 4.. are written first, cells 0..3 last, element by element. */
    cogi_wmul(sub, w + 1 * k, cn, w + 3 * k); /* p1 <- q1 */
    cogi_wmul(sub, w + 2 * k, cn, w + 0 * k); /* p2 <- q2 */
    for (m = 0; m < k; ++m) w[2 * k + m] = sub->r[m * k + o];
    cogi_wmul(sub, w + 2 * k, 1.0, w + 1 * k); /* p0 <- W c */
    for (c = n * n; c-- > 0;) {
        const size_t ca = c / n, cb = c % n;
        const double u = extent * (2.0 * (double)ca / (double)(n - 1) - 1.0);
        const double v = extent * (2.0 * (double)cb / (double)(n - 1) - 1.0);
        if (c >= 4) {
            double *wc = w + c * k;
            for (m = 0; m < k; ++m)
                wc[m] = w[1 * k + m] + u * w[3 * k + m] + v * w[0 * k + m];
        }
    }
    for (m = 0; m < k; ++m) {
        const double p0 = w[1 * k + m], p1 = w[3 * k + m], p2 = w[0 * k + m];
        for (c = 0; c < 4; ++c) {
            const size_t ca = c / n, cb = c % n;
            const double u =
                extent * (2.0 * (double)ca / (double)(n - 1) - 1.0);
            const double v =
                extent * (2.0 * (double)cb / (double)(n - 1) - 1.0);
            w[c * k + m] = p0 + u * p1 + v * p2;
        }
    }
    return COG_OK;
}

/* ======================================= end layer 4: subspace algebra */

/* ====================================== begin layer 5: seed generators */

#ifndef COG_NO_SEEDS
/* ------------------------------------------------ torch-compatible randn */
/* Mirrors PyTorch 1.13's CPU generator: ATen/core/MT19937RNGEngine.h
 * (mt19937), ATen/core/DistributionsHelper.h (normal_distribution),
 * ATen/native/cpu/DistributionTemplates.h (normal_kernel, normal_fill_AVX2)
 * and ATen/native/cpu/avx_mathfun.h (log256_ps, sincos256_ps). Needs IEEE
 * binary32 and no -ffast-math; it does not depend on -ffp-contract: every
 * multiply-add whose fusion matters is an explicit cogi_fmaf, and every
 * other one has an exact product. Where floats are evaluated in a wider
 * format (FLT_EVAL_METHOD 1: s390x in ISO C mode), float constants and
 * intermediates carry excess precision; the (float) casts and the
 * assignments below round them where it matters (a float op done wider and
 * rounded once to float is the float op). */

/* ---- Mersenne Twister (mt19937, 32-bit), as at::mt19937 ----------------- */
/* torch tempers one word per draw; here all 624 words are twisted and
 * tempered at once, in loops compilers vectorise, and handed out in the
 * same order. */

#define COGI_MT_N 624
#define COGI_MT_M 397

typedef struct cogi_mt {
    uint32_t state[COGI_MT_N];
    uint32_t word[COGI_MT_N]; /* tempered state: the words to hand out */
    int next; /* index of the next word in word[]; COGI_MT_N = refill first */
} cogi_mt;

/* Standard init_genrand. torch's mt19937 keeps only seed & 0xffffffff. */
static void cogi_mt_seed(cogi_mt *mt, uint32_t seed)
{
    int i;
    mt->state[0] = seed;
    for (i = 1; i < COGI_MT_N; ++i) {
        uint32_t prev = mt->state[i - 1];
        mt->state[i] = 1812433253u * (prev ^ (prev >> 30)) + (uint32_t)i;
    }
    mt->next = COGI_MT_N;
}

/* New word from words k (top bit), k+1 (low bits) and k+M, branch-free. */
#define COGI_MT_MIX(a, b, m)                                                   \
    ((m) ^ ((((a) & 0x80000000u) | ((b) & 0x7fffffffu)) >> 1) ^                \
     ((0u - ((b) & 1u)) & 0x9908b0dfu))

/* Twist, then temper into word[]. Words k < N-M read word k+M, not yet
 * updated; later ones read word k+M-N, updated N-M = 227 steps earlier, so
 * any vector width keeps the sequential result. The main loops run a
 * multiple of 16 times: gcc -O2 only vectorises loops with no remainder. */
COGI_INLINE void cogi_mt_refill_body(cogi_mt *mt)
{
    uint32_t *s = mt->state;
    int k;
    for (k = 0; k < 224; ++k)
        s[k] = COGI_MT_MIX(s[k], s[k + 1], s[k + COGI_MT_M]);
    for (; k < COGI_MT_N - COGI_MT_M; ++k)
        s[k] = COGI_MT_MIX(s[k], s[k + 1], s[k + COGI_MT_M]);
    for (k = COGI_MT_N - COGI_MT_M; k < COGI_MT_N - COGI_MT_M + 384; ++k)
        s[k] = COGI_MT_MIX(s[k], s[k + 1], s[k + COGI_MT_M - COGI_MT_N]);
    for (; k < COGI_MT_N - 1; ++k)
        s[k] = COGI_MT_MIX(s[k], s[k + 1], s[k + COGI_MT_M - COGI_MT_N]);
    s[COGI_MT_N - 1] = COGI_MT_MIX(s[COGI_MT_N - 1], s[0], s[COGI_MT_M - 1]);
    for (k = 0; k < COGI_MT_N; ++k) {
        uint32_t y = s[k];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        mt->word[k] = y;
    }
    mt->next = 0;
}

static void cogi_mt_refill(cogi_mt *mt) { cogi_mt_refill_body(mt); }

static uint32_t cogi_mt_next(cogi_mt *mt)
{
    if (mt->next >= COGI_MT_N) cogi_mt_refill(mt);
    return mt->word[mt->next++];
}

/* The next count words, in order (what count cogi_mt_next calls return),
 * refilled by the table's kernel (the same words from every build). */
static void cogi_mt_take(const cogi_kernels *kt, cogi_mt *mt, uint32_t *dst,
                         size_t count)
{
    while (count > 0) {
        size_t c;
        if (mt->next >= COGI_MT_N) kt->mt_refill(mt);
        c = (size_t)(COGI_MT_N - mt->next);
        if (c > count) c = count;
        memcpy(dst, mt->word + mt->next, c * sizeof *dst);
        mt->next += (int)c;
        dst += c;
        count -= c;
    }
}

/* at::uniform_real_distribution<double>(0,1): random64() puts the FIRST draw
 * in the high word; keep the low 53 bits, times 2^-53. */
static double cogi_uniform53(cogi_mt *mt)
{
    uint64_t hi = cogi_mt_next(mt);
    uint64_t lo = cogi_mt_next(mt);
    uint64_t v = ((hi << 32) | lo) & ((UINT64_C(1) << 53) - 1u);
    return (double)v * (1.0 / 9007199254740992.0);
}

/* ---- fused multiply-add -------------------------------------------------- */

static uint32_t cogi_f32_bits(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
static float cogi_f32_from(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }

/* Correctly rounded a*b+c in float: what the AVX2 build's vfmadd computes.
 * With hardware FMA (FP_FAST_FMAF) use fmaf. Otherwise do not trust libm's
 * fmaf (some runtimes are slow or round twice through long double) and
 * emulate it in double: the product of two floats is exact in double, so
 * p + c is rounded once to double and once more to float. That second
 * rounding is only wrong when the double sum lies exactly halfway between
 * two floats (low 29 bits 1000...0), or when the float result would be
 * subnormal; only then compute the exact error of the double sum (TwoSum)
 * and round it to odd, which makes the final rounding correct
 * (53 >= 24 + 2 bits). */
static float cogi_fmaf(float a, float b, float c)
{
#if COGI_NATIVE_FMAF == 1
    return fmaf(a, b, c);
#elif COGI_NATIVE_FMAF == 2
    return __builtin_fmaf(a, b, c);
#else
    double p = (double)a * (double)b; /* exact */
    double s = p + (double)c;
    uint64_t u;
    memcpy(&u, &s, sizeof u);
    if ((u & 0x1fffffffu) == 0x10000000u || ((u >> 52) & 0x7ffu) < 1023u - 126u) {
        double bv = s - p;
        double err = (p - (s - bv)) + ((double)c - bv); /* s + err == p + c */
        if (err != 0.0) {
            /* round to odd: force the last bit to 1 from above (u|1) or
             * from below ((u-1)|1), towards the exact sum */
            if ((err > 0.0) != (s > 0.0)) --u;
            u |= 1u;
            memcpy(&s, &u, sizeof s);
        }
    }
    return (float)s;
#endif
}

/* The polynomials below are also compiled for AVX2 + FMA (layer 6), where
 * a fused multiply-add is the one instruction torch used: same value as
 * cogi_fmaf, several times faster than emulating it. hw is 1 only there,
 * a constant after inlining. */
#ifdef COGI_X86_DISPATCH
#define COGI_FMAF(hw, a, b, c) ((hw) ? __builtin_fmaf(a, b, c) : cogi_fmaf(a, b, c))
#else
#define COGI_FMAF(hw, a, b, c) ((void)(hw), cogi_fmaf(a, b, c))
#endif

/* ---- avx_mathfun.h polynomials, lane by lane ----------------------------- */
/* log256_ps and sincos256_ps work on 8 lanes; here one loop iteration is one
 * lane, over the lanes of COGI_RANDN_K torch blocks at once: a straight
 * loop with a constant trip count, which gcc and clang vectorise at -O2.
 *
 * torch's AVX2 kernel file is built by GCC with -mavx2 -mfma and its default
 * -ffp-contract=fast, and GCC treats _mm256_mul_ps/_mm256_add_ps as plain
 * vector arithmetic, so every multiply feeding an add was fused into an FMA.
 * Checked candidate by candidate against captured torch output: where an add
 * has two product operands, the left one (y*z) is the fused product. */

#define COGI_RANDN_K 8                  /* torch blocks of 16 per batch */
#define COGI_RANDN_L (8 * COGI_RANDN_K) /* Box-Muller pairs per batch */

/* mask ? a : b for mask all ones or zero, as torch's blends; a plain ?:
 * between floats is not if-converted by gcc (-ftrapping-math). */
COGI_INLINE float cogi_f32_sel(uint32_t mask, float a, float b)
{
    return cogi_f32_from((cogi_f32_bits(a) & mask) | (cogi_f32_bits(b) & ~mask));
}

/* log256_ps of one lane, for x in [2^-24, 1] (the only inputs: 1 - u). Its
 * clamp to the smallest normal and NaN mask for x <= 0 never apply there. */
COGI_INLINE float cogi_logf_cephes(float x, int hw)
{
    uint32_t bits = cogi_f32_bits(x);
    float m = cogi_f32_from((bits & ~0x7f800000u) | 0x3f000000u); /* [0.5,1) */
    float e = (float)((int32_t)(bits >> 23) - 0x7f) + 1.0f;
    uint32_t lo = 0u - (uint32_t)(m < 0.707106781186547524f); /* SQRTHF */
    float y, z, t;
    /* below SQRTHF x = 2m - 1 and e -= 1; torch then adds a masked +0, a
     * no-op (x != 0) */
    x = m - 1.0f;
    e = cogi_f32_sel(lo, e - 1.0f, e);
    x = cogi_f32_sel(lo, x + m, x);
    z = x * x;
    /* Cephes logf polynomial p0..p8, Horner steps fused */
    y = COGI_FMAF(hw, 7.0376836292E-2f, x, -1.1514610310E-1f);
    y = COGI_FMAF(hw, y, x, 1.1676998740E-1f);
    y = COGI_FMAF(hw, y, x, -1.2420140846E-1f);
    y = COGI_FMAF(hw, y, x, 1.4249322787E-1f);
    y = COGI_FMAF(hw, y, x, -1.6668057665E-1f);
    y = COGI_FMAF(hw, y, x, 2.0000714765E-1f);
    y = COGI_FMAF(hw, y, x, -2.4999993993E-1f);
    y = COGI_FMAF(hw, y, x, 3.3333331174E-1f);
    t = y * x;
    /* t*z + e*q1: t*z is the fused product, e*q1 is rounded on its own */
    t = COGI_FMAF(hw, t, z, e * (float)-2.12194440e-4f);
    t = t - 0.5f * z; /* fused in torch, but z*0.5 is exact */
    /* fused in torch, but e*q2 is exact (q2 has 9 bits, |e| <= 24) */
    x = x + t;
    return x + e * 0.693359375f;
}

/* sincos256_ps of one lane, for x in [0, 2pi) (the only inputs: 2pi*u). */
COGI_INLINE void cogi_sincosf_cephes(float xin, float *s, float *c, int hw)
{
    /* |x| and its sign, as torch does; a no-op for these inputs */
    uint32_t bits = cogi_f32_bits(xin);
    float a = cogi_f32_from(bits & 0x7fffffffu);
    int32_t q = (int32_t)(float)(a * (float)1.27323954473516f); /* 4/pi, truncated */
    float y, x, z, yc, ys, cv, sv;
    uint32_t sign_sin, sign_cos, poly;
    q = (q + 1) & ~1;
    y = (float)q;
    sign_sin = (bits & 0x80000000u) ^ (((uint32_t)q & 4u) << 29);
    sign_cos = (~((uint32_t)q - 2u) & 4u) << 29;
    poly = (((uint32_t)q & 2u) >> 1) - 1u; /* all ones: sine from the sine polynomial */
    /* Extended precision modular arithmetic x -= y*pi/4 in three pieces.
     * y*DP1 and y*DP2 are exact (y <= 8); y*DP3 is not: fused. */
    a = a + y * -0.78515625f;
    a = a + y * -2.4187564849853515625e-4f;
    x = COGI_FMAF(hw, y, -3.77489497744594108e-8f, a);
    z = x * x;
    /* Cephes coscof and sincof, Horner steps fused */
    yc = COGI_FMAF(hw, 2.443315711809948E-005f, z, -1.388731625493765E-003f);
    yc = COGI_FMAF(hw, yc, z, 4.166664568298827E-002f);
    ys = COGI_FMAF(hw, -1.9515295891E-4f, z, 8.3321608736E-3f);
    ys = COGI_FMAF(hw, ys, z, -1.6666654611E-1f);
    /* cosine: y*z*z - z*0.5 + 1 with the (y*z)*z product fused (z*0.5 is
     * exact); sine: y*z*x + x fused */
    cv = COGI_FMAF(hw, yc * z, z, -(0.5f * z)) + 1.0f;
    sv = COGI_FMAF(hw, ys * z, x, x);
    /* torch selects with masks and adds the masked-out +0: keep it */
    *s = cogi_f32_from(cogi_f32_bits(cogi_f32_sel(poly, sv, cv) + 0.0f) ^ sign_sin);
    *c = cogi_f32_from(cogi_f32_bits(cogi_f32_sel(poly, cv, sv) + 0.0f) ^ sign_cos);
}

/* v[j] = sqrtf(v[j]) for COGI_RANDN_L lanes (layer 6 has a vector one:
 * sqrtf may set errno, so compilers do not vectorise this loop at -O2). */
COGI_INLINE void cogi_sqrtf_lanes(float v[COGI_RANDN_L])
{
    int j;
    for (j = 0; j < COGI_RANDN_L; ++j) v[j] = sqrtf(v[j]);
}

/* normal_fill_16_AVX2 on COGI_RANDN_K blocks of 16 values: block b's
 * uniforms are the low 24 bits of words w[16b..16b+15] times 2^-24, and
 * Box-Muller pairs its values j and j+8 (lane 8b+j here). */
/* Over blocks b the lanes are 16 floats apart: clang -march=native would
 * vectorise that loop with gathers and scatters (much slower); keep it to
 * the contiguous inner loop. First the squared radii and the angles'
 * sines and cosines, lane by lane: */
COGI_INLINE void cogi_randn_polar(const uint32_t *w, float *rad, float *sn,
                                  float *cs, int hw)
{
    int b, j;
    COGI_NO_VEC_OUTER
    for (b = 0; b < COGI_RANDN_K; ++b)
        for (j = 0; j < 8; ++j) {
            /* exact: 24-bit integers times 2^-24 */
            float u1 = (float)(int32_t)(w[16 * b + j] & 0xffffffu) * (1.0f / 16777216.0f);
            float u2 = (float)(int32_t)(w[16 * b + 8 + j] & 0xffffffu) * (1.0f / 16777216.0f);
            int l = 8 * b + j;
            /* 1 - u: [0,1) -> (0,1], exact; theta = (float)(2*pi) * u */
            rad[l] = -2.0f * cogi_logf_cephes(1.0f - u1, hw);
            cogi_sincosf_cephes((float)6.28318530717958647692f * u2, &sn[l], &cs[l], hw);
        }
}

/* then, once the radii are square-rooted, the values. */
COGI_INLINE void cogi_randn_finish(const float *rad, const float *sn,
                                   const float *cs, float *d)
{
    int b, j;
    COGI_NO_VEC_OUTER
    for (b = 0; b < COGI_RANDN_K; ++b)
        for (j = 0; j < 8; ++j) {
            int l = 8 * b + j;
            /* fmadd(n, std=1, mean=0): same value, except -0 becomes +0 */
            d[16 * b + j] = rad[l] * cs[l] + 0.0f;
            d[16 * b + 8 + j] = rad[l] * sn[l] + 0.0f;
        }
}

static void cogi_randn_batch(const uint32_t *w, float *d)
{
    float rad[COGI_RANDN_L], sn[COGI_RANDN_L], cs[COGI_RANDN_L];
    cogi_randn_polar(w, rad, sn, cs, 0);
    cogi_sqrtf_lanes(rad);
    cogi_randn_finish(rad, sn, cs, d);
}

/* torch first fills all n uniforms, then transforms whole blocks of 16;
 * drawing and transforming a batch at a time takes the same words in the
 * same order and stays in cache. When n % 16 != 0, torch's uniforms for
 * out[n/16*16..n-1] are overwritten: skip those words and recompute
 * out[n-16..n-1] from 16 fresh ones. */
static void cogi_randn_fill(cogi_mt *mt, float *out, size_t n)
{
    enum { B = 16 * COGI_RANDN_K };
    uint32_t w[B];
    float d[B];
    size_t i, k, m, t, full = n / 16 * 16;
    cogi_kernels kt;
    cogi_kernels_init(&kt);
    for (i = 0; i + B <= full; i += B) {
        cogi_mt_take(&kt, mt, w, B);
        kt.randn_batch(w, out + i);
    }
    m = full - i; /* whole blocks left, fewer than a batch: m <= B - 16 */
    t = full != n ? 16 : 0;
    if (m + t == 0) return;
    cogi_mt_take(&kt, mt, w, m);
    if (t) {
        for (k = full; k < n; ++k) (void)cogi_mt_next(mt);
        cogi_mt_take(&kt, mt, w + m, 16);
    }
    memset(w + m + t, 0, (B - m - t) * sizeof *w); /* padding lanes */
    kt.randn_batch(w, d);
    memcpy(out + i, d, m * sizeof *d);
    if (t) memcpy(out + (n - 16), d + m, 16 * sizeof *d);
}


COGDEF cog_result cog_randn_torch(uint64_t seed, float *out, size_t n)
{
    cogi_mt mt;
    size_t i;
    if (n == 0) return COG_OK;
    if (out == NULL) return COG_ERR_ARG;
    cogi_mt_seed(&mt, (uint32_t)(seed & 0xffffffffu));

    if (n < 16) {
        /* cpu_serial_kernel over at::normal_distribution<double>; the
         * generator's cached second sample is consumed by the next element */
        double cached = 0.0;
        int have_cached = 0;
        for (i = 0; i < n; ++i) {
            double u1, u2, r, th;
            if (have_cached) {
                out[i] = (float)(cached + 0.0); /* val*std + mean: -0 -> +0 */
                have_cached = 0;
                continue;
            }
            u1 = cogi_uniform53(&mt);
            u2 = cogi_uniform53(&mt);
            r = sqrt(-2.0 * log(1.0 - u2));
            th = 2.0 * 3.14159265358979323846 * u1;
            cached = r * sin(th);
            have_cached = 1;
            out[i] = (float)(r * cos(th) + 0.0);
        }
        return COG_OK;
    }

    cogi_randn_fill(&mt, out, n);
    return COG_OK;
}

/* ---- seed workflows: "NV" noise, keyframe walks, variation arcs, blends */

/* One Philox4x32-10 block (Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3", SC 2011): ten rounds of two 32x32->64-bit multiplications,
 * the key bumped by the Weyl constants between rounds. */
static void cogi_philox4x32_10(uint32_t ctr[4], uint32_t k0, uint32_t k1)
{
    int r;
    for (r = 0; r < 10; ++r) {
        const uint64_t p0 = (uint64_t)0xD2511F53u * ctr[0];
        const uint64_t p1 = (uint64_t)0xCD9E8D57u * ctr[2];
        const uint32_t c1 = ctr[1], c3 = ctr[3];
        ctr[0] = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        ctr[1] = (uint32_t)p1;
        ctr[2] = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        ctr[3] = (uint32_t)p0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

/* Exact: u = w0 c + c/2 is a double product and a double sum in the
 * NumPy code this reproduces, never one fused multiply-add. */
COGI_EXACT_BEGIN
COGDEF cog_result cog_randn_nv(uint64_t seed, uint32_t offset, float *out,
                               size_t n)
{
    /* the float32 constants of the reference, widened to double exactly */
    const double c = (double)(float)2.3283064e-10;
    const double d = (double)(float)(2.3283064e-10 * 6.2831855);
    const uint32_t k0 = (uint32_t)(seed & 0xffffffffu);
    const uint32_t k1 = (uint32_t)(seed >> 32);
    size_t i;
    if (n == 0) return COG_OK;
    if (out == NULL) return COG_ERR_ARG;
#if SIZE_MAX > 0xffffffffu /* (a 32-bit size_t cannot exceed the counter) */
    if ((uint64_t)(n - 1) > 0xffffffffu) return COG_ERR_ARG;
#endif
    for (i = 0; i < n; ++i) {
        uint32_t ctr[4];
        double u, v;
        ctr[0] = offset;
        ctr[1] = 0;
        ctr[2] = (uint32_t)i;
        ctr[3] = 0;
        cogi_philox4x32_10(ctr, k0, k1);
        u = (double)ctr[0] * c + c * 0.5;
        v = (double)ctr[1] * d + d * 0.5;
        out[i] = (float)(sqrt(-2.0 * log(u)) * sin(v));
    }
    return COG_OK;
}
COGI_EXACT_END

#endif /* COG_NO_SEEDS */

/* ---- keyframe walks and arcs */

COGDEF cog_result cog_arc_weights(double t, double *w)
{
    if (!w) return COG_ERR_ARG;
    if (!cogi_finite(t)) return COG_ERR_NONFINITE;
    w[0] = COG_SIN((1.0 - t) * (COGI_PI / 2));
    w[1] = COG_SIN(t * (COGI_PI / 2));
    return COG_OK;
}

static int cogi_walk_spec_ok(const cog_walk_spec *sp)
{
    return sp && sp->keyframes >= 1 && sp->frames >= 1 &&
           sp->hold < sp->frames && (sp->loop == 0 || sp->loop == 1) &&
           sp->path >= COG_WALK_LINEAR && sp->path <= COG_WALK_BSPLINE &&
           sp->ease >= COG_EASE_LINEAR && sp->ease <= COG_EASE_COSINE;
}

COGDEF cog_result cog_walk_length(const cog_walk_spec *spec, size_t *frames)
{
    size_t segs;
    if (!frames || !cogi_walk_spec_ok(spec)) return COG_ERR_ARG;
    segs = spec->loop ? spec->keyframes : spec->keyframes - 1;
    if (segs > ((size_t)-1 - 1 - spec->hold) / spec->frames) return COG_ERR_ARG;
    *frames = segs * spec->frames + (spec->loop ? 0 : 1 + spec->hold);
    return COG_OK;
}

/* Segment of frame f (f < length) and its local parameter t in [0, 1). */
static size_t cogi_walk_segment(const cog_walk_spec *sp, size_t f, double *t)
{
    const size_t n = sp->frames, h = sp->hold;
    size_t seg = f / n, j = f % n;
    if (!sp->loop && seg >= sp->keyframes - 1) { /* the end and its holds */
        seg = sp->keyframes - 1;
        j = 0;
    }
    *t = j <= h ? 0.0 : (double)(j - h) / (double)(n - h);
    return seg;
}

/* Keyframe index seg + d (d in -1..2), wrapped (loop) or clamped. */
static size_t cogi_walk_neighbour(const cog_walk_spec *sp, size_t seg, int d)
{
    const size_t k = sp->keyframes;
    if (sp->loop) return (seg + k + (size_t)(d + 1) - 1) % k;
    if (d < 0) return seg == 0 ? 0 : seg - 1;
    return seg + (size_t)d >= k ? k - 1 : seg + (size_t)d;
}

/* The four path weights on keyframes seg-1, seg, seg+1, seg+2 at t. */
static void cogi_walk_path_weights(const cog_walk_spec *sp, double t,
                                   double *c)
{
    double s = t, s2, s3;
    if (sp->ease == COG_EASE_SMOOTHSTEP) s = t * t * (3.0 - 2.0 * t);
    else if (sp->ease == COG_EASE_COSINE)
        s = 0.5 - 0.5 * cos(COGI_PI * t);
    s2 = s * s;
    s3 = s2 * s;
    c[0] = c[1] = c[2] = c[3] = 0.0;
    switch (sp->path) {
    case COG_WALK_LINEAR:
        c[1] = 1.0 - s;
        c[2] = s;
        break;
    case COG_WALK_ARC:
        (void)cog_arc_weights(s, c + 1);
        break;
    case COG_WALK_CATMULL_ROM:
        c[0] = 0.5 * (-s3 + 2.0 * s2 - s);
        c[1] = 0.5 * (3.0 * s3 - 5.0 * s2 + 2.0);
        c[2] = 0.5 * (-3.0 * s3 + 4.0 * s2 + s);
        c[3] = 0.5 * (s3 - s2);
        break;
    case COG_WALK_BSPLINE:
        c[0] = (1.0 - s) * (1.0 - s) * (1.0 - s) / 6.0;
        c[1] = (3.0 * s3 - 6.0 * s2 + 4.0) / 6.0;
        c[2] = (-3.0 * s3 + 3.0 * s2 + 3.0 * s + 1.0) / 6.0;
        c[3] = s3 / 6.0;
        break;
    }
}

/* The distinct keyframes of segment seg (ascending) and, for each of the
 * four neighbours, its slot among them. Returns the number of keyframes. */
static size_t cogi_walk_terms(const cog_walk_spec *sp, size_t seg,
                              size_t *idx, size_t *slot)
{
    size_t n = 0, d, i, nb[4];
    for (d = 0; d < 4; ++d) nb[d] = cogi_walk_neighbour(sp, seg, (int)d - 1);
    for (d = 0; d < 4; ++d) { /* insertion into the sorted distinct list */
        for (i = 0; i < n && idx[i] < nb[d]; ++i) {}
        if (i == n || idx[i] != nb[d]) {
            memmove(idx + i + 1, idx + i, (n - i) * sizeof *idx);
            idx[i] = nb[d];
            ++n;
        }
    }
    for (d = 0; d < 4; ++d)
        for (i = 0; i < n; ++i)
            if (idx[i] == nb[d]) slot[d] = i;
    return n;
}

/* Weights of frame f on the distinct keyframes of its segment. */
static size_t cogi_walk_row(const cog_walk_spec *sp, size_t f, size_t *seg,
                            size_t *idx, double *w)
{
    size_t slot[4], n, d;
    double t, c[4];
    *seg = cogi_walk_segment(sp, f, &t);
    n = cogi_walk_terms(sp, *seg, idx, slot);
    cogi_walk_path_weights(sp, t, c);
    for (d = 0; d < n; ++d) w[d] = 0.0;
    for (d = 0; d < 4; ++d) w[slot[d]] += c[d];
    if (n == 1) w[0] = 1.0; /* one keyframe: exactly it, whatever the path */
    return n;
}

COGDEF cog_result cog_walk_weights(const cog_walk_spec *spec, size_t f,
                                   size_t *idx, double *w, size_t *n)
{
    size_t len, seg, i, m, ix[4];
    double ww[4];
    if (!idx || !w || !n || cog_walk_length(spec, &len) != COG_OK || f >= len)
        return COG_ERR_ARG;
    m = cogi_walk_row(spec, f, &seg, ix, ww);
    /* a frame at a keyframe: exactly that keyframe */
    for (i = 0; i < m && !(ww[i] == 1.0); ++i) {}
    if (i < m && spec->path != COG_WALK_BSPLINE) {
        idx[0] = ix[i];
        w[0] = 1.0;
        *n = 1;
        return COG_OK;
    }
    for (i = 0; i < m; ++i) {
        idx[i] = ix[i];
        w[i] = ww[i];
    }
    *n = m;
    return COG_OK;
}

#define COGI_WALK_BLOCK 32

COGDEF cog_result cog_walk(const float *const *x, const cog_walk_spec *spec,
                           size_t dim, const float *mean, size_t mean_len,
                           size_t first, size_t count, float *const *out)
{
    double w[COGI_WALK_BLOCK * 4];
    const float *xs[4];
    size_t len, i, k, f, idx[4], seg, nk;
    int nonfinite = 0;
    cog_result st;
    if (cog_walk_length(spec, &len) != COG_OK || !out || count == 0 ||
        first >= len || count > len - first)
        return COG_ERR_ARG;
    k = spec->keyframes;
    st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    for (i = 0; i < count; ++i) {
        if (!out[i] || (mean_len != 0 && (const float *)out[i] == mean))
            return COG_ERR_ARG;
        for (f = 0; f < k; ++f)
            if ((const float *)out[i] == x[f]) return COG_ERR_ARG;
    }
    st = cogi_check_mean(mean, mean_len, dim);
    if (st != COG_OK) return st;
    for (i = 0; i < count;) {
        /* a block: consecutive frames of one segment, at most 32, whose
         * rows of nk weights are packed for one batch */
        size_t b = 1, seg0, j;
        nk = cogi_walk_row(spec, first + i, &seg0, idx, w);
        COG_ASSERT(nk >= 1 && nk <= 4);
        while (i + b < count && b < COGI_WALK_BLOCK) {
            size_t ix[4];
            double row[4];
            (void)cogi_walk_row(spec, first + i + b, &seg, ix, row);
            if (seg != seg0) break;
            memcpy(w + b * nk, row, nk * sizeof *w);
            ++b;
        }
        for (j = 0; j < nk; ++j) xs[j] = x[idx[j]];
        st = cog_combine_batch(xs, nk, dim, w, b, mean, mean_len, out + i);
        if (st == COG_ERR_NONFINITE) nonfinite = 1;
        else if (st != COG_OK) return st; /* cannot happen: checked above */
        i += b;
    }
    return nonfinite ? COG_ERR_NONFINITE : COG_OK;
}

/* ---- regional blends */

COGI_EXACT_BEGIN
COGDEF cog_result cog_blend(const float *const *x, size_t k, size_t dim,
                            const float *const *masks, size_t mask_dim,
                            const float *mean, size_t mean_len, float *out)
{
    size_t i, j, mj = 0;
    int ok = 1;
    float mean0 = 0.0f;
    cog_result st = cogi_check_latents(x, k, dim);
    if (st != COG_OK) return st;
    if (!masks || !out || mask_dim == 0 || dim % mask_dim != 0)
        return COG_ERR_ARG;
    for (i = 0; i < k; ++i) /* a shorter map is read again after out[j] */
        if (!masks[i] || (masks[i] == out && mask_dim != dim))
            return COG_ERR_ARG;
    if (mean_len != 0 && (!mean || (mean_len != 1 && mean_len != dim)))
        return COG_ERR_ARG;
    for (i = 0; i < k; ++i)
        if (!cogi_all_finite_f(masks[i], mask_dim))
            return COG_ERR_NONFINITE;
    if (mean_len != 0 && !cogi_all_finite_f(mean, mean_len))
        return COG_ERR_NONFINITE;
    if (mean_len == 1) mean0 = mean[0]; /* out may be that buffer */
    for (j = 0; j < dim; ++j) {
        double alpha = 0.0, beta = 0.0, acc = 0.0, scale, m;
        float z;
        for (i = 0; i < k; ++i) {
            const double w = masks[i][mj];
            alpha += w;
            beta += w * w;
        }
        if (beta < COG_ZERO_BETA) { /* equal weights: the COG centroid */
            scale = 1.0 / COG_SQRT((double)k);
            for (i = 0; i < k; ++i) acc += (double)x[i][j];
            acc *= scale;
            m = 1.0 - COG_SQRT((double)k);
        } else {
            scale = 1.0 / COG_SQRT(beta);
            for (i = 0; i < k; ++i) acc += (double)masks[i][mj] * x[i][j];
            acc *= scale;
            m = 1.0 - alpha * scale;
        }
        if (mean_len != 0) acc += m * (double)(mean_len == 1 ? mean0 : mean[j]);
        z = (float)acc;
        ok &= cogi_finite(z);
        out[j] = z;
        if (++mj == mask_dim) mj = 0;
    }
    return ok ? COG_OK : COG_ERR_NONFINITE;
}
COGI_EXACT_END

/* ======================================== end layer 5: seed generators */

/* ======================================= begin layer 6: fast kernels */
/* Optional (COG_NO_FAST_KERNELS leaves the layer out): the same passes as
 * layers 2 and 5, doing the same operations in the same order, so the same
 * bits (test_plain, test_kernels_plain and test_randn_plain hold them to
 * it), only faster:
 *   - GNU vector extensions (gcc, clang) hold the combine and dot-product
 *     sums in vectors, which gcc -O2 does not form from scalar code. They
 *     are not intrinsics: the compiler lowers them to the instruction set
 *     of each build (SSE2 pairs, AVX2, NEON).
 *   - On x86, when the unit is not compiled for AVX2, the kernels are also
 *     built for AVX2 (combine: no FMA; dot products: FMA on exact products;
 *     randn: the fused operations torch itself uses, which layer 5
 *     emulates) and chosen at run time.
 *   - cogi_setup_fast_kernels installs them in the kernel table, once per
 *     call of a public function. */
#ifdef COGI_FAST_KERNELS

COGI_EXACT_BEGIN /* the combine kernels; the dot products come after */

#ifdef COGI_HAS_VECTOR_EXT
typedef float cogi_v8 __attribute__((vector_size(32)));
typedef int32_t cogi_vi8 __attribute__((vector_size(32)));
typedef double cogi_vd4 __attribute__((vector_size(32)));
typedef uint32_t cogi_vu8 __attribute__((vector_size(32)));

/* ---- register-blocked combine ----------------------------------------------
 * These kernels keep a tile of outputs in registers while the inputs
 * stream through it, so the work is mul and add rather than accumulator
 * loads and stores: a batch runs 4 rows x 16 floats per tile, each input's
 * tile loaded once for the 4 rows, up to a group of inputs between a load
 * and a store of the outputs; a lone row runs 64 floats. Per element the
 * operations are the portable loop's ((acc + c0 x0) + c1 x1) + ..., mul
 * then add, and a float stored and loaded again is the same float, so the
 * bits are the same. The portable loop takes the last dim mod 16 (64)
 * elements and lone rows of more than COGI_ROW_MAX_K inputs. */
#define COGI_TILE 16 /* elements per batch tile */
/* Inputs per visit of a batch tile, and floats of packed input tiles, on
 * the stack and in caller scratch (COG_BATCH_SCRATCH_BYTES): the packed
 * runs of each input are PACK / COGI_TILE / GROUP tiles long at least, and
 * long runs keep batches of many inputs at memory speed (BENCHMARKS.md has
 * what the stack's short runs cost). */
#define COGI_STACK_GROUP 16
#define COGI_STACK_PACK 1024
#define COGI_SCRATCH_GROUP 64
#define COGI_SCRATCH_PACK 8192
/* Elements per batch span: each group of inputs runs over a span before
 * the next group adds to it, with coefficients computed once per span. */
#define COGI_SPAN 4096
/* Batch outputs are fetched (write-allocate) from up to 32 streams at once,
 * too many for the hardware prefetchers: each row's line COGI_OUT_PREFETCH
 * floats ahead is prefetched into L2 (BENCHMARKS.md has the figures). A
 * read prefetch: the write form (prefetchw where -march has it) fetches
 * into L1, where 4 KiB-aliased rows evict each other, and is slower than
 * none. */
#define COGI_OUT_PREFETCH 256
#define COGI_PASS_ROWS 32    /* most rows per batch pass */
/* Most inputs for the lone-row kernel: beyond, the portable loop's runs of
 * 512 or 2048 floats per input suit the prefetchers better than k streams
 * advancing 256 bytes at a time. */
#define COGI_ROW_MAX_K 8
typedef char cogi_tiles_fit[COGI_STACK_PACK >= COGI_TILE * COGI_STACK_GROUP &&
                                    COGI_SCRATCH_PACK >=
                                        COGI_TILE * COGI_SCRATCH_GROUP
                                ? 1
                                : -1];
/* the coefficients, then the tiles from the next 64-byte line */
typedef char cogi_scratch_fits[(COGI_PASS_ROWS * COGI_SCRATCH_GROUP +
                                COGI_SCRATCH_PACK + 16) *
                                           sizeof(float) ==
                                       COG_BATCH_SCRATCH_BYTES
                                   ? 1
                                   : -1];

/* p moved up to a 64-byte boundary (p float-aligned, 15 floats of room):
 * 32-byte loads of a tile never straddle two cache lines, which costs up to
 * a third of a batch's time (malloc's 16-byte alignment). */
COGI_INLINE float *cogi_line_start(float *p)
{
    return p + (64u - (unsigned)((uintptr_t)p % 64u)) % 64u / sizeof(float);
}

/* Vectors go by pointer: by value they change the ABI without AVX
 * (-Wpsabi), even when inlined. */
COGI_INLINE void cogi_vld(cogi_v8 *v, const float *p)
{
    memcpy(v, p, sizeof *v);
}
COGI_INLINE void cogi_vst(float *p, const cogi_v8 *v)
{
    memcpy(p, v, sizeof *v);
}
/* s in every lane, as a shuffle of lane 0: gcc builds {s, s, ...} lane by
 * lane (eight inserts, and a bogus -Wmaybe-uninitialized). */
COGI_INLINE void cogi_vset(cogi_v8 *v, float s)
{
    cogi_v8 t = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    t[0] = s;
#ifdef COGI_CLANG
    *v = __builtin_shufflevector(t, t, 0, 0, 0, 0, 0, 0, 0, 0);
#else
    {
        const cogi_vi8 z = {0, 0, 0, 0, 0, 0, 0, 0};
        *v = __builtin_shuffle(t, z);
    }
#endif
}

/* Start value of an accumulator for elements [j, j + 8) of a row: m *
 * mean, or mv, the constant m * mean[0] (0 without a mean). */
COGI_INLINE void cogi_vinit_row(cogi_v8 *a, const float *mean,
                                size_t mean_len, size_t j, float m, float mv)
{
    if (mean_len > 1) {
        cogi_vld(a, mean + j);
        *a = *a * m;
    } else {
        cogi_vset(a, mv);
    }
}
/* a += x * c; the coefficient is a broadcast load */
COGI_INLINE void cogi_vstep(cogi_v8 *a, const cogi_v8 *x, float c)
{
    *a = *a + *x * c;
}
/* Store to the output and fold its COGI_NONFINITE_F bits into s. */
COGI_INLINE void cogi_vdone(float *o, const cogi_v8 *a, cogi_vu8 *s)
{
    cogi_vu8 u;
    cogi_vst(o, a);
    memcpy(&u, a, sizeof u);
    *s |= (u & COGI_EXP_F) + 0x00800000u;
}

/* The rows of a batch pass, as its tiles see them */
typedef struct cogi_tile_rows {
    float *const *o; /* the rows' outputs */
    const float *m;  /* m_r per row */
    const float *mv; /* m_r * mean[0] per row (0 without a mean) */
    const float *mean;
    size_t mean_len;
} cogi_tile_rows;

/* A tile's first group of inputs (F) starts from the mean, a later one from
 * the outputs; the last group (L) checks what it stores. */
COGI_INLINE void cogi_tile_start(cogi_v8 *a0, cogi_v8 *a1,
                                 const cogi_tile_rows *t, size_t r, size_t j,
                                 int F)
{
    if (F) {
        cogi_vinit_row(a0, t->mean, t->mean_len, j, t->m[r], t->mv[r]);
        cogi_vinit_row(a1, t->mean, t->mean_len, j + 8, t->m[r], t->mv[r]);
    } else {
        cogi_vld(a0, t->o[r] + j);
        cogi_vld(a1, t->o[r] + j + 8);
    }
}
COGI_INLINE void cogi_tile_end(const cogi_v8 *a0, const cogi_v8 *a1,
                               const cogi_tile_rows *t, size_t r, size_t j,
                               int L, cogi_vu8 *s)
{
    if (L) {
        cogi_vdone(t->o[r] + j, a0, s);
        cogi_vdone(t->o[r] + j + 8, a1, s);
    } else {
        cogi_vst(t->o[r] + j, a0);
        cogi_vst(t->o[r] + j + 8, a1);
    }
}

/* Elements [j, j + 16) of the R rows q, q + 1, ... of t (R constant after
 * inlining), g inputs: xp holds their tiles back to back, cf the rows'
 * coefficients (stride g). Eight accumulators: independent add chains, and
 * room in 16 registers for the input tile and a coefficient. */
COGI_INLINE void cogi_batch_tile(const float *xp, size_t g, const float *cf,
                                 const cogi_tile_rows *t, size_t q, size_t j,
                                 const int R, int F, int L, cogi_vu8 *chk)
{
    const cogi_v8 zero = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    cogi_v8 a00 = zero, a01 = zero, a10 = zero, a11 = zero;
    cogi_v8 a20 = zero, a21 = zero, a30 = zero, a31 = zero;
    cogi_vu8 s = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i;
    cogi_tile_start(&a00, &a01, t, q, j, F);
    if (R > 1) cogi_tile_start(&a10, &a11, t, q + 1, j, F);
    if (R > 2) cogi_tile_start(&a20, &a21, t, q + 2, j, F);
    if (R > 3) cogi_tile_start(&a30, &a31, t, q + 3, j, F);
    for (i = 0; i < g; ++i) {
        cogi_v8 x0, x1;
        cogi_vld(&x0, xp + i * COGI_TILE);
        cogi_vld(&x1, xp + i * COGI_TILE + 8);
        cogi_vstep(&a00, &x0, cf[i]);
        cogi_vstep(&a01, &x1, cf[i]);
        if (R > 1) {
            cogi_vstep(&a10, &x0, cf[g + i]);
            cogi_vstep(&a11, &x1, cf[g + i]);
        }
        if (R > 2) {
            cogi_vstep(&a20, &x0, cf[2 * g + i]);
            cogi_vstep(&a21, &x1, cf[2 * g + i]);
        }
        if (R > 3) {
            cogi_vstep(&a30, &x0, cf[3 * g + i]);
            cogi_vstep(&a31, &x1, cf[3 * g + i]);
        }
    }
    cogi_tile_end(&a00, &a01, t, q, j, L, &s);
    if (R > 1) cogi_tile_end(&a10, &a11, t, q + 1, j, L, &s);
    if (R > 2) cogi_tile_end(&a20, &a21, t, q + 2, j, L, &s);
    if (R > 3) cogi_tile_end(&a30, &a31, t, q + 3, j, L, &s);
    if (L) *chk |= s;
}

/* Elements [j, j + 16) of all nr rows of t: four rows at a time, then the
 * last nr mod 4. */
COGI_INLINE void cogi_batch_tiles(const float *xp, size_t g, const float *cf,
                                  const cogi_tile_rows *t, size_t nr,
                                  size_t j, int F, int L, cogi_vu8 *chk)
{
    size_t q;
    for (q = 0; q + 4 <= nr; q += 4)
        cogi_batch_tile(xp, g, cf + q * g, t, q, j, 4, F, L, chk);
    switch (nr - q) {
    case 3: cogi_batch_tile(xp, g, cf + q * g, t, q, j, 3, F, L, chk); break;
    case 2: cogi_batch_tile(xp, g, cf + q * g, t, q, j, 2, F, L, chk); break;
    case 1: cogi_batch_tile(xp, g, cf + q * g, t, q, j, 1, F, L, chk); break;
    default: break;
    }
}

/* Batch rows [s0, s0 + nr) (nr <= COGI_PASS_ROWS, pairwise distinct
 * outputs when k > group) over elements [j0, je), a multiple of 16.
 * Latents of a power-of-two size sit at the same address mod 4 KiB, so the
 * tiles of k inputs read in place share one L1 set (8 ways) and are
 * evicted before the next rows use them. So blocks of n elements of up to
 * a group of inputs are first copied input by input (runs of n floats,
 * which the prefetchers follow) into xb, tile-major, and every row then
 * runs over each tile while it is in L1. With more inputs, each group runs
 * over a span of COGI_SPAN elements and the next one adds to the span's
 * outputs; the coefficients of a group are computed once per span, so cf
 * holds a group of them per row, not k. xb and cf are the caller's scratch
 * if the job has it (long runs, groups of 64), else on the stack. */
COGI_INLINE void cogi_batch_pass(const cogi_combine_job *job, size_t j0,
                                 size_t je, size_t s0, size_t nr,
                                 cogi_vu8 *chk)
{
    const float *const *x = job->x;
    const size_t k = job->k;
    const size_t group = job->scratch ? COGI_SCRATCH_GROUP : COGI_STACK_GROUP;
    const size_t gmax = k < group ? k : group;
    const size_t nb = (job->scratch ? COGI_SCRATCH_PACK : COGI_STACK_PACK) /
                      COGI_TILE / gmax * COGI_TILE;
    float cf_stack[COGI_PASS_ROWS * COGI_STACK_GROUP];
    float xb_stack[COGI_STACK_PACK + 16];
    float *const cf = job->scratch ? job->scratch : cf_stack;
    float *const xb = cogi_line_start(
        job->scratch ? job->scratch + COGI_PASS_ROWS * COGI_SCRATCH_GROUP
                     : xb_stack);
    float m[COGI_PASS_ROWS], mv[COGI_PASS_ROWS];
    cogi_row rows[COGI_PASS_ROWS];
    const double *wr[COGI_PASS_ROWS];
    cogi_tile_rows t;
    size_t r, i, i0, j, jb, sb, g;
    int first, last;
    for (r = 0; r < nr; ++r) {
        rows[r] = cogi_job_row(job, s0 + r, &wr[r]);
        m[r] = (float)rows[r].m;
        mv[r] = job->mean_len == 1 ? m[r] * job->mean[0] : 0.0f;
    }
    t.o = job->out + s0;
    t.m = m;
    t.mv = mv;
    t.mean = job->mean;
    t.mean_len = job->mean_len;
    for (sb = j0; sb < je; sb += COGI_SPAN) {
        const size_t se = je - sb < COGI_SPAN ? je : sb + COGI_SPAN;
        for (i0 = 0; i0 < k; i0 += g) {
            g = k - i0 < group ? k - i0 : group;
            for (r = 0; r < nr; ++r)
                for (i = 0; i < g; ++i)
                    cf[r * g + i] = cogi_coef(wr[r], i0 + i, &rows[r]);
            first = i0 == 0;
            last = i0 + g == k;
            for (jb = sb; jb < se; jb += nb) {
                const size_t n = se - jb < nb ? se - jb : nb;
                for (i = 0; i < g; ++i) { /* whole vectors: no store-
                                            * forwarding stalls when the
                                            * tiles read them */
                    const float *xi = x[i0 + i] + jb;
                    float *d = xb + i * COGI_TILE;
                    for (j = 0; j < n; j += COGI_TILE, d += g * COGI_TILE) {
                        cogi_v8 t0, t1;
                        cogi_vld(&t0, xi + j);
                        cogi_vld(&t1, xi + j + 8);
                        cogi_vst(d, &t0);
                        cogi_vst(d + 8, &t1);
                    }
                }
                for (j = 0; j < n; j += COGI_TILE) {
                    const float *xp = xb + j * g;
                    if (first && jb + j + COGI_OUT_PREFETCH < je)
                        for (r = 0; r < nr; ++r)
                            __builtin_prefetch(job->out[s0 + r] + jb + j +
                                                   COGI_OUT_PREFETCH,
                                               0, 1);
                    cogi_batch_tiles(xp, g, cf, &t, nr, jb + j, first, last,
                                     chk);
                }
            }
        }
    }
}

/* A lone row, elements [j, j + 64), coefficients cf: eight accumulators
 * again. out may be an input: a tile reads all its inputs before it
 * stores. */
COGI_INLINE void cogi_row_tile(const float *const *x, size_t k, size_t j,
                               const float *cf, float m, float mv, float *o,
                               const float *mean, size_t mean_len,
                               cogi_vu8 *chk)
{
    cogi_v8 a0, a1, a2, a3, a4, a5, a6, a7;
    cogi_vu8 s = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i;
    cogi_vinit_row(&a0, mean, mean_len, j, m, mv);
    cogi_vinit_row(&a1, mean, mean_len, j + 8, m, mv);
    cogi_vinit_row(&a2, mean, mean_len, j + 16, m, mv);
    cogi_vinit_row(&a3, mean, mean_len, j + 24, m, mv);
    cogi_vinit_row(&a4, mean, mean_len, j + 32, m, mv);
    cogi_vinit_row(&a5, mean, mean_len, j + 40, m, mv);
    cogi_vinit_row(&a6, mean, mean_len, j + 48, m, mv);
    cogi_vinit_row(&a7, mean, mean_len, j + 56, m, mv);
    for (i = 0; i < k; ++i) {
        const float *xi = x[i] + j;
        const float c = cf[i];
        cogi_v8 x0, x1, x2, x3;
        cogi_vld(&x0, xi);
        cogi_vld(&x1, xi + 8);
        cogi_vld(&x2, xi + 16);
        cogi_vld(&x3, xi + 24);
        cogi_vstep(&a0, &x0, c);
        cogi_vstep(&a1, &x1, c);
        cogi_vstep(&a2, &x2, c);
        cogi_vstep(&a3, &x3, c);
        cogi_vld(&x0, xi + 32);
        cogi_vld(&x1, xi + 40);
        cogi_vld(&x2, xi + 48);
        cogi_vld(&x3, xi + 56);
        cogi_vstep(&a4, &x0, c);
        cogi_vstep(&a5, &x1, c);
        cogi_vstep(&a6, &x2, c);
        cogi_vstep(&a7, &x3, c);
    }
    cogi_vdone(o + j, &a0, &s);
    cogi_vdone(o + j + 8, &a1, &s);
    cogi_vdone(o + j + 16, &a2, &s);
    cogi_vdone(o + j + 24, &a3, &s);
    cogi_vdone(o + j + 32, &a4, &s);
    cogi_vdone(o + j + 40, &a5, &s);
    cogi_vdone(o + j + 48, &a6, &s);
    cogi_vdone(o + j + 56, &a7, &s);
    *chk |= s;
}

/* A lone row (k <= COGI_ROW_MAX_K) over elements [j0, je), a multiple of
 * 64. */
COGI_INLINE void cogi_row_pass(const cogi_combine_job *job, size_t j0,
                               size_t je, cogi_vu8 *chk)
{
    float cf[COGI_ROW_MAX_K];
    const double *wr;
    const cogi_row row = cogi_job_row(job, 0, &wr);
    const float m = (float)row.m;
    const float mv = job->mean_len == 1 ? m * job->mean[0] : 0.0f;
    size_t i, j;
    for (i = 0; i < job->k; ++i) cf[i] = cogi_coef(wr, i, &row);
    for (j = j0; j < je; j += 64)
        cogi_row_tile(job->x, job->k, j, cf, m, mv, job->out[0], job->mean,
                      job->mean_len, chk);
}
#endif /* COGI_HAS_VECTOR_EXT */

/* Elements [j0, j1) of every output: whole tiles in the vector kernels,
 * the rest (j1 - j0 mod 16 or 64, or too many inputs) in the portable
 * loop; returns 1 if all of them are finite. */
#ifdef COGI_HAS_VECTOR_EXT
/* The batch kernel over [j0, je), a multiple of COGI_TILE, in passes of
 * rows. A pass of more inputs than a group keeps partial sums in its
 * outputs, so it ends before a row whose output an earlier row of the pass
 * writes too (that row then wins, as the rules for shared outputs say). A
 * function of its own (never inlined, one per build of the fast kernels):
 * its stack buffers (about 7 KiB) are there only while a batch runs, not
 * under every single-row combine. */
typedef void (*cogi_batch_fn)(const cogi_combine_job *job, size_t j0,
                              size_t je, cogi_vu8 *chk);
COGI_INLINE void cogi_batch_passes(const cogi_combine_job *job, size_t j0,
                                   size_t je, cogi_vu8 *chk)
{
    const size_t b = job->b;
    const int grouped =
        job->k > (job->scratch ? COGI_SCRATCH_GROUP : COGI_STACK_GROUP);
    size_t r0, nr, q;
    for (r0 = 0; r0 < b; r0 += nr) {
        for (nr = 1; nr < COGI_PASS_ROWS && r0 + nr < b; ++nr) {
            if (!grouped) continue;
            for (q = 0; q < nr && job->out[r0 + q] != job->out[r0 + nr]; ++q)
                ;
            if (q < nr) break;
        }
        cogi_batch_pass(job, j0, je, r0, nr, chk);
    }
}
COGI_NO_UNROLL_JAM __attribute__((noinline)) static void
cogi_batch_fast(const cogi_combine_job *job, size_t j0, size_t je,
                cogi_vu8 *chk)
{
    cogi_batch_passes(job, j0, je, chk);
}
#ifdef COGI_X86_DISPATCH
COGI_NO_UNROLL_JAM COGI_TARGET_AVX2 __attribute__((noinline)) static void
cogi_batch_avx2(const cogi_combine_job *job, size_t j0, size_t je,
                cogi_vu8 *chk)
{
    cogi_batch_passes(job, j0, je, chk);
}
#define COGI_BATCH_AVX2 cogi_batch_avx2
#endif
/* The portable loop for what the tiles leave, in a frame of its own too:
 * its 4 KiB block of sums is then not under the batch kernel's buffers. */
typedef uint32_t (*cogi_tail_fn)(const cogi_combine_job *job, size_t j0,
                                 size_t j1);
COGI_NO_UNROLL_JAM __attribute__((noinline)) static uint32_t
cogi_tail_fast(const cogi_combine_job *job, size_t j0, size_t j1)
{
    return cogi_combine_range_body(job, j0, j1);
}
#ifdef COGI_X86_DISPATCH
COGI_NO_UNROLL_JAM COGI_TARGET_AVX2 __attribute__((noinline)) static uint32_t
cogi_tail_avx2(const cogi_combine_job *job, size_t j0, size_t j1)
{
    return cogi_combine_range_body(job, j0, j1);
}
#define COGI_TAIL_AVX2 cogi_tail_avx2
#endif
#else
typedef void (*cogi_batch_fn)(void); /* no batch kernel without vectors */
typedef void (*cogi_tail_fn)(void);
#define COGI_BATCH_AVX2 NULL
#define COGI_TAIL_AVX2 NULL
#endif

COGI_INLINE int cogi_combine_fast_body(const cogi_combine_job *job, size_t j0,
                                       size_t j1, cogi_batch_fn batch,
                                       cogi_tail_fn tail)
{
#ifdef COGI_HAS_VECTOR_EXT
    cogi_vu8 vchk = {0, 0, 0, 0, 0, 0, 0, 0};
    const size_t k = job->k, b = job->b;
    uint32_t bad;
    int l;
    if (b >= 2) {
        const size_t je = j0 + (j1 - j0) / COGI_TILE * COGI_TILE;
        batch(job, j0, je, &vchk);
        j0 = je;
    } else if (b == 1 && k <= COGI_ROW_MAX_K) {
        const size_t je = j0 + (j1 - j0) / 64 * 64;
        cogi_row_pass(job, j0, je, &vchk);
        j0 = je;
    }
    bad = tail(job, j0, j1);
    for (l = 0; l < 8; ++l) bad |= vchk[l];
    return !(bad >> 31);
#else
    (void)batch;
    (void)tail;
    return !(cogi_combine_range_body(job, j0, j1) >> 31);
#endif
}

#ifdef COGI_HAS_VECTOR_EXT
COGI_NO_UNROLL_JAM static int cogi_combine_fast(const cogi_combine_job *job,
                                                size_t j0, size_t j1)
{
    return cogi_combine_fast_body(job, j0, j1, cogi_batch_fast,
                                  cogi_tail_fast);
}
#endif
#ifdef COGI_X86_DISPATCH
COGI_NO_UNROLL_JAM COGI_TARGET_AVX2 static int
cogi_combine_avx2(const cogi_combine_job *job, size_t j0, size_t j1)
{
    return cogi_combine_fast_body(job, j0, j1, COGI_BATCH_AVX2,
                                  COGI_TAIL_AVX2);
}
#endif

COGI_EXACT_END

/* ---- inner products in vectors ---------------------------------------------
 * The lanes of layer 2 as 4-double vectors: one widening, one multiply and
 * one add per four floats, the same sums in the same order. */
#ifdef COGI_HAS_VECTOR_EXT
/* Initialiser of a cogi_vd4 from four floats, which gcc and clang load and
 * widen in one instruction. (Macros, not functions: vector arguments have a
 * different ABI in the baseline and the AVX2 build.) */
#define COGI_F4(p)                                                           \
    {(double)(p)[0], (double)(p)[1], (double)(p)[2], (double)(p)[3]}
#define COGI_V4(p, v)                                                        \
    ((p)[0] = (v)[0], (p)[1] = (v)[1], (p)[2] = (v)[2], (p)[3] = (v)[3])
#define COGI_STORE16(s, v0, v1, v2, v3)                                      \
    (COGI_V4((s), v0), COGI_V4((s) + 4, v1), COGI_V4((s) + 8, v2),           \
     COGI_V4((s) + 12, v3))

COGI_INLINE void cogi_dot3_fast_body(const float *a, const float *b,
                                     size_t j0, size_t j1, double *part)
{
    const size_t n16 = j0 + (j1 - j0) / COGI_LANES * COGI_LANES;
    double s[3][COGI_LANES];
    size_t j;
    cogi_vd4 aa0 = {0, 0, 0, 0}, aa1 = aa0, aa2 = aa0, aa3 = aa0;
    cogi_vd4 ab0 = aa0, ab1 = aa0, ab2 = aa0, ab3 = aa0;
    cogi_vd4 bb0 = aa0, bb1 = aa0, bb2 = aa0, bb3 = aa0;
    for (j = j0; j < n16; j += COGI_LANES) {
        /* one pair of vectors at a time: 12 sums + 2 fit 16 registers */
        {
            const cogi_vd4 u0 = COGI_F4(a + j), v0 = COGI_F4(b + j);
            aa0 += u0 * u0;
            ab0 += u0 * v0;
            bb0 += v0 * v0;
        }
        {
            const cogi_vd4 u1 = COGI_F4(a + j + 4), v1 = COGI_F4(b + j + 4);
            aa1 += u1 * u1;
            ab1 += u1 * v1;
            bb1 += v1 * v1;
        }
        {
            const cogi_vd4 u2 = COGI_F4(a + j + 8), v2 = COGI_F4(b + j + 8);
            aa2 += u2 * u2;
            ab2 += u2 * v2;
            bb2 += v2 * v2;
        }
        {
            const cogi_vd4 u3 = COGI_F4(a + j + 12), v3 = COGI_F4(b + j + 12);
            aa3 += u3 * u3;
            ab3 += u3 * v3;
            bb3 += v3 * v3;
        }
    }
    COGI_STORE16(s[0], aa0, aa1, aa2, aa3);
    COGI_STORE16(s[1], ab0, ab1, ab2, ab3);
    COGI_STORE16(s[2], bb0, bb1, bb2, bb3);
    cogi_lanes_tail(a, a, n16, j1, s[0]);
    cogi_lanes_tail(a, b, n16, j1, s[1]);
    cogi_lanes_tail(b, b, n16, j1, s[2]);
    part[0] += cogi_sum_lanes(s[0]);
    part[1] += cogi_sum_lanes(s[1]);
    part[2] += cogi_sum_lanes(s[2]);
}

/* Three latents at a time share each widened vector of y (twelve sums and
 * two temporaries fit the 16 registers), then a pair or a single. */
COGI_INLINE void cogi_dots_fast_body(const float *const *x, size_t ni,
                                     const float *y, size_t j0, size_t j1,
                                     double *part)
{
    const size_t n16 = j0 + (j1 - j0) / COGI_LANES * COGI_LANES;
    double s[3][COGI_LANES];
    size_t i, j, a, g;
    for (i = 0; i < ni; i += g) {
        g = ni - i < 3 ? ni - i : 3;
        if (g == 3) {
            const float *x0 = x[i], *x1 = x[i + 1], *x2 = x[i + 2];
            cogi_vd4 p0 = {0, 0, 0, 0}, p1 = p0, p2 = p0, p3 = p0;
            cogi_vd4 q0 = p0, q1 = p0, q2 = p0, q3 = p0;
            cogi_vd4 r0 = p0, r1 = p0, r2 = p0, r3 = p0;
            for (j = j0; j < n16; j += COGI_LANES) {
#define COGI_DOTS3_STEP(o, p, q, r)                                          \
    do {                                                                     \
        const cogi_vd4 yo = COGI_F4(y + j + (o));                            \
        {                                                                    \
            const cogi_vd4 uo = COGI_F4(x0 + j + (o));                       \
            (p) += uo * yo;                                                  \
        }                                                                    \
        {                                                                    \
            const cogi_vd4 uo = COGI_F4(x1 + j + (o));                       \
            (q) += uo * yo;                                                  \
        }                                                                    \
        {                                                                    \
            const cogi_vd4 uo = COGI_F4(x2 + j + (o));                       \
            (r) += uo * yo;                                                  \
        }                                                                    \
    } while (0)
                COGI_DOTS3_STEP(0, p0, q0, r0);
                COGI_DOTS3_STEP(4, p1, q1, r1);
                COGI_DOTS3_STEP(8, p2, q2, r2);
                COGI_DOTS3_STEP(12, p3, q3, r3);
#undef COGI_DOTS3_STEP
            }
            COGI_STORE16(s[0], p0, p1, p2, p3);
            COGI_STORE16(s[1], q0, q1, q2, q3);
            COGI_STORE16(s[2], r0, r1, r2, r3);
        } else if (g == 2) {
            const float *x0 = x[i], *x1 = x[i + 1];
            cogi_vd4 p0 = {0, 0, 0, 0}, p1 = p0, p2 = p0, p3 = p0;
            cogi_vd4 q0 = p0, q1 = p0, q2 = p0, q3 = p0;
            for (j = j0; j < n16; j += COGI_LANES) {
#define COGI_DOTS2_STEP(o, p, q)                                             \
    do {                                                                     \
        const cogi_vd4 yo = COGI_F4(y + j + (o)), uo = COGI_F4(x0 + j + (o)); \
        const cogi_vd4 vo = COGI_F4(x1 + j + (o));                           \
        (p) += uo * yo;                                                      \
        (q) += vo * yo;                                                      \
    } while (0)
                COGI_DOTS2_STEP(0, p0, q0);
                COGI_DOTS2_STEP(4, p1, q1);
                COGI_DOTS2_STEP(8, p2, q2);
                COGI_DOTS2_STEP(12, p3, q3);
#undef COGI_DOTS2_STEP
            }
            COGI_STORE16(s[0], p0, p1, p2, p3);
            COGI_STORE16(s[1], q0, q1, q2, q3);
        } else {
            const float *x0 = x[i];
            cogi_vd4 p0 = {0, 0, 0, 0}, p1 = p0, p2 = p0, p3 = p0;
            for (j = j0; j < n16; j += COGI_LANES) {
                const cogi_vd4 y0 = COGI_F4(y + j), u0 = COGI_F4(x0 + j);
                const cogi_vd4 y1 = COGI_F4(y + j + 4);
                const cogi_vd4 u1 = COGI_F4(x0 + j + 4);
                const cogi_vd4 y2 = COGI_F4(y + j + 8);
                const cogi_vd4 u2 = COGI_F4(x0 + j + 8);
                const cogi_vd4 y3 = COGI_F4(y + j + 12);
                const cogi_vd4 u3 = COGI_F4(x0 + j + 12);
                p0 += u0 * y0;
                p1 += u1 * y1;
                p2 += u2 * y2;
                p3 += u3 * y3;
            }
            COGI_STORE16(s[0], p0, p1, p2, p3);
        }
        for (a = 0; a < g; ++a) {
            cogi_lanes_tail(x[i + a], y, n16, j1, s[a]);
            part[i + a] += cogi_sum_lanes(s[a]);
        }
    }
}

/* Each widened vector of a 2 x 2 block is used twice, and the 8 sums stay
 * in registers. */
COGI_INLINE void cogi_gram_fast_body(const float *const *x, size_t i0,
                                     size_t ni, size_t l0, size_t nl,
                                     size_t j0, size_t j1, double *part,
                                     size_t ld)
{
    const int same = i0 == l0;
    const size_t n8 = j0 + (j1 - j0) / 8 * 8;
    double s[4][8];
    size_t a, e, j;
    for (a = 0; a < ni; a += 2) {
        const float *r0 = x[i0 + a], *r1 = x[i0 + a + (a + 1 < ni)];
        for (e = same ? a : 0; e < nl; e += 2) {
            const float *c0 = x[l0 + e], *c1 = x[l0 + e + (e + 1 < nl)];
            cogi_vd4 p0l = {0, 0, 0, 0}, p0h = p0l, p1l = p0l, p1h = p0l;
            cogi_vd4 p2l = p0l, p2h = p0l, p3l = p0l, p3h = p0l;
            for (j = j0; j < n8; j += 8) {
                {
                    const cogi_vd4 ra = COGI_F4(r0 + j), rb = COGI_F4(r1 + j);
                    const cogi_vd4 ca = COGI_F4(c0 + j), cb = COGI_F4(c1 + j);
                    p0l += ra * ca;
                    p1l += ra * cb;
                    p2l += rb * ca;
                    p3l += rb * cb;
                }
                {
                    const cogi_vd4 ra = COGI_F4(r0 + j + 4);
                    const cogi_vd4 rb = COGI_F4(r1 + j + 4);
                    const cogi_vd4 ca = COGI_F4(c0 + j + 4);
                    const cogi_vd4 cb = COGI_F4(c1 + j + 4);
                    p0h += ra * ca;
                    p1h += ra * cb;
                    p2h += rb * ca;
                    p3h += rb * cb;
                }
            }
            COGI_V4(s[0], p0l), COGI_V4(s[0] + 4, p0h);
            COGI_V4(s[1], p1l), COGI_V4(s[1] + 4, p1h);
            COGI_V4(s[2], p2l), COGI_V4(s[2] + 4, p2h);
            COGI_V4(s[3], p3l), COGI_V4(s[3] + 4, p3h);
            cogi_gram_block_done(r0, r1, c0, c1, a, ni, e, nl, ld, n8, j1, s,
                                 part);
        }
    }
}
#else /* the AVX2 build of the portable bodies */
#define cogi_dot3_fast_body cogi_dot3_part_body
#define cogi_dots_fast_body cogi_dots_part_body
#define cogi_gram_fast_body cogi_gram_part_body
#endif /* COGI_HAS_VECTOR_EXT */

#ifdef COGI_HAS_VECTOR_EXT
COGI_MAY_FUSE static void cogi_gram_fast(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_gram_fast_body(job->x, job->i0, job->ni, job->l0, job->nl, j0, j1, p,
                        job->ld);
}
COGI_MAY_FUSE static void cogi_dots_fast(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_dots_fast_body(job->x + job->i0, job->ni, job->y, j0, j1, p);
}
COGI_MAY_FUSE static void cogi_dot3_fast(const cogi_dot_job *job, size_t j0,
                                         size_t j1, double *p)
{
    cogi_dot3_fast_body(job->x[0], job->x[1], j0, j1, p);
}
#endif
#ifdef COGI_X86_DISPATCH
COGI_MAY_FUSE COGI_TARGET_AVX2_FMA static void
cogi_gram_avx2(const cogi_dot_job *job, size_t j0, size_t j1, double *p)
{
    cogi_gram_fast_body(job->x, job->i0, job->ni, job->l0, job->nl, j0, j1, p,
                        job->ld);
}
COGI_MAY_FUSE COGI_TARGET_AVX2_FMA static void
cogi_dots_avx2(const cogi_dot_job *job, size_t j0, size_t j1, double *p)
{
    cogi_dots_fast_body(job->x + job->i0, job->ni, job->y, j0, j1, p);
}
COGI_MAY_FUSE COGI_TARGET_AVX2_FMA static void
cogi_dot3_avx2(const cogi_dot_job *job, size_t j0, size_t j1, double *p)
{
    cogi_dot3_fast_body(job->x[0], job->x[1], j0, j1, p);
}
#endif

/* ---- torch randn ---------------------------------------------------------- */
#ifndef COG_NO_SEEDS
/* SSE's sqrtps is the same IEEE square root as sqrtf (and torch's
 * _mm256_sqrt_ps), and vectorises where sqrtf, which may set errno, does
 * not. */
#ifdef COGI_HAS_SSE
typedef float cogi_f4 __attribute__((vector_size(16)));
COGI_INLINE void cogi_sqrtf_lanes_fast(float v[COGI_RANDN_L])
{
    int j;
    for (j = 0; j < COGI_RANDN_L; j += 4) {
        cogi_f4 t;
        memcpy(&t, v + j, sizeof t);
        t = __builtin_ia32_sqrtps(t);
        memcpy(v + j, &t, sizeof t);
    }
}
#else
#define cogi_sqrtf_lanes_fast cogi_sqrtf_lanes
#endif

/* cogi_randn_batch with the vector square root; hw: hardware FMA. */
COGI_INLINE void cogi_randn_batch_fast_body(const uint32_t *w, float *d,
                                            int hw)
{
    float rad[COGI_RANDN_L], sn[COGI_RANDN_L], cs[COGI_RANDN_L];
    cogi_randn_polar(w, rad, sn, cs, hw);
    cogi_sqrtf_lanes_fast(rad);
    cogi_randn_finish(rad, sn, cs, d);
}
#ifdef COGI_HAS_SSE
static void cogi_randn_batch_fast(const uint32_t *w, float *d)
{
    cogi_randn_batch_fast_body(w, d, 0);
}
#endif
#ifdef COGI_X86_DISPATCH
COGI_TARGET_AVX2_FMA static void cogi_randn_batch_fma(const uint32_t *w,
                                                      float *d)
{
    cogi_randn_batch_fast_body(w, d, 1);
}
COGI_TARGET_AVX2 static void cogi_mt_refill_avx2(cogi_mt *mt)
{
    cogi_mt_refill_body(mt);
}
#endif
#endif /* COG_NO_SEEDS */

/* ---- installation: the one place that chooses ----------------------------- */
static void cogi_setup_fast_kernels(cogi_kernels *kt)
{
#ifdef COGI_HAS_VECTOR_EXT
    kt->combine = cogi_combine_fast;
    kt->gram = cogi_gram_fast;
    kt->dots = cogi_dots_fast;
    kt->dot3 = cogi_dot3_fast;
#endif
#if defined(COGI_HAS_SSE) && !defined(COG_NO_SEEDS)
    kt->randn_batch = cogi_randn_batch_fast;
#endif
#ifdef COGI_X86_DISPATCH
#ifdef COG_TEST_HOOKS
    if (cogi_test_level == 1) return;
#endif
    if (COGI_CPU_HAS_AVX2()) {
        kt->combine = cogi_combine_avx2;
        if (COGI_CPU_HAS_FMA()) {
            kt->gram = cogi_gram_avx2;
            kt->dots = cogi_dots_avx2;
            kt->dot3 = cogi_dot3_avx2;
#ifndef COG_NO_SEEDS
            kt->randn_batch = cogi_randn_batch_fma;
            kt->mt_refill = cogi_mt_refill_avx2;
#endif
        }
    }
#endif
}

#endif /* COGI_FAST_KERNELS */
/* ========================================= end layer 6: fast kernels */

#ifdef COG_TEST_HOOKS
COGDEF int cog_test_kernels(int level)
{
    int have = 0;
#ifdef COGI_HAS_VECTOR_EXT
    have = 1;
#endif
#ifdef COGI_X86_DISPATCH
    if (COGI_CPU_HAS_AVX2() && COGI_CPU_HAS_FMA()) have = 2;
#endif
    cogi_test_level = level < 0 ? 0 : level > have ? have : level;
    return cogi_test_level;
}
#ifndef COG_NO_SEEDS
COGDEF void cog_test_randn_batch(const uint32_t *w, float *d)
{
    cogi_kernels kt;
    cogi_kernels_init(&kt);
    kt.randn_batch(w, d);
}
COGDEF void cog_test_philox(uint32_t ctr[4], uint32_t k0, uint32_t k1)
{
    cogi_philox4x32_10(ctr, k0, k1);
}
#endif
#endif /* COG_TEST_HOOKS */


#endif /* COG_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 The cog.h authors
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain.
Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose,
commercial or non-commercial, and by any means.
In jurisdictions that recognize copyright laws, the author or authors of this
software dedicate any and all copyright interest in the software to the public
domain. We make this dedication for the benefit of the public at large and to
the detriment of our heirs and successors. We intend this dedication to be an
overt act of relinquishment in perpetuity of all present and future rights to
this software under copyright law.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
------------------------------------------------------------------------------
*/
