#!/usr/bin/env bash
# Sets up and runs the whole test suite: installs missing Debian packages, builds, runs ctest.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./deploy/install-deps.sh
./deploy/build.sh
cd build
ctest --output-on-failure --timeout 300 -j"$(nproc 2>/dev/null || echo 2)"
