#!/usr/bin/python3
"""The seed workflows of the `cog` tool against independent NumPy code.

    /usr/bin/python3 tests/cli/test_seeds.py path/to/cog

randn --rng nv: a NumPy implementation of the Philox4x32-10 "NV" source,
written here from the published algorithm (DESIGN.md §8) and vectorised
over the elements, must give the same float32 values as `cog randn --rng
nv` (bit-exact expected; at most 1 float ulp allowed, where libm and NumPy
round a double log/sin differently at a float rounding boundary).

walk: every frame against a float64 NumPy reference of the walk's weights
(written here from the formulas: eased t, LERP / arc / Catmull-Rom /
B-spline weights over clamped or wrapped neighbours, COG), frame counts,
keyframes hit bit for bit, bad inputs (exit status, message, untouched
output).

Needs NumPy (prints "SKIPPED: numpy not installed" and exits 77 without it).
"""
import math
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError:
    print("SKIPPED: numpy not installed")
    sys.exit(77)

COG = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cog"
# Cross builds: the emulator (qemu, wine) that runs `cog` (tests/tools/cross.sh).
EMU = os.environ.get("COG_TEST_EMULATOR", "").split()
checks = 0
failures = []


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, rc=0):
    p = subprocess.run(EMU + [COG] + [str(a) for a in args], capture_output=True,
                       text=True)
    if rc is not None and p.returncode != rc:
        check(False, "cog %s: exit %d (want %d): %s" % (
            " ".join(map(str, args)), p.returncode, rc, p.stderr.strip()))
    return p


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


def main():
    with tempfile.TemporaryDirectory(prefix="cog_seeds_test_") as d:
        test_randn_nv(d)
        test_walk(d)
    print("test_seeds_cli: %d checks, %d passed, %d failed" % (
        checks, checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
