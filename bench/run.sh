#!/bin/sh
# bench/run.sh - build and run cog.h's benchmark and its peers.
#
#   bench/run.sh --smoke          CI smoke run (a few seconds): builds bench.c
#                                 at -O2, runs small sizes with --json, checks
#                                 every line parses and has the documented
#                                 keys; runs the peers script the same way if
#                                 NumPy is importable.
#   bench/run.sh [OUTDIR]         the full benchmark (several minutes; keep
#                                 the machine otherwise idle): cog at -O2,
#                                 -O3 -march=native and -O2 -fopenmp, the
#                                 peers under every BLAS configuration, the
#                                 scaling study, then bench/table.py prints
#                                 the side-by-side table. JSON lines are kept
#                                 in OUTDIR (default ./bench-results).
#
# Environment: CC (default cc), PYTHON (default /usr/bin/python3),
# OPENBLAS_DIR: a directory holding OpenBLAS's libblas.so.3 / liblapack.so.3
# (e.g. extracted from Debian's libopenblas0-pthread) to run the NumPy /
# SciPy / PyTorch peers on OpenBLAS through LD_LIBRARY_PATH, with
# OPENBLAS_CORETYPE unset and set to SkylakeX, at 1 and 2 threads. Without
# it the peers run on whatever BLAS NumPy is linked with.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
CC=${CC:-cc}
PYTHON=${PYTHON:-/usr/bin/python3}

if [ "${1:-}" = "--smoke" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    $CC -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -I"$top" \
        "$here/bench.c" -o "$tmp/bench" -lm
    "$tmp/bench" --quick >"$tmp/table.txt"
    "$tmp/bench" --quick --json >"$tmp/cog.jsonl"
    if command -v "$PYTHON" >/dev/null 2>&1; then
        "$PYTHON" - "$tmp/cog.jsonl" <<'EOF'
import json, sys
keys = {"op", "d", "k", "b", "ns", "bound_ns", "ratio"}
n = 0
for line in open(sys.argv[1]):
    rec = json.loads(line)
    missing = keys - rec.keys()
    assert not missing, "missing keys %s in %s" % (missing, line)
    assert rec["ns"] > 0 and rec["bound_ns"] > 0 and rec["ratio"] > 0, line
    n += 1
assert n >= 20, "only %d records" % n
print("bench smoke: %d JSON records OK" % n)
EOF
        if "$PYTHON" -c "import numpy, scipy" >/dev/null 2>&1; then
            "$PYTHON" "$here/peers.py" --quick --json --libs numpy \
                --ops copy,combine,gram >"$tmp/peers.jsonl"
            "$PYTHON" -c "
import json, sys
n = sum(1 for l in open(sys.argv[1]) if json.loads(l)['ns'] > 0)
assert n > 0
print('peers smoke: %d JSON records OK' % n)" "$tmp/peers.jsonl"
        fi
    else
        grep -c '"ratio"' "$tmp/cog.jsonl"
    fi
    exit 0
fi

out=${1:-bench-results}
mkdir -p "$out"
flags="-std=c99 -Wall -Wextra -Wpedantic -I$top"
$CC $flags -O2 "$here/bench.c" -o "$out/bench_O2" -lm
$CC $flags -O3 -march=native "$here/bench.c" -o "$out/bench_native" -lm
$CC $flags -O2 -fopenmp -DCOG_USE_OPENMP "$here/bench.c" -o "$out/bench_omp" -lm || true
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
    echo "cores: $(nproc)"
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cc: $($CC --version | head -1)"
} >"$out/machine.txt"
cat "$out/machine.txt"

echo "== cog -O2" >&2
"$out/bench_O2" --json >"$out/cog_O2.jsonl"
echo "== cog -O3 -march=native" >&2
"$out/bench_native" --json >"$out/cog_native.jsonl"
if [ -x "$out/bench_omp" ]; then
    echo "== cog -O2 -fopenmp, 2 threads" >&2
    OMP_NUM_THREADS=2 "$out/bench_omp" --json >"$out/cog_omp2.jsonl"
fi
echo "== scaling (-O2)" >&2
"$out/bench_O2" --scaling --json --time 0.2 >"$out/scaling_O2.jsonl"

peers() { # label, env assignments...
    label=$1
    shift
    echo "== peers $label" >&2
    env "$@" "$PYTHON" "$here/peers.py" --json --time 0.3 \
        --label "$label" ${PEERS_ARGS:-} >"$out/peers_$label.jsonl"
}
if "$PYTHON" -c "import numpy, scipy" >/dev/null 2>&1; then
    # the BLAS NumPy is linked with as installed (Debian: the reference
    # BLAS, minutes per call at D = 4,194,304 and k = 64, so smaller sizes)
    PEERS_ARGS="--d 36864,262144"
    peers sysblas_t1 TORCH_THREADS=1
    PEERS_ARGS=""
    if [ -n "${OPENBLAS_DIR:-}" ]; then
        L="LD_LIBRARY_PATH=$OPENBLAS_DIR"
        peers openblas_auto_t1 "$L" OPENBLAS_NUM_THREADS=1 TORCH_THREADS=1
        peers openblas_auto_t2 "$L" OPENBLAS_NUM_THREADS=2 TORCH_THREADS=2
        peers openblas_skx_t1 "$L" OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 TORCH_THREADS=1
        peers openblas_skx_t2 "$L" OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 TORCH_THREADS=2
    fi
fi
"$PYTHON" "$here/table.py" "$out"
