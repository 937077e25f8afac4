/* paper.h - the paper's experiments in miniature: a procedural image set, a
 * class-conditioned rectified-flow model with exact ODE sampling and
 * inversion, a classifier and a Frechet distance on its features. Part of
 * the cog.h examples (examples/paper); C99 + libm, no global state.
 *
 * CONVENTIONS
 *   Images are PAPER_SIDE x PAPER_SIDE grayscale floats in [0, 1], row-major,
 *   PAPER_DIM floats each; batches are n images back to back. Latents are
 *   PAPER_DIM floats each, N(0, I) distributed for a well-trained model (the
 *   same shape as an image). Labels are class indices 0 .. PAPER_CLASSES-1.
 *
 *   The flow runs from noise at t = 0 to data at t = 1:
 *       x_t = (1 - t) z + t x,   z ~ N(0, I),  x = 2 * image - 1,
 *   and the network learns the velocity v(x_t, t, class) = x - z. Sampling
 *   integrates dx/dt = v from t = 0 to 1; inversion integrates the same ODE
 *   from t = 1 back to 0. The model is conditioned on the class (as the
 *   paper's Stable Diffusion runs are conditioned on the class name) and used
 *   without guidance (the paper's guidance scale 1.0).
 *
 * Every function is deterministic: the same arguments give the same bits on
 * the same build. Functions that allocate return PAPER_ENOMEM on failure.
 * Error messages go to a caller buffer (err, errlen; err may be NULL). */
#ifndef PAPER_H_INCLUDED_7C21
#define PAPER_H_INCLUDED_7C21

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PAPER_SIDE 16
#define PAPER_DIM (PAPER_SIDE * PAPER_SIDE)
#define PAPER_CLASSES 6

/* Status codes. */
enum {
    PAPER_OK = 0,
    PAPER_EARG = 1,   /* bad argument (message says which) */
    PAPER_ENOMEM = 2, /* allocation failed */
    PAPER_EIO = 3,    /* file missing, unreadable or malformed */
    PAPER_EVALUE = 4  /* non-finite input or result */
};

/* ----------------------------------------------------------------- data */

/* Splits of the image set: disjoint streams of images for one seed. */
enum { PAPER_TRAIN = 0, PAPER_TEST = 1 };

/* "disc", "ring", "square", "triangle", "cross", "bars"; "?" otherwise. */
const char *paper_class_name(int label);
/* The label for a name (as above), or -1. */
int paper_class_from_name(const char *name);

/* paper_images - images first .. first+n-1 of a split, for a seed.
 * Image i has class i % PAPER_CLASSES (every run of PAPER_CLASSES images
 * holds one of each class) and random position, size, rotation, stroke
 * width and intensity drawn from (seed, split, i) alone, so any image can be
 * made without the ones before it. pix gets n * PAPER_DIM floats in [0, 1];
 * labels (may be NULL) gets n ints. split is PAPER_TRAIN or PAPER_TEST
 * (anything else: PAPER_EARG, nothing written). */
int paper_images(uint64_t seed, int split, size_t first, size_t n,
                 float *pix, int *labels);

/* ------------------------------------------------------------ networks */

/* A multilayer perceptron: sizes[0] inputs, layers-1 hidden layers, then
 * sizes[layers] outputs; W[l] is sizes[l] x sizes[l+1] (row-major, input
 * major), b[l] has sizes[l+1] entries. act: 0 = SiLU, 1 = ReLU (hidden
 * layers only; the last layer is linear). */
#define PAPER_MAX_LAYERS 6
typedef struct paper_mlp {
    int layers;
    int act;
    int sizes[PAPER_MAX_LAYERS + 1];
    float *W[PAPER_MAX_LAYERS];
    float *b[PAPER_MAX_LAYERS];
    float *params;   /* one allocation holding every W and b */
    size_t nparams;
} paper_mlp;

/* The velocity network's input: the image, a sinusoidal embedding of t
 * (PAPER_TEMB = 2 * frequencies) and the one-hot class. */
#define PAPER_TEMB 32
#define PAPER_FLOW_IN (PAPER_DIM + PAPER_TEMB + PAPER_CLASSES)

typedef struct paper_flow { paper_mlp net; } paper_flow;
typedef struct paper_classifier { paper_mlp net; } paper_classifier;

/* Free a network's parameters (NULL-safe; leaves it zeroed). */
void paper_mlp_free(paper_mlp *m);

/* Load weights written by the train functions (a .safetensors file whose
 * tensors are W0, b0, W1, b1, ... in float32 or float16). Checks that the
 * shapes chain and fit the model kind and that every value is finite.
 * *train_seconds (may be NULL) gets the training time stored in the file,
 * or -1 if there is none. On failure *m is zeroed. */
int paper_flow_load(paper_flow *m, const char *path, double *train_seconds,
                    char *err, size_t errlen);
int paper_classifier_load(paper_classifier *m, const char *path,
                          double *train_seconds, char *err, size_t errlen);

/* ------------------------------------------------------------ sampling */

typedef enum paper_solver {
    PAPER_EULER = 0, /* 1 network evaluation per step */
    PAPER_HEUN = 1,  /* 2 per step (the last step of Heun is not skipped) */
    PAPER_RK4 = 2    /* 4 per step */
} paper_solver;

/* "euler" / "heun" / "rk4" -> solver, or -1. And the reverse. */
int paper_solver_from_name(const char *name);
const char *paper_solver_name(paper_solver s);

/* paper_flow_sample - latents -> images: integrate from t = 0 to 1 in
 * `steps` equal steps. paper_flow_invert - images -> latents: the same ODE
 * from t = 1 to 0. n items, labels[i] conditions item i. Outputs (n *
 * PAPER_DIM floats) may alias the inputs. Sample outputs are NOT clipped to
 * [0, 1] (clip for display). Returns PAPER_EARG for steps < 1, a bad
 * solver or label, PAPER_EVALUE if an input or output is not finite
 * (output then undefined). */
int paper_flow_sample(const paper_flow *m, const float *latents,
                      const int *labels, size_t n, int steps,
                      paper_solver solver, float *images);
int paper_flow_invert(const paper_flow *m, const float *images,
                      const int *labels, size_t n, int steps,
                      paper_solver solver, float *latents);

/* ---------------------------------------------------------- classifier */

/* Width of the classifier's penultimate layer (the features the Frechet
 * distance uses). */
int paper_classifier_feature_dim(const paper_classifier *m);

/* For n images: feats (may be NULL) gets n * feature_dim penultimate
 * activations, probs (may be NULL) n * PAPER_CLASSES softmax
 * probabilities. */
int paper_classifier_run(const paper_classifier *m, const float *images,
                         size_t n, float *feats, float *probs);

/* ------------------------------------------------------ Frechet distance */

/* paper_gaussian_fit - mean (d doubles) and covariance (d*d, divided by
 * n - 1) of n rows of d floats. n >= 2. */
int paper_gaussian_fit(const float *x, size_t n, size_t d, double *mean,
                       double *cov);

/* paper_frechet - the Frechet distance between N(m1, c1) and N(m2, c2):
 *     |m1 - m2|^2 + tr(c1) + tr(c2) - 2 tr((c1^1/2 c2 c1^1/2)^1/2)
 * (the FID formula), with both square roots from symmetric Jacobi
 * eigendecompositions in double; tiny negative eigenvalues from rounding
 * are clamped to 0. d <= 1024. *fd gets the distance. */
int paper_frechet(const double *m1, const double *c1, const double *m2,
                  const double *c2, size_t d, double *fd);

/* paper_sym_eig - eigenvalues (ascending) and eigenvectors (columns of vec,
 * row-major d x d) of the symmetric d x d matrix a (cyclic Jacobi; a is not
 * modified). */
int paper_sym_eig(const double *a, size_t d, double *val, double *vec);

/* --------------------------------------------------------- training */

typedef struct paper_train_opts {
    uint64_t seed;       /* parameters, minibatches, noise and t */
    uint64_t data_seed;  /* the image set (paper_images) */
    int steps;           /* optimiser steps */
    int batch;           /* images per step */
    int hidden;          /* width of the hidden layers */
    int depth;           /* number of hidden layers */
    size_t train_images; /* size of the train split used */
    double lr;           /* Adam peak learning rate (cosine decay to 0) */
    int log_every;       /* progress line on stderr every N steps (0: none) */
} paper_train_opts;

/* Defaults for the flow model and for the classifier (what the committed
 * weights were trained with). */
void paper_flow_defaults(paper_train_opts *o);
void paper_classifier_defaults(paper_train_opts *o);

/* Train from scratch. *m gets the network (free with paper_mlp_free).
 * loss_first / loss_last (may be NULL) get the mean loss over the first and
 * last tenth of the steps, measured on the training minibatches. */
int paper_flow_train(const paper_train_opts *o, paper_flow *m,
                     double *loss_first, double *loss_last);
int paper_classifier_train(const paper_train_opts *o, paper_classifier *m,
                           double *loss_first, double *loss_last);

/* Flow matching loss of a model on n images with the given noise seed
 * (t drawn uniformly from the seed as in training): for tests. */
int paper_flow_loss(const paper_flow *m, const float *images,
                    const int *labels, size_t n, uint64_t seed, double *loss);

/* Save a network as .safetensors (float32), with train_seconds (if >= 0) in
 * a "train_seconds" tensor. Written to a temporary file and renamed. */
int paper_mlp_save(const paper_mlp *m, const char *path, double train_seconds,
                   char *err, size_t errlen);

/* ------------------------------------------------------------ output */

/* paper_png_gray - encode a w x h 8-bit grayscale image as a PNG (stored,
 * uncompressed deflate blocks). *out gets a malloc'd buffer of *len bytes. */
int paper_png_gray(const unsigned char *pix, int w, int h,
                   unsigned char **out, size_t *len);

/* paper_sheet - lay n images out in a grid of `cols` columns, each scaled
 * by `zoom` (nearest neighbour) with a 1-pixel dark gap, clipped to
 * [0, 1]. *pix gets a malloc'd w x h 8-bit buffer. */
int paper_sheet(const float *images, size_t n, int cols, int zoom,
                unsigned char **pix, int *w, int *h);

/* A small deterministic generator (splitmix64 seeding xoshiro256**). */
typedef struct paper_rng { uint64_t s[4]; } paper_rng;
void paper_rng_seed(paper_rng *r, uint64_t seed);
uint64_t paper_rng_next(paper_rng *r);
double paper_rng_uniform(paper_rng *r);        /* [0, 1) */
double paper_rng_normal(paper_rng *r);         /* N(0, 1) */

#ifdef __cplusplus
}
#endif

#endif /* PAPER_H_INCLUDED_7C21 */
