# Cross-compiling zstub for 32-bit arm Linux (armhf) with Debian's gcc-arm-linux-gnueabihf; see
# toolchain-aarch64.cmake.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(ZSTUB_TRIPLE arm-linux-gnueabihf)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
