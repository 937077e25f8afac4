# x86-64 Windows: MinGW-w64, run by wine (tests/tools/cross/wine-run.sh).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(COG_CROSS_TRIPLE x86_64-w64-mingw32)
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
