#!/usr/bin/env bash
# tests/packaging/run.sh [step...] - the packaging contract of cog.h:
#
#   twice     header included twice (plain and with the implementation) in
#             one translation unit; gcc, clang, g++, clang++
#   multi     implementation in one unit, used from three others, linked
#             together; nm: every exported symbol starts with cog_, the
#             users define none; also C users with a C++ implementation
#             unit and the reverse
#   static    COG_STATIC with -Wall -Wextra -Werror calling one function (no
#             unused-function warnings), two such units linked together, no
#             exported cog_ symbol; C and C++
#   alloc     user COG_MALLOC / COG_FREE / COG_ASSERT (counting), and nm:
#             that unit references no malloc, free or assert of its own
#   install   defaults of a plain configure (Release, COG_WERROR off);
#             cmake --install --prefix P to a prefix chosen at install time
#             (and a DESTDIR staging install; the prefix moved elsewhere
#             for pkg-config), bin/cog installed and working; then
#             consumer projects using the INSTALLED package
#             via find_package(cog) and via pkg-config, and one via
#             add_subdirectory; each is built and run
#   matrix    the whole CTest suite as C99 + C++11 and as C11 + C++17
#             (CMAKE_C_STANDARD / CMAKE_CXX_STANDARD, no extensions), with
#             gcc and with clang, -Wall -Wextra -Wpedantic -Wshadow -Werror
#   opt       the known-answer tests at -O0, -O3 -ffp-contract=off and
#             -O3 -march=native (gcc and clang), within the tolerances the
#             tests state
#   options   every option of cog.h that leaves a part out or opts in
#             (COG_NO_SEEDS, COG_NO_FAST_KERNELS, COG_NO_DISPATCH,
#             COG_NO_VECTOR_EXTENSIONS, COG_USE_OPENMP): C and C++ with
#             -Werror, and the tests that apply; OpenMP opt-in checked with nm
#
# No argument runs every step. Prints each step's time; exits non-zero if
# any step fails. Environment: PKG_OUT (scratch dir, default
# build-packaging in the repo), JOBS (default 2).
# Needs: cmake, make, gcc, g++, clang, binutils (nm), pkg-config.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${PKG_OUT:-$root/build-packaging}
jobs=${JOBS:-2}
mkdir -p "$out"
W="-Wall -Wextra -Wpedantic -Wshadow -Werror"
fail() { echo "FAIL: $*" >&2; return 1; }
run() { echo "+ $*"; "$@"; }

step_twice() {
  local cc
  for cc in gcc clang; do
    run $cc -std=c99 $W -I"$root" "$here/twice.c" -o "$out/twice_$cc" -lm || return 1
    "$out/twice_$cc" || fail "twice ($cc)" || return 1
    run $cc -std=c99 $W -I"$root" "$here/twice_impl_first.c" -o "$out/twice2_$cc" -lm || return 1
    "$out/twice2_$cc" || fail "twice_impl_first ($cc)" || return 1
  done
  for cc in g++ clang++; do
    run $cc -x c++ -std=c++11 $W -I"$root" "$here/twice.c" -o "$out/twice_$cc" -lm || return 1
    "$out/twice_$cc" || fail "twice ($cc)" || return 1
  done
}

# nm_check OBJ...: every global symbol defined in the objects starts with cog_
nm_exports_ok() {
  local bad
  bad=$(nm -g --defined-only "$@" | awk 'NF==3 {print $3}' | grep -v '^cog_' || true)
  if [ -n "$bad" ]; then echo "exported symbols without the cog_ prefix:" >&2; echo "$bad" >&2; return 1; fi
  return 0
}

step_multi() {
  local cc d lang
  for cc in gcc clang g++ clang++; do
    d="$out/multi_$cc"
    mkdir -p "$d"
    lang=(-std=c99)
    case $cc in *++) lang=(-x c++ -std=c++11) ;; esac
    for f in impl use_a use_b main; do
      run $cc "${lang[@]}" $W -I"$root" -c "$here/multi/$f.c" -o "$d/$f.o" || return 1
    done
    run $cc "$d/impl.o" "$d/use_a.o" "$d/use_b.o" "$d/main.o" -o "$d/multi" -lm || return 1
    "$d/multi" || fail "multi ($cc)" || return 1
    nm_exports_ok "$d/impl.o" || fail "symbol prefix ($cc)" || return 1
    [ "$(nm -g --defined-only "$d/impl.o" | grep -c ' cog_')" -gt 10 ] || fail "impl.o exports no cog_ functions ($cc)" || return 1
    if nm -g --defined-only "$d/use_a.o" "$d/use_b.o" "$d/main.o" | grep -q ' cog_'; then
      fail "a user unit defines cog_ symbols ($cc)"; return 1
    fi
    echo "  $cc: $(nm -g --defined-only "$d/impl.o" | grep -c ' cog_') exported symbols, all cog_*"
  done
  # C users linked with a C++ implementation unit, and the reverse
  d="$out/multi_mixed"
  mkdir -p "$d"
  run g++ -x c++ -std=c++11 $W -I"$root" -c "$here/multi/impl.c" -o "$d/impl_cxx.o" || return 1
  run g++ "$d/impl_cxx.o" "$out/multi_gcc/use_a.o" "$out/multi_gcc/use_b.o" "$out/multi_gcc/main.o" -o "$d/c_users" -lm || return 1
  "$d/c_users" || fail "C users + C++ implementation" || return 1
  run g++ "$out/multi_gcc/impl.o" "$out/multi_g++/use_a.o" "$out/multi_g++/use_b.o" "$out/multi_g++/main.o" -o "$d/cxx_users" -lm || return 1
  "$d/cxx_users" || fail "C++ users + C implementation" || return 1
}

step_static() {
  local cc d lang
  for cc in gcc clang g++ clang++; do
    d="$out/static_$cc"
    mkdir -p "$d"
    lang=(-std=c99)
    case $cc in *++) lang=(-x c++ -std=c++11) ;; esac
    run $cc "${lang[@]}" $W -Wunused-function -c "$here/static_one.c" -I"$root" -o "$d/one.o" || return 1
    run $cc "${lang[@]}" $W -Wunused-function -c "$here/static_two.c" -I"$root" -o "$d/two.o" || return 1
    run $cc "$d/one.o" "$d/two.o" -o "$d/static" -lm || return 1
    "$d/static" || fail "static ($cc)" || return 1
    if nm -g --defined-only "$d/one.o" "$d/two.o" | grep -q ' cog'; then
      fail "COG_STATIC unit exports cog symbols ($cc)"; return 1
    fi
  done
}

step_alloc() {
  local cc d
  for cc in gcc clang; do
    d="$out/alloc_$cc"
    mkdir -p "$d"
    run $cc -std=c99 $W -I"$root" -I"$here" -c "$here/alloc.c" -o "$d/alloc.o" || return 1
    run $cc -std=c99 $W -I"$here" -c "$here/alloc_hooks.c" -o "$d/hooks.o" || return 1
    run $cc "$d/alloc.o" "$d/hooks.o" -o "$d/alloc" -lm || return 1
    "$d/alloc" || fail "alloc ($cc)" || return 1
    if nm -u "$d/alloc.o" | grep -Ew '(malloc|calloc|realloc|free|__assert_fail|__assert)'; then
      fail "with COG_MALLOC/COG_FREE/COG_ASSERT defined, cog.h still references the libc ones ($cc)"; return 1
    fi
  done
}

step_install() {
  local b="$out/install_build" p="$out/prefix" stage="$out/stage" v pcv moved="$out/moved"
  rm -rf "$b" "$p" "$stage" "$moved" "$out/consumer_fp" "$out/consumer_sub" "$out/consumer_pc"
  # Defaults of a plain configure: an optimised build, warnings not errors;
  # an explicit empty build type is kept.
  run cmake -S "$root" -B "$b" -DCOG_BUILD_TESTS=OFF >/dev/null || return 1
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$b/CMakeCache.txt" || fail "no build type given: not Release" || return 1
  grep -q '^COG_WERROR:BOOL=OFF$' "$b/CMakeCache.txt" || fail "COG_WERROR not OFF by default" || return 1
  run cmake -S "$root" -B "$out/empty_type" -DCMAKE_BUILD_TYPE= -DCOG_BUILD_EXAMPLES=OFF >/dev/null || return 1
  grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$out/empty_type/CMakeCache.txt" || fail "explicit empty build type overridden" || return 1
  # The prefix is chosen at install time (the build was configured for the
  # default /usr/local); the cog tool is installed with the package.
  run cmake --build "$b" --target cog_cli -j"$jobs" >/dev/null || return 1
  run cmake --install "$b" --prefix "$p" || return 1
  [ -f "$p/include/cog.h" ] || fail "cog.h not installed" || return 1
  cmp -s "$p/include/cog.h" "$root/cog.h" || fail "installed cog.h differs" || return 1
  "$p/bin/cog" --version | grep -q '^cog ' || fail "bin/cog not installed or not working" || return 1
  ! grep -q /usr/local "$p/share/pkgconfig/cog.pc" || fail "cog.pc names /usr/local after --prefix $p" || return 1
  DESTDIR="$stage" run cmake --install "$b" --prefix /usr/local >/dev/null || return 1
  [ -f "$stage/usr/local/include/cog.h" ] || fail "DESTDIR install" || return 1
  find "$stage" -name 'cog.pc' | grep -q . || fail "DESTDIR: no cog.pc" || return 1
  # find_package(cog)
  run cmake -S "$here/consumer/find_package" -B "$out/consumer_fp" -DCMAKE_PREFIX_PATH="$p" >/dev/null || return 1
  run cmake --build "$out/consumer_fp" || return 1
  "$out/consumer_fp/consumer" || fail "find_package consumer" || return 1
  # pkg-config
  command -v pkg-config >/dev/null || fail "pkg-config not found (apt-get install pkg-config)" || return 1
  export PKG_CONFIG_PATH="$p/share/pkgconfig:$p/lib/pkgconfig"
  v=$(sed -n 's/^#define COG_VERSION_STRING "\(.*\)"/\1/p' "$root/cog.h")
  pcv=$(pkg-config --modversion cog) || fail "pkg-config does not find cog" || return 1
  [ "$pcv" = "$v" ] || fail "pkg-config version $pcv != header $v" || return 1
  mkdir -p "$out/consumer_pc"
  # shellcheck disable=SC2046
  run cc -std=c99 $W "$here/consumer/main.c" $(pkg-config --cflags --libs cog) -o "$out/consumer_pc/consumer" || return 1
  "$out/consumer_pc/consumer" || fail "pkg-config consumer" || return 1
  # relocatable: the same tree moved elsewhere still gives the right flags
  cp -a "$p" "$moved"
  export PKG_CONFIG_PATH="$moved/share/pkgconfig"
  pkg-config --cflags cog | grep -q -- "-I$moved/share/pkgconfig/../../include" || fail "moved prefix: pkg-config --cflags $(pkg-config --cflags cog)" || return 1
  # shellcheck disable=SC2046
  run cc -std=c99 $W "$here/consumer/main.c" $(pkg-config --cflags --libs cog) -o "$out/consumer_pc/consumer_moved" || return 1
  "$out/consumer_pc/consumer_moved" || fail "pkg-config consumer (moved prefix)" || return 1
  unset PKG_CONFIG_PATH
  # add_subdirectory
  run cmake -S "$here/consumer/subdir" -B "$out/consumer_sub" -DCOG_SOURCE_DIR="$root" >/dev/null || return 1
  run cmake --build "$out/consumer_sub" || return 1
  "$out/consumer_sub/consumer" || fail "add_subdirectory consumer" || return 1
}

step_matrix() {
  local cc cxx cstd xstd d
  for cc in gcc clang; do
    cxx=g++; [ $cc = clang ] && cxx=clang++
    for pair in "99 11" "11 17"; do
      read -r cstd xstd <<<"$pair"
      d="$out/matrix_${cc}_c${cstd}_cxx${xstd}"
      echo "--- $cc: C$cstd + C++$xstd, whole test suite"
      run cmake -S "$root" -B "$d" -DCOG_BUILD_TESTS=ON -DCOG_BUILD_EXAMPLES=ON -DCOG_TEST_CXX=ON \
        -DCOG_WERROR=ON -DCMAKE_C_COMPILER=$cc -DCMAKE_CXX_COMPILER=$cxx \
        -DCMAKE_C_STANDARD=$cstd -DCMAKE_C_STANDARD_REQUIRED=ON -DCMAKE_C_EXTENSIONS=OFF \
        -DCMAKE_CXX_STANDARD=$xstd -DCMAKE_CXX_STANDARD_REQUIRED=ON -DCMAKE_CXX_EXTENSIONS=OFF \
        >"$d.configure.log" 2>&1 || { cat "$d.configure.log"; return 1; }
      cmake --build "$d" -j"$jobs" >"$d.build.log" 2>&1 || { grep -E 'error|warning' "$d.build.log" | head -30; fail "build $cc C$cstd/C++$xstd"; return 1; }
      grep -q -- "-std=c$cstd" "$d/tests/CMakeFiles/test_core.dir/flags.make" || fail "C$cstd flag not used" || return 1
      ctest --test-dir "$d" -j"$jobs" --output-on-failure >"$d.ctest.log" 2>&1 || { cat "$d.ctest.log"; fail "ctest $cc C$cstd/C++$xstd"; return 1; }
      tail -3 "$d.ctest.log" | grep -E 'tests passed|Total' || true
    done
  done
}

step_opt() {
  local cc flags d tests targets
  # known-answer tests: the library's own tests with reference values
  local kat='^(test_core|test_subspace|test_randn|test_kernels|test_kernels_plain|test_plain|test_bad_input)$'
  for cc in gcc clang; do
    for flags in "-O0" "-O3 -ffp-contract=off" "-O3 -march=native"; do
      d="$out/opt_${cc}_$(echo "$flags" | tr -c 'a-zA-Z0-9' '_')"
      echo "--- $cc $flags: known-answer tests"
      run cmake -S "$root" -B "$d" -DCOG_BUILD_TESTS=ON -DCOG_BUILD_EXAMPLES=OFF -DCOG_TEST_CXX=OFF \
        -DCMAKE_BUILD_TYPE= -DCMAKE_C_COMPILER=$cc -DCMAKE_C_FLAGS="$flags" \
        >"$d.configure.log" 2>&1 || { cat "$d.configure.log"; return 1; }
      tests=$(ctest --test-dir "$d" -N -R "$kat" | sed -n 's/^ *Test *#[0-9]*: *//p')
      [ -n "$tests" ] || fail "no known-answer tests found" || return 1
      # shellcheck disable=SC2086
      targets=$(echo $tests | sed 's/ / --target /g')
      # shellcheck disable=SC2086
      cmake --build "$d" -j"$jobs" --target $targets >"$d.build.log" 2>&1 || { tail -30 "$d.build.log"; fail "build $cc $flags"; return 1; }
      ctest --test-dir "$d" -j"$jobs" -R "$kat" --output-on-failure >"$d.ctest.log" 2>&1 || { cat "$d.ctest.log"; fail "known-answer tests $cc $flags"; return 1; }
      echo "  $(echo $tests | wc -w) tests passed: $(echo $tests)"
    done
  done
}

# The leave-out and opt-in options of cog.h's OPTIONS, one build each, as
# C99, C11, C++11 and C++17 with -Werror (options.c; with seeds also the
# randn known answers, and the kernel tests for the kernel options); and
# OpenMP opt-in: a unit compiled with -fopenmp but without COG_USE_OPENMP
# references no OpenMP runtime symbol (no parallel region can start), with
# it it does (so the check can fail).
step_options() {
  local v cc std defs kind flags omp
  for v in COG_NO_SEEDS COG_NO_FAST_KERNELS COG_NO_DISPATCH \
           COG_NO_VECTOR_EXTENSIONS COG_USE_OPENMP \
           "COG_NO_SEEDS COG_NO_FAST_KERNELS"; do
    defs=""
    for d in $v; do defs+=" -D$d"; done
    omp=""; [ "$v" = COG_USE_OPENMP ] && omp=-fopenmp
    echo "--- $v"
    for cc in "gcc -std=c99" "clang -std=c11" "g++ -x c++ -std=c++11" "clang++ -x c++ -std=c++17"; do
      kind=$(echo "$cc" | tr -c 'a-z0-9+' '_')
      # shellcheck disable=SC2086
      run $cc $W $omp $defs -I"$root" "$here/options.c" -o "$out/options_$kind" -lm || return 1
      "$out/options_$kind" || fail "options $v ($cc)" || return 1
    done
    for t in test_core test_kernels test_subspace; do
      # shellcheck disable=SC2086
      gcc -std=c99 $W -O2 $omp $defs -I"$root" -I"$root/tests" "$root/tests/$t.c" \
        -o "$out/${t}_opt" -lm || fail "build $t with $v" || return 1
      "$out/${t}_opt" >"$out/${t}_opt.log" 2>&1 || { tail -5 "$out/${t}_opt.log"; fail "$t with $v"; return 1; }
    done
    case " $v " in *" COG_NO_SEEDS "*) ;; *)
      # shellcheck disable=SC2086
      gcc -std=c99 $W -O2 $omp $defs -DCOG_TEST_DATA_DIR="\"$root/tests/data\"" \
        -I"$root" -I"$root/tests" "$root/tests/test_randn.c" -o "$out/test_randn_opt" -lm \
        || fail "build test_randn with $v" || return 1
      "$out/test_randn_opt" >"$out/test_randn_opt.log" 2>&1 || { tail -5 "$out/test_randn_opt.log"; fail "test_randn with $v"; return 1; } ;;
    esac
  done
  echo "--- OpenMP opt-in"
  printf '#include "%s/cog.h"\n' "$root" >"$out/omp_unit.c"
  for cc in gcc clang; do
    flags="-std=c99 $W -O2 -fopenmp -DCOG_IMPLEMENTATION"
    # shellcheck disable=SC2086
    run $cc $flags -c "$out/omp_unit.c" -o "$out/omp_off_$cc.o" || return 1
    # shellcheck disable=SC2086
    run $cc $flags -DCOG_USE_OPENMP -c "$out/omp_unit.c" -o "$out/omp_on_$cc.o" || return 1
    if nm -u "$out/omp_off_$cc.o" | grep -E 'GOMP_|__kmpc_|omp_'; then
      fail "$cc -fopenmp without COG_USE_OPENMP references the OpenMP runtime"; return 1
    fi
    nm -u "$out/omp_on_$cc.o" | grep -qE 'GOMP_|__kmpc_' ||
      fail "$cc -fopenmp -DCOG_USE_OPENMP references no OpenMP runtime (check broken?)" || return 1
  done
  echo "  no OpenMP runtime symbol without COG_USE_OPENMP (gcc, clang)"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(twice multi static alloc install matrix opt options)
status=0
summary=""
for s in "${steps[@]}"; do
  echo "=== $s"
  t0=$(date +%s)
  if (set -e; "step_$s"); then r=ok; else r=FAILED; status=1; fi
  summary+=$(printf '%-8s %-6s %4ss' "$s" "$r" "$(( $(date +%s) - t0 ))")$'\n'
done
echo
echo "packaging summary:"
printf '%s' "$summary"
exit $status
