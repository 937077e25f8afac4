#!/usr/bin/python3
"""The seed workflows of the `cog` tool against independent NumPy code.

    /usr/bin/python3 tests/cli/test_seeds.py path/to/cog

randn --rng nv: a NumPy implementation of the Philox4x32-10 "NV" source,
written here from the published algorithm (docs/seeds.md) and vectorised
over the elements, must give the same float32 values as `cog randn --rng
nv` (bit-exact expected; at most 1 float ulp allowed, where libm and NumPy
round a double log/sin differently at a float rounding boundary).

walk: every frame against a float64 NumPy reference of the walk's weights
(written here from the formulas: eased t, LERP / arc / Catmull-Rom /
B-spline weights over clamped or wrapped neighbours, COG), frame counts,
keyframes hit bit for bit, bad inputs (exit status, message, untouched
output).

randn --variation-seed: strength 0 and 1 give the two seeds' noise bit for
bit, in between the NumPy formula (cos, sin)(T pi/2); --method a1111
against a NumPy implementation of A1111's slerp (per (c, w) column along H,
swapped-weights fallback when the mean cosine exceeds 0.9995).

blend: against the per-element COG formula in NumPy for every mask layout
((K, *S), (K, *S[1:]), one map for K = 2), hard masks exact, the seam
variance, bad inputs.

Needs NumPy (prints "SKIPPED: numpy not installed" and exits 77 without it).
"""
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from cli_harness import check, report, run, scratch_dir  # noqa: E402 (exits 77 without NumPy)
import numpy as np  # noqa: E402



# ------------------------------------------------------------ NV source

M0, M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
W0, W1 = 0x9E3779B9, 0xBB67AE85
LO = np.uint64(0xFFFFFFFF)


def philox_nv_randn(seed, offset, n):
    """n values of the NV source: Philox4x32-10 of counter (offset, 0, i, 0)
    with key (seed low word, high word), Box-Muller on words 0 and 1."""
    c0 = np.full(n, offset, dtype=np.uint64)
    c1 = np.zeros(n, dtype=np.uint64)
    c2 = np.arange(n, dtype=np.uint64)
    c3 = np.zeros(n, dtype=np.uint64)
    k0, k1 = seed & 0xFFFFFFFF, seed >> 32
    for _ in range(10):
        p0 = c0 * M0          # < 2^64: exact in uint64
        p1 = c2 * M1
        c0, c1, c2, c3 = ((p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0),
                          p1 & LO,
                          (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1),
                          p0 & LO)
        k0 = (k0 + W0) & 0xFFFFFFFF
        k1 = (k1 + W1) & 0xFFFFFFFF
    c = float(np.float32(2.3283064e-10))
    d = float(np.float32(2.3283064e-10 * 6.2831855))
    u = c0.astype(np.float64) * c + c / 2
    v = c1.astype(np.float64) * d + d / 2
    return (np.sqrt(-2.0 * np.log(u)) * np.sin(v)).astype(np.float32)


def ulps(a, b):
    ia = a.view(np.int32).astype(np.int64)
    ib = b.view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return np.abs(ia - ib)


def test_randn_nv(d):
    out = os.path.join(d, "nv.npy")
    total = exact = worst = 0
    for seed, shape in ((0, (3, 4)), (1, (4, 64, 64)), (2**32 + 7, (4, 96, 96)),
                        (2**64 - 1, (16, 17))):
        run("randn", "--rng", "nv", "--seed", seed, "--shape",
            ",".join(map(str, shape)), "-o", out)
        got = np.load(out)
        ref = philox_nv_randn(seed, 0, int(np.prod(shape))).reshape(shape)
        check(got.shape == shape and got.dtype == np.float32,
              "randn --rng nv seed %d: shape/dtype" % seed)
        if got.shape != shape:
            continue
        du = ulps(got.ravel(), ref.ravel())
        total += du.size
        exact += int((du == 0).sum())
        worst = max(worst, int(du.max()))
        check(du.max() <= 1, "randn --rng nv seed %d: %d values > 1 ulp "
              "from NumPy" % (seed, int((du > 1).sum())))
    print("randn --rng nv vs NumPy: %d values, %d bit-exact, max %d ulp"
          % (total, exact, worst))
    # A1111 batches: latent i is seed N + i
    run("randn", "--rng", "nv", "--seed", 5, "--shape", "2,3", "--count", 3,
        "-o", out)
    got = np.load(out)
    ref = np.stack([philox_nv_randn(5 + i, 0, 6).reshape(2, 3)
                    for i in range(3)])
    check(got.shape == (3, 2, 3) and np.max(ulps(got.ravel(), ref.ravel())) <= 1,
          "randn --rng nv --count: seeds N + i")
    p = run("randn", "--rng", "gpu", "--seed", 1, "--shape", 4, "-o", out,
            rc=2)
    check("--rng gpu" in p.stderr, "randn --rng gpu: message names it")


# ------------------------------------------------------------------ walk

def ease(t, kind):
    if kind == "smoothstep":
        return t * t * (3 - 2 * t)
    if kind == "cosine":
        return (1 - math.cos(math.pi * t)) / 2
    return t


def walk_ref(X, n, hold=0, loop=False, spline="none", angular=False,
             kind="linear"):
    K = len(X)
    F = K * n if loop else (K - 1) * n + 1 + hold
    frames = []
    for f in range(F):
        seg, j = divmod(f, n)
        if not loop and seg >= K - 1:
            seg, j = K - 1, 0
        t = 0.0 if j <= hold else (j - hold) / (n - hold)
        s = ease(t, kind)
        if spline == "catmull-rom":
            c = [(-s**3 + 2*s*s - s) / 2, (3*s**3 - 5*s*s + 2) / 2,
                 (-3*s**3 + 4*s*s + s) / 2, (s**3 - s*s) / 2]
        elif spline == "bspline":
            c = [(1 - s)**3 / 6, (3*s**3 - 6*s*s + 4) / 6,
                 (-3*s**3 + 3*s*s + 3*s + 1) / 6, s**3 / 6]
        elif angular:
            c = [0, math.cos(s * math.pi / 2), math.sin(s * math.pi / 2), 0]
        else:
            c = [0, 1 - s, s, 0]
        w = np.zeros(K)
        for d in range(4):
            i = seg + d - 1
            i = i % K if loop else min(max(i, 0), K - 1)
            w[i] += c[d]
        y = np.tensordot(w, X.astype(np.float64), axes=1)
        frames.append(y / math.sqrt((w * w).sum()))
    return np.array(frames)


def test_walk(d):
    rng = np.random.default_rng(14)
    X = rng.standard_normal((4, 4, 16, 16)).astype(np.float32)
    paths = []
    for i in range(4):
        paths.append(os.path.join(d, "k%d.npy" % i))
        np.save(paths[-1], X[i])
    out = os.path.join(d, "walk.npy")
    cases = [dict(), dict(loop=True), dict(hold=2), dict(kind="cosine"),
             dict(kind="smoothstep", loop=True, hold=1),
             dict(spline="catmull-rom"), dict(spline="catmull-rom", loop=True),
             dict(spline="bspline"), dict(spline="bspline", loop=True),
             dict(angular=True, loop=True)]
    for c in cases:
        args = ["walk"] + paths + ["--frames", 6, "-o", out]
        if c.get("loop"):
            args.append("--loop")
        if c.get("hold"):
            args += ["--hold", c["hold"]]
        if c.get("kind"):
            args += ["--ease", c["kind"]]
        if c.get("spline"):
            args += ["--spline", c["spline"]]
        if c.get("angular"):
            args.append("--angular")
        run(*args)
        got = np.load(out)
        ref = walk_ref(X, 6, **c)
        what = "walk %s" % c
        check(got.shape == ref.shape, what + ": shape %s, want %s"
              % (got.shape, ref.shape))
        if got.shape != ref.shape:
            continue
        err = np.abs(got - ref).max()
        check(err < 1e-5, what + ": max error %.3g vs NumPy" % err)
        if c.get("spline") != "bspline":
            for i in range(4 if c.get("loop") else 3):
                check(np.array_equal(got[i * 6], X[i]),
                      what + ": frame %d is keyframe %d" % (i * 6, i))
    # one file holding the keyframes works the same
    np.save(os.path.join(d, "keys.npy"), X)
    run("walk", os.path.join(d, "keys.npy"), "--frames", 6, "--loop", "-o",
        out)
    check(np.load(out).shape == (24, 4, 16, 16), "walk from one (K, *S) file")
    # bad input: clear message, exit status, the existing output untouched
    np.save(out, np.zeros(3, np.float32))
    before = open(out, "rb").read()
    for args, rc, text in (
            (paths + ["--frames", 3, "--hold", 3], 2, "--hold"),
            (paths + ["--frames", 0], 2, "--frames"),
            (paths + ["--frames", 3, "--ease", "bounce"], 2, "--ease"),
            (paths + ["--frames", 3, "--spline", "bspline", "--angular"], 2,
             "--angular"),
            ([paths[0], paths[1], paths[0], "--frames", 3], 1, "same latent")):
        p = run("walk", *args, "-o", out, rc=rc)
        check(text in p.stderr, "walk %s: message names %s (%s)"
              % (args[-2:], text, p.stderr.strip()))
        check(open(out, "rb").read() == before, "walk %s: output untouched"
              % args[-2:])


# ------------------------------------------------------------ variation

def a1111_slerp(val, low, high):
    low = low.astype(np.float64)
    high = high.astype(np.float64)
    ln = low / np.linalg.norm(low, axis=1, keepdims=True)
    hn = high / np.linalg.norm(high, axis=1, keepdims=True)
    dot = (ln * hn).sum(1)
    if dot.mean() > 0.9995:
        return low * val + high * (1 - val)
    om = np.arccos(dot)
    so = np.sin(om)
    return ((np.sin((1 - val) * om) / so)[:, None, :] * low +
            (np.sin(val * om) / so)[:, None, :] * high)


def test_variation(d):
    out = os.path.join(d, "var.npy")
    for rng in ("cpu", "nv"):
        run("randn", "--rng", rng, "--seed", 11, "--shape", "4,32,32", "-o", out)
        a = np.load(out)
        run("randn", "--rng", rng, "--seed", 12, "--shape", "4,32,32", "-o", out)
        b = np.load(out)
        ts = [0, 0.1, 0.5, 0.9, 1]
        run("randn", "--rng", rng, "--seed", 11, "--variation-seed", 12,
            "--variation-strength", ",".join(map(str, ts)), "--shape",
            "4,32,32", "-o", out)
        v = np.load(out)
        check(v.shape == (5, 4, 32, 32), "variation strip shape %s" % (v.shape,))
        if v.shape != (5, 4, 32, 32):
            continue
        check(np.array_equal(v[0], a), "variation %s: strength 0 = seed" % rng)
        check(np.array_equal(v[4], b), "variation %s: strength 1 = variation "
              "seed" % rng)
        for i, t in enumerate(ts):
            ref = (math.cos(t * math.pi / 2) * a.astype(np.float64) +
                   math.sin(t * math.pi / 2) * b)
            check(np.abs(v[i] - ref).max() < 1e-5,
                  "variation %s t=%g vs NumPy" % (rng, t))
            D = a.size
            z = ((v[i].astype(np.float64) ** 2).sum() - D) / math.sqrt(2 * D)
            check(abs(z) < 4.5, "variation %s t=%g: norm z %.2f" % (rng, t, z))
        # A1111's own (uncorrected) formula
        run("randn", "--rng", rng, "--seed", 11, "--variation-seed", 12,
            "--variation-strength", "0.3,0.5", "--method", "a1111",
            "--shape", "4,32,32", "-o", out)
        v = np.load(out)
        for i, t in enumerate((0.3, 0.5)):
            ref = a1111_slerp(t, a, b)
            check(np.abs(v[i] - ref).max() < 1e-5,
                  "variation a1111 %s t=%g vs NumPy" % (rng, t))
        # the same seed twice: the fallback branch (no NaN)
        run("randn", "--rng", rng, "--seed", 11, "--variation-seed", 11,
            "--variation-strength", 0.25, "--method", "a1111", "--shape",
            "4,32,32", "-o", out)
        check(np.abs(np.load(out) - a).max() < 1e-6,
              "variation a1111 %s: parallel fallback" % rng)
    # --count: latent i mixes latent i of each seed's noise
    run("randn", "--rng", "nv", "--seed", 3, "--variation-seed", 9,
        "--variation-strength", 0.5, "--shape", "2,4,4", "--count", 2,
        "-o", out)
    v = np.load(out)
    ref = np.stack([(philox_nv_randn(3 + i, 0, 32).astype(np.float64) +
                     philox_nv_randn(9 + i, 0, 32)) * math.sqrt(0.5)
                    for i in range(2)]).reshape(2, 2, 4, 4)
    check(v.shape == (2, 2, 4, 4) and np.abs(v - ref).max() < 1e-5,
          "variation --count (nv: seeds N + i, S + i)")
    for args, text in (
            (["--variation-seed", 2], "--variation-strength"),
            (["--variation-seed", 2, "--variation-strength", 0.5,
              "--method", "a1111", "--shape", "16"], "(C, H, W)"),
            (["--variation-seed", 2, "--variation-strength", 0.5,
              "--method", "lerp"], "--method")):
        a = ["randn", "--seed", 1] + args
        if "--shape" not in args:
            a += ["--shape", "4,8,8"]
        p = run(*a, "-o", out, rc=2)
        check(text in p.stderr, "variation %s: message names %s (%s)"
              % (args, text, p.stderr.strip()))


# ---------------------------------------------------------------- blend

def blend_ref(X, W, mu=0.0):
    X = X.astype(np.float64)
    W = W.astype(np.float64)
    zero = (W * W).sum(0) < 1e-10
    W = np.where(zero[None], 1.0, W)
    al = W.sum(0)
    be = (W * W).sum(0)
    return (W * X).sum(0) / np.sqrt(be) + (1 - al / np.sqrt(be)) * mu


def test_blend(d):
    rng = np.random.default_rng(15)
    X = rng.standard_normal((3, 4, 32, 32)).astype(np.float32)
    paths = []
    for i in range(3):
        paths.append(os.path.join(d, "b%d.npy" % i))
        np.save(paths[-1], X[i])
    out = os.path.join(d, "blend.npy")
    mpath = os.path.join(d, "masks.npy")
    # per element, broadcast over channels, with a mean
    for M in (rng.uniform(0, 1, (3, 4, 32, 32)), rng.uniform(0, 1, (3, 32, 32))):
        M = M.astype(np.float32)
        M[:, ..., 0, 0] = 0  # an all-zero element
        np.save(mpath, M)
        run("blend", *paths, "--masks", mpath, "--mean", 0.25, "-o", out)
        got = np.load(out)
        W = np.broadcast_to(M[:, None], (3, 4, 32, 32)) if M.ndim == 3 else M
        ref = blend_ref(X, W, 0.25)
        check(got.shape == (4, 32, 32) and np.abs(got - ref).max() < 1e-5,
              "blend masks %s vs NumPy" % (M.shape,))
    # hard masks: exact
    H = np.zeros((3, 32, 32), np.float32)
    H[0, :, :10] = 1
    H[1, :, 10:20] = 1
    H[2, :, 20:] = 1
    np.save(mpath, H)
    run("blend", *paths, "--masks", mpath, "-o", out)
    got = np.load(out)
    check(np.array_equal(got[..., :10], X[0][..., :10]) and
          np.array_equal(got[..., 10:20], X[1][..., 10:20]) and
          np.array_equal(got[..., 20:], X[2][..., 20:]),
          "blend hard masks reproduce the inputs")
    # K = 2, one map m: weights (1 - m, m); a soft seam keeps variance 1
    big = rng.standard_normal((2, 4, 64, 64)).astype(np.float32)
    np.save(os.path.join(d, "two.npy"), big)
    m = np.full((64, 64), 0.5, np.float32)
    np.save(mpath, m)
    run("blend", os.path.join(d, "two.npy"), "--masks", mpath, "-o", out)
    got = np.load(out)
    ref = blend_ref(big, np.stack([1 - np.broadcast_to(m, (4, 64, 64)),
                                   np.broadcast_to(m, (4, 64, 64))]))
    check(np.abs(got - ref).max() < 1e-5, "blend single map vs NumPy")
    var = float((got.astype(np.float64) ** 2).mean())
    n = got.size
    check(abs(var - 1) < 5 * math.sqrt(2.0 / n),
          "blend mask 0.5: variance %.4f (plain blend: 0.5)" % var)
    # bad input: clear message, exit status, the existing output untouched
    np.save(out, np.zeros(3, np.float32))
    before = open(out, "rb").read()
    np.save(mpath, np.ones((2, 32, 32), np.float32))
    p = run("blend", *paths, "--masks", mpath, "-o", out, rc=1)
    check("do not fit" in p.stderr, "blend: wrong mask count message (%s)"
          % p.stderr.strip())
    amb = rng.standard_normal((2, 2, 8, 8)).astype(np.float32)
    np.save(os.path.join(d, "amb.npy"), amb)
    np.save(mpath, np.ones((2, 8, 8), np.float32))
    p = run("blend", os.path.join(d, "amb.npy"), "--masks", mpath, "-o", out,
            rc=1)
    check("ambiguous" in p.stderr, "blend: ambiguous masks message (%s)"
          % p.stderr.strip())
    bad = np.ones((3, 32, 32), np.float32)
    bad[1, 3, 3] = np.nan
    np.save(mpath, bad)
    p = run("blend", *paths, "--masks", mpath, "-o", out, rc=1)
    check("masks" in p.stderr, "blend: NaN mask message (%s)" % p.stderr.strip())
    check(open(out, "rb").read() == before, "blend: output untouched")


def main():
    with scratch_dir("cog_seeds_test_") as d:
        test_randn_nv(d)
        test_walk(d)
        test_variation(d)
        test_blend(d)
    return report("test_seeds_cli")


if __name__ == "__main__":
    sys.exit(main())
