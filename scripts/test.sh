#!/usr/bin/env bash
# Sets everything up, builds, and runs ravel's whole test suite (ctest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RAVEL_BUILD_DIR:-$here/build}"
"$here/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
