#!/usr/bin/python3
"""`cog ... --dist`: latents whose elements are iid non-Gaussian.

    /usr/bin/python3 tests/cli/test_dist.py path/to/cog

NumPy writes uniform, logistic and Beta(1, 5) latents (fixed seeds); the
outputs of combine / interp / centroid / subspace --dist are checked against
a float64 reference written out here, z = F^-1(Phi(sum_i c_i Phi^-1(F(x_i))))
with Phi from math.erfc and Phi^-1 from Python's statistics.NormalDist (not
cog.h), and with `cog stats --dist` (KS against F, compared with NumPy's own
KS statistic). The plain linear combination is shown atypical by the same
test. Bad --dist values exit 2, data outside the support exits 1, and an
existing output is left untouched.

Needs NumPy (prints "SKIPPED: numpy not installed" and exits 77 without it).

Tolerance: |out - ref| <= 1e-5 * (1 + |ref|) per element: the output is a
float32, and its reference passes through Phi^-1 near the tails, where a
float32 input's rounding is amplified (measured worst ~2e-7).
"""
import json
import math
import os
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from cli_harness import check, report, run, scratch_dir  # noqa: E402 (exits 77 without NumPy)
import numpy as np  # noqa: E402

ND = statistics.NormalDist()
P_LO, P_HI = 2.2250738585072014e-308, 1.0 - 2.0 ** -53


# The distributions: (spec, F, F^-1, sampler) in float64 NumPy.
def uniform(lo, hi):
    return ("uniform:%g,%g" % (lo, hi),
            lambda x: np.clip((x - lo) / (hi - lo), 0.0, 1.0),
            lambda p: lo + (hi - lo) * p,
            lambda rng, n: rng.uniform(lo, hi, n))


def logistic(loc, s):
    return ("logistic:%g,%g" % (loc, s),
            lambda x: 1.0 / (1.0 + np.exp(-(x - loc) / s)),
            lambda p: loc + s * np.log(p / (1.0 - p)),
            lambda rng, n: rng.logistic(loc, s, n))


def beta1(b):
    return ("beta1:%g" % b,
            lambda x: -np.expm1(b * np.log1p(-np.clip(x, 0.0, 1.0))),
            lambda p: -np.expm1(np.log1p(-p) / b),
            lambda rng, n: rng.beta(1.0, b, n))


phi = np.vectorize(lambda h: 0.5 * math.erfc(-h / math.sqrt(2.0)))
phi_inv = np.vectorize(ND.inv_cdf)


def ref_iid(dist, X, w):
    """X: (K, D) float32 latents, w: (K,) weights -> (D,) float64."""
    _, F, Finv, _ = dist
    w = np.asarray(w, dtype=np.float64)
    beta = float(np.sum(w * w))
    c = w / math.sqrt(beta) if beta >= 1e-10 else np.full(len(w), 1.0 / math.sqrt(len(w)))
    g = phi_inv(np.clip(F(X.astype(np.float64)), P_LO, P_HI))
    h = c @ g
    return Finv(np.clip(phi(h), P_LO, P_HI))


def close(out, ref, what):
    err = np.abs(out.astype(np.float64) - ref) / (1.0 + np.abs(ref))
    check(np.all(np.isfinite(out)) and float(err.max()) <= 1e-5,
          "%s: max rel error %.3g" % (what, float(err.max())))


def ks_numpy(x, F):
    u = np.sort(F(x.astype(np.float64)))
    n = len(u)
    i = np.arange(n)
    return float(max(np.max(u - i / n), np.max((i + 1) / n - u)))


def stats(path, spec):
    p = run("stats", path, "--dist", spec, "--json")
    return json.loads(p.stdout) if p.returncode == 0 else None


def main():
    rng = np.random.default_rng(1111)
    K, S = 4, (4, 24, 24)
    D = int(np.prod(S))
    dists = [uniform(0.0, 1.0), logistic(0.0, 1.0), beta1(5.0)]
    with scratch_dir("cog_dist_test_") as d:
        for t, dist in enumerate(dists):
            spec, F, Finv, sample = dist
            X = sample(rng, K * D).astype(np.float32).reshape((K,) + S)
            Xf = X.reshape(K, D)
            src = os.path.join(d, "x%d.npy" % t)
            np.save(src, X)

            # combine: one row and a batch with an all-zero row
            w = np.array([0.7, -1.2, 0.4, 2.0])
            out = os.path.join(d, "c%d.npy" % t)
            run("combine", "--weights", "0.7,-1.2,0.4,2", src, "--dist", spec,
                "-o", out)
            Z = np.load(out)
            check(Z.shape == S, "%s combine shape %s" % (spec, Z.shape))
            close(Z.reshape(D), ref_iid(dist, Xf, w), spec + " combine")
            outb = os.path.join(d, "cb%d.npy" % t)
            run("combine", "--weights", "0.7,-1.2,0.4,2;0,0,0,0", src,
                "--dist", spec, "-o", outb)
            Zb = np.load(outb)
            check(Zb.shape == (2,) + S and np.array_equal(Zb[0], Z),
                  spec + " batch row 0 equals the one-row combine")
            close(Zb[1].reshape(D), ref_iid(dist, Xf, np.ones(K)),
                  spec + " all-zero row = equal weights")

            # the result has the distribution F again; the plain sum has not
            st = stats(out, spec)
            check(st is not None and st["typical"] == 1,
                  "%s: combine output typical for its distribution" % spec)
            if st is not None:
                check(abs(st["stats"][0]["ks"] - ks_numpy(Z.reshape(D), F)) < 1e-6,
                      "%s: stats KS matches NumPy's" % spec)
            lin = os.path.join(d, "lin%d.npy" % t)
            run("combine", "--weights", "0.7,-1.2,0.4,2", src, "--method",
                "linear", "-o", lin)
            st = stats(lin, spec)
            check(st is not None and st["typical"] == 0 and
                  st["stats"][0]["ks_p"] < 1e-5,
                  "%s: the plain linear combination is atypical" % spec)
            st = stats(src, spec)
            check(st is not None and st["typical"] == K,
                  "%s: the input latents are typical" % spec)

            # centroid = combine with equal weights, bit for bit
            cen = os.path.join(d, "ce%d.npy" % t)
            run("centroid", src, "--dist", spec, "-o", cen)
            eq = os.path.join(d, "eq%d.npy" % t)
            run("combine", "--weights", "1,1,1,1", src, "--dist", spec, "-o", eq)
            check(np.array_equal(np.load(cen), np.load(eq)),
                  spec + " centroid equals equal-weight combine")

            # interp between latents 0 and 1: endpoints come back
            a, b = os.path.join(d, "a%d.npy" % t), os.path.join(d, "b%d.npy" % t)
            np.save(a, X[0])
            np.save(b, X[1])
            it = os.path.join(d, "i%d.npy" % t)
            run("interp", a, b, "--steps", 5, "--dist", spec, "-o", it)
            I = np.load(it).reshape(5, D)
            close(I[0], Xf[0].astype(np.float64), spec + " interp t=0")
            close(I[4], Xf[1].astype(np.float64), spec + " interp t=1")
            close(I[2], ref_iid(dist, Xf[:2], [0.5, 0.5]), spec + " interp t=1/2")

            # subspace grid: every cell equals combine --dist of its weights
            g = os.path.join(d, "g%d.npy" % t)
            gw = os.path.join(d, "gw%d.npy" % t)
            run("subspace", src, "--grid", "1,2", "--steps", 3, "--dist", spec,
                "--weights-out", gw, "-o", g)
            G = np.load(g).reshape(9, D)
            GW = np.load(gw).reshape(9, K)
            for cell in (0, 4, 8):
                close(G[cell], ref_iid(dist, Xf, GW[cell]),
                      "%s subspace cell %d" % (spec, cell))
            st = stats(g, spec)
            check(st is not None and st["typical"] == 9,
                  spec + " subspace grid typical")

        # bad --dist values: exit 2, one line naming --dist, output untouched
        src = os.path.join(d, "x0.npy")
        keep = os.path.join(d, "keep.npy")
        np.save(keep, np.zeros(3, dtype=np.float32))
        before = open(keep, "rb").read()
        for spec, rc, text in [
                ("gamma:2", 2, "unknown distribution"),
                ("uniform:1,0", 2, "LO < HI"),
                ("uniform:0,1,2", 2, "LO,HI"),
                ("uniform:0", 2, "LO,HI"),
                ("uniform:0,x", 2, "not a finite number"),
                ("logistic:0,-1", 2, "SCALE > 0"),
                ("beta1", 2, "one number B"),
                ("beta1:0", 2, "B > 0"),
                ("exponential:nan", 2, "not a finite number"),
                ("uniform:0,0.5", 1, "outside [0, 0.5]")]:
            p = run("combine", "--weights", "1,1,1,1", src, "--dist", spec,
                    "-o", keep, rc=rc)
            msg = p.stderr.strip()
            check(text in msg and "\n" not in msg and
                  ("--dist" in msg or "support" in msg),
                  "--dist %s: message %r" % (spec, msg))
            check(open(keep, "rb").read() == before,
                  "--dist %s: existing output untouched" % spec)
        for extra, text in [(("--method", "linear"), "--method linear"),
                            (("--mean", "0.5"), "--mean")]:
            p = run("combine", "--weights", "1,1,1,1", src, "--dist",
                    "uniform:0,1", *extra, "-o", keep, rc=2)
            check(text in p.stderr, "--dist with %s: %r" % (extra, p.stderr))
        p = run("interp", os.path.join(d, "a0.npy"), os.path.join(d, "b0.npy"),
                "--steps", 3, "--method", "slerp", "--dist", "uniform", "-o",
                keep, rc=2)
        check(open(keep, "rb").read() == before, "interp slerp --dist untouched")

    return report("test_dist")


if __name__ == "__main__":
    sys.exit(main())
