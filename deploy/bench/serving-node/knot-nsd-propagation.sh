#!/usr/bin/env bash
# Knot -> NSD propagation, the reference for the node's: Knot as the primary loads each new version of
# the zone file (`knotc zone-reload`, zonefile-load: difference, so it journals the change), sends a
# NOTIFY, NSD as its secondary transfers the change by IXFR; per version, the time from the reload
# command to NSD answering the new serial (await_serial.py, a SOA query every 5 ms on loopback).
#
#   deploy/bench/serving-node/knot-nsd-propagation.sh ZONEFILE...    (oldest first; the first is loaded)
#
# Prints a row per version and "knot -> nsd, N versions: p50 .. ms, p95 .. ms, max .. ms"; the reload
# includes Knot parsing the whole file, as an operator's primary does. Called by up-propagation.sh in
# the same run as the node's figures. Ports: free ones; state in a temp dir; both daemons stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(( $# >= 2 )) || { echo "usage: $0 ZONEFILE ZONEFILE..." >&2; exit 2; }
for tool in knotd knotc nsd python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool" >&2; exit 2; }
done
PATH=$PATH:/usr/sbin
work=$(mktemp -d /tmp/knot-nsd.XXXXXX)
pids=()
cleanup() {
  # The poller first: it waits on its stdin for the next serial, so `wait` below would never return
  # (why the run of 2026-12-02 did not end after its last version).
  [ -z "${POLL_PID:-}" ] || kill "$POLL_PID" 2>/dev/null || true
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
kp=$(port); np=$(port)
. "$here/knot-nsd.sh"
knot_nsd_conf "$work" "$kp" "$np" "$1" 1
knotd -c "$work/knot/knot.conf" > "$work/knot/log" 2>&1 &
pids+=($!); knot_pid=$!
nsd -d -c "$work/nsd/nsd.conf" > "$work/nsd/log" 2>&1 &
pids+=($!); nsd_pid=$!

coproc POLL { python3 "$here/await_serial.py" 120 "$np:$nsd_pid"; }
serial_of() { awk '$4=="SOA"{print $7; exit}' "$1"; }
echo "$(serial_of "$1")" >&"${POLL[1]}"
read -r first <&"${POLL[0]}"
[ "$first" != timeout ] || { cat "$work/knot/log" "$work/nsd/log" >&2; exit 1; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }
: > "$work/lags"
printf '%-10s %8s\n' serial knot-nsd
shift
for z in "$@"; do
  s=$(serial_of "$z")
  echo "$s" >&"${POLL[1]}"
  t0=$(now_ms)
  knot_load "$work" "$z"
  read -r t1 <&"${POLL[0]}"
  [ "$t1" != timeout ] || { echo "NSD never answered serial $s" >&2; tail -5 "$work/knot/log" "$work/nsd/log" >&2; exit 1; }
  printf '%-10s %8s\n' "$s" $((t1 - t0))
  echo $((t1 - t0)) >> "$work/lags"
done
ixfr=$(grep -ci 'ixfr' "$work/knot/log" || true)
python3 - "$work/lags" "$ixfr" <<'EOF'
import sys
v = sorted(int(l) for l in open(sys.argv[1]))
def q(p): return v[min(len(v) - 1, int(len(v) * p))]
print(f"knot reload -> NOTIFY -> NSD IXFR -> NSD answers, {len(v)} versions: p50 {q(.5)} ms, p95 {q(.95)} ms, max {v[-1]} ms"
      f" (Knot log lines naming IXFR: {sys.argv[2]})")
EOF
