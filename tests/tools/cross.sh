#!/usr/bin/env bash
# cross.sh - build and run the whole test suite and the `cog` tool on the
# platforms engines ship on, with Debian's cross compilers and emulators:
#
#   aarch64    gcc-aarch64-linux-gnu, static, qemu-aarch64 (NEON through the
#              GNU vector extensions)
#   s390x      gcc-s390x-linux-gnu, static, qemu-s390x (big-endian)
#   i686       gcc-i686-linux-gnu, static, default x87 math
#              (FLT_EVAL_METHOD 2), run natively (qemu-i386 if the kernel
#              cannot run 32-bit programs)
#   i686-sse2  the same with -msse2 -mfpmath=sse (FLT_EVAL_METHOD 0)
#   mingw64    x86-64 Windows: MinGW-w64, static, wine (headless, a fresh
#              WINEPREFIX in a temporary directory)
#
# Usage: tests/tools/cross.sh [target ...]     (default: all five)
# Run as root on a fresh Debian machine it installs what it needs. Builds go
# to build-cross/<target> (toolchain files in tests/tools/cross/). Every test
# CTest knows is run (new tests are picked up by themselves) except those
# labelled host_only (see tests/CMakeLists.txt), which are listed as
# skipped. Under qemu the C++ twins are not built (COG_TEST_CXX=OFF: the
# other targets build and run them), and COG_TEST_QUICK=1 runs the kernel sweeps of
# test_kernels at reduced sizes (every code path, fewer sizes; see
# tests/test_util.h); the statistical tests run at full size everywhere.
# Tests driven by host scripts (python3, cmake -P) run the target's
# programs through $COG_TEST_EMULATOR, which this script sets.
# x87 (target i686): cog.h drops its bit-for-bit promises there
# (COG_SAME_BITS 0, see NUMERICAL PROMISES), which most tests check, so
# only the tests named in x87_tests run (their C++ twins too); every other
# test is built (C and C++, -Werror) and listed as skipped.
# Exits non-zero if any build or test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
all="aarch64 s390x i686 i686-sse2 mingw64"
targets=${*:-$all}
jobs=${COG_CROSS_JOBS:-2}

pkgs="cmake make gcc python3 python3-numpy qemu-user
      gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
      gcc-s390x-linux-gnu g++-s390x-linux-gnu
      gcc-i686-linux-gnu g++-i686-linux-gnu
      gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine wine64"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "cross.sh: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
fi

tmp=$(mktemp -d)
cleanup() {
  if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

x87_tests="test_stats test_seeds test_nao test_plain test_threads test_randn_iso latent_io_smoke
           cli_seeds cli_dist readme_bad_input_table"
summary=""
failed=0
for t in $targets; do
  tc="$root/tests/tools/cross/$t.cmake"
  [ -f "$tc" ] || { echo "cross.sh: unknown target $t (have: $all)" >&2; exit 2; }
  start=$(date +%s)
  bdir="$root/build-cross/$t"
  extra=()
  select=()
  how="native"
  unset COG_TEST_QUICK COG_TEST_EMULATOR
  case $t in
    aarch64|s390x)
      # C only under qemu: the _cxx twins compile the same code as C++,
      # which the native, MinGW and i686 builds run; emulated they double
      # the step's time
      extra=(-DCOG_TEST_CXX=OFF)
      # the paper demo's model tests are minutes of float work each under
      # qemu; they run natively, on MinGW and on i686-sse2
      select=(-E "^(test_paper|test_experiments)\$")
      export COG_TEST_QUICK=1 COG_TEST_EMULATOR=qemu-$t
      how="qemu-$t, COG_TEST_QUICK=1, C only" ;;
    i686*)
      # 32-bit programs run natively on x86-64 Linux unless the kernel was
      # built without IA32 emulation; then qemu-i386 runs them.
      printf 'int main(void){return 0;}\n' > "$tmp/probe.c"
      i686-linux-gnu-gcc -static "$tmp/probe.c" -o "$tmp/probe"
      if ! "$tmp/probe" 2>/dev/null; then
        extra=(-DCMAKE_CROSSCOMPILING_EMULATOR=qemu-i386)
        export COG_TEST_QUICK=1 COG_TEST_EMULATOR=qemu-i386
        how="qemu-i386 (no native 32-bit support), COG_TEST_QUICK=1"
      fi
      if [ "$t" = i686 ]; then
        select=(-R "^($(echo $x87_tests | tr ' ' '|'))(_cxx)?\$")
        how="$how, x87: x87_tests only"
      fi ;;
    mingw64)
      if [ -z "${WINEPREFIX:-}" ]; then
        export WINEPREFIX="$tmp/wineprefix" WINEDEBUG=-all DISPLAY=
        mkdir -p "$WINEPREFIX"
        # one wineserver for the whole run, not one per program started
        wineserver -p
        wine wineboot --init > "$tmp/wineboot.log" 2>&1 || {
          cat "$tmp/wineboot.log"; echo "cross.sh: wineboot failed" >&2; exit 1; }
      fi
      export COG_TEST_EMULATOR="$root/tests/tools/cross/wine-run.sh"
      how="wine $(wine --version 2>/dev/null || echo '?')" ;;
  esac
  echo "=== cross: $t ($how)"
  status=ok
  rm -rf "$bdir"; mkdir -p "$root/build-cross"
  if ! cmake -S . -B "$bdir" -DCMAKE_TOOLCHAIN_FILE="$tc" \
        -DCMAKE_BUILD_TYPE=Release -DCOG_BUILD_TESTS=ON "${extra[@]}" \
        > "$bdir.configure.log" 2>&1; then
    cat "$bdir.configure.log"; status="configure FAILED"
  elif ! cmake --build "$bdir" -j"$jobs"; then
    status="build FAILED"
  elif ! ctest --test-dir "$bdir" -j"$jobs" --output-on-failure \
        -LE host_only "${select[@]}" 2>&1 | tee "$bdir/ctest.log"; then
    status="tests FAILED"
  elif grep -q "tests failed out of" "$bdir/ctest.log" &&
       ! grep -q " 0 tests failed out of" "$bdir/ctest.log"; then
    status="tests FAILED"
  fi
  ntests=$(sed -n 's/.*tests passed, [0-9]* tests failed out of \([0-9]*\).*/\1/p' "$bdir/ctest.log" 2>/dev/null | tail -1 || true)
  skipped=$(ctest --test-dir "$bdir" -N -L host_only 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: //p' | tr '\n' ' ' || true)
  if [ ${#select[@]} -gt 0 ]; then
    ran=$(ctest --test-dir "$bdir" -N -LE host_only "${select[@]}" 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: //p' || true)
    for n in $(ctest --test-dir "$bdir" -N -LE host_only 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: //p' || true); do
      echo "$ran" | grep -qx "$n" || skipped="$skipped$n($t) "
    done
  fi
  notrun=$(sed -n 's/.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*\(Skipped\|Not Run\).*/\1/p' "$bdir/ctest.log" 2>/dev/null | tr '\n' ' ' || true)
  secs=$(( $(date +%s) - start ))
  [ "$status" = ok ] || failed=1
  line="$t | $how | $status: ${ntests:-?} tests run${notrun:+, skipped by the test: $notrun}${skipped:+, not run here: $skipped} | ${secs} s"
  summary="$summary$line"$'\n'
  echo "=== $line"
done

printf '\n=== cross summary (target | how | result | time)\n%s' "$summary"
exit $failed
