#!/usr/bin/python3
"""peers.py - the same operations as bench.c in NumPy, SciPy and PyTorch.

    /usr/bin/python3 bench/peers.py [--json] [--quick] [--time S]
                                    [--d LIST] [--k LIST] [--b LIST]
                                    [--libs numpy,torch] [--label TEXT]

Operations (float32 data, as in bench.c):
  combine   [c, m] @ [X; mu] (the mean as one more row: one sgemm/sgemv,
            the peers' best case); numpy np.matmul, torch torch.mm
  batch     the same with b rows of weights (W @ X, b x (k+1) times (k+1) x d)
  slerp     three float32 dot products (BLAS sdot: float accumulation, so
            less accurate than cog's double accumulation)
  project   X @ y (sgemv)
  gram      X @ X.T (sgemm / ssyrk)
  subspace  scipy.linalg.qr(X.T, mode='economic') (LAPACK sgeqrf + sorgqr)
            and torch.linalg.qr(X.T) (reduced)
  randn     torch.manual_seed(0); torch.randn(d, out=t) (torch only; as
            cog_randn_torch, which seeds on every call; reported as k = 1)
Also "copy": np.copyto of (k + b) * d floats, the peers' own memcpy.

BLAS configuration is fixed when NumPy loads, so each configuration is one
process; bench/run.sh runs the configurations (OPENBLAS_CORETYPE unset and
set, thread counts) and labels them. Prints one JSON object per line with
--json: {"op","d","k","b","ns","ns_p10","ns_p90","lib","threads","label"}.
"""
import argparse
import json
import os
import sys
import time


def parse_list(s):
    return [int(v) for v in s.split(",") if v]


def timeit(fn, budget, minrep):
    t0 = time.perf_counter()
    fn()  # warm up
    if time.perf_counter() - t0 > 1.0:
        minrep = 3  # reference BLAS at the largest sizes: seconds per call
    ts = []
    start = time.perf_counter()
    while len(ts) < minrep or (time.perf_counter() - start < budget
                               and len(ts) < 400):
        t0 = time.perf_counter_ns()
        fn()
        ts.append(time.perf_counter_ns() - t0)
    ts.sort()
    n = len(ts)
    return ts[n // 2], ts[int(0.1 * (n - 1) + 0.5)], ts[int(0.9 * (n - 1) + 0.5)], n


def blas_info():
    """Which BLAS NumPy is linked with, from the loaded shared objects."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if ".so" in line}
        for name in sorted(libs):
            base = os.path.basename(name)
            if "openblas" in base or base.startswith("libblas"):
                return name
    except OSError:
        pass
    return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time", type=float, default=0.4)
    ap.add_argument("--d", default="36864,262144,4194304")
    ap.add_argument("--k", default="2,16,64")
    ap.add_argument("--b", default="1,30")
    ap.add_argument("--libs", default="numpy,torch")
    ap.add_argument("--ops",
                    default="copy,combine,batch,slerp,project,gram,subspace,randn")
    ap.add_argument("--label", default="")
    ap.add_argument("--torch-threads", type=int,
                    default=int(os.environ.get("TORCH_THREADS", "0")),
                    help="torch.set_num_threads(n); 0 keeps torch's default "
                         "(default: $TORCH_THREADS or 0)")
    a = ap.parse_args()
    if a.quick:
        a.d, a.k, a.b, a.time = "1000,36864", "2,16", "1,4", 0.02
    ds, ks, bs = parse_list(a.d), parse_list(a.k), parse_list(a.b)
    libs = a.libs.split(",")
    ops = a.ops.split(",")
    minrep = 3 if a.quick else 7

    import numpy as np
    import scipy.linalg as sla
    torch = None
    if "torch" in libs:
        import torch
        if a.torch_threads > 0:
            torch.set_num_threads(a.torch_threads)
    blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")

    def emit(op, d, k, b, lib, res, threads):
        ns, p10, p90, n = res
        rec = {"op": op, "d": d, "k": k, "b": b, "ns": ns, "ns_p10": p10,
               "ns_p90": p90, "reps": n, "lib": lib, "threads": threads,
               "label": a.label}
        if a.json:
            print(json.dumps(rec))
        else:
            print("%-9s %9d %4d %3d %-7s %-8s %11.3f  %5.1f%%  %s" %
                  (op, d, k, b, lib, str(threads), ns * 1e-6,
                   100.0 * (p90 - p10) / ns, a.label))
        sys.stdout.flush()

    if not a.json:
        print("# numpy %s (BLAS %s, OPENBLAS_CORETYPE=%s, OPENBLAS_NUM_THREADS=%s)"
              % (np.__version__, blas_info(), coretype, blas_threads))
        if torch is not None:
            print("# torch %s, %d thread(s)" % (torch.__version__,
                                                torch.get_num_threads()))
        print("%-9s %9s %4s %3s %-7s %-8s %11s %7s" %
              ("op", "D", "K", "B", "lib", "threads", "ms", "spread"))

    rng = np.random.default_rng(1)
    kmax, bmax = max(ks) + 1, max(bs)
    for d in ds:
        X = rng.standard_normal((kmax, d), dtype=np.float32)
        mu = rng.standard_normal(d, dtype=np.float32)
        Wall = rng.standard_normal((bmax, kmax)).astype(np.float32)
        out = np.empty((bmax, d), dtype=np.float32)
        src = np.empty((kmax + bmax) * d, dtype=np.float32)
        src[:] = 1.0
        dst = np.empty_like(src)
        tX = torch.from_numpy(X) if torch is not None else None
        tmu = torch.from_numpy(mu).reshape(1, d) if torch is not None else None
        XMs = {}
        if "randn" in ops and torch is not None:
            tr = torch.empty(d)

            def randn():
                torch.manual_seed(0)
                torch.randn(d, out=tr)
            emit("randn", d, 1, 1, "torch", timeit(randn, a.time, minrep),
                 torch.get_num_threads())
        for k in ks:
            Xk = X[:k]
            y = X[k]
            for b in bs:
                W = Wall[:b, :k]
                if "copy" in ops:
                    n = (k + b) * d
                    emit("copy", d, k, b, "numpy",
                         timeit(lambda: np.copyto(dst[:n], src[:n]), a.time, minrep),
                         1)
                # the mean rides along as one more row, so each peer does one
                # matrix product (its best case): [W, m] @ [X; mu]
                if ("combine" in ops and b == 1) or ("batch" in ops and b > 1):
                    op = "combine" if b == 1 else "batch"
                    XM = XMs.get(k)
                    if XM is None:
                        XM = XMs[k] = np.vstack([Xk, mu[None, :]])
                    WM = np.ascontiguousarray(
                        np.hstack([W, np.full((b, 1), 0.25, np.float32)]))
                    o = out[:b]
                    emit(op, d, k, b, "numpy",
                         timeit(lambda: np.matmul(WM, XM, out=o), a.time, minrep),
                         blas_threads)
                    if torch is not None:
                        tWM, tXM, to = (torch.from_numpy(WM), torch.from_numpy(XM),
                                        torch.from_numpy(o))
                        emit(op, d, k, b, "torch",
                             timeit(lambda: torch.mm(tWM, tXM, out=to), a.time,
                                    minrep), torch.get_num_threads())
                if b != bs[0]:
                    continue
                if "slerp" in ops and k == 2:
                    p, q = X[0], X[1]
                    emit("slerp", d, 2, 1, "numpy",
                         timeit(lambda: (np.dot(p, q), np.dot(p, p), np.dot(q, q)),
                                a.time, minrep), blas_threads)
                    if torch is not None:
                        tp, tq = tX[0], tX[1]
                        emit("slerp", d, 2, 1, "torch",
                             timeit(lambda: (torch.dot(tp, tq), torch.dot(tp, tp),
                                             torch.dot(tq, tq)), a.time, minrep),
                             torch.get_num_threads())
                if "project" in ops:
                    emit("project", d, k, 1, "numpy",
                         timeit(lambda: Xk @ y, a.time, minrep), blas_threads)
                    if torch is not None:
                        tXk, ty = tX[:k], tX[k]
                        emit("project", d, k, 1, "torch",
                             timeit(lambda: torch.mv(tXk, ty), a.time, minrep),
                             torch.get_num_threads())
                if "gram" in ops:
                    emit("gram", d, k, 1, "numpy",
                         timeit(lambda: Xk @ Xk.T, a.time, minrep), blas_threads)
                    if torch is not None:
                        tXk = tX[:k]
                        emit("gram", d, k, 1, "torch",
                             timeit(lambda: torch.mm(tXk, tXk.t()), a.time, minrep),
                             torch.get_num_threads())
                if "subspace" in ops:
                    At = np.ascontiguousarray(Xk.T)  # d x k, as LAPACK wants
                    emit("subspace", d, k, 1, "scipy",
                         timeit(lambda: sla.qr(At, mode="economic"), a.time,
                                minrep), blas_threads)
                    if torch is not None:
                        tA = torch.from_numpy(At)
                        emit("subspace", d, k, 1, "torch",
                             timeit(lambda: torch.linalg.qr(tA), a.time, minrep),
                             torch.get_num_threads())
        del X, out, src, dst, XMs


if __name__ == "__main__":
    main()
