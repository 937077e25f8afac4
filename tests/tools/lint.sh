#!/usr/bin/env bash
# tests/tools/lint.sh - static analysis of cog.h with cppcheck and
# clang-tidy. Exits non-zero on any finding. Needs: cppcheck, clang-tidy.
#
# The header is analysed with its implementation compiled in
# (COG_IMPLEMENTATION), as C99, with COG_STATIC, and (clang-tidy) as C++11.
#
# cppcheck: --enable=warning,style,performance,portability (everything but
#   "information" and unusedFunction, which cannot work on a library), with
#   two ids suppressed:
#   - variableScope: cog.h declares variables at the top of each block on
#     purpose (C89-friendly style, one place to read a function's state);
#   - knownConditionTrueFalse: cppcheck 2.10 misreads the tile loops
#     `n = k - i0 < T ? k - i0 : T` as "n < 1" and calls the following loop
#     conditions always false (they are not: the fuzzers and tests run them).
#
# clang-tidy: the checks that find bugs rather than enforce a style:
#   clang-analyzer-*   path-sensitive analysis: NULL dereference, use of
#                      uninitialised values, leaks, division by zero,
#                      out-of-bounds array access, dead stores
#   bugprone-*         suspicious constructs (integer/float mixups,
#                      sizeof misuse, macro pitfalls, misplaced widening...)
#   cert-*             CERT C rules (float loop counters, unsafe libc calls)
#   misc-*, performance-*, portability-*
#   readability-*      only the bug-adjacent ones below (the rest is style)
# minus, with the reason:
#   bugprone-easily-swappable-parameters: the API takes (k, dim) and similar
#     size_t pairs by design; the order is documented at each declaration;
#   bugprone-implicit-widening-of-multiplication-result: fires only on
#     products of small compile-time constants (COGI_DOT_TILE * COGI_DOT_TILE);
#   readability-implicit-bool-conversion (C++ only): `if (!ptr)` and int
#     flags are the C idiom the header is written in;
#   misc-definitions-in-headers (C++ only): defining the functions in the
#     header, once, under COG_IMPLEMENTATION, is what a single-header
#     library is;
#   readability-identifier-length, -braces-around-statements,
#     -magic-numbers, -uppercase-literal-suffix, -isolate-declaration,
#     -function-cognitive-complexity: style rules that numerical kernel code
#     with i/j/k indices and literal constants (1e-10, 0.5) does not follow.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

for tool in cppcheck clang-tidy; do
  command -v $tool >/dev/null || { echo "lint.sh: $tool not found (apt-get install $tool)" >&2; exit 2; }
done

echo "== cppcheck $(cppcheck --version | sed 's/Cppcheck //')"
for defs in "-DCOG_IMPLEMENTATION" "-DCOG_IMPLEMENTATION -DCOG_STATIC"; do
  # shellcheck disable=SC2086
  if ! cppcheck --quiet --error-exitcode=1 --std=c99 --language=c \
        --enable=warning,style,performance,portability \
        --suppress=variableScope --suppress=knownConditionTrueFalse \
        --suppress=missingIncludeSystem --inline-suppr \
        --template='{file}:{line}: {severity}: {message} [{id}]' \
        -I"$root" $defs -UCOG_MALLOC "$root/cog.h"; then
    echo "lint.sh: cppcheck found problems ($defs)" >&2
    fail=1
  fi
done

checks='-*,clang-analyzer-*,bugprone-*,cert-*,misc-*,performance-*,portability-*,readability-*'
checks+=',-bugprone-easily-swappable-parameters'
checks+=',-bugprone-implicit-widening-of-multiplication-result'
checks+=',-readability-identifier-length,-readability-braces-around-statements'
checks+=',-readability-magic-numbers,-readability-uppercase-literal-suffix'
checks+=',-readability-isolate-declaration,-readability-function-cognitive-complexity'
checks+=',-readability-implicit-bool-conversion,-misc-definitions-in-headers'

# The clang static analyzer only starts from functions defined in the main
# file, so cog.h itself is the translation unit (copied, same line numbers;
# COG_IMPLEMENTATION given on the command line): every function of the
# implementation is analysed.
cp "$root/cog.h" "$tmp/cog.c"
cp "$root/cog.h" "$tmp/cog.cpp"
echo "== $(clang-tidy --version | grep -m1 version)"
for tu in "cog.c -std=c99 -DCOG_IMPLEMENTATION" \
          "cog.c -std=c99 -DCOG_IMPLEMENTATION -DCOG_STATIC" \
          "cog.cpp -std=c++11 -DCOG_IMPLEMENTATION"; do
  # shellcheck disable=SC2086
  set -- $tu
  file=$1
  shift
  out=$(clang-tidy --quiet -checks="$checks" -warnings-as-errors='*' \
          "$tmp/$file" -- "$@" -I"$root" 2>&1 | sed "s|$tmp/$file|cog.h|g") || {
    echo "$out" >&2
    echo "lint.sh: clang-tidy found problems ($tu)" >&2
    fail=1
    continue
  }
  if echo "$out" | grep -qE "(warning|error):"; then echo "$out" >&2; fail=1; fi
done

if [ $fail -eq 0 ]; then echo "lint.sh: cppcheck and clang-tidy clean"; fi
exit $fail
