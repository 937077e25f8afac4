# check_bad_input_table.cmake - README.md must hold exactly the output of
# `test_bad_input --markdown` between the lines
#   <!-- bad-input-table:begin -->   and   <!-- bad-input-table:end -->
# Run as: cmake -DEXE=<test_bad_input> -DREADME=<README.md> -DOUT=<file> -P this
# Skips (prints "BAD_INPUT_TABLE_SKIPPED") when README.md or the markers are
# missing or nothing is between them yet; fails with a diff when the table differs. To fix a failure, paste
# the file named by OUT between the markers.
foreach(_v EXE README OUT)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "check_bad_input_table.cmake: -D${_v}=... is required")
  endif()
endforeach()

# Cross builds: $ENV{COG_TEST_EMULATOR} (qemu, wine) runs EXE.
separate_arguments(_emu UNIX_COMMAND "$ENV{COG_TEST_EMULATOR}")
execute_process(COMMAND ${_emu} "${EXE}" --markdown
                OUTPUT_VARIABLE _table RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --markdown failed (${_rc})")
endif()
string(REPLACE "\r\n" "\n" _table "${_table}")
string(STRIP "${_table}" _table)
file(WRITE "${OUT}" "${_table}\n")

set(_begin "<!-- bad-input-table:begin -->")
set(_end "<!-- bad-input-table:end -->")
if(NOT EXISTS "${README}")
  message("BAD_INPUT_TABLE_SKIPPED: ${README} does not exist")
  return()
endif()
file(READ "${README}" _readme)
string(REPLACE "\r\n" "\n" _readme "${_readme}")
string(FIND "${_readme}" "${_begin}" _b)
string(FIND "${_readme}" "${_end}" _e)
if(_b EQUAL -1 AND _e EQUAL -1)
  message("BAD_INPUT_TABLE_SKIPPED: README.md has no ${_begin} marker yet; "
          "paste ${OUT} between ${_begin} and ${_end}")
  return()
endif()
if(_b EQUAL -1 OR _e EQUAL -1 OR _e LESS _b)
  message(FATAL_ERROR "README.md must contain ${_begin} followed by ${_end}")
endif()
string(LENGTH "${_begin}" _blen)
math(EXPR _start "${_b} + ${_blen}")
math(EXPR _len "${_e} - ${_start}")
string(SUBSTRING "${_readme}" ${_start} ${_len} _current)
string(STRIP "${_current}" _current)
if(_current STREQUAL "")
  message("BAD_INPUT_TABLE_SKIPPED: nothing between the README markers yet; "
          "paste ${OUT} there")
  return()
endif()

if(_current STREQUAL _table)
  message("README.md bad-input table matches test_bad_input --markdown")
  return()
endif()

get_filename_component(_dir "${OUT}" DIRECTORY)
file(WRITE "${_dir}/bad_input_table.readme.md" "${_current}\n")
find_program(_diff diff)
if(_diff)
  execute_process(COMMAND "${_diff}" -u "${_dir}/bad_input_table.readme.md"
                          "${OUT}" OUTPUT_VARIABLE _d)
  message("${_d}")
endif()
message(FATAL_ERROR
  "README.md's bad-input table (between ${_begin} and ${_end}) differs from "
  "`test_bad_input --markdown` (diff above: - README, + generated). Replace "
  "the text between the markers with the contents of ${OUT}.")
