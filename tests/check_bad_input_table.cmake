# check_bad_input_table.cmake - docs/bad-input.md must hold exactly the output
# of `test_bad_input --markdown` between the lines
#   <!-- bad-input-table:begin -->   and   <!-- bad-input-table:end -->
# and README.md must link to it.
# Run as: cmake -DEXE=<test_bad_input> -DDOC=<docs/bad-input.md>
#               -DREADME=<README.md> -DOUT=<file> -P this
# Fails with a diff when the table differs: to fix it, paste the file named
# by OUT between the markers.
foreach(_v EXE DOC README OUT)
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

get_filename_component(_docname "${DOC}" NAME)
file(READ "${README}" _readme)
string(FIND "${_readme}" "docs/${_docname}" _link)
if(_link EQUAL -1)
  message(FATAL_ERROR "README.md does not link to docs/${_docname}")
endif()

set(_begin "<!-- bad-input-table:begin -->")
set(_end "<!-- bad-input-table:end -->")
file(READ "${DOC}" _doc)
string(REPLACE "\r\n" "\n" _doc "${_doc}")
string(FIND "${_doc}" "${_begin}" _b)
string(FIND "${_doc}" "${_end}" _e)
if(_b EQUAL -1 OR _e EQUAL -1 OR _e LESS _b)
  message(FATAL_ERROR "${DOC} must contain ${_begin} followed by ${_end}")
endif()
string(LENGTH "${_begin}" _blen)
math(EXPR _start "${_b} + ${_blen}")
math(EXPR _len "${_e} - ${_start}")
string(SUBSTRING "${_doc}" ${_start} ${_len} _current)
string(STRIP "${_current}" _current)

if(_current STREQUAL _table)
  message("${_docname}'s table matches test_bad_input --markdown")
  return()
endif()

get_filename_component(_dir "${OUT}" DIRECTORY)
file(WRITE "${_dir}/bad_input_table.doc.md" "${_current}\n")
find_program(_diff diff)
if(_diff)
  execute_process(COMMAND "${_diff}" -u "${_dir}/bad_input_table.doc.md"
                          "${OUT}" OUTPUT_VARIABLE _d)
  message("${_d}")
endif()
message(FATAL_ERROR
  "${DOC}'s bad-input table (between ${_begin} and ${_end}) differs from "
  "`test_bad_input --markdown` (diff above: - ${_docname}, + generated). "
  "Replace the text between the markers with the contents of ${OUT}.")
