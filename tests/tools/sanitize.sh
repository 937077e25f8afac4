#!/usr/bin/env bash
# tests/tools/sanitize.sh [asan|tsan|all] - the whole CTest suite under
# AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover=all:
# any report fails the test), built with gcc and with clang (C and C++
# variants of every test), then tests/test_threads.c under ThreadSanitizer
# (gcc and clang): several threads calling the library at once on shared
# read-only inputs.
#
# Environment: SAN_OUT (build root, default build-san in the repo), JOBS
# (parallel build and ctest jobs, default 2), SAN_COMPILERS (default
# "gcc clang").
# Needs: cmake, gcc, g++, clang, libclang-rt-14-dev (clang's sanitizer
# runtimes; gcc's come with gcc: libasan8, libubsan1, libtsan2).
set -euo pipefail
what=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${SAN_OUT:-$root/build-san}
jobs=${JOBS:-2}
compilers=${SAN_COMPILERS:-gcc clang}

cxx_of() { case $1 in gcc) echo g++ ;; clang) echo clang++ ;; *) echo "$1" ;; esac; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

configure() { # dir cc flags
  local dir=$1 cc=$2 flags=$3
  cmake -S "$root" -B "$dir" -DCOG_BUILD_TESTS=ON -DCOG_BUILD_EXAMPLES=ON \
    -DCOG_WERROR=ON -DCMAKE_BUILD_TYPE= -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$(cxx_of "$cc")" \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$dir.configure.log" 2>&1 || {
      cat "$dir.configure.log" >&2; return 1; }
}

status=0
if [ "$what" = asan ] || [ "$what" = all ]; then
  for cc in $compilers; do
    dir="$out/asan-$cc"
    mkdir -p "$out"
    echo "=== ASan+UBSan, $cc: build"
    configure "$dir" "$cc" "-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
    cmake --build "$dir" -j"$jobs" >"$dir.build.log" 2>&1 || { tail -50 "$dir.build.log" >&2; exit 1; }
    echo "=== ASan+UBSan, $cc: ctest"
    if ! ctest --test-dir "$dir" -j"$jobs" --output-on-failure; then
      echo "sanitize.sh: ASan+UBSan ($cc) FAILED" >&2
      status=1
    fi
  done
fi

if [ "$what" = tsan ] || [ "$what" = all ]; then
  for cc in $compilers; do
    dir="$out/tsan-$cc"
    mkdir -p "$out"
    echo "=== TSan, $cc: test_threads"
    configure "$dir" "$cc" "-O1 -g -fsanitize=thread"
    cmake --build "$dir" -j"$jobs" --target test_threads \
      $(grep -q 'test_threads_cxx' "$dir/tests/CTestTestfile.cmake" && echo test_threads_cxx) \
      >"$dir.build.log" 2>&1 || { tail -50 "$dir.build.log" >&2; exit 1; }
    if ! ctest --test-dir "$dir" -R '^test_threads' --output-on-failure; then
      echo "sanitize.sh: TSan ($cc) FAILED" >&2
      status=1
    fi
  done
fi
[ $status -eq 0 ] && echo "sanitize.sh: all clean"
exit $status
