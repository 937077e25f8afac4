# Shared part of the cross toolchain files (tests/tools/cross.sh). Each
# target file sets COG_CROSS_TRIPLE, CMAKE_SYSTEM_NAME/PROCESSOR and, unless
# the program runs natively, CMAKE_CROSSCOMPILING_EMULATOR, then includes
# this. Static links: the emulators then need no target sysroot and wine no
# MinGW DLLs.
set(CMAKE_C_COMPILER ${COG_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${COG_CROSS_TRIPLE}-g++)
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_FIND_ROOT_PATH /usr/${COG_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# FindOpenMP would pick libgomp.so, which a static link refuses.
execute_process(COMMAND ${COG_CROSS_TRIPLE}-gcc -print-file-name=libgomp.a
                OUTPUT_VARIABLE _cog_gomp OUTPUT_STRIP_TRAILING_WHITESPACE)
if(IS_ABSOLUTE "${_cog_gomp}")
  set(OpenMP_gomp_LIBRARY "${_cog_gomp}" CACHE FILEPATH "static libgomp")
endif()
