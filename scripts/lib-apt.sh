# Sourced by scripts/cross and scripts/boards/build: fetching another architecture's Debian
# packages (apt-get download, never installed).

# with_foreign_arch DEBARCH CMD...: run CMD with DEBARCH among dpkg's architectures. If it was
# not there, it is added for CMD (with an apt-get update) and removed again afterwards: a
# foreign index that fails to download (seen for bookworm-security armhf: "unexpected size")
# would otherwise make every later apt-get update on the machine exit non-zero.
with_foreign_arch() {
  local arch="$1" added=0 rc=0
  shift
  if [ "$arch" != "$(dpkg --print-architecture)" ] &&
    ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    dpkg --add-architecture "$arch"
    added=1
    apt-get update || echo "apt-get update reported errors (the main index may be enough)" >&2
  fi
  "$@" || rc=$?
  if [ "$added" = 1 ]; then
    dpkg --remove-architecture "$arch" || true
  fi
  return "$rc"
}

# apt_download DIR PKG:ARCH...: download the packages into DIR unless a .deb of each is there;
# one apt-get update and a retry if the index does not know them yet.
apt_download() {
  local dir="$1" missing=() p
  shift
  for p in "$@"; do
    ls "$dir/${p%%:*}"_*.deb >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  (cd "$dir" && apt-get -o APT::Sandbox::User=root download -q "${missing[@]}") || {
    apt-get update || true
    (cd "$dir" && apt-get -o APT::Sandbox::User=root download -q "${missing[@]}")
  }
}
