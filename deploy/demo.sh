#!/usr/bin/env bash
# One command for a newcomer: installs what is missing, builds, then runs gated against
# gate-sim (virtual camera, Modbus TCP barrier, mock platform) on 127.0.0.1 with the demo
# scenario of sim/scenarios/demo. Each decision is printed as it happens, then a summary.
#   --keep-running   leave gated and gate-sim up afterwards (Ctrl-C stops both)
#   --trucks FILE    another trucks CSV
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
keep=0
trucks="$root/sim/scenarios/demo/trucks.csv"
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-running) keep=1 ;;
    --trucks) trucks="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

./deploy/install-deps.sh
./deploy/build.sh
bin="$root/build/bin"

run="$root/demo-run"
rm -rf "$run"
mkdir -p "$run"
cp deploy/demo/gated.textproto "$run/"
cp -r rules/policies "$run/policies"  # the policy set the demo config names (policy_file)
# The demo gate's uplink secret (DEMO ONLY, see the file); gated wants it private.
install -m 600 deploy/demo/platform-demo.secret "$run/platform-demo.secret"
"$bin/gatectl" config check "$run/gated.textproto"
"$bin/gatectl" ledger import --db "$run/gate.db" sim/scenarios/demo/ledger.csv

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

rm -f "$run/report.json"
sim_args=(run --trucks "$trucks" --camera-url http://127.0.0.1:18080 --lane L1
          --modbus-port 15020 --platform-port 18090 --report "$run/report.json" --quiet --stay
          --platform-app-key HN-JZ-DEMO-G1 --platform-secret-file "$run/platform-demo.secret"
          --platform-db "$run/platform.db")
# gate-sim keeps serving after its summary (--stay) so gated can be stopped first, while its
# barrier module is still there.
"$bin/gate-sim" "${sim_args[@]}" &
sim_pid=$!
pids+=("$sim_pid")
sleep 0.3
"$bin/gated" --config "$run/gated.textproto" 2> "$run/gated.log" &
gated_pid=$!
pids=("$gated_pid" "${pids[@]}")
echo "demo: gated (pid $gated_pid) decides each truck below; its log is $run/gated.log"

while [ ! -s "$run/report.json" ]; do
  if ! kill -0 "$sim_pid" 2>/dev/null; then
    echo "demo: gate-sim stopped early; see above" >&2
    exit 1
  fi
  sleep 0.5
done
sleep 0.3
if [ "$keep" = 1 ]; then
  echo "demo: --keep-running: gated and gate-sim stay up; Ctrl-C stops both"
  wait "$gated_pid" || true
  exit 0
fi
kill "$gated_pid"
wait "$gated_pid" || true
kill "$sim_pid"
set +e
wait "$sim_pid"
sim_rc=$?
set -e
echo
echo "=== gatectl passages summary (from $run/gate.db) ==="
"$bin/gatectl" passages summary --db "$run/gate.db"
echo "alarms raised by gated: $(grep -c ALARM "$run/gated.log" || true) (see $run/gated.log)"
echo "list the passages: build/bin/gatectl passages list --db $run/gate.db"
exit "$sim_rc"
