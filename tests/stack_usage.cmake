# stack_usage.cmake - the stack frame of every function of cog.h's
# implementation, from gcc -fstack-usage (CTest stack_usage, gcc only).
#   cmake -DCC=gcc -DCOG_DIR=<repo> -DWORK=<dir> -P stack_usage.cmake
# Compiles the implementation at -O2 in three configurations (default,
# COG_NO_DISPATCH, COG_NO_FAST_KERNELS) and fails if a frame exceeds its
# budget: 7 KiB for every function (cog_randn_torch's Mersenne Twister
# state is the largest, about 6 KiB), 10 KiB for the batch kernel
# (cogi_batch_*: 4 KiB of packed input tiles and 2 KiB of coefficients;
# only cog_combine_batch(_scratch), cog_linear_batch and cog_walk reach
# it). Inlined kernels count in their caller's frame, which is what
# -fstack-usage reports. tests/test_stack.c measures whole call chains at
# run time.
set(budget 7168)
set(batch_budget 10240)
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/impl.c" "#define COG_IMPLEMENTATION\n#include \"${COG_DIR}/cog.h\"\n")
set(failed 0)
foreach(cfg "" "-DCOG_NO_DISPATCH" "-DCOG_NO_FAST_KERNELS")
  string(MAKE_C_IDENTIFIER "o${cfg}" tag)
  execute_process(COMMAND ${CC} -O2 -fstack-usage ${cfg} -c impl.c -o ${tag}.o
    WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "stack_usage: compile ${cfg} failed: ${err}")
  endif()
  file(STRINGS "${WORK}/${tag}.su" lines)
  set(worst 0)
  foreach(line IN LISTS lines)
    if(line MATCHES ":([A-Za-z_0-9.]+)\t([0-9]+)\t")
      set(fn "${CMAKE_MATCH_1}")
      set(bytes "${CMAKE_MATCH_2}")
      set(limit ${budget})
      if(fn MATCHES "^cogi_batch_")
        set(limit ${batch_budget})
      elseif(bytes GREATER worst)
        set(worst ${bytes})
      endif()
      if(bytes GREATER limit)
        message("stack_usage: ${fn} uses ${bytes} bytes (${cfg}), budget ${limit}")
        set(failed 1)
      endif()
    endif()
  endforeach()
  message("stack_usage ${cfg}: largest frame outside the batch kernel ${worst} bytes")
endforeach()
if(failed)
  message(FATAL_ERROR "stack_usage: a frame is over its budget")
endif()
