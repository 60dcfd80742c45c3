#!/usr/bin/env bash
# Serving-node propagation benchmark with the real root zone: an embedded KRaft broker, 3 serving
# nodes (the Quarkus app, each its own JVM), versions published one transaction each with event-log's
# VersionWriter (PublishVersions.java). Measures, each node polled with a SOA query every 5 ms on
# loopback (await_serial.py):
#   1. cold start from Kafka: JVM launch -> the node answers the log's last serial (empty data dir;
#      bootstrap from the latest snapshot on Kafka + the deltas after it), one node at a time;
#   2. propagation: for each new version, commit (VersionWriter.write returned) -> each node answers
#      its serial; per node and max over nodes, p50/p95/max over versions;
#   3. cold start from the local snapshot: node 1 stopped and restarted (Kafka up) -> answering.
# With 2., what each version cost a node (CPU and allocation of its apply thread, GC pauses meanwhile).
#
#   deploy/bench/serving-node/propagation.sh [VERSIONS] [ZONE_DIR]
#
# VERSIONS (default 30): versions propagated after the first 10 (published before the nodes start).
# NODE_APP (environment): the quarkus-app directory of the node to run, default this checkout's build.
# ZONE_DIR: root.zone.SERIAL files (oldest first by name); default: extracted from
# ../shared/data/rootzone-history. Needs a built node (./mvnw -o -q -pl services/serving-node -am package
# -DskipTests), python3. Everything stays on 127.0.0.1. On 2 shared cores the 3 node JVMs,
# the broker and the publisher compete for CPU: the numbers include that.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$repo/deploy/bench/serving-node"
n=${1:-30}
pre=10
# shellcheck source=lib.sh
. "$here/lib.sh"
bench_node_setup node-propagation python3 java # NODE_APP: another build, e.g. a baseline

zones=${2:-}
if [ -z "$zones" ]; then
  history="$repo/../shared/data/rootzone-history"
  [ -x "$history/extract.sh" ] || { echo "no ZONE_DIR and no root zone history at $history" >&2; exit 2; }
  "$history/extract.sh" "$work/zones" $((pre + n)) >/dev/null
  zones=$work/zones
fi
mapfile -t files < <(ls "$zones"/root.zone.* | sort | head -$((pre + n)))
(( ${#files[@]} > pre )) || { echo "need more than $pre zone files in $zones" >&2; exit 2; }
n=$(( ${#files[@]} - pre ))

bench_classpath
start_broker node-1 node-2 node-3
start_publisher 9 "${files[@]}"

publish "$pre"
last=$(last_committed)
echo "published $pre versions before the nodes start (with a snapshot every 9th, so the 10th has one); last serial $last"

echo
echo "== cold start from Kafka (empty data dir, one node at a time) =="
declare -A node_pids
for id in node-1 node-2 node-3; do
  dns[$id]=$(free_port); http[$id]=$(free_port)
  t0=$(now_ms)
  start_node "$id"; node_pids[$id]=$node_pid; pids+=("$node_pid")
  t1=$(await_serial "${dns[$id]}" "$node_pid" "$last")
  [ "$t1" != timeout ] || { tail -30 "$work/$id.log" >&2; exit 1; }
  echo "$id: launch -> answers serial $last: $((t1 - t0)) ms ($(grep -o 'applied in [0-9]* ms' "$work/$id.log" | head -1))"
done

echo
echo "== propagation: commit -> each node answers the new serial ($n versions) =="
printf '%-12s %8s %8s %8s %8s %8s\n' serial write_ms node-1 node-2 node-3 max
: >"$work/latency.txt"
# One poller for the whole phase, fed the serial to wait for just before each publish (a node may
# answer before the publisher prints the commit); its answers are read with bash builtins, no forks.
mkfifo "$work/poll.in" "$work/poll.out"
"$python" "$here/await_serial.py" 120 "${dns[node-1]}:${node_pids[node-1]}" "${dns[node-2]}:${node_pids[node-2]}" \
    "${dns[node-3]}:${node_pids[node-3]}" <"$work/poll.in" >"$work/poll.out" &
pids+=($!)
exec {poll_in}>"$work/poll.in" {poll_out}<"$work/poll.out"
for k in $(seq 1 "$n"); do
  expected=${files[$((pre + k - 1))]##*.}
  echo "$expected" >&"$poll_in"
  publish 1
  read -r _ serial wstart committed _ < <(grep '^committed' "$work/pub.out" | tail -1)
  [ "$serial" = "$expected" ] || { echo "published serial $serial, expected $expected" >&2; exit 1; }
  read -r -a seen_at <&"$poll_out"
  row=("$serial" $((committed - wstart)))
  for i in 0 1 2; do
    seen=${seen_at[$i]}
    [ "$seen" != timeout ] || { echo "node-$((i + 1)) never answered serial $serial" >&2; exit 1; }
    d=$((seen - committed)); (( d < 0 )) && d=0
    row+=("$d")
  done
  max=$(printf '%s\n' "${row[@]:2}" | sort -n | tail -1)
  printf '%-12s %8s %8s %8s %8s %8s\n' "${row[@]}" "$max"
  echo "${row[*]} $max" >>"$work/latency.txt"
done
python3 - "$work/latency.txt" <<'PY'
import sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, -(-p * len(xs) // 100) - 1))]
cols = {"write": 1, "node-1": 2, "node-2": 3, "node-3": 4, "max over nodes": 5}
for name, c in cols.items():
    xs = [r[c] for r in rows]
    print(f"{name:>15}: p50 {pct(xs, 50):5d} ms  p95 {pct(xs, 95):5d} ms  max {max(xs):5d} ms")
PY

echo "node side (its 'serving serial' log line, UTC timestamps, minus the commit): where the time goes"
python3 - "$work/pub.out" "$work"/node-{1,2,3}.log <<'PY'
import datetime, re, sys
committed = {p[1]: int(p[3]) for p in (l.split() for l in open(sys.argv[1])) if p and p[0] == "committed"}
propagated = list(committed)[-int(len(committed) - 10):]
line = re.compile(r"(\S+ \S+) INFO .*serving serial (\d+) of \. \(versions offset \d+, applied in (\d+) ms"
                  r"(?:: delta\+digest (\d+), policy (\d+), index (\d+))?")
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, -(-p * len(xs) // 100) - 1))]
for log in sys.argv[2:]:
    seen, apply, steps = [], [], []
    for l in open(log):
        m = line.match(l)
        if m and m.group(2) in propagated:
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=datetime.timezone.utc)
            seen.append(t.timestamp() * 1000 - committed[m.group(2)]); apply.append(int(m.group(3)))
            if m.group(4):
                steps.append([int(m.group(k)) for k in (4, 5, 6)])
    if seen:
        print(f"{log.rsplit('/', 1)[1][:-4]:>15}: commit -> switched p50 {pct(seen, 50):5.0f} ms  p95 {pct(seen, 95):5.0f} ms;"
              f" of which verifying and switching (delta, digest, ZONEMD, index) p50 {pct(apply, 50)} ms  p95 {pct(apply, 95)} ms")
    if steps:
        print(" " * 17 + "steps p50 / p95: " + ", ".join(f"{name} {pct([x[k] for x in steps], 50)} / {pct([x[k] for x in steps], 95)} ms"
              for k, name in enumerate(("delta+digest", "policy (ZONEMD)", "index+switch"))))
PY

echo "node side: what each version cost the node (its 'version cost' log line: apply thread CPU and allocation, GC pauses meanwhile)"
python3 - "$work"/node-{1,2,3}.log <<'PY'
import re, sys
line = re.compile(r"version cost of serial \d+: cpu (\d+) ms, allocated (\d+) MiB, GC (\d+) collections (\d+) ms")
for log in sys.argv[1:]:
    rows = [tuple(map(int, m.groups())) for m in map(line.search, open(log, errors="replace")) if m]
    if rows:
        def col(k): v = sorted(r[k] for r in rows); return f"p50 {v[len(v) // 2]} / max {v[-1]}"
        print(f"{log.rsplit('/', 1)[1][:-4]:>15}: {len(rows)} versions: CPU {col(0)} ms, allocated {col(1)} MiB,"
              f" GC collections {col(2)}, GC pauses {col(3)} ms per version")
PY
echo
echo "== cold start from the local snapshot: node-1 restarted (Kafka up) =="
last=$(last_committed)
kill "${node_pids[node-1]}"; wait "${node_pids[node-1]}" 2>/dev/null || true
t0=$(now_ms)
start_node node-1; pids+=("$node_pid")
t1=$(await_serial "${dns[node-1]}" "$node_pid" "$last")
[ "$t1" != timeout ] || { tail -30 "$work/node-1.log" >&2; exit 1; }
echo "node-1: launch -> answers serial $last: $((t1 - t0)) ms"
grep -o 'serving serial [0-9]* from the local snapshot [0-9]* ms after start[^)]*)\?' "$work/node-1.log" | tail -1 \
  | sed 's/^/node-1 says: /'
echo "node-1 RSS: $(awk '/VmRSS/{print int($2/1024) " MiB"}' "/proc/$node_pid/status")"
