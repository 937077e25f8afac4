#!/usr/bin/env bash
# tests/tools/valgrind.sh - every test executable of the CTest suite under
# valgrind memcheck: any memory error or leak (definite, indirect or
# possible) fails the test (--error-exitcode). Tests run through CTest with
# valgrind as the tests' CROSSCOMPILING_EMULATOR, so each runs exactly as in
# the normal suite; the logs are checked afterwards for "0 errors" and for
# having run at all.
#
# Skipped: the _cxx variants (the same source compiled as C++; set
# VALGRIND_CXX=1 to include them), tests that are not our executables
# (cli_roundtrip is Python, readme_bad_input_table is a CMake script) and
# test_kernels_omp (the OpenMP runtime keeps its worker threads alive at
# exit, which memcheck reports as possibly lost; it is not cog.h memory)
# and test_experiments (the paper demo's numbers, ten minutes of CPU under
# memcheck; sanitize.sh runs it under ASan/UBSan). COG_TEST_QUICK=1: the
# kernel sweeps of test_kernels cover every code path at fewer sizes.
#
# Environment: VG_OUT (build dir, default build-valgrind in the repo), JOBS
# (default 2). Needs: cmake, gcc, valgrind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${VG_OUT:-$root/build-valgrind}
jobs=${JOBS:-2}
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 2; }
logs="$out/vglogs"
rm -rf "$logs"
mkdir -p "$logs"
emu="valgrind;--tool=memcheck;--error-exitcode=99;--leak-check=full"
emu+=";--show-leak-kinds=definite,indirect,possible"
emu+=";--errors-for-leak-kinds=definite,indirect,possible"
emu+=";--track-origins=yes;--log-file=$logs/%p.log"
cxx=OFF
[ "${VALGRIND_CXX:-0}" = 1 ] && cxx=ON
cmake -S "$root" -B "$out" -DCOG_BUILD_TESTS=ON -DCOG_BUILD_EXAMPLES=ON \
  -DCOG_TEST_CXX=$cxx -DCOG_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CROSSCOMPILING_EMULATOR="$emu" >"$out.configure.log" 2>&1 || {
    cat "$out.configure.log" >&2; exit 1; }
cmake --build "$out" -j"$jobs" >"$out.build.log" 2>&1 || { tail -50 "$out.build.log" >&2; exit 1; }
status=0
COG_TEST_QUICK=1 ctest --test-dir "$out" -j"$jobs" --output-on-failure --timeout 1500 \
  -E '^(cli_roundtrip|readme_bad_input_table|test_kernels_omp|test_experiments)$' || status=1
n=$(find "$logs" -name '*.log' | wc -l)
if [ "$n" -eq 0 ]; then
  echo "valgrind.sh: no valgrind logs: the tests did not run under valgrind" >&2
  exit 1
fi
bad=0
for f in "$logs"/*.log; do
  if ! grep -q "ERROR SUMMARY: 0 errors" "$f"; then
    echo "== $f" >&2
    cat "$f" >&2
    bad=1
  fi
done
[ $bad -eq 0 ] || status=1
echo "valgrind.sh: $n processes checked under memcheck; $( [ $status -eq 0 ] && echo 'zero errors, zero leaks' || echo FAILED)"
exit $status
