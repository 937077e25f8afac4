#!/usr/bin/python3
"""Round-trip tests of the `cog` command-line tool (examples/cli).

    /usr/bin/python3 tests/cli/test_cli.py path/to/cog

NumPy writes the inputs (every supported format), `cog` combines, and the
results are checked against a float64 NumPy implementation of the formulas
written out below (not against cog.h), to float rounding. `cog randn` is
checked against torch.randn. Every bad-input case of the issue is checked for
its exit status, a one-line message naming the file or option, and an
untouched pre-existing output file.

Needs NumPy (prints "SKIPPED: numpy not installed" and exits 77 without it);
the torch part is skipped with a message when torch is missing.

Tolerances (float32 unit roundoff u = 2^-24 ~ 6e-8):
  COG / linear combinations: |out - ref| <= 4 (K + 2) u (sum_i |c_i x_i| +
      |m mu|) + 1e-30 per element, the promise in cog.h with a factor 2 for
      the reference's own coefficients (exact when all match).
  standardized / mode-norm centroids: 1e-5 relative to max |ref|.
  subspace points: the COG bound above with the reference weights, plus the
      weight difference (<= 1e-9 relative) times |x|.
  coordinates and weights (float64 outputs): 1e-9 relative to their scale.
  stats: norm/mean/std/z 1e-9 relative, KS statistic 1e-6 absolute.
  randn: bit-exact against torch (reported), never more than 4 ulp (asserted).
"""
import glob
import json
import math
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
from cli_harness import check, report, run, scratch_dir  # noqa: E402 (exits 77 without NumPy)
import numpy as np  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

U = 2.0 ** -24


# ----------------------------------------------------------- file formats

def write_npy(path, arr, version=(1, 0)):
    with open(path, "wb") as f:
        np.lib.format.write_array(f, arr, version=version)


def to_bf16_bits(a):
    u = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def bf16_bits_to_f32(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors, metadata=None, header_pad=True):
    """tensors: list of (name, array, dtype) with dtype F32/F16/BF16/F64/I32."""
    header, blobs, off = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, arr, dt in tensors:
        if dt == "BF16":
            raw = to_bf16_bits(arr).tobytes()
        else:
            npdt = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I32": "<i4"}[dt]
            raw = np.ascontiguousarray(arr, dtype=npdt).tobytes()
        header[name] = {"dtype": dt, "shape": list(np.shape(arr)),
                        "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    h = json.dumps(header).encode()
    if header_pad:
        h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def read_safetensors(path):
    """A strict reader (what the Rust safetensors crate checks): header JSON
    padded to 8 bytes, tensors back to back covering the whole data area."""
    with open(path, "rb") as f:
        buf = f.read()
    n = struct.unpack("<Q", buf[:8])[0]
    check(n % 8 == 0, path + ": header length multiple of 8")
    hdr = json.loads(buf[8:8 + n].decode())
    check(buf[8:9] == b"{", path + ": header starts with {")
    data = buf[8 + n:]
    out, spans = {}, []
    for name, e in hdr.items():
        if name == "__metadata__":
            continue
        b, en = e["data_offsets"]
        spans.append((b, en))
        dt = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}[e["dtype"]]
        out[name] = np.frombuffer(data[b:en], dtype=dt).reshape(e["shape"])
    spans.sort()
    pos = 0
    for b, en in spans:
        check(b == pos, path + ": tensors contiguous")
        pos = en
    check(pos == len(data), path + ": data area fully used")
    return out


def load(path):
    if path.endswith(".npy"):
        a = np.load(path)
        check(a.dtype in (np.float32, np.float64), path + ": float output")
        return a
    t = read_safetensors(path)
    if path.endswith(".latent"):
        check("latent_format_version_0" in t, path + ": ComfyUI marker")
        return t["latent_tensor"]
    check(len(t) == 1, path + ": one tensor")
    return next(iter(t.values()))


# ----------------------------------------------- float64 reference maths

def cog_coeffs(w):
    w = np.asarray(w, dtype=np.float64)
    beta = float(np.sum(w * w))
    if beta < 1e-10:
        w = np.full(len(w), 1.0 / len(w))
        beta = float(np.sum(w * w))
    alpha = float(np.sum(w))
    return w / math.sqrt(beta), 1.0 - alpha / math.sqrt(beta)


def ref_cog(X, W, mu=0.0):
    """X (K, D) float64, W (B, K) -> (B, D) and the error scale per element."""
    out, scale = [], []
    mu = np.broadcast_to(np.asarray(mu, dtype=np.float64), X.shape[1:])
    for w in np.atleast_2d(W):
        c, m = cog_coeffs(w)
        out.append(c @ X + m * mu)
        scale.append(np.abs(c) @ np.abs(X) + abs(m) * np.abs(mu))
    return np.array(out), np.array(scale)


def ref_linear(X, W):
    W = np.atleast_2d(np.asarray(W, dtype=np.float64))
    return W @ X, np.abs(W) @ np.abs(X)


def lerp_w(t):
    return np.array([1.0 - t, t])


def slerp_theta(a, b):
    c = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return math.acos(max(-1.0, min(1.0, c)))


def slerp_w(theta, t):
    if theta < 1e-4:
        return lerp_w(t)
    s = math.sin(theta)
    return np.array([math.sin((1 - t) * theta) / s, math.sin(t * theta) / s])


def qr_pos(X):
    """Thin QR of A = X^T with a positive diagonal of R."""
    Q, R = np.linalg.qr(X.T)
    s = np.sign(np.diag(R))
    s[s == 0] = 1
    return Q * s, R * s[:, None]


def close_bound(out, ref, scale, K, what):
    out = np.asarray(out, dtype=np.float64).reshape(ref.shape)
    tol = 4 * (K + 2) * U * scale + 1e-30
    err = np.abs(out - ref)
    ok = bool(np.all(err <= tol))
    check(ok, "%s: max err %.3g, max allowed there %.3g" % (
        what, float(np.max(err)), float(tol.flat[int(np.argmax(err - tol))])))


def close_rel(out, ref, rtol, what):
    out = np.asarray(out, dtype=np.float64).reshape(np.shape(ref))
    scale = max(float(np.max(np.abs(ref))), 1e-300)
    err = float(np.max(np.abs(out - ref))) / scale
    check(err <= rtol, "%s: relative err %.3g > %.3g" % (what, err, rtol))


# ------------------------------------------------------------------ tests

def test_formats(d, rng):
    S = (4, 6, 5)
    X = rng.standard_normal((3,) + S).astype(np.float32)
    eye = "1,0,0;0,1,0;0,0,1"

    def same(path, expect, what):
        out = os.path.join(d, "fmt_out.npy")
        p = run("combine", "--method", "linear", "--weights", eye, path,
                "-o", out)
        if p.returncode == 0:
            got = np.load(out)
            check(got.shape == expect.shape and np.array_equal(got, expect),
                  what + ": values read exactly")

    for ver in [(1, 0), (2, 0), (3, 0)]:
        p = os.path.join(d, "x_v%d.npy" % ver[0])
        write_npy(p, X, ver)
        same(p, X, "npy %d.0 float32" % ver[0])
    p = os.path.join(d, "x_f16.npy")
    write_npy(p, X.astype(np.float16))
    same(p, X.astype(np.float16).astype(np.float32), "npy float16")
    p = os.path.join(d, "x_f64.npy")
    X64 = X.astype(np.float64) * (1 + 1e-9)
    write_npy(p, X64)
    same(p, X64.astype(np.float32), "npy float64")

    p = os.path.join(d, "x_many.safetensors")
    write_safetensors(p, [("a", X, "F32"), ("h", X, "F16"), ("b", X, "BF16"),
                          ("d", X.astype(np.float64), "F64")],
                      metadata={"format": "pt"})
    same(p + ":a", X, "safetensors F32 by name")
    same(p + ":h", X.astype(np.float16).astype(np.float32), "safetensors F16")
    same(p + ":b", bf16_bits_to_f32(to_bf16_bits(X)), "safetensors BF16")
    same(p + ":d", X, "safetensors F64")
    p1 = os.path.join(d, "x_one.safetensors")
    write_safetensors(p1, [("only", X, "F32")], header_pad=False)
    same(p1, X, "safetensors with one tensor, no name")

    p = os.path.join(d, "x.latent")
    write_safetensors(p, [("latent_tensor", X, "F32"),
                          ("latent_format_version_0", np.zeros(0, np.float32), "F32")])
    same(p, X, ".latent")
    p = os.path.join(d, "x_old.latent")
    write_safetensors(p, [("latent_tensor", X, "F32")])
    out = os.path.join(d, "fmt_out.npy")
    q = run("combine", "--method", "linear", "--weights", eye, p, "-o", out)
    check(q.returncode == 0 and "0.18215" in q.stderr,
          "old-format .latent: note about the ComfyUI scale")
    if q.returncode == 0:
        close_rel(np.load(out), X.astype(np.float64) / 0.18215, 2e-7,
                  "old-format .latent scaled by 1/0.18215")

    # several files of shape S, in three different formats
    pa, pb, pc = (os.path.join(d, n) for n in ("s0.npy", "s1.safetensors", "s2.latent"))
    write_npy(pa, X[0])
    write_safetensors(pb, [("lat", X[1], "F32")])
    write_safetensors(pc, [("latent_tensor", X[2], "F32"),
                           ("latent_format_version_0", np.zeros(0, np.float32), "F32")])
    same_files = os.path.join(d, "fmt_files.npy")
    run("combine", "--method", "linear", "--weights", eye, pa, pb, pc, "-o", same_files)
    check(np.array_equal(np.load(same_files), X), "three files of shape S")

    # outputs in each format, read back
    for ext in (".npy", ".safetensors", ".latent"):
        o = os.path.join(d, "out" + ext)
        run("combine", "--method", "linear", "--weights", eye, pa, pb, pc, "-o", o)
        got = load(o)
        want = X if ext != ".latent" else X  # (3, 4, 6, 5) already 4-D
        check(got.dtype == np.float32 and np.array_equal(got, want),
              "output " + ext + " round trip")
    o = os.path.join(d, "named.safetensors")
    if run("centroid", pa, pb, "-o", o + ":mix").returncode == 0:
        check("mix" in read_safetensors(o), "OUT.safetensors:NAME names the tensor")
    # .latent of a single (C, H, W) latent gets a batch axis
    o = os.path.join(d, "one.latent")
    run("centroid", pa, pb, "-o", o)
    check(load(o).shape == (1,) + S, ".latent output of one (C,H,W) latent is (1,C,H,W)")
    # a stack of (1, C, H, W) latents is written as (N, C, H, W)
    p1a, p1b = os.path.join(d, "b1a.npy"), os.path.join(d, "b1b.npy")
    write_npy(p1a, X[0][None])
    write_npy(p1b, X[1][None])
    o = os.path.join(d, "stack.latent")
    run("interp", p1a, p1b, "--steps", 3, "-o", o)
    check(load(o).shape == (3,) + S, ".latent interp of (1,C,H,W) latents is (N,C,H,W)")
    return X


def test_interp(d, X):
    K, D = 2, X[0].size
    A = X[:2].reshape(2, -1).astype(np.float64)
    src = os.path.join(d, "ab.npy")
    write_npy(src, X[:2])
    steps = 7
    ts = [i / (steps - 1) for i in range(steps)]
    theta = slerp_theta(A[0], A[1])
    mu_file = os.path.join(d, "mu.npy")
    mu = (np.arange(D, dtype=np.float32).reshape(X.shape[1:]) / D - 0.5)
    write_npy(mu_file, mu)
    for method in ("cog", "lerp", "slerp", "cog-slerp"):
        W = np.array([slerp_w(theta, t) if "slerp" in method else lerp_w(t)
                      for t in ts])
        means = [None]
        if method.startswith("cog"):
            means += ["0.25", mu_file]
        for m in means:
            out = os.path.join(d, "interp.npy")
            args = ["interp", src, "--steps", steps, "--method", method, "-o", out]
            if m is not None:
                args += ["--mean", m]
            run(*args)
            if method.startswith("cog"):
                muv = 0.0 if m is None else (0.25 if m == "0.25" else mu.reshape(-1).astype(np.float64))
                ref, sc = ref_cog(A, W, muv)
            else:
                ref, sc = ref_linear(A, W)
            got = np.load(out)
            check(got.shape == (steps,) + X.shape[1:], "interp shape")
            close_bound(got.reshape(steps, -1), ref, sc, K,
                        "interp %s mean=%s" % (method, m))
    # two separate files give the same as one file holding 2
    a, b = os.path.join(d, "a.npy"), os.path.join(d, "b.npy")
    write_npy(a, X[0])
    write_npy(b, X[1])
    run("interp", a, b, "--steps", steps, "-o", os.path.join(d, "i2.npy"))
    run("interp", src, "--steps", steps, "-o", os.path.join(d, "i1.npy"))
    check(np.array_equal(np.load(os.path.join(d, "i1.npy")),
                         np.load(os.path.join(d, "i2.npy"))), "interp A B == interp AB")


def test_combine(d, X):
    K = X.shape[0]
    A = X.reshape(K, -1).astype(np.float64)
    src = os.path.join(d, "x3.npy")
    write_npy(src, X)
    Wrows = np.array([[1, -1, 1], [0.2, 0.3, 0.5], [0, 0, 0], [3, 0, 0],
                      [1e-3, 2e-3, -5e-4]], dtype=np.float64)
    wfile = os.path.join(d, "w.npy")
    write_npy(wfile, Wrows)
    out = os.path.join(d, "comb.npy")
    for method in ("cog", "linear"):
        run("combine", "--weights", wfile, src, "--method", method, "-o", out)
        ref, sc = ref_cog(A, Wrows) if method == "cog" else ref_linear(A, Wrows)
        got = np.load(out)
        check(got.shape == (len(Wrows),) + X.shape[1:], "combine (B,K) shape")
        close_bound(got.reshape(len(Wrows), -1), ref, sc, K, "combine " + method)
    run("combine", "--weights", "0.5,0.25,-0.75", src, "--mean", "-0.5", "-o", out)
    ref, sc = ref_cog(A, [0.5, 0.25, -0.75], -0.5)
    got = np.load(out)
    check(got.shape == X.shape[1:], "combine (K,) gives one latent")
    close_bound(got.reshape(1, -1), ref, sc, K, "combine inline with mean")
    # weights from a float32 safetensors file
    wst = os.path.join(d, "w.safetensors")
    write_safetensors(wst, [("w", Wrows[:2].astype(np.float32), "F32")])
    run("combine", "--weights", wst, src, "-o", out)
    ref, sc = ref_cog(A, Wrows[:2].astype(np.float32))
    close_bound(np.load(out).reshape(2, -1), ref, sc, K, "combine weights from safetensors")


def test_centroid(d, X):
    K = X.shape[0]
    A = X.reshape(K, -1).astype(np.float64)
    D = A.shape[1]
    src = os.path.join(d, "x3.npy")
    out = os.path.join(d, "cent.npy")
    run("centroid", src, "-o", out)
    ref, sc = ref_cog(A, np.full(K, 1.0 / K))
    close_bound(np.load(out).reshape(1, -1), ref, sc, K, "centroid cog")
    check(np.allclose(ref[0], A.sum(0) / math.sqrt(K)), "reference: COG centroid = sum/sqrt(K)")
    run("centroid", src, "--mean", "1.5", "-o", out)
    ref, sc = ref_cog(A, np.full(K, 1.0 / K), 1.5)
    close_bound(np.load(out).reshape(1, -1), ref, sc, K, "centroid cog with mean")
    e = A.mean(0)
    run("centroid", src, "--method", "euclidean", "-o", out)
    ref, sc = ref_linear(A, np.full(K, 1.0 / K))
    close_bound(np.load(out).reshape(1, -1), ref, sc, K, "centroid euclidean")
    run("centroid", src, "--method", "standardized", "-o", out)
    close_rel(np.load(out).reshape(-1), (e - e.mean()) / e.std(), 1e-5,
              "centroid standardized")
    run("centroid", src, "--method", "mode-norm", "-o", out)
    close_rel(np.load(out).reshape(-1), e * math.sqrt(D - 2) / np.linalg.norm(e),
              1e-5, "centroid mode-norm")


def test_subspace(d, X, rng):
    K = X.shape[0]
    A = X.reshape(K, -1).astype(np.float64)
    src = os.path.join(d, "x3.npy")
    Q, R = qr_pos(A)
    # --coords (B, K) from a file
    C = np.array([[1.0, 2.0, -0.5], [0.3, -1, 2], [R[0, 1], R[1, 1], 0]])
    cfile = os.path.join(d, "c.npy")
    write_npy(cfile, C)
    out, wout = os.path.join(d, "sub.npy"), os.path.join(d, "subw.npy")
    run("subspace", src, "--coords", cfile, "--weights-out", wout, "-o", out)
    Wref = np.linalg.solve(R, C.T).T
    close_rel(np.load(wout), Wref, 1e-9, "subspace weights R^-1 s")
    ref, sc = ref_cog(A, Wref)
    close_bound(np.load(out).reshape(len(C), -1), ref, sc + 1e-9 * np.abs(A).sum(0),
                K, "subspace --coords")
    # coordinates of latent 1 reproduce latent 1 exactly up to rounding
    close_rel(np.load(out)[2], X[1].astype(np.float64), 1e-5, "subspace: basis coords give the latent back")
    # inline (K,) coords, linear method
    run("subspace", src, "--coords", "0.5,-1,2", "--method", "linear", "-o", out)
    w = np.linalg.solve(R, [0.5, -1, 2])
    ref, sc = ref_linear(A, w)
    close_bound(np.load(out).reshape(1, -1), ref, sc + 1e-9 * np.abs(A).sum(0), K,
                "subspace --coords linear")
    # grids in the plane of latents (O, I, J): affine and tangent, weights
    # against a NumPy reference, cells pairwise distinct and typical
    n = 5
    for kind, ext in (("affine", 1.0), ("tangent", 1.0), ("affine", 0.5), ("tangent", 0.7)):
        for gi, gj, org in ((1, 2, 0), (0, 1, 2)):
            wst = os.path.join(d, "gw.safetensors")
            run("subspace", src, "--grid", "%d,%d" % (gi, gj), "--steps", n,
                "--origin", org, "--grid-kind", kind, "--extent", ext,
                "--weights-out", wst, "-o", out)
            Wg = np.zeros((n, n, K))
            c = R[:, org]
            e1 = R[:, gi] - (R[:, gi] @ c) / (c @ c) * c
            e1 /= np.linalg.norm(e1)
            e2 = R[:, gj] - (R[:, gj] @ c) / (c @ c) * c - (R[:, gj] @ e1) * e1
            e2 /= np.linalg.norm(e2)
            for a in range(n):
                for b in range(n):
                    if kind == "affine":
                        u, v = ext * a / (n - 1), ext * b / (n - 1)
                        Wg[a, b, org], Wg[a, b, gi], Wg[a, b, gj] = 1 - u - v, u, v
                    else:
                        u, v = ext * (2 * a / (n - 1) - 1), ext * (2 * b / (n - 1) - 1)
                        s_ = c + np.linalg.norm(c) * (u * e1 + v * e2)
                        Wg[a, b] = np.linalg.solve(R, s_)
            gw = read_safetensors(wst)["weights"]
            what = "%s grid %d,%d origin %d extent %g" % (kind, gi, gj, org, ext)
            check(gw.shape == (n, n, K) and gw.dtype == np.float64, what + ": weights (N,N,K) float64")
            close_rel(gw, Wg, 1e-9, what + ": weights")
            got = np.load(out)
            check(got.shape == (n, n) + X.shape[1:], what + ": output (N,N,*S)")
            ref, sc = ref_cog(A, Wg.reshape(-1, K))
            close_bound(got.reshape(n * n, -1), ref, sc + 1e-9 * np.abs(A).sum(0), K, what + ": latents")
            F = got.reshape(n * n, -1).astype(np.float64)
            F /= np.linalg.norm(F, axis=1)[:, None]
            cos = np.abs(F @ F.T)[np.triu_indices(n * n, 1)]
            check(cos.max() < 0.999, what + ": cells pairwise distinct (max |cos| %.4f)" % cos.max())
            if kind == "affine" and ext == 1.0:
                check(np.array_equal(got[0, 0], X[org]) or np.allclose(got[0, 0], X[org], atol=1e-5),
                      what + ": corner [0,0] is latent O")
    # the old default (--grid 0,1, origin 0) repeated 24 pairs: refused now
    p = run("subspace", src, "--grid", "0,1", "--steps", n, "-o", out, rc=2)
    check("three different latents" in p.stderr, "grid through O = I refused, says what to write")
    # user coordinates that repeat a latent are reported, not written
    for coords, word in (("1,0,0;2,0,0", "same"), ("1,2,0;-1,-2,0", "opposite"), ("0,0,0", "centroid")):
        p = run("subspace", src, "--coords", coords, "-o", out, rc=1)
        check(word in p.stderr, "--coords %s: reported (%r)" % (coords, p.stderr))
    p = run("subspace", src, "--coords", "1,0,0;2,0,0", "--allow-repeats", "-o", out)
    check(p.returncode == 0 and "allow-repeats" in p.stderr, "--allow-repeats writes, with a note")
    run("subspace", src, "--coords", "1,0,0;2,0,0", "--method", "linear", "-o", out)
    # a grid written as .latent is a flat ComfyUI batch (N*N, *S)
    lat = os.path.join(d, "grid.latent")
    run("subspace", src, "--grid", "0,1", "--steps", n, "--origin", 2, "-o", lat)
    run("subspace", src, "--grid", "0,1", "--steps", n, "--origin", 2, "-o", out)
    check(np.array_equal(load(lat), np.load(out).reshape((n * n,) + X.shape[1:])),
          "grid as .latent is the flat batch")
    # project: Y single and batch
    Y = rng.standard_normal((2,) + X.shape[1:]).astype(np.float32)
    yfile, pout = os.path.join(d, "y.npy"), os.path.join(d, "proj.npy")
    write_npy(yfile, Y)
    run("project", src, "--latent", yfile, "-o", pout)
    sref = (Q.T @ Y.reshape(2, -1).astype(np.float64).T).T
    got = np.load(pout)
    check(got.shape == (2, K) and got.dtype == np.float64, "project batch shape (B,K) float64")
    close_rel(got, sref, 1e-9, "project coordinates U^T y")
    write_npy(yfile, Y[0])
    run("project", src, "--latent", yfile, "-o", pout)
    close_rel(np.load(pout), sref[0], 1e-9, "project one latent")
    # project then subspace --coords: the COG latent of the projection
    run("subspace", src, "--coords", pout, "-o", out)
    w = np.linalg.solve(R, sref[0])
    ref, sc = ref_cog(A, w)
    close_bound(np.load(out).reshape(1, -1), ref, sc + 1e-9 * np.abs(A).sum(0), K,
                "project -> subspace round trip")
    # dependent latents: rank note, still a result
    dep = os.path.join(d, "dep.npy")
    write_npy(dep, np.stack([X[0], X[1], X[0] + X[1]]))
    p = run("subspace", dep, "--coords", "1,1,1", "-o", out)
    check("rank 2" in p.stderr, "dependent latents: rank reported")
    p = run("subspace", dep, "--grid", "1,2", "--steps", 3, "-o", out, rc=1)
    check("linearly dependent" in p.stderr, "grid through dependent latents: refused")


def ks_p(lam):
    if lam < 0.2:
        return 1.0
    if lam < 1.18:
        s = sum(math.exp(-(2 * j - 1) ** 2 * math.pi ** 2 / (8 * lam * lam))
                for j in range(1, 21))
        return min(1.0, max(0.0, 1 - math.sqrt(2 * math.pi) / lam * s))
    s = sum((2 if j % 2 else -2) * math.exp(-2 * j * j * lam * lam) for j in range(1, 101))
    return min(1.0, max(0.0, s))


def test_stats(d, rng):
    D = 4096
    g = rng.standard_normal((2, D)).astype(np.float32)
    mid = ((g[0] + g[1]) / 2).astype(np.float32)
    arr = np.stack([g[0], g[1], mid, np.ones(D, np.float32)])
    f = os.path.join(d, "st.npy")
    write_npy(f, arr)
    p = run("stats", f, "--json", "--latent-dims", 1)
    try:
        js = json.loads(p.stdout)
    except ValueError:
        check(False, "stats --json is JSON")
        return
    check(js["latents"] == 4 and js["D"] == D, "stats json header")
    for i, st in enumerate(js["stats"]):
        x = arr[i].astype(np.float64)
        ss = float(np.sum(x * x))
        check(abs(st["norm"] - math.sqrt(ss)) <= 1e-9 * math.sqrt(ss), "stats norm")
        check(abs(st["z"] - (ss - D) / math.sqrt(2 * D)) <= 1e-9 * max(1, abs(st["z"])), "stats z")
        check(abs(st["mean"] - x.mean()) <= 1e-9, "stats mean")
        check(abs(st["std"] - x.std()) <= 1e-9, "stats std")
        chi = math.sqrt(2) * math.exp(math.lgamma((D + 1) / 2) - math.lgamma(D / 2))
        check(abs(st["expected_norm"] - chi) <= 1e-9 * chi, "stats chi mean")
        xs = np.sort(x.astype(np.float32)).astype(np.float64)
        F = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in xs])
        n = len(xs)
        ks = max(np.max(F - np.arange(n) / n), np.max(np.arange(1, n + 1) / n - F))
        check(abs(st["ks"] - ks) <= 1e-6, "stats KS statistic")
        lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * st["ks"]
        check(abs(st["ks_p"] - ks_p(lam)) <= 1e-9, "stats KS p-value")
    verdicts = [s["verdict"] for s in js["stats"]]
    check(verdicts == ["typical", "typical", "atypical", "atypical"],
          "stats verdicts %s" % verdicts)
    try:
        from scipy import stats as sst
        for i, st in enumerate(js["stats"][:2]):
            r = sst.kstest(arr[i].astype(np.float64), "norm")
            check(abs(r.statistic - st["ks"]) <= 1e-6, "KS statistic vs scipy")
            check(abs(r.pvalue - st["ks_p"]) <= 0.02, "KS p vs scipy (asymptotic)")
    except ImportError:
        print("note: scipy not installed, KS not compared with scipy")
    p = run("stats", f, "--latent-dims", 1)
    check(p.stdout.count("atypical") >= 2 and "typical if" in p.stdout, "stats text output")
    check("2 of 4 latents typical" in p.stdout, "stats says how many are typical")


def test_latent_rule(d, rng):
    """The one latent-shape rule, the same in every command (docs/cli.md, cog
    --help): the last 3 axes are a latent, .latent files of 4+ axes are
    batches along axis 0, 1-D is one latent, 2-D needs --latent-dims, and
    FILE@I / FILE@A:B pick latents. Every case here was silently wrong or
    impossible before the rule (the issue's reproductions first)."""
    a = os.path.join(d, "rule_a.npy")
    run("randn", "--seed", 1, "--shape", "4,8,8", "-o", a)
    A = np.load(a)
    # one (C, H, W) latent is one latent, not C latents of (H, W)
    c = os.path.join(d, "rule_c.npy")
    p = run("centroid", a, "-o", c)
    check(p.returncode == 0 and np.load(c).shape == (4, 8, 8) and
          np.array_equal(np.load(c), A), "centroid of one (C,H,W) latent is itself")
    check("1 latent of shape (4, 8, 8)" in p.stderr, "centroid of one latent: note says so")
    p = run("stats", a)
    check("1 latent of shape (4, 8, 8)" in p.stdout, "stats: a 3-D array is one latent")
    p = run("subspace", a, "--grid", "1,2", "--steps", 3, "-o", c, rc=2)
    check("1 latent" in p.stderr, "subspace grid of one latent: refused, says why")
    # (N, C, H, W) batches, from randn --count and from .latent files
    b = os.path.join(d, "rule_b.npy")
    run("randn", "--seed", 2, "--shape", "4,8,8", "--count", 3, "-o", b)
    B = np.load(b)
    check(json.loads(run("stats", b, "--json").stdout)["latents"] == 3, "randn --count file is a batch")
    # a grid (A, B, C, H, W): every cell reported, a bad one found
    G = rng.standard_normal((3, 2, 4, 8, 8)).astype(np.float32)
    G[2, 1] *= 0.5
    g = os.path.join(d, "rule_grid.npy")
    write_npy(g, G)
    js = json.loads(run("stats", g, "--json").stdout)
    check(js["latents"] == 6 and js["lead"] == [3, 2] and js["shape"] == [4, 8, 8],
          "stats of a (3,2,C,H,W) grid: 6 latents")
    bad = [s["position"] for s in js["stats"] if s["verdict"] != "typical"]
    check(bad == [[2, 1]] and js["typical"] == 5, "stats finds the one atypical cell %s" % bad)
    check("5 of 6 latents typical" in run("stats", g).stdout, "stats text: how many typical")
    # video .latent (B, C, T, H, W): B latents of (C, T, H, W)
    V = rng.standard_normal((2, 4, 3, 8, 8)).astype(np.float32)
    v = os.path.join(d, "rule_video.latent")
    write_safetensors(v, [("latent_tensor", V, "F32"),
                          ("latent_format_version_0", np.zeros(0, np.float32), "F32")])
    js = json.loads(run("stats", v, "--json").stdout)
    check(js["latents"] == 2 and js["shape"] == [4, 3, 8, 8], ".latent (B,C,T,H,W): B video latents")
    # --latent-dims: a (C, T, H, W) .npy is one video latent
    v1 = os.path.join(d, "rule_video1.npy")
    write_npy(v1, V[0])
    js = json.loads(run("stats", v1, "--json", "--latent-dims", 4).stdout)
    check(js["latents"] == 1 and js["shape"] == [4, 3, 8, 8], "--latent-dims 4: one video latent")
    # 2-D is ambiguous in every command: stop, say what to write
    f2 = os.path.join(d, "rule_2d.npy")
    F = rng.standard_normal((3, 64)).astype(np.float32)
    write_npy(f2, F)
    for argv in (["centroid", f2, "-o", c], ["combine", "--weights", "1,1,1", f2, "-o", c],
                 ["interp", f2, "--steps", 3, "-o", c], ["subspace", f2, "--coords", "1,0,0", "-o", c],
                 ["project", a, "--latent", f2, "-o", c], ["stats", f2]):
        p = run(*argv, rc=1)
        check("--latent-dims 1" in p.stderr and "ambiguous" in p.stderr,
              "%s: 2-D input stops and says what to write: %r" % (argv[0], p.stderr))
    run("centroid", f2, "--latent-dims", 1, "-o", c)
    close_rel(np.load(c).astype(np.float64), F.astype(np.float64).sum(0) / math.sqrt(3), 1e-6,
              "--latent-dims 1: rows are latents")
    run("centroid", f2, "--latent-dims", 2, "-o", c)
    check(np.load(c).shape == (3, 64), "--latent-dims 2: the 2-D array is one latent")
    p = run("stats", a, "--latent-dims", 4, rc=1)
    check("--latent-dims 4" in p.stderr, "--latent-dims beyond the array's axes: refused")
    p = run("stats", a, "--latent-dims", 0, rc=2)
    check("--latent-dims" in p.stderr, "--latent-dims 0: usage error")
    # picks from every format
    run("interp", b + "@0", b + "@2", "--steps", 3, "-o", c)
    check(np.allclose(np.load(c)[0], B[0]) and np.allclose(np.load(c)[2], B[2]),
          "interp FILE@0 FILE@2 of one batch")
    run("centroid", b + "@1:3", "-o", c)
    close_rel(np.load(c).astype(np.float64), (B[1] + B[2]).astype(np.float64) / math.sqrt(2), 1e-6,
              "centroid FILE@1:3")
    st = os.path.join(d, "rule_b.safetensors")
    write_safetensors(st, [("noise", B, "F32"), ("other", B[:1], "F32")])
    run("centroid", st + ":noise@1:", "-o", c)
    close_rel(np.load(c).astype(np.float64), (B[1] + B[2]).astype(np.float64) / math.sqrt(2), 1e-6,
              "centroid FILE:NAME@1: (open range)")
    lat = os.path.join(d, "rule_b.latent")
    write_safetensors(lat, [("latent_tensor", B, "F32"),
                            ("latent_format_version_0", np.zeros(0, np.float32), "F32")])
    run("combine", "--weights", "1", lat + "@2", "-o", c)
    check(np.array_equal(np.load(c), B[2]), "combine .latent@2")
    js = json.loads(run("stats", g + "@4", "--json").stdout)
    check(js["latents"] == 1 and abs(js["stats"][0]["mean"] - float(G[2, 0].astype(np.float64).mean())) < 1e-9,
          "FILE@4 of a (3, 2) grid is cell [2, 0]")
    js = json.loads(run("stats", g + "@3:5", "--json").stdout)
    check(js["latents"] == 2 and abs(js["stats"][1]["std"] - float(G[2, 0].astype(np.float64).std())) < 1e-9,
          "grid pick counts cells row-major")
    p = run("centroid", b + "@3", "-o", c, rc=1)
    check("3 latents" in p.stderr, "pick out of range: says how many there are")
    p = run("centroid", a + "@0", "-o", c, rc=1)
    check("one latent" in p.stderr, "pick in a single latent: refused")
    p = run("combine", "--weights", b + "@0", b, "-o", c, rc=2)
    check("'@'" in p.stderr, "pick on --weights: refused")
    # project: Y follows the rule too; coordinates keep Y's leading axes
    run("project", b, "--latent", g, "-o", c)
    check(np.load(c).shape == (3, 2, 3), "project a grid Y: (A, B, K)")
    run("project", b, "--latent", a, "-o", c)
    check(np.load(c).shape == (3,), "project one latent: (K,)")
    # outputs read back as the latents they are
    o = os.path.join(d, "rule_one.latent")
    run("centroid", b, "-o", o)
    check(load(o).shape == (1, 4, 8, 8), ".latent output of one latent: batch of 1")
    o = os.path.join(d, "rule_interp.npy")
    run("interp", b + "@0", b + "@1", "--steps", 4, "-o", o)
    check(json.loads(run("stats", o, "--json").stdout)["latents"] == 4, "interp output reads back as 4 latents")


def test_interp_t(d, X):
    """cog interp --t: the point(s) at given t, against the formula."""
    A = X[:2].reshape(2, -1).astype(np.float64)
    src, out = os.path.join(d, "ab_t.npy"), os.path.join(d, "interp_t.npy")
    write_npy(src, X[:2])
    run("interp", src, "--t", "0.3", "-o", out)
    got = np.load(out)
    check(got.shape == X.shape[1:], "--t 0.3: one latent of shape S")
    ref, sc = ref_cog(A, np.array([[0.7, 0.3]]))
    close_bound(got.reshape(1, -1), ref, sc, 2, "--t 0.3 is COG of (0.7, 0.3)")
    run("interp", src + "@0", src + "@1", "--t", "0.25,0.5,1.5", "-o", out)
    got = np.load(out)
    check(got.shape == (3,) + X.shape[1:], "--t with 3 values: (3, *S)")
    ref, sc = ref_cog(A, np.array([[0.75, 0.25], [0.5, 0.5], [-0.5, 1.5]]))
    close_bound(got.reshape(3, -1), ref, sc, 2, "--t 0.25,0.5,1.5")
    run("interp", src, "--t", "0.5", "--method", "lerp", "-o", out)
    close_rel(np.load(out).astype(np.float64), (A[0] + A[1]).reshape(X.shape[1:]) / 2, 1e-6,
              "--t 0.5 --method lerp")
    for argv, text in ((["--t", "0.3", "--steps", "3"], "--steps"), (["--t", "x"], "--t"),
                       (["--t", "0.3,"], "--t"), ([], "--steps")):
        p = run("interp", src, *argv, "-o", out, rc=2)
        check(text in p.stderr, "interp %s: usage error naming %s" % (argv, text))
    p = run("randn", "--seed", 1, "--shape", "4x64x64", "-o", out, rc=2)
    check("separated by commas" in p.stderr, "--shape 4x64x64: says dimensions are comma-separated")


def test_randn(d):
    if torch is None:
        print("SKIPPED (part): torch not installed, cog randn not compared with torch.randn")
        return
    torch.set_num_threads(1)
    cases = [(0, (1,), None), (1, (7,), None), (42, (15,), None), (3, (16,), None),
             (4, (17,), None), (5, (3, 5, 7), None), (123456789, (4, 8, 8), None),
             (2 ** 32 + 5, (4, 3, 3), 3), (2 ** 31 - 1, (5,), 2), (7, (2, 3), 2),
             (2 ** 64 - 1, (4, 16, 16), 2), (-5, (33,), None), (99, (4, 64, 64), 1)]
    exact = total = 0
    maxulp = 0
    for seed, shape, count in cases:
        out = os.path.join(d, "rn.npy")
        args = ["randn", "--seed", seed, "--shape", ",".join(map(str, shape)), "-o", out]
        full = shape if count is None else (count,) + shape
        if count is not None:
            args += ["--count", count]
        p = run(*args)
        if p.returncode:
            continue
        try:
            torch.manual_seed(seed)
        except RuntimeError as e:
            print("note: torch.manual_seed(%d) refused: %s" % (seed, e))
            continue
        ref = torch.randn(full).numpy()
        got = np.load(out)
        check(got.shape == ref.shape and got.dtype == np.float32, "randn shape %s" % (full,))
        if got.shape != ref.shape:
            continue
        a = got.view(np.int32).astype(np.int64)
        b = ref.view(np.int32).astype(np.int64)
        ulp = int(np.max(np.abs(a - b)))
        maxulp = max(maxulp, ulp)
        exact += int(np.sum(a == b))
        total += a.size
        check(ulp <= 4, "randn seed %d shape %s: %d ulp from torch" % (seed, full, ulp))
    print("randn vs torch.randn: %d of %d values bit-exact, max %d ulp" % (exact, total, maxulp))
    check(exact == total, "randn bit-exact against this torch build")
    # ComfyUI-style latent noise written as .latent
    out = os.path.join(d, "noise.latent")
    run("randn", "--seed", 8, "--shape", "4,8,8", "--count", 2, "-o", out)
    torch.manual_seed(8)
    check(np.array_equal(load(out), torch.randn(2, 4, 8, 8).numpy()), "randn to .latent")


# -------------------------------------------------------------- bad input

def test_bad_inputs(d, X):
    good = os.path.join(d, "good.npy")
    write_npy(good, X)
    good2 = os.path.join(d, "good2.npy")
    write_npy(good2, X[:2])
    raw = open(good, "rb").read()

    def mk(name, data):
        p = os.path.join(d, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def npy_with(header_dict, payload=b"", version=1):
        h = header_dict.encode()
        pre = 10 if version == 1 else 12
        h += b" " * (-(pre + len(h) + 1) % 64) + b"\n"
        ln = struct.pack("<H", len(h)) if version == 1 else struct.pack("<I", len(h))
        return b"\x93NUMPY" + bytes([version, 0]) + ln + h + payload

    def st_with(header, data=b""):
        h = json.dumps(header).encode() if not isinstance(header, bytes) else header
        return struct.pack("<Q", len(h)) + h + data

    shp = "(3, 4, 6, 5)"
    pay = X.astype("<f4").tobytes()
    nan = X.copy()
    nan[1, 2, 3, 4] = np.nan
    inf = X.copy()
    inf[0, 0, 0, 1] = -np.inf
    big = X.astype(np.float64)
    big[2, 0, 0, 0] = 1e300
    fort = os.path.join(d, "fortran.npy")
    write_npy(fort, np.asfortranarray(X[0, 0]))
    be = os.path.join(d, "bigendian.npy")
    write_npy(be, X.astype(">f4"))
    i4 = os.path.join(d, "ints.npy")
    write_npy(i4, np.arange(12, dtype=np.int32).reshape(3, 4))
    c8 = os.path.join(d, "complex.npy")
    write_npy(c8, np.ones((3, 4), np.complex64))
    k0 = os.path.join(d, "k0.npy")
    write_npy(k0, np.zeros((0, 4, 6, 5), np.float32))
    ok_st = os.path.join(d, "two.safetensors")
    write_safetensors(ok_st, [("a", X, "F32"), ("b", X, "F32")])
    i32st = os.path.join(d, "i32.safetensors")
    write_safetensors(i32st, [("t", np.ones((3, 4), np.int32), "I32")])
    other_shape = os.path.join(d, "other.npy")
    write_npy(other_shape, X[0, :, :5])
    single = os.path.join(d, "single.npy")
    write_npy(single, X[0])
    mu_bad = os.path.join(d, "mu_bad.npy")
    write_npy(mu_bad, np.ones(7, np.float32))
    w_bad = os.path.join(d, "w_bad.npy")
    write_npy(w_bad, np.ones(4))

    cases = [
        # (files to make, argv after "cog", exit status, text that must be in the message)
        ("truncated npy header", [mk("t1.npy", raw[:30])], 1, "truncated"),
        ("truncated npy preamble", [mk("t2.npy", raw[:8])], 1, "truncated"),
        ("truncated npy data", [mk("t3.npy", raw[:-7])], 1, "truncated"),
        ("bad npy magic", [mk("t4.npy", b"NOTNUMPY" + raw[8:])], 1, "magic"),
        ("corrupt npy dict", [mk("t5.npy", npy_with("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4,"))], 1, "corrupt"),
        ("npy dict garbage", [mk("t6.npy", npy_with("hello", pay))], 1, "corrupt"),
        ("npy unknown key", [mk("t7.npy", npy_with("{'descr': '<f4', 'fortran_order': False, 'shape': %s, 'x': 1, }" % shp, pay))], 1, "unexpected key"),
        ("npy version 9", [mk("t8.npy", b"\x93NUMPY\x09\x00" + raw[8:])], 1, "version"),
        ("npy shape overflow", [mk("t9.npy", npy_with("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"))], 1, "overflow"),
        ("unsupported dtype int32", [i4], 1, "unsupported dtype"),
        ("unsupported dtype complex", [c8], 1, "unsupported dtype"),
        ("big-endian", [be], 1, "big-endian"),
        ("fortran order", [fort], 1, "Fortran"),
        ("NaN in data", [mk("nan.npy", b"")], 1, "NaN"),
        ("Inf in data", [mk("inf.npy", b"")], 1, "Inf"),
        ("float64 beyond float32", [mk("big.npy", b"")], 1, "Inf"),
        ("K = 0", [k0], 1, "K = 0"),
        ("shape mismatch", [single, other_shape], 1, "differs"),
        ("safetensors truncated", [mk("t1.safetensors", b"\x10\x00\x00")], 1, "truncated"),
        ("safetensors header size too big", [mk("t2.safetensors", struct.pack("<Q", 1 << 40) + b"{}")], 1, "header"),
        ("safetensors bad JSON", [mk("t3.safetensors", st_with(b'{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]'))], 1, "corrupt"),
        ("safetensors offsets outside", [mk("t4.safetensors", st_with({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 8))], 1, "data_offsets"),
        ("safetensors offsets vs shape", [mk("t5.safetensors", st_with({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8))], 1, "data_offsets"),
        ("safetensors negative shape", [mk("t6.safetensors", st_with({"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, b"\0" * 8))], 1, "shape"),
        ("safetensors unsupported dtype", [i32st], 1, "unsupported dtype"),
        ("safetensors missing name", [ok_st + ":nope"], 1, "no tensor named 'nope'"),
        ("safetensors several tensors, no name", [ok_st], 1, "FILE:NAME"),
        ("missing file", [os.path.join(d, "does_not_exist.npy")], 1, "cannot open"),
        ("directory as input", [d + "/"], 1, ""),
        ("unknown format", [mk("junk.bin", b"hello world, not a tensor")], 1, "format"),
    ]
    write_npy(os.path.join(d, "nan.npy"), nan)
    write_npy(os.path.join(d, "inf.npy"), inf)
    write_npy(os.path.join(d, "big.npy"), big)

    out = os.path.join(d, "precious.npy")
    sentinel = b"precious bytes, must survive\n" * 10

    def expect(what, argv, rc, text, name):
        with open(out, "wb") as f:
            f.write(sentinel)
        p = run(*argv, rc=None)
        check(p.returncode == rc, "%s: exit %d (want %d) [%s]" % (what, p.returncode, rc, p.stderr.strip()))
        msg = p.stderr.strip()
        check(p.stderr.count("\n") == 1 and msg != "", "%s: one-line message, got %r" % (what, p.stderr))
        if name:
            check(name in msg, "%s: message names %s: %r" % (what, name, msg))
        check(text.lower() in msg.lower(), "%s: message mentions %r: %r" % (what, text, msg))
        check(open(out, "rb").read() == sentinel, what + ": existing output untouched")
        check(not glob.glob(os.path.join(d, "*.cogtmp*")), what + ": no temporary file left")

    for what, files, rc, text in cases:
        name = files[-1].split(":")[0].rstrip("/")
        if what == "shape mismatch":
            name = files[1]
        expect(what, ["centroid"] + files + ["-o", out], rc, text, name)
    # the same readers behind every command and every input option
    expect("NaN via --latent", ["project", good, "--latent", os.path.join(d, "nan.npy"), "-o", out], 1, "NaN", "nan.npy")
    expect("interp NaN", ["interp", os.path.join(d, "nan.npy"), "--steps", "3", "-o", out], 1, "NaN", "nan.npy")
    expect("stats truncated", ["stats", os.path.join(d, "t3.npy")], 1, "truncated", "t3.npy")
    expect("weights file mismatch", ["combine", "--weights", w_bad, good, "-o", out], 1, "weights", "w_bad.npy")
    expect("mean of wrong size", ["centroid", good, "--mean", mu_bad, "-o", out], 1, "mean", "mu_bad.npy")
    expect("interp needs 2", ["interp", good, "--steps", "3", "-o", out], 1, "exactly 2", "good.npy")
    expect("output directory missing", ["centroid", good, "-o", os.path.join(d, "no", "dir.npy")], 1, "temporary", "dir.npy")
    # usage errors: exit 2, message names the option
    usage = [
        ("--steps 0", ["interp", good2, "--steps", "0", "-o", out], "--steps"),
        ("--steps 1", ["interp", good2, "--steps", "1", "-o", out], "--steps"),
        ("--steps junk", ["interp", good2, "--steps", "3x", "-o", out], "--steps"),
        ("grid --steps 0", ["subspace", good, "--grid", "0,1", "--steps", "0", "-o", out], "--steps"),
        ("unknown option", ["centroid", good, "--frobnicate", "-o", out], "--frobnicate"),
        ("option of another command", ["centroid", good, "--steps", "3", "-o", out], "--steps"),
        ("unknown method", ["centroid", good, "--method", "median", "-o", out], "--method"),
        ("unknown command", ["blend", good], "blend"),
        ("missing -o", ["centroid", good], "-o"),
        ("bad output extension", ["centroid", good, "-o", os.path.join(d, "out.txt")], "out.txt"),
        ("mean with plain method", ["interp", good2, "--steps", "3", "--method", "lerp", "--mean", "0.5", "-o", out], "--mean"),
        ("inline weights count", ["combine", "--weights", "1,2", good, "-o", out], "weights"),
        ("weights not numbers", ["combine", "--weights", "a,b,c", good, "-o", out], "--weights"),
        ("coords and grid", ["subspace", good, "--coords", "1,2,3", "--grid", "0,1", "-o", out], "--coords"),
        ("grid latent out of range", ["subspace", good, "--grid", "1,3", "--steps", "3", "-o", out], "--grid"),
        ("grid same axis", ["subspace", good, "--grid", "1,1", "--steps", "3", "-o", out], "--grid"),
        ("randn no seed", ["randn", "--shape", "4,4", "-o", out], "--seed"),
        ("randn bad shape", ["randn", "--seed", "1", "--shape", "4,0", "-o", out], "--shape"),
        ("randn bad seed", ["randn", "--seed", "1.5", "--shape", "4", "-o", out], "--seed"),
        ("randn count 0", ["randn", "--seed", "1", "--shape", "4", "--count", "0", "-o", out], "--count"),
        ("no latents", ["centroid", "-o", out], "latents"),
    ]
    for what, argv, name in usage:
        expect(what, argv, 2, "", name)
    # success replaces the output, leaving no temporary file
    with open(out, "wb") as f:
        f.write(sentinel)
    run("centroid", good, "-o", out)
    check(np.load(out).shape == X.shape[1:], "success replaces an existing output")
    check(not glob.glob(os.path.join(d, "*.cogtmp*")), "no temporary file after success")


def main():
    rng = np.random.default_rng(20240601)
    with scratch_dir("cog_cli_test_") as d:
        p = run("--help")
        check("cog randn" in p.stdout, "cog --help")
        X = test_formats(d, rng)
        test_interp(d, X)
        test_combine(d, X)
        test_centroid(d, X)
        test_subspace(d, X, rng)
        test_stats(d, rng)
        test_latent_rule(d, rng)
        test_interp_t(d, X)
        test_randn(d)
        test_bad_inputs(d, X)
    return report("test_cli")


if __name__ == "__main__":
    sys.exit(main())
