/* experiments.h - the COG paper's experiments (section 3, appendix D) on the
 * examples' own model (paper.h): interpolation and centroids scored by the
 * class accuracy of the generations and the Frechet distance of their
 * classifier features to real images, plus the subspace grid. The program
 * around it is cog_paper_demo.c; tests/test_experiments.c runs a fast
 * subset. Everything is deterministic from the seeds given.
 *
 * PROTOCOL (one repetition, "seed" s):
 *   latents   per class, `per_class` held-out images (test split, a block
 *             of images that depends on s, so repetitions use different
 *             images) inverted to latents with `inv_steps` steps of the
 *             flow ODE, conditioned on the class;
 *   interpolation  the class's latents shuffled (seed s) and paired without
 *             replacement; each method makes the three interior points
 *             t = 1/4, 1/2, 3/4 of each path (NAO: points 3, 6, 9 of its
 *             11 interior ones); every point is generated with the pair's
 *             class and `gen_steps` steps;
 *   centroids groups of k = 3, 5, 10, 25 latents of one class, each group
 *             sampled without replacement, groups independently;
 *   scores    accuracy: share of generations the classifier assigns to the
 *             class of their inputs (argmax); fd: Frechet distance between
 *             the classifier's penultimate features of all of a method's
 *             generations and those of `real_per_class` real held-out images
 *             per class (a fixed set, disjoint from the inverted ones);
 *             ms: CPU time of the calling thread to make the latents of
 *             one path (three points) or one centroid, without generation
 *             (CPU time, not wall time: the machine may be shared).
 * Generated images are clipped to [0, 1] before they are classified. */
#ifndef COG_EXAMPLES_EXPERIMENTS_H
#define COG_EXAMPLES_EXPERIMENTS_H

#include "nao.h"
#include "paper.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Interpolation methods, in table order. */
enum { EXP_LERP, EXP_SLERP, EXP_NAO, EXP_COG, EXP_COG_SLERP, EXP_NPATH };
/* Centroid methods, in table order. */
enum { EXP_EUCLID, EXP_STANDARDIZED, EXP_MODE_NORM, EXP_NAO_CENTROID,
       EXP_COG_CENTROID, EXP_NCENTROID };
/* Group sizes of the centroid experiment. */
#define EXP_NK 4
extern const int exp_group_sizes[EXP_NK]; /* 3, 5, 10, 25 */

/* Milliseconds: CPU time of the calling thread (exp_cpu_ms; falls back to
 * process CPU time) and a monotonic wall clock (exp_wall_ms). */
double exp_cpu_ms(void);
double exp_wall_ms(void);

const char *exp_path_name(int method);     /* "LERP", ... */
const char *exp_centroid_name(int method); /* "Euclidean", ... */

/* What stays fixed across repetitions. */
typedef struct exp_setup {
    const paper_flow *flow;
    const paper_classifier *cls;
    paper_solver solver; /* for inversion and generation */
    int gen_steps;       /* ODE steps of generation */
    uint64_t data_seed;  /* the image set (paper_images) */
    nao_options nao;     /* NAO's settings (interior is always 11) */
    /* methods to run: bit m set runs method m (exp_setup_init sets all);
     * the others get NaN scores */
    unsigned path_methods, centroid_methods;
    /* the Frechet reference: real held-out images' features */
    size_t feat_dim;
    double *real_mean, *real_cov;
} exp_setup;

/* Fills *s and computes the Frechet reference from real_per_class real
 * held-out images per class. Free with exp_setup_free. */
int exp_setup_init(exp_setup *s, const paper_flow *flow,
                   const paper_classifier *cls, paper_solver solver,
                   int gen_steps, uint64_t data_seed, size_t real_per_class);
void exp_setup_free(exp_setup *s);

/* One method's score in one repetition. */
typedef struct exp_score {
    double accuracy; /* in [0, 1] */
    double fd;       /* Frechet distance to the real reference */
    double ms;       /* milliseconds per path or centroid */
    size_t n;        /* generations scored */
} exp_score;

/* exp_invert - latents of repetition `rep`: per_class held-out images of
 * each class, inverted with inv_steps steps. lat gets PAPER_CLASSES *
 * per_class latents grouped by class (class c's j-th at (c * per_class +
 * j) * PAPER_DIM); images (may be NULL) the same layout of the originals.
 * inv_solver: the ODE solver of the inversion (generation uses s->solver). */
int exp_invert(const exp_setup *s, int rep, size_t per_class, int inv_steps,
               paper_solver inv_solver, float *lat, float *images);

/* exp_path - the three interior latents (t = 1/4, 1/2, 3/4) of one method
 * between latents a and b; out gets 3 * PAPER_DIM floats. */
int exp_path(const exp_setup *s, int method, const float *a, const float *b,
             float *out);

/* exp_centroid - one method's centroid of k latents x[0..k-1]. */
int exp_centroid(const exp_setup *s, int method, const float *const *x,
                 size_t k, float *out);

/* exp_score_images - accuracy and Frechet distance of n generated images
 * whose intended classes are labels (images are clipped in place). */
int exp_score_images(const exp_setup *s, float *images, const int *labels,
                     size_t n, exp_score *out);

/* exp_interpolation - the interpolation experiment on latents from
 * exp_invert (per_class of them per class, even): scores for every method
 * (out[EXP_NPATH]). pairs are shuffled with `seed`. */
int exp_interpolation(const exp_setup *s, const float *lat, size_t per_class,
                      uint64_t seed, exp_score *out);

/* exp_centroids - the centroid experiment: groups[g] groups per class of
 * size exp_group_sizes[g] (each needs per_class >= that size, or 0
 * groups). out[m * (EXP_NK + 1) + g]: method m, group size g, and at
 * g = EXP_NK all sizes pooled (the paper's table). */
int exp_centroids(const exp_setup *s, const float *lat, size_t per_class,
                  const int *groups, uint64_t seed, exp_score *out);

/* exp_subspace_grid - a side x side slice of the subspace of the five
 * latents basis[0..4] (one class): a tangent-plane (gnomonic) grid around
 * basis latent 0's coordinates c, cells c + |c| (u e1 + v e2) for u, v in
 * [-radius, radius], e1, e2 orthonormal and orthogonal to c in coordinate
 * space (e1 towards basis latent 1, e2 towards latent 2). Every cell is a
 * distinct direction, so no two COG cells repeat or mirror each other
 * (cog.h, "subspace grids" above cog_subspace_grid). out gets side*side
 * latents, row-major (v down, u across), made with COG (use_cog) or as the
 * plain point U s of the subspace. */
int exp_subspace_grid(const float *const *basis, int side, double radius,
                      int use_cog, float *out);

#ifdef __cplusplus
}
#endif

#endif
