# 32-bit x86 with the compiler's default x87 math (FLT_EVAL_METHOD 2); runs
# natively on x86-64 Linux.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(COG_CROSS_TRIPLE i686-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
