#!/usr/bin/python3
"""table.py - side-by-side markdown tables from bench/run.sh's JSON lines.

    /usr/bin/python3 bench/table.py OUTDIR

Reads OUTDIR/cog_*.jsonl (bench.c --json), OUTDIR/peers_*.jsonl (peers.py
--json) and OUTDIR/scaling_*.jsonl, prints:
  1. cog against its bound: ms and ratio per build (-O2, -O3 -march=native,
     -O2 -fopenmp with 2 threads) and the target verdict (on -O2);
  2. cog against the peers: ms per peer configuration, with the speed-up of
     cog -O2 (1 thread) over the fastest peer at 1 thread and over the
     fastest peer at any thread count;
  3. the scaling study (ns per element).
"""
import glob
import json
import os
import sys


def load(path):
    recs = []
    for line in open(path):
        line = line.strip()
        if line:
            recs.append(json.loads(line))
    return recs


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench-results"
    cog = {}
    for f in sorted(glob.glob(os.path.join(out, "cog_*.jsonl"))):
        build = os.path.basename(f)[4:-6]
        for r in load(f):
            cog.setdefault((r["op"], r["d"], r["k"], r["b"]), {})[build] = r
    peers = {}
    labels = []
    for f in sorted(glob.glob(os.path.join(out, "peers_*.jsonl"))):
        for r in load(f):
            lab = "%s %s" % (r["lib"], r["label"])
            if r["lib"] == "torch":
                lab = "torch %s t%s" % (r["label"].rsplit("_", 1)[0],
                                        r["threads"])
            if lab not in labels:
                labels.append(lab)
            peers.setdefault((r["op"], r["d"], r["k"], r["b"]), {})[lab] = r
    builds = [b for b in ("O2", "native", "omp2")
              if any(b in v for v in cog.values())]

    print("### cog.h against the cost of moving its bytes\n")
    print("| op | D | K | B | " +
          " | ".join("%s ms | ratio" % b for b in builds) +
          " | bound ms (-O2 run) | target | met (-O2) |")
    print("|---" * (5 + 2 * len(builds) + 2) + "|")
    for key in sorted(cog, key=lambda k: (order(k[0]), k[1], k[2], k[3])):
        row = cog[key]
        op, d, k, b = key
        cells = []
        for bd in builds:
            r = row.get(bd)
            cells.append("%.3f | %.2f" % (r["ns"] * 1e-6, r["ratio"]) if r
                         else " | ")
        r2 = row.get("O2")
        target, met = verdict(op, d, k, r2)
        print("| %s | %d | %d | %d | %s | %.3f | %s | %s |" %
              (op, d, k, b, " | ".join(cells),
               r2["bound_ns"] * 1e-6 if r2 else 0, target, met))

    if peers:
        print("\n### cog.h against NumPy / SciPy / PyTorch (ms, median)\n")
        print("| op | D | K | B | cog -O2 (1 thr) | cog native | cog OpenMP 2 thr | " +
              " | ".join(labels) +
              " | cog -O2 speed-up vs best 1-thr peer | vs best peer |")
        print("|---" * (7 + len(labels) + 2) + "|")
        for key in sorted(peers, key=lambda k: (order(k[0]), k[1], k[2], k[3])):
            op, d, k, b = key
            if op == "copy":
                continue
            row = cog.get(key, {})
            c2 = row.get("O2")
            cells = [("%.3f" % (row[bd]["ns"] * 1e-6)) if bd in row else "-"
                     for bd in ("O2", "native", "omp2")]
            pr = peers[key]
            pc = ["%.3f" % (pr[l]["ns"] * 1e-6) if l in pr else "-"
                  for l in labels]
            t1 = [r["ns"] for l, r in pr.items() if str(r["threads"]) == "1"]
            allp = [r["ns"] for r in pr.values()]
            s1 = "%.1fx" % (min(t1) / c2["ns"]) if (t1 and c2) else "-"
            sa = "%.1fx" % (min(allp) / c2["ns"]) if (allp and c2) else "-"
            print("| %s | %d | %d | %d | %s | %s | %s | %s |" %
                  (op, d, k, b, " | ".join(cells), " | ".join(pc), s1, sa))

    for f in sorted(glob.glob(os.path.join(out, "scaling_*.jsonl"))):
        recs = load(f)
        print("\n### Scaling (%s): time vs D at K = 16, ns per element\n" %
              os.path.basename(f)[8:-6])
        ops = ["combine", "gram", "subspace"]
        print("| D | " + " | ".join("%s ms | ns/elem" % o for o in ops) + " |")
        print("|---" * (1 + 2 * len(ops)) + "|")
        dsw = sorted({r["d"] for r in recs if r["k"] == 16 and r["d"] != 262144}
                     | {262144})
        for d in dsw:
            cells = []
            for o in ops:
                r = [x for x in recs if x["op"] == o and x["d"] == d and x["k"] == 16]
                cells.append("%.3f | %.2f" % (r[0]["ns"] * 1e-6, r[0]["ns"] / d)
                             if r else " | ")
            print("| %d | %s |" % (d, " | ".join(cells)))
        print("\nTime vs K at D = 262,144 (ms; ns per element per latent)\n")
        print("| K | " + " | ".join("%s ms | ns/(elem*K)" % o for o in ops) + " |")
        print("|---" * (1 + 2 * len(ops)) + "|")
        for k in sorted({r["k"] for r in recs if r["d"] == 262144}):
            cells = []
            for o in ops:
                r = [x for x in recs if x["op"] == o and x["d"] == 262144 and x["k"] == k]
                cells.append("%.3f | %.3f" % (r[-1]["ns"] * 1e-6,
                                              r[-1]["ns"] / 262144 / k)
                             if r else " | ")
            print("| %d | %s |" % (k, " | ".join(cells)))


def order(op):
    ops = ["combine", "combine_mu", "batch", "batch_scratch", "walk",
           "slerp", "project", "gram", "subspace", "randn", "iid"]
    return ops.index(op) if op in ops else len(ops)


def verdict(op, d, k, r):
    if r is None:
        return "-", "-"
    if op in ("combine", "combine_mu", "batch", "batch_scratch", "walk",
              "slerp", "project"):
        return "<= 1.25", "yes" if r["ratio"] <= 1.25 else "no"
    if op == "subspace" and k == 16 and d == 262144:
        return ">= 5x faster than SciPy QR", "see peers table"
    if op == "randn":
        return "<= 1.0x torch.randn (1 thread)", "see peers table"
    if op == "iid":
        # bound: (2k + 2) * d libm erfc calls; ratio = cost per special call
        return "<= 4x erfc per call", "yes" if r["ratio"] <= 4 else "no"
    return "(no target)", "-"


if __name__ == "__main__":
    main()
