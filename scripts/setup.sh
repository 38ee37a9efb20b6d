#!/usr/bin/env bash
# Installs what ravel needs to build and test (Debian 12 packages) and nothing else.
# Idempotent: when every package is present it only checks and returns.
set -euo pipefail

PACKAGES=(
  cmake ninja-build make pkg-config
  clang-19 llvm-19-dev libclang-19-dev llvm-19-tools libclang-rt-19-dev
  libfmt-dev libgtest-dev libcli11-dev nlohmann-json3-dev
  libthread-pool-dev valgrind
  chromium python3 python3-jsonschema libxml2-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ravel setup: these packages are missing: ${missing[*]}" >&2
    echo "ravel setup: run this script as root (or install sudo) so it can apt-get install them." >&2
    exit 2
  fi
fi

echo "ravel setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
