#!/usr/bin/env bash
# Installs the Debian packages harness needs. Idempotent: when everything is present it only checks and returns.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libboost1.81-dev liblua5.4-dev nlohmann-json3-dev libvalijson-dev libcli11-dev
  libpugixml-dev libssl-dev libgtest-dev
  libxml2-utils  # xmllint: validates the JUnit report against the XSD in tests
  curl openssl   # an external client for the serve tests; test certificates for the verify test
  clang libclang-rt-14-dev  # libFuzzer and its sanitizer runtimes (scripts/fuzz.sh)
  chromium       # headless: tests/integration/html_browser.sh opens the HTML report and checks its DOM
  lua-check      # luacheck: lints scenarios/, examples/ and bench/ (tests/integration/luacheck.sh)
  dpkg-dev file  # cpack -G DEB: dpkg-shlibdeps computes the package's Depends, file tells it the ELF files
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
