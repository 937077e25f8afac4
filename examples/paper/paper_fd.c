/* paper_fd.c - Gaussian fits, a symmetric Jacobi eigensolver and the
 * Frechet distance between two Gaussians (the FID formula), in double
 * precision (see paper.h). */
#include "paper.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int paper_gaussian_fit(const float *x, size_t n, size_t d, double *mean,
                       double *cov)
{
    size_t i, j, k;
    double *row;
    if (!x || !mean || !cov || n < 2 || d == 0) return PAPER_EARG;
    row = (double *)malloc(d * sizeof(double));
    if (!row) return PAPER_ENOMEM;
    for (j = 0; j < d; j++) mean[j] = 0.0;
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++) mean[j] += x[i * d + j];
    for (j = 0; j < d; j++) mean[j] /= (double)n;
    memset(cov, 0, d * d * sizeof(double));
    for (i = 0; i < n; i++) {
        for (j = 0; j < d; j++) row[j] = x[i * d + j] - mean[j];
        for (j = 0; j < d; j++)
            for (k = j; k < d; k++) cov[j * d + k] += row[j] * row[k];
    }
    for (j = 0; j < d; j++)
        for (k = j; k < d; k++) {
            cov[j * d + k] /= (double)(n - 1);
            cov[k * d + j] = cov[j * d + k];
        }
    free(row);
    for (j = 0; j < d * d; j++)
        if (!(fabs(cov[j]) < 1e300)) return PAPER_EVALUE;
    return PAPER_OK;
}

/* Cyclic Jacobi: rotate away each off-diagonal entry in turn until the
 * off-diagonal mass is negligible against the matrix's (at most 100
 * sweeps; quadratic convergence needs well under 20 for d <= 1024). */
int paper_sym_eig(const double *a_in, size_t d, double *val, double *vec)
{
    double *a;
    size_t i, j, p, q, sweep;
    double total = 0.0;
    if (!a_in || !val || !vec || d == 0 || d > 1024) return PAPER_EARG;
    a = (double *)malloc(d * d * sizeof(double));
    if (!a) return PAPER_ENOMEM;
    for (i = 0; i < d * d; i++) {
        if (!(fabs(a_in[i]) < 1e300)) {
            free(a);
            return PAPER_EVALUE;
        }
        total += a_in[i] * a_in[i];
    }
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            /* symmetrise: use the mean of the two triangles */
            a[i * d + j] = 0.5 * (a_in[i * d + j] + a_in[j * d + i]);
            vec[i * d + j] = i == j ? 1.0 : 0.0;
        }
    for (sweep = 0; sweep < 100; sweep++) {
        double off = 0.0;
        for (p = 0; p < d; p++)
            for (q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
        if (off <= 1e-30 * total || off == 0.0) break;
        for (p = 0; p < d; p++)
            for (q = p + 1; q < d; q++) {
                double apq = a[p * d + q], app, aqq, theta, t, c, s;
                if (apq == 0.0) continue;
                app = a[p * d + p];
                aqq = a[q * d + q];
                theta = (aqq - app) / (2.0 * apq);
                t = (theta >= 0.0 ? 1.0 : -1.0) /
                    (fabs(theta) + sqrt(theta * theta + 1.0));
                c = 1.0 / sqrt(t * t + 1.0);
                s = t * c;
                for (i = 0; i < d; i++) { /* columns p and q */
                    double aip = a[i * d + p], aiq = a[i * d + q];
                    a[i * d + p] = c * aip - s * aiq;
                    a[i * d + q] = s * aip + c * aiq;
                }
                for (i = 0; i < d; i++) { /* rows p and q */
                    double api = a[p * d + i], aqi = a[q * d + i];
                    a[p * d + i] = c * api - s * aqi;
                    a[q * d + i] = s * api + c * aqi;
                }
                a[p * d + q] = a[q * d + p] = 0.0;
                for (i = 0; i < d; i++) {
                    double vip = vec[i * d + p], viq = vec[i * d + q];
                    vec[i * d + p] = c * vip - s * viq;
                    vec[i * d + q] = s * vip + c * viq;
                }
            }
    }
    for (i = 0; i < d; i++) val[i] = a[i * d + i];
    free(a);
    /* sort ascending (selection sort; swaps columns of vec too) */
    for (i = 0; i < d; i++) {
        size_t m = i;
        for (j = i + 1; j < d; j++)
            if (val[j] < val[m]) m = j;
        if (m != i) {
            double tv = val[i];
            val[i] = val[m];
            val[m] = tv;
            for (j = 0; j < d; j++) {
                tv = vec[j * d + i];
                vec[j * d + i] = vec[j * d + m];
                vec[j * d + m] = tv;
            }
        }
    }
    return PAPER_OK;
}

/* out = vec diag(f(val)) vec^T with f = sqrt of the clamped eigenvalue. */
static void sqrt_from_eig(const double *val, const double *vec, size_t d,
                          double *out)
{
    size_t i, j, k;
    for (i = 0; i < d; i++)
        for (j = i; j < d; j++) {
            double s = 0.0;
            for (k = 0; k < d; k++)
                s += vec[i * d + k] * vec[j * d + k] *
                     sqrt(val[k] > 0.0 ? val[k] : 0.0);
            out[i * d + j] = out[j * d + i] = s;
        }
}

int paper_frechet(const double *m1, const double *c1, const double *m2,
                  const double *c2, size_t d, double *fd)
{
    double *val, *vec, *s1, *t, *mm, dist = 0.0, tr = 0.0, trs = 0.0;
    size_t i, j, k;
    int rc;
    if (!m1 || !c1 || !m2 || !c2 || !fd || d == 0 || d > 1024)
        return PAPER_EARG;
    val = (double *)malloc(d * sizeof(double));
    vec = (double *)malloc(d * d * sizeof(double));
    s1 = (double *)malloc(d * d * sizeof(double));
    t = (double *)malloc(d * d * sizeof(double));
    mm = (double *)malloc(d * d * sizeof(double));
    if (!val || !vec || !s1 || !t || !mm) {
        rc = PAPER_ENOMEM;
        goto done;
    }
    /* s1 = c1^1/2; mm = s1 c2 s1 (symmetric PSD); tr sqrt(mm) from its
     * eigenvalues. tr((c1 c2)^1/2) equals tr((s1 c2 s1)^1/2). */
    rc = paper_sym_eig(c1, d, val, vec);
    if (rc) goto done;
    sqrt_from_eig(val, vec, d, s1);
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            double s = 0.0;
            for (k = 0; k < d; k++) s += s1[i * d + k] * c2[k * d + j];
            t[i * d + j] = s;
        }
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            double s = 0.0;
            for (k = 0; k < d; k++) s += t[i * d + k] * s1[k * d + j];
            mm[i * d + j] = s;
        }
    rc = paper_sym_eig(mm, d, val, vec);
    if (rc) goto done;
    for (i = 0; i < d; i++) trs += sqrt(val[i] > 0.0 ? val[i] : 0.0);
    for (i = 0; i < d; i++) {
        double diff = m1[i] - m2[i];
        dist += diff * diff;
        tr += c1[i * d + i] + c2[i * d + i];
    }
    dist += tr - 2.0 * trs;
    if (dist < 0.0 && dist > -1e-9 * (tr + 1.0)) dist = 0.0; /* rounding */
    if (!(dist >= 0.0 && dist < 1e300)) {
        rc = PAPER_EVALUE;
        goto done;
    }
    *fd = dist;
done:
    free(val);
    free(vec);
    free(s1);
    free(t);
    free(mm);
    return rc;
}
