# readme_blocks.cmake - compile (and run) every ```c code block of README.md,
# so the documentation cannot rot. Run by the CTest `readme_c_blocks`:
#   cmake -DCC=<c compiler> -DREADME=<README.md> -DCOG_DIR=<dir of cog.h>
#         -DWORK=<scratch dir> -P readme_blocks.cmake
# A block (fence ```c or ~~~c, indented by up to 3 spaces, CRLF or LF) is
#  - a program if it defines main(): compiled with -std=c99 -Wall -Wextra
#    -Wpedantic -Werror (plus a separate COG_IMPLEMENTATION unit if the block
#    does not define it), linked with -lm and run: it must exit with 0;
#  - otherwise a fragment: it must compile as a translation unit after
#    `#include "cog.h"` (and stdio/stdlib/string), or, failing that, as the
#    body of a function `void readme_block(void)`.
# Put <!-- readme-test:skip --> on the line before a fence to exempt a block
# that is illustrative only. With no ```c block at all the test is skipped
# (prints README_C_BLOCKS_SKIPPED).
foreach(_v CC README COG_DIR WORK)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "readme_blocks.cmake: -D${_v}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${README}")
  message("README_C_BLOCKS_SKIPPED: ${README} does not exist")
  return()
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

file(READ "${README}" _text)
string(REPLACE "\r\n" "\n" _text "${_text}")
# Split into lines without losing ';' or '[' (CMake list pitfalls).
string(REPLACE ";" "<SEMI>" _text "${_text}")
string(REPLACE "[" "<LB>" _text "${_text}")
string(REPLACE "]" "<RB>" _text "${_text}")
string(REPLACE "\n" ";" _lines "${_text}")

set(_in OFF)
set(_skip_next OFF)
set(_n 0)
set(_blocks "")
set(_prev "")
foreach(_line IN LISTS _lines)
  if(NOT _in)
    if(_line MATCHES "^( ? ? ?)(```|~~~)[ \t]*[cC][ \t]*$")
      set(_indent "${CMAKE_MATCH_1}")
      set(_fence "${CMAKE_MATCH_2}")
      set(_in ON)
      set(_body "")
      set(_skip OFF)
      if(_prev MATCHES "readme-test:skip")
        set(_skip ON)
      endif()
    endif()
  else()
    if(_line MATCHES "^ ? ? ?${_fence}[ \t]*$")
      set(_in OFF)
      math(EXPR _n "${_n} + 1")
      if(_skip)
        message("block ${_n}: skipped (readme-test:skip)")
      else()
        string(REPLACE "<SEMI>" ";" _body "${_body}")
        string(REPLACE "<LB>" "[" _body "${_body}")
        string(REPLACE "<RB>" "]" _body "${_body}")
        file(WRITE "${WORK}/block_${_n}.c" "${_body}")
        list(APPEND _blocks ${_n})
      endif()
    else()
      string(LENGTH "${_indent}" _il)
      if(_il GREATER 0 AND _line MATCHES "^${_indent}")
        string(SUBSTRING "${_line}" ${_il} -1 _line)
      endif()
      string(APPEND _body "${_line}\n")
    endif()
  endif()
  set(_prev "${_line}")
endforeach()
if(_in)
  message(FATAL_ERROR "README.md: unterminated ${_fence}c code block")
endif()
if(_n EQUAL 0)
  message("README_C_BLOCKS_SKIPPED: README.md has no ```c code blocks")
  return()
endif()

set(_flags -std=c99 -Wall -Wextra -Wpedantic -Werror -I${COG_DIR})
file(WRITE "${WORK}/cog_impl.c" "#define COG_IMPLEMENTATION\n#include \"cog.h\"\n")
set(_failed 0)
set(_ran 0)
foreach(_i IN LISTS _blocks)
  set(_src "${WORK}/block_${_i}.c")
  file(READ "${_src}" _body)
  if(_body MATCHES "(^|[^A-Za-z0-9_])main[ \t]*\\(")
    set(_extra "")
    if(NOT _body MATCHES "#[ \t]*define[ \t]+COG_IMPLEMENTATION")
      set(_extra "${WORK}/cog_impl.c")
    endif()
    execute_process(COMMAND "${CC}" ${_flags} "${_src}" ${_extra} -o "${WORK}/block_${_i}" -lm
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _o ERROR_VARIABLE _o)
    if(NOT _rc EQUAL 0)
      message("block ${_i} (program) does not compile:\n${_o}\n--- block ${_i}:\n${_body}")
      math(EXPR _failed "${_failed} + 1")
      continue()
    endif()
    execute_process(COMMAND "${WORK}/block_${_i}" WORKING_DIRECTORY "${WORK}"
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _o ERROR_VARIABLE _o
                    TIMEOUT 120)
    if(NOT _rc EQUAL 0)
      message("block ${_i} (program) exited with ${_rc}:\n${_o}")
      math(EXPR _failed "${_failed} + 1")
      continue()
    endif()
    message("block ${_i}: program compiled and ran (exit 0)")
  else()
    set(_pre "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"cog.h\"\n")
    file(WRITE "${WORK}/block_${_i}_tu.c" "${_pre}${_body}")
    execute_process(COMMAND "${CC}" ${_flags} -c "${WORK}/block_${_i}_tu.c" -o "${WORK}/block_${_i}.o"
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _o1 ERROR_VARIABLE _o1)
    if(NOT _rc EQUAL 0)
      file(WRITE "${WORK}/block_${_i}_fn.c"
           "${_pre}void readme_block(void);\nvoid readme_block(void)\n{\n${_body}}\n")
      execute_process(COMMAND "${CC}" ${_flags} -Wno-unused-variable -Wno-unused-but-set-variable
                              -c "${WORK}/block_${_i}_fn.c" -o "${WORK}/block_${_i}.o"
                      RESULT_VARIABLE _rc OUTPUT_VARIABLE _o2 ERROR_VARIABLE _o2)
      if(NOT _rc EQUAL 0)
        message("block ${_i} (fragment) compiles neither as a file nor as a function body.\n"
                "As a file:\n${_o1}\nAs a function body:\n${_o2}\n--- block ${_i}:\n${_body}\n"
                "(mark it <!-- readme-test:skip --> if it is meant to be illustrative)")
        math(EXPR _failed "${_failed} + 1")
        continue()
      endif()
    endif()
    message("block ${_i}: fragment compiles")
  endif()
  math(EXPR _ran "${_ran} + 1")
endforeach()
if(_failed GREATER 0)
  message(FATAL_ERROR "${_failed} README.md ```c block(s) failed (see above)")
endif()
message("README.md: ${_ran} ```c block(s) compiled; programs ran")
