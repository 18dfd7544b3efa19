#!/usr/bin/env bash
# The layer check (cmake/check_layer_includes.cmake) refuses a firmware-host or sim folder that
# includes a layer it did not declare, or the other tree, naming the file, the include and what to
# do, and accepts one that keeps to its layers. Usage: check_layer_includes_test.sh <source dir> <scratch dir>
set -euo pipefail
src=$1
work=$2/layer_check_test
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

cat >"$work/bad.cc" <<'CC'
#include "firmware-host/store/gate_store.h"
#include "firmware-host/api/api_server.h"
CC
cat >"$work/good.cc" <<'CC'
#include "firmware-host/store/gate_store.h"
#include "rules/plate.h"
CC

check() {  # check <file> <allowed> [root layer]: runs the script, prints its output
  printf '%s' "$1" >"$work/files"
  cmake "-DROOT=${3:-firmware-host}" "-DLAYER=${4:-store}" "-DALLOWED=$2" "-DFILE_LIST=$work/files" "-DSTAMP=$work/stamp" \
    -P "$src/cmake/check_layer_includes.cmake" 2>&1
}

if out=$(check "$work/bad.cc" store); then
  echo "FAIL: store including api/ passed the layer check"; exit 1
fi
for want in "bad.cc" 'firmware-host/api/api_server.h' "may include only firmware-host/{store}/" \
  "USES list"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: message lacks '$want':"; echo "$out"; exit 1; }
done
[ ! -e "$work/stamp" ] || { echo "FAIL: a failed check left its stamp"; exit 1; }

out=$(check "$work/good.cc" store) || { echo "FAIL: a clean folder was refused: $out"; exit 1; }
[ -e "$work/stamp" ] || { echo "FAIL: a passed check left no stamp"; exit 1; }

if out=$(check "$work/bad.cc" store,api); then :; else
  echo "FAIL: a declared layer was refused: $out"; exit 1
fi
cat >"$work/sim.cc" <<'CC'
#include "sim/devices/barrier_slave.h"
#include "firmware-host/store/gate_store.h"
CC
if out=$(check "$work/sim.cc" devices sim devices); then
  echo "FAIL: sim including firmware-host passed the layer check"; exit 1
fi
grep -qF "sim/ never includes firmware-host/" <<<"$out" || { echo "FAIL: $out"; exit 1; }
echo "layer check: refuses the undeclared include and the other tree, accepts declared layers"
