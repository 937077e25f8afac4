/* nao.h - Norm-Aware Optimization (NAO), the optimisation baseline the COG
 * paper compares against: Samuel et al., "Norm-guided latent space
 * exploration for text-to-image generation" (NeurIPS 2023). It lives in the
 * examples, not in cog.h: it is a baseline to measure COG against, an
 * iterative optimiser rather than a closed form.
 *
 * THE OBJECTIVE. A path of latents p_0 = a, p_1 .. p_n (the n interior points
 * being optimised), p_{n+1} = b, in dimension D. The norm of an N(0, I)
 * latent follows the chi distribution with D degrees of freedom, density
 *     p_chi(r) = r^(D-1) exp(-r^2 / 2) / (2^(D/2 - 1) Gamma(D/2)).
 * NAO minimises the line integral of -log p_chi(|x|) along the path,
 * discretised with the midpoint rule, plus a hinge penalty that keeps
 * segments short (without it the points could bunch up and let one long
 * chord skip through the low-density region near the origin):
 *     loss = sum_s |d_s| * f(|m_s|) + penalty * sum_s relu(|d_s| - eps)
 *     d_s = p_{s+1} - p_s,  m_s = (p_s + p_{s+1}) / 2,  f = -log p_chi.
 * Gradients are closed-form (nao.c); tests/test_nao.c checks them against
 * central finite differences.
 *
 * OUR CHOICES, where the paper leaves them open:
 *   - initial path: LERP from a to b at t = j / (n + 1) (so NAO has to do
 *     the work of pulling the points out to likely norms);
 *   - eps = eps_scale * max(|b - a|, theta * sqrt(D - 1)) / (n + 1), where
 *     theta is the angle between a and b: the segment length of whichever is
 *     longer, the straight chord or the great-circle arc at the chi mode
 *     sqrt(D - 1), times eps_scale (default 1.5) of slack;
 *   - Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) with step size lr = 0.01
 *     on every coordinate of the interior points;
 *   - stopping rule ("until the loss stops changing"): stop at the first
 *     iteration t >= window where |loss_t - loss_{t-window}| <=
 *     tol * |loss_t| (defaults window 20, tol 1e-5), or after max_iter
 *     iterations (default 5000; nao_report says which happened).
 * The paper's evaluation takes 11 interior points and keeps three at uniform
 * index distance: with n = 11 those are interior points 3, 6 and 9
 * (1-based), i.e. t = 1/4, 1/2, 3/4 on the initial parametrisation.
 *
 * CENTROID. For latents x_1 .. x_k, NAO's centroid c is optimised jointly
 * with k paths x_i -> c (n interior points each): the loss is the sum of the
 * k path losses, c being the shared free endpoint. Initial c: the Euclidean
 * centroid; each path's eps uses the angle between x_i and that c.
 *
 * Everything runs in double; inputs and outputs are float latents. Memory:
 * one heap block of about 4 * (k * n + 1) * D doubles. No global state. */
#ifndef COG_EXAMPLES_NAO_H
#define COG_EXAMPLES_NAO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nao_options {
    size_t interior;  /* interior points per path, >= 1 (default 11) */
    double lr;        /* Adam step size (default 0.01) */
    double penalty;   /* weight of the segment-length hinge (default 1) */
    double eps_scale; /* slack on the reference segment length (1.5) */
    double tol;       /* relative loss change that counts as stopped (1e-5) */
    int window;       /* iterations the change is measured over (20) */
    int max_iter;     /* iteration cap (5000) */
} nao_options;

typedef struct nao_report {
    int iterations;   /* Adam steps taken */
    int converged;    /* 1 if the stopping rule fired, 0 if max_iter did */
    double loss_init; /* loss of the initial (LERP) configuration */
    double loss;      /* loss of the returned configuration */
} nao_report;

/* Status codes of the functions below. */
enum { NAO_OK = 0, NAO_ERR_ARG = -1, NAO_ERR_NONFINITE = -2,
       NAO_ERR_MEMORY = -3 };

/* The defaults listed above. */
void nao_default_options(nao_options *opt);

/* -log p_chi_D(r) for r > 0, D >= 1 (lgamma keeps it finite for any D). */
double nao_chi_nll(double r, size_t dim);

/* The loss of one path of npts >= 2 points (pts[i*dim + j], double), with
 * segment bound eps and hinge weight penalty. If grad is not NULL it
 * receives d loss / d pts (npts * dim doubles, overwritten; the hinge's and
 * |d|'s kinks take the derivative from the left, i.e. 0 at |d| = eps and
 * at d = 0). Returns the loss; +Inf if a segment midpoint is exactly the
 * origin (where -log p_chi is infinite). */
double nao_path_loss(const double *pts, size_t npts, size_t dim, double eps,
                     double penalty, double *grad);

/* nao_path - the interior points of NAO's path from a to b.
 *   a, b  [in]  dim floats each, finite, neither all zero; dim >= 2
 *   opt   [in]  options, or NULL for the defaults
 *   out   [out] opt->interior * dim floats, point i at out + i * dim
 *   rep   [out] optional report
 * Returns NAO_OK, NAO_ERR_ARG (NULL, dim < 2, bad options, zero latent),
 * NAO_ERR_NONFINITE (non-finite input, or the optimisation diverged),
 * NAO_ERR_MEMORY. out is written only on NAO_OK. */
int nao_path(const float *a, const float *b, size_t dim,
             const nao_options *opt, float *out, nao_report *rep);

/* nao_centroid - NAO's centroid of k >= 2 latents x[0..k-1] (dim floats
 * each). out: dim floats, written only on NAO_OK. Statuses as nao_path. */
int nao_centroid(const float *const *x, size_t k, size_t dim,
                 const nao_options *opt, float *out, nao_report *rep);

#ifdef __cplusplus
}
#endif

#endif
