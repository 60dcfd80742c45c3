#!/usr/bin/env bash
# The cost of a version against the size of the zone (issue 14): a 10-record delta (new SOA serial,
# new DS at 4 delegations) applied to synthetic root-like zones of 22k, 200k and 1,000,000 records
# (zone-core SyntheticZone), VERSIONS times each.
#
#   deploy/bench/serving-node/apply.sh [VERSIONS [WARMUP]]      (defaults 40 and 10; SIZES="22000 200000 1000000")
#
# - the node: its apply steps in process, CPU time of the applying thread (ApplySteps.java: apply the delta, content root, index and
#   switch; the full content digest apart), p50 and max per version after WARMUP; and the node's check itself,
#   VersionApplier.apply, of a v5 commit (content root) and of a v4 one (flat digest);
# - Knot and NSD taking the same deltas by IXFR: a Knot primary gets each delta as one dynamic update
#   (nsupdate, RFC 2136; the primary's cost is not counted), journals it and NOTIFYs a Knot secondary
#   and an NSD secondary, which transfer it by IXFR (RFC 1995). Their figure is from the update's
#   answer to each secondary answering the new serial (await_serial.py, a SOA query every 5 ms), so it
#   holds the NOTIFY, the transfer and the apply; the Knot secondary's own log also says how long
#   each transfer took (printed as knot-log).
# Then the ratios: each server's per-version time on the largest zone over its time on the smallest
# (the goal: the node's is at most 2). Ports: free ones on 127.0.0.1; state in a temp dir; all stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
versions=${1:-40}
warmup=${2:-10}
sizes=${SIZES:-22000 200000 1000000}
PATH=$PATH:/usr/sbin
for tool in knotd knotc nsd nsupdate python3 java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
. "$here/lib.sh"
work=$(mktemp -d /tmp/apply-bench.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bench_classpath
echo "load before: $(uptime)"

# Knot primary P, Knot secondary K and NSD secondary N for the zone file $1, in $work/s-SIZE.
start_trio() { # dir zonefile
  local d=$1
  pp=$(free_port); kp=$(free_port); np=$(free_port)
  mkdir -p "$d/p" "$d/k" "$d/n"
  cp "$2" "$d/p/root.zone"
  cat > "$d/p/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$pp
    rundir: "$d/p"
    background-workers: 1
database:
    storage: "$d/p"
remote:
  - id: k
    address: 127.0.0.1@$kp
  - id: n
    address: 127.0.0.1@$np
acl:
  - id: local
    address: 127.0.0.1
    action: [transfer, update]
template:
  - id: default
    storage: "$d/p"
    zonefile-sync: -1
    journal-content: changes
    semantic-checks: off
    serial-policy: unixtime
zone:
  - domain: .
    file: root.zone
    notify: [k, n]
    acl: local
CONF
  cat > "$d/k/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$kp
    rundir: "$d/k"
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$d/k"
remote:
  - id: p
    address: 127.0.0.1@$pp
acl:
  - id: notify
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: "$d/k"
    zonefile-sync: -1
    journal-content: changes
    semantic-checks: off
zone:
  - domain: .
    file: root.zone
    master: p
    acl: notify
CONF
  nsd_conf "$d/n" "$np" 1 1 "$pp"
  knotd -c "$d/p/knot.conf" > "$d/p/log" 2>&1 & pids+=($!)
  wait_ready "$pp"
  knotd -c "$d/k/knot.conf" > "$d/k/log" 2>&1 & k_pid=$!; pids+=($!)
  nsd -d -c "$d/n/nsd.conf" > "$d/n/log" 2>&1 & n_pid=$!; pids+=($!)
}
stop_trio() {
  local p
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
serial_of() { awk '$4=="SOA"{print $7; exit}' "$1"; }
update_serial() { awk '$2=="add" && $6=="SOA"{print $9; exit}' "$1"; }
quantiles() { # file -> "p50 max"
  python3 -c 'import sys; v=sorted(float(l) for l in open(sys.argv[1])); print(f"{v[(len(v)-1)//2]:.1f} {v[-1]:.1f}")' "$1"
}

: > "$work/results"
for size in $sizes; do
  d="$work/s-$size"
  echo "== $size records: the node's apply steps ($versions versions, first $warmup not counted)"
  java -Xmx${NODE_HEAP:-3g} -cp "$repo/services/serving-node/target/classes:$cp" "$here/ApplySteps.java" "$d/gen" "$size" "$versions" "$warmup" | tee "$d.node"
  awk -v s="$size" '{print "node", s, $0}' "$d.node" >> "$work/results"
  echo "== $size records: Knot primary -> Knot and NSD secondaries by IXFR"
  start_trio "$d" "$d/gen/zone.0"
  coproc POLL { python3 "$here/await_serial.py" 300 "$kp:$k_pid" "$np:$n_pid"; }
  echo "$(serial_of "$d/gen/zone.0")" >&"${POLL[1]}"
  read -r k0 n0 <&"${POLL[0]}"
  [ "$k0" != timeout ] && [ "$n0" != timeout ] || { tail -5 "$d/p/log" "$d/k/log" "$d/n/log" >&2; exit 1; }
  : > "$d.knot"; : > "$d.nsd"
  for v in $(seq 1 "$versions"); do
    s=$(update_serial "$d/gen/update.$v")
    { echo "server 127.0.0.1 $pp"; echo "zone ."; cat "$d/gen/update.$v"; echo "send"; } > "$d/nsupdate.in"
    echo "$s" >&"${POLL[1]}"
    nsupdate "$d/nsupdate.in"
    t0=$(now_ms)
    read -r tk tn <&"${POLL[0]}"
    [ "$tk" != timeout ] && [ "$tn" != timeout ] || { echo "serial $s never served" >&2; tail -5 "$d/p/log" "$d/k/log" "$d/n/log" >&2; exit 1; }
    if (( v > warmup )); then
      echo $((tk - t0)) >> "$d.knot"; echo $((tn - t0)) >> "$d.nsd"
    fi
  done
  exec {POLL[1]}>&-
  # Knot's own measure of each incoming IXFR: "... IXFR, incoming, remote ..., finished, 0.00 seconds"
  grep -i 'IXFR, incoming.*finished' "$d/k/log" | sed -n 's/.*finished, \([0-9.]*\) seconds.*/\1/p' \
    | tail -n +$((warmup + 1)) | awk '{print $1 * 1000}' > "$d.knotlog" || true
  ixfr_k=$(grep -ci 'IXFR, incoming' "$d/k/log" || true)
  ixfr_n=$(grep -ci 'IXFR' "$d/n/log" || true)
  echo "knot $size $(quantiles "$d.knot")" | tee -a "$work/results"
  echo "nsd $size $(quantiles "$d.nsd")" | tee -a "$work/results"
  [ ! -s "$d.knotlog" ] || echo "knot-log $size $(quantiles "$d.knotlog")" | tee -a "$work/results"
  echo "(Knot secondary log lines naming an incoming IXFR: $ixfr_k; NSD log lines naming IXFR: $ixfr_n)"
  stop_trio
done
echo "load after: $(uptime)"
python3 - "$work/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "node":
        who, size, step, p50, mx = f[0] + " " + f[2], int(f[1]), f[2], float(f[4]), float(f[5])
    else:
        who, size, p50, mx = f[0], int(f[1]), float(f[2]), float(f[3])
    rows.setdefault(who, {})[size] = (p50, mx)
sizes = sorted({s for r in rows.values() for s in r})
print("\nper version, p50 ms (max) by zone size; ratio = largest / smallest")
print(f"{'':24}" + "".join(f"{s:>18}" for s in sizes) + f"{'ratio':>8}")
order = ["node apply", "node content-root", "node index+switch", "node total", "node full-digest",
         "node verify", "node verify-v4", "knot", "knot-log", "nsd"]
for who in order:
    if who not in rows:
        continue
    r = rows[who]
    cells = "".join(f"{r[s][0]:>10.2f} ({r[s][1]:>5.1f})" if s in r else f"{'':>18}" for s in sizes)
    lo, hi = r.get(sizes[0]), r.get(sizes[-1])
    ratio = f"{hi[0] / lo[0]:>8.2f}" if lo and hi and lo[0] > 0 else f"{'':>8}"
    print(f"{who:24}{cells}{ratio}")
print("node total = apply + content-root + index+switch (a version stating its content root);"
      " a version without one also takes full-digest.")
print("node verify = VersionApplier.apply of a v5 commit (delta, serial, count, signed content root: the node's check);"
      " verify-v4 = the same for a commit without a content root (flat digest), 8 versions.")
print("knot, nsd: update answered at the primary -> the secondary answers the new serial (NOTIFY + IXFR + apply);"
      " knot-log: the transfer as the Knot secondary logs it.")
PY
