#!/usr/bin/env bash
# Configures and builds into build/ (binaries in build/bin/). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo ${GATE_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$jobs"
