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
# FindOpenMP would pick libgomp.so / libpthread.dll.a, which a static link
# refuses or turns into a DLL dependency: point it at the archives.
foreach(_lib gomp pthread)
  execute_process(COMMAND ${COG_CROSS_TRIPLE}-gcc -print-file-name=lib${_lib}.a
                  OUTPUT_VARIABLE _cog_a OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(IS_ABSOLUTE "${_cog_a}")
    set(OpenMP_${_lib}_LIBRARY "${_cog_a}" CACHE FILEPATH "static lib${_lib}")
  endif()
endforeach()
