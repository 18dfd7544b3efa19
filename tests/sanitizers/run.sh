#!/usr/bin/env bash
# The sanitizer run (docs/testing.md): builds the whole tree with AddressSanitizer and UBSan
# (-DGATE_SANITIZE=ON) in build-asan/ and runs ctest there. Extra arguments go to ctest, e.g.
#   tests/sanitizers/run.sh -R 'Ledger|Csv'     # only some tests
#   tests/sanitizers/run.sh -E 'Integration|Scenario|Deb'
# Environment: ASAN_BUILD_DIR (default build-asan), ASAN_JOBS (build and test jobs, default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${ASAN_JOBS:-1}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATE_SANITIZE=ON >/dev/null
cmake --build "$build" -j"$jobs"
cd "$build"
# Every report fails its test: UBSan is built without recovery, ASan aborts, LeakSanitizer
# reports at exit (with the suppressions of third-party leaks). The child processes the
# integration tests start inherit these.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export OPENCV_VIDEOIO_PRIORITY_GPHOTO2=0
ctest -j"$jobs" --timeout 900 --output-on-failure "$@"
