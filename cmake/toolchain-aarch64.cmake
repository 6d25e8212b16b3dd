# Cross-compiling zstub for aarch64 Linux with Debian's gcc-aarch64-linux-gnu. The target's
# libevent/libelf/zlib come from a private tree of extracted arm64 .debs (ZSTUB_TARGET_ROOT, set
# by scripts/cross), so the host's own -dev packages are never replaced.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(ZSTUB_TRIPLE aarch64-linux-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
