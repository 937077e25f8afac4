/* test_experiments.c - a fast subset of the paper experiments
 * (examples/paper/experiments.c, the program cog_paper_demo) on the
 * committed weights. It reproduces the claims of the results tables in
 * docs/paper-experiments.md that exceed the spread over seeds:
 *   - interpolation: COG's class accuracy is above LERP's,
 *   - centroids: COG's class accuracy is above the Euclidean centroid's,
 * and in both the Frechet distance of COG's generations is below theirs,
 * each by more than the sum of the two standard deviations over SEEDS
 * repetitions (the demo's rule for calling an ordering). It is the demo's
 * default protocol (same seeds, images, pairs and groups, hence the same
 * numbers as cog_paper_demo without --full; the page shows the --full
 * run's) restricted to the methods compared. It also checks what the
 * experiments rest on: a subspace grid never repeats or mirrors a cell,
 * COG grid cells keep the basis latents' norms and plain ones do not, and
 * methods left out of a run report NaN rather than a number.
 * Everything is deterministic: fixed seeds, fixed weights. */
#include "experiments.h"
#include "paper.h"
#include "test_util.h"

#ifndef PAPER_WEIGHTS_DIR
#define PAPER_WEIGHTS_DIR "examples/paper/weights"
#endif

#define SEEDS 3
#define PER_CLASS 26


static void mean_sd(const double *v, int n, double *mean, double *sd)
{
    int i;
    *mean = *sd = 0.0;
    for (i = 0; i < n; ++i) *mean += v[i];
    *mean /= n;
    for (i = 0; i < n; ++i) *sd += (v[i] - *mean) * (v[i] - *mean);
    *sd = sqrt(*sd / (n - 1));
}

/* a above b by more than the sum of the spreads */
static int above(const double *a, const double *b, int n, const char *what)
{
    double ma, sa, mb, sb;
    mean_sd(a, n, &ma, &sa);
    mean_sd(b, n, &mb, &sb);
    printf("%s: %.3f +- %.3f vs %.3f +- %.3f\n", what, ma, sa, mb, sb);
    return ma - mb > sa + sb;
}

static double sq_norm(const float *v)
{
    double ss = 0.0;
    size_t j;
    for (j = 0; j < PAPER_DIM; ++j) ss += (double)v[j] * v[j];
    return ss;
}

/* Grid cells: pairwise distinct directions (no repeat, no mirror image);
 * COG cells have the squared norm of the basis latents (whose scale they
 * keep) within 5 standard deviations of chi-squared(D) relative spread;
 * plain cells grow to sqrt(3) times the norm at the corners. */
static void check_grid(const float *lat)
{
    const int side = 5;
    float *g = (float *)malloc((size_t)side * side * PAPER_DIM * sizeof(float));
    float *p = (float *)malloc((size_t)side * side * PAPER_DIM * sizeof(float));
    const float *basis[5];
    const double spread = 5.0 * sqrt(2.0 / PAPER_DIM);
    double worst = 0.0, plain_max = 0.0, ref = 0.0;
    int i, j;
    size_t d;
    for (i = 0; i < 5; ++i) {
        basis[i] = lat + (size_t)i * PAPER_DIM;
        ref += sq_norm(basis[i]) / 5.0;
    }
    CHECK_STATUS(exp_subspace_grid(basis, side, 1.0, 1, g), PAPER_OK);
    CHECK_STATUS(exp_subspace_grid(basis, side, 1.0, 0, p), PAPER_OK);
    for (i = 0; i < side * side; ++i) {
        const float *a = g + (size_t)i * PAPER_DIM;
        CHECK(fabs(sq_norm(a) / ref - 1.0) < spread);
        if (sq_norm(p + (size_t)i * PAPER_DIM) / ref > plain_max)
            plain_max = sq_norm(p + (size_t)i * PAPER_DIM) / ref;
        for (j = 0; j < i; ++j) {
            const float *b = g + (size_t)j * PAPER_DIM;
            double ab = 0.0, c;
            for (d = 0; d < PAPER_DIM; ++d) ab += (double)a[d] * b[d];
            c = fabs(ab / sqrt(sq_norm(a) * sq_norm(b)));
            if (c > worst) worst = c;
        }
    }
    /* neighbouring cells are about 22 degrees apart: |cosine| ~ 0.93 */
    CHECK(worst < 0.99);
    CHECK(plain_max > 2.0);
    printf("grid: largest |cosine| between two COG cells %.4f; largest plain "
           "cell's squared norm %.2f times the basis latents'\n", worst,
           plain_max);
    free(g);
    free(p);
}

/* The demo's default protocol restricted to COG, LERP and the Euclidean
 * centroid: the orderings docs/paper-experiments.md claims. */
static void test_readme_claims(void)
{
    paper_flow flow;
    paper_classifier cls;
    paper_train_opts tdef;
    exp_setup s;
    char err[256];
    double lerp[SEEDS], cog[SEEDS], euc[SEEDS], cogc[SEEDS];
    double lerp_fd[SEEDS], cog_fd[SEEDS], euc_fd[SEEDS], cogc_fd[SEEDS];
    const int groups[EXP_NK] = {2, 2, 1, 1};
    const size_t n = (size_t)PER_CLASS * PAPER_CLASSES;
    float *lat = (float *)malloc(n * PAPER_DIM * sizeof(float));
    int seed;
    size_t i;
    double t0 = exp_wall_ms();

    CHECK_STATUS(paper_flow_load(&flow, PAPER_WEIGHTS_DIR "/flow.safetensors",
                                 NULL, err, sizeof err), PAPER_OK);
    CHECK_STATUS(paper_classifier_load(&cls, PAPER_WEIGHTS_DIR
                                       "/classifier.safetensors", NULL, err,
                                       sizeof err), PAPER_OK);
    if (cogt_failed()) {
        fprintf(stderr, "test_experiments: %s\n", err);
        free(lat);
        return;
    }
    paper_flow_defaults(&tdef);
    CHECK_STATUS(exp_setup_init(&s, &flow, &cls, PAPER_RK4, 16,
                                tdef.data_seed, 200),
                 PAPER_OK);
    s.path_methods = 1u << EXP_LERP | 1u << EXP_COG;
    s.centroid_methods = 1u << EXP_EUCLID | 1u << EXP_COG_CENTROID;
    for (seed = 0; seed < SEEDS; ++seed) {
        exp_score sc[EXP_NPATH], cs[EXP_NCENTROID * (EXP_NK + 1)];
        double zsum = 0.0;
        CHECK_STATUS(exp_invert(&s, seed, PER_CLASS, 16, PAPER_RK4, lat, NULL), PAPER_OK);
        for (i = 0; i < n; ++i) zsum += (sq_norm(lat + i * PAPER_DIM) - PAPER_DIM) /
                    sqrt(2.0 * PAPER_DIM);
        /* reported, not checked (issue 12's tests own the inversion): the
         * committed model's inversions come out short, z about -4 */
        CHECK(isfinite(zsum));
        printf("seed %d: inverted latents' mean squared-norm z-score %.2f\n",
               seed, zsum / (double)n);
        if (seed == 0) check_grid(lat);
        CHECK_STATUS(exp_interpolation(&s, lat, PER_CLASS, 1000u + seed, sc),
                     PAPER_OK);
        CHECK(isnan(sc[EXP_NAO].accuracy) && sc[EXP_NAO].n == 0);
        CHECK(sc[EXP_COG].n == 3 * n / 2);
        lerp[seed] = sc[EXP_LERP].accuracy;
        cog[seed] = sc[EXP_COG].accuracy;
        /* negated: "above" then means a lower distance */
        lerp_fd[seed] = -sc[EXP_LERP].fd;
        cog_fd[seed] = -sc[EXP_COG].fd;
        CHECK_STATUS(exp_centroids(&s, lat, PER_CLASS, groups, 2000u + seed,
                                   cs),
                     PAPER_OK);
        euc[seed] = cs[EXP_EUCLID * (EXP_NK + 1) + EXP_NK].accuracy;
        cogc[seed] = cs[EXP_COG_CENTROID * (EXP_NK + 1) + EXP_NK].accuracy;
        euc_fd[seed] = -cs[EXP_EUCLID * (EXP_NK + 1) + EXP_NK].fd;
        cogc_fd[seed] = -cs[EXP_COG_CENTROID * (EXP_NK + 1) + EXP_NK].fd;
    }
    CHECK(above(cog, lerp, SEEDS, "interpolation accuracy, COG vs LERP"));
    CHECK(above(cogc, euc, SEEDS, "centroid accuracy, COG vs Euclidean"));
    CHECK(above(cog_fd, lerp_fd, SEEDS, "interpolation -FD, COG vs LERP"));
    CHECK(above(cogc_fd, euc_fd, SEEDS, "centroid -FD, COG vs Euclidean"));
    printf("%.1f s\n", 1e-3 * (exp_wall_ms() - t0));
    exp_setup_free(&s);
    paper_mlp_free(&flow.net);
    paper_mlp_free(&cls.net);
    free(lat);
}

static const cogt_test tests[] = {
    COGT_TEST(experiments, readme_claims),
};

int main(int argc, char **argv)
{
    return cogt_main(argc, argv, tests, COGT_COUNT(tests));
}
