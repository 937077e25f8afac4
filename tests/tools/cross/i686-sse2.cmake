# 32-bit x86 with SSE2 math (-msse2 -mfpmath=sse, FLT_EVAL_METHOD 0).
include(${CMAKE_CURRENT_LIST_DIR}/i686.cmake)
set(CMAKE_C_FLAGS_INIT "-msse2 -mfpmath=sse")
set(CMAKE_CXX_FLAGS_INIT "-msse2 -mfpmath=sse")
