#!/usr/bin/env bash
# tests/fuzz/run.sh [seconds-per-target] - build every libFuzzer target of
# cog.h (and of the CLI's file readers when examples/cli/latent_io.c exists)
# with clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# and run each for a bounded time (default 60 s), one after the other.
# Prints the executions per target; exits non-zero if any target finds a
# crash, a sanitizer error or a failed property (the reproducer is kept in
# $FUZZ_OUT/artifacts). See tests/fuzz/README.md.
#
# Environment:
#   CC          clang to use (default: clang, else clang-14)
#   FUZZ_OUT    build and work directory (default: build-fuzz in the repo)
#   FUZZ_TARGETS  space-separated subset, e.g. "combine subspace"
#   FUZZ_FLAGS  extra libFuzzer flags, e.g. "-max_len=8192"
#   FUZZ_CFLAGS extra compiler flags, e.g. "-DFZ_SKIP_TINY_TOL=0"
# Each target starts from the few committed seeds in tests/fuzz/corpus/<t>/,
# copied into $FUZZ_OUT/work/<t>/, where its corpus grows from run to run.
# Needs: clang and libclang-rt-14-dev (libFuzzer + sanitizer runtimes).
set -euo pipefail
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$root/build-fuzz}
cc=${CC:-}
if [ -z "$cc" ] || ! "$cc" --version 2>/dev/null | grep -q clang; then
  cc=$(command -v clang || command -v clang-14 || true)
fi
[ -n "$cc" ] || { echo "run.sh: clang not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$out/bin" "$out/work" "$out/artifacts"

flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -I"$root" -I"$here")
# shellcheck disable=SC2206
[ -n "${FUZZ_CFLAGS:-}" ] && flags+=(${FUZZ_CFLAGS})
targets=(combine weights subspace randn)
lio="$root/examples/cli/latent_io.c"
if [ -f "$lio" ] && [ -f "$root/examples/cli/latent_io.h" ]; then
  targets+=(npy safetensors)
else
  echo "run.sh: $lio not found: npy/safetensors targets skipped"
fi
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
fi

# Build everything first, so a compile error fails fast.
for t in "${targets[@]}"; do
  extra=()
  case $t in npy|safetensors) extra=(-I"$root/examples/cli" "$lio") ;; esac
  if ! "$cc" "${flags[@]}" -o "$out/bin/fuzz_$t" "$here/fuzz_$t.c" "${extra[@]}" -lm \
       2>"$out/build_$t.log"; then
    cat "$out/build_$t.log" >&2
    echo "run.sh: building fuzz_$t failed (is libclang-rt-14-dev installed?)" >&2
    exit 2
  fi
done

status=0
summary=""
total=0
for t in "${targets[@]}"; do
  work="$out/work/$t"
  mkdir -p "$work"
  # copied every run: a seed libFuzzer reduced away in work/ comes back
  cp -p "$here/corpus/$t"/* "$work"/
  dict=()
  [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
  log="$out/fuzz_$t.log"
  echo "=== fuzz_$t: ${secs}s"
  set +e
  # shellcheck disable=SC2086
  "$out/bin/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
      "${dict[@]}" ${FUZZ_FLAGS:-} "$work" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  execs=${execs:-0}
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  ncorp=$(find "$work" -type f | wc -l)
  total=$((total + execs))
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "fuzz_$t FAILED (exit $rc); log: $log" >&2
    grep -E "property failed|ERROR:|runtime error|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
    summary+=$(printf '%-18s %12s execs  %8s/s  FAILED\n' "fuzz_$t" "$execs" "${rate:-?}")$'\n'
  else
    summary+=$(printf '%-18s %12s execs  %8s/s  corpus %5s  ok\n' "fuzz_$t" "$execs" "${rate:-?}" "$ncorp")$'\n'
  fi
done
echo
echo "fuzz summary (${secs}s per target):"
printf '%s' "$summary"
echo "total executions: $total"
exit $status
