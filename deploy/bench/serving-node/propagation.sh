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
built=${NODE_APP:-$repo/services/serving-node/target/quarkus-app} # NODE_APP: another build, e.g. a baseline
[ -f "$built/quarkus-run.jar" ] || { echo "$built/quarkus-run.jar missing: build the serving node first" >&2; exit 2; }
for tool in python3 java; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

work=$(mktemp -d /tmp/node-propagation.XXXXXX)
pids=()
cleanup() {
  [ -z "${pub_in:-}" ] || exec {pub_in}>&-
  [ -z "${poll_in:-}" ] || exec {poll_in}>&-
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A private copy: a build of the module during the run would replace the jars under the nodes.
cp -r "$built" "$work/node-app"
app="$work/node-app/quarkus-run.jar"

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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Clock without extra processes (a bash builtin): on a loaded machine every fork costs tens of ms.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }
# The real interpreter, not a version-manager shim (a shell script) that costs every start.
python=$(python3 -c 'import sys; print(sys.executable)')
# Polls nodes (port:pid ...) until each answers serial $1; prints the epoch ms each first did, or
# "timeout", on one line (await_serial.py: one process, a SOA query to each node every 5 ms).
await_serial() { echo "$3" | "$python" "$here/await_serial.py" 120 "$1:$2"; } # port pid serial

# Classpath: the node's test classpath holds event-log, zone-core, kafka-embedded and the broker.
# Resolved in the reactor (-am: the sibling modules' target/classes), so nothing needs installing.
(cd "$repo" && ./mvnw -o -q -pl services/serving-node -am compile dependency:build-classpath -Dmdep.includeScope=test \
   -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$(cat "$work/cp.txt")"

kport=$(free_port)
# The publisher signing key of this run (made here, mode 0600; nodes and the auditor trust its public key).
(umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher-signing.key")
openssl pkey -in "$work/publisher-signing.key" -pubout -out "$work/publisher-signing.pub" 2>/dev/null
# Secured as ./rootzone up's: topics, and a user per role (publisher, node-1..3) in $work/credentials.
java -Xmx768m -cp "$cp" rootzone.kafka.EmbeddedKafkaMain "$work/kafka" "$kport" "$work/credentials" publisher node-1 node-2 node-3 \
     >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "kafka ready" "$work/kafka.log" && break; sleep 0.5; done
grep -q "kafka ready" "$work/kafka.log" || { cat "$work/kafka.log" >&2; exit 1; }

# The publisher reads "N" lines on a FIFO; its output goes to a file the script follows.
mkfifo "$work/pub.in"
java -Xmx1g -cp "$cp" "$here/PublishVersions.java" "$work/credentials/publisher.properties" "$work/publisher-signing.key" 9 "${files[@]}" <"$work/pub.in" >"$work/pub.out" 2>"$work/pub.err" &
pids+=($!)
exec {pub_in}>"$work/pub.in"
ready_count() { grep -c '^ready' "$work/pub.out" 2>/dev/null || true; }
publish() { # N -> waits until the publisher reports them committed
  local before; before=$(ready_count)
  echo "$1" >&"$pub_in"
  while (( $(ready_count) <= before )); do
    kill -0 "${pids[1]}" 2>/dev/null || { cat "$work/pub.err" >&2; exit 1; }
    sleep 0.01
  done
}
for _ in $(seq 1 600); do (( $(ready_count) >= 1 )) && break; sleep 0.1; done
(( $(ready_count) >= 1 )) || { cat "$work/pub.err" >&2; exit 1; }

publish "$pre"
last=$(awk '/^committed/{s=$2} END{print s}' "$work/pub.out")
echo "published $pre versions before the nodes start (with a snapshot every 9th, so the 10th has one); last serial $last"

declare -A dns http
start_node() { # id -> pid in node_pid
  local id=$1
  java -Xmx512m -Drootzone.node.id="$id" -Drootzone.node.dns.port="${dns[$id]}" -Dquarkus.http.port="${http[$id]}" \
       -Drootzone.node.data-dir="$work/$id" -Drootzone.kafka.config="$work/credentials/$id.properties" \
       -Drootzone.node.trusted-publisher-keys="$work/publisher-signing.pub" \
       -jar "$app" >>"$work/$id.log" 2>&1 &
  node_pid=$!
}
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
last=$(awk '/^committed/{s=$2} END{print s}' "$work/pub.out")
kill "${node_pids[node-1]}"; wait "${node_pids[node-1]}" 2>/dev/null || true
t0=$(now_ms)
start_node node-1; pids+=("$node_pid")
t1=$(await_serial "${dns[node-1]}" "$node_pid" "$last")
[ "$t1" != timeout ] || { tail -30 "$work/node-1.log" >&2; exit 1; }
echo "node-1: launch -> answers serial $last: $((t1 - t0)) ms"
grep -o 'serving serial [0-9]* from the local snapshot [0-9]* ms after start' "$work/node-1.log" | tail -1 \
  | sed 's/^/node-1 says: /'
echo "node-1 RSS: $(awk '/VmRSS/{print int($2/1024) " MiB"}' "/proc/$node_pid/status")"
