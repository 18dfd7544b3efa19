#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz and fuzzes each one in turn for a given time,
# starting from its stored corpus (tests/fuzz/README.md). The repository is left untouched: the
# corpus is copied into a scratch folder, which also receives the new inputs, the logs and the
# crash inputs. Prints one line per target and exits non-zero when any target crashed.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60. Environment:
#   FUZZ_BUILD_DIR  build folder (default build-fuzz); configured with clang when it has no cache
#   FUZZ_JOBS       build jobs (default 1)
#   FUZZ_OUT        scratch folder (default: a new mktemp -d folder under $TMPDIR or /tmp)
#   FUZZ_NO_BUILD   1: use the build folder as it is
#   FUZZ_NICE       niceness of the fuzzers (default 10)
# Targets run one after another, never in parallel.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
shift || true
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${FUZZ_JOBS:-1}"

all_targets() {
  find "$root/tests/fuzz" -maxdepth 1 -name '*_fuzz.cc' -printf '%f\n' | sed 's/\.cc$//' | sort
}
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(all_targets); fi

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DGATE_FUZZ=ON -DGATE_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$build" -j"$jobs" --target "${targets[@]}" >/dev/null
fi

out="${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/gate-fuzz-run.XXXXXX")}"
mkdir -p "$out"
echo "fuzz: ${#targets[@]} target(s), ${seconds} s each; scratch folder $out"
printf '%-24s %10s %12s %8s %6s %8s\n' target execs/s execs seconds new crashes
status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "fuzz: $bin is missing (build it first)" >&2; exit 2; }
  corpus="$out/corpus/$t"
  crashes="$out/crashes/$t"
  log="$out/logs/$t.log"
  mkdir -p "$corpus" "$crashes" "$out/logs"
  cp -r "$root/tests/fuzz/corpus/$t/." "$corpus/"
  start=$(date +%s)
  # The fuzzer's exit status is not ours to stop on: crashes are counted from the artifacts.
  # Each process gets a scratch folder of its own (fuzz_support.h) under $out/tmp.
  mkdir -p "$out/tmp"
  TMPDIR="$out/tmp" nice -n "${FUZZ_NICE:-10}" "$bin" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" \
    >"$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  execs=$(stat number_of_executed_units)
  rate=$(stat average_exec_per_sec)
  new=$(stat new_units_added)
  # libFuzzer reports 0 execs/s for runs under a second.
  if [ "${rate:-0}" = 0 ] && [ -n "$execs" ]; then rate=$(( execs / (elapsed > 0 ? elapsed : 1) )); fi
  found=$(find "$crashes" -type f | wc -l)
  printf '%-24s %10s %12s %8s %6s %8s\n' "$t" "${rate:-?}" "${execs:-?}" "$elapsed" "${new:-?}" \
    "$found"
  if [ "$found" -gt 0 ]; then
    status=1
    find "$crashes" -type f -printf '  crash input: %p\n'
    echo "  log: $log"
  fi
done
exit "$status"
