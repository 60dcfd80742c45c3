#!/usr/bin/env bash
# Latency at a switch (issue 14, "no spike at a switch"): dnsperf at a fixed rate (default 20,000 qps,
# DO set, the real query mix of run.sh) with per-query latencies (`dnsperf -v`), while real root zone
# versions arrive one after another, against the serving node and, in the same run and with the same
# client, Knot and NSD each transferring every change by IXFR (on NOTIFY) from a Knot primary that runs
# where the node's publisher side does. Phases, SECONDS each (default 20), VERSIONS versions spread over
# each (default 8):
#   node-idle       the node, no version arriving;
#   node-switch     the node, versions arriving (publisher side pinned to the other core, taskset);
#   node-unpinned   the same with nothing pinned and the publisher side scheduled as any process;
#   knot-publishing control: the Knot secondary (no version arriving) under the load while the publisher
#                   side publishes as in node-switch, to no node: what the publisher's bursts cost the
#                   client and machine;
#   knot-ixfr       the Knot secondary under the load while it takes each version by IXFR;
#   nsd-ixfr        NSD (secondary of the same primary) under the load while it takes each version by IXFR;
#   knot-reload     Knot under the load while `knotc zone-reload` loads each version's whole file on the
#                   server's core (the primary, moved there).
# Prints for each: answers, lost, p50, p99, p99.9, max and % over 1 ms, and the node's ratios to Knot and NSD.
#
#   deploy/bench/serving-node/switch.sh [SECONDS] [VERSIONS]
#
# Environment: NODE_JAVA_OPTS (appended to the node's own JVM options, its jvm.options as deployed: e.g.
# to compare collectors; NODE_JVM_OPTIONS=none leaves the jvm.options out),
# NODE_APP (another build's quarkus-app), KEEP (a directory to keep dnsperf's and the node's output in), WARM
# (seconds of load before each measured phase, default 2), NODE_ONLY=1 (skip Knot and NSD), QPS (default 20000), NODE_CORE / PUB_CORE (default 0 / 1), PUB_WARM (versions published before the node starts, default VERSIONS),
# PUB_SCHED (idle or nice: how the publisher side and the references' primary are scheduled, below), HALT_POLL_NS (the
# guest's halt-polling for the run, below). The node is the Quarkus app of this
# checkout (build it first: ./mvnw -o -q -pl services/serving-node -am package -DskipTests), fed by an
# embedded broker and PublishVersions.java as in propagation.sh. Everything on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$repo/deploy/bench/serving-node"
secs=${1:-20}
per=${2:-8}
qps=${QPS:-20000}
node_core=${NODE_CORE:-0}
pub_core=${PUB_CORE:-1}
# The publisher side (broker, publisher, the references' primary) shares a core with dnsperf, where a real
# deployment has it on other hosts. PUB_SCHED=idle (default) runs it SCHED_IDLE, which a waking dnsperf
# preempts at once; PUB_SCHED=nice runs it at nice 19 (the default before 2026-12-08), which a waking
# dnsperf still waits behind for the rest of its slice (EEVDF's run-to-parity): perf sched over node-idle
# put the publisher side's JIT and broker threads in 290 ms of dnsperf's waits over 0.5 ms in 6 s.
case ${PUB_SCHED:-idle} in
  idle) pub_run=(chrt -i 0); pub_resched=(chrt -i -p 0) ;;
  nice) pub_run=(nice -n 19); pub_resched=(renice -n 19 -p) ;;
  *) echo "PUB_SCHED: idle or nice" >&2; exit 2 ;;
esac
# each_thread PID CMD...: CMD TID for every thread of PID (policy and nice are per thread on Linux).
each_thread() {
  local pid=$1 t
  shift
  for t in /proc/"$pid"/task/*; do "$@" "${t##*/}" >/dev/null 2>&1 || true; done
}
# normal_sched PID: SCHED_OTHER at nice 0, as any process; pub_sched PID: the publisher side's scheduling.
normal_sched() { each_thread "$1" chrt -o -p 0; each_thread "$1" renice -n 0 -p; }
pub_sched() { each_thread "$1" "${pub_resched[@]}"; }
# HALT_POLL_NS: the guest's cpuidle halt-polling (haltpoll governor) for the run, put back after. On a VM
# whose idle vCPU halts at once (guest_halt_poll_ns=0), a query that arrives at an idle core waits for
# the host to wake that vCPU: 172 ms of the answer thread's 280 waits over 0.5 ms in 6 s of node-idle.
halt_poll=/sys/module/haltpoll/parameters/guest_halt_poll_ns
halt_poll_before=
if [ -n "${HALT_POLL_NS:-}" ]; then
  [ -w "$halt_poll" ] || { echo "HALT_POLL_NS: $halt_poll is not writable here" >&2; exit 2; }
  halt_poll_before=$(cat "$halt_poll")
  echo "$HALT_POLL_NS" > "$halt_poll"
fi
# dnsperf on CLIENT_CORE (default the publisher's core, off the server's) in every phase, as a client on
# another host; CLIENT_CORE=any leaves it to the scheduler (it then also runs beside the server).
client_core=${CLIENT_CORE:-$pub_core}
all_cores=0-$(( $(nproc --all) - 1 ))
client="taskset -c $client_core"; [ "$client_core" != any ] || client="taskset -c $all_cores"
# This script itself (and what it runs unpinned: dig, python3, knotc, sleep) on the publisher's core,
# off the server's: a polling loop it once had took 0.6 s of CPU in 8 s of node-switch there, in front
# of the answer thread (perf sched); it now waits for the publisher with blocking reads (publisher.sh).
# The servers are pinned explicitly, each to NODE_CORE.
taskset -p -c "$pub_core" $$ >/dev/null
warm=${WARM:-2}
node_opts=${NODE_JAVA_OPTS:-}
PATH=$PATH:/usr/sbin
for tool in dnsperf knotd knotc nsd taskset chrt renice python3 java openssl; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
built=${NODE_APP:-$repo/services/serving-node/target/quarkus-app} # NODE_APP: another build, e.g. a baseline
[ -f "$built/quarkus-run.jar" ] || { echo "$built/quarkus-run.jar missing: build the serving node first" >&2; exit 2; }
history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "no $history: nothing to publish" >&2; exit 2; }
echo "load before: $(uptime)"
work=$(mktemp -d /tmp/node-switch.XXXXXX)
pids=()
cleanup() {
  [ -z "$halt_poll_before" ] || echo "$halt_poll_before" > "$halt_poll"
  [ -z "${pub_in:-}" ] || exec {pub_in}>&-
  [ -z "${KEEP:-}" ] || { mkdir -p "$KEEP" && cp "$work"/*.out "$work"/*.log "$KEEP"/ 2>/dev/null || true; }
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$built" "$work/node-app"
# The node as deployed: its jvm.options (Serial GC, the heap and JIT settings) first, NODE_JAVA_OPTS after.
[ "${NODE_JVM_OPTIONS:-}" = none ] || [ ! -f "$work/node-app/jvm.options" ] || node_opts="@$work/node-app/jvm.options $node_opts"
# The publisher side publishes PUB_WARM versions (default VERSIONS) before the node starts: a cold
# publisher JIT-compiles on the client's core through its first versions (C2 1.1 s of CPU in 8 s), so
# node-switch had it cold while the knot-publishing control, 17 versions on, had it warm.
pub_warm=${PUB_WARM:-$per}
total=$((1 + pub_warm + 3 * per))
"$history/extract.sh" "$work/zones" "$total" >/dev/null
mapfile -t files < <(ls "$work/zones"/root.zone.* | sort)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
serial_of() { awk '$4=="SOA"{print $7; exit}' "$1"; }
answers() { dig +time=1 +tries=1 @127.0.0.1 -p "$1" . SOA +short 2>/dev/null | awk '{print $3}'; }
wait_serial() { # port serial
  for _ in $(seq 600); do [ "$(answers "$1")" = "$2" ] && return 0; sleep 0.1; done
  echo "port $1 never answered serial $2" >&2; return 1
}

# --- query mix, as run.sh's ---------------------------------------------------------------------
z0=${files[0]}
awk '$4=="NS" && $1!="." {print tolower($1)}' "$z0" | sort -u > "$work/tlds"
{
  awk 'BEGIN{srand(7); for(i=0;i<60000;i++){s="nx"; for(j=0;j<8;j++) s=s substr("abcdefghijklmnopqrstuvwxyz0123456789",int(rand()*36)+1,1); print s". A"}}'
  awk -v n=30000 '{t[NR]=$1} END{for(i=0;i<n;i++) print "www." t[i%NR+1] " A"}' "$work/tlds"
  awk 'BEGIN{for(i=0;i<3334;i++) print ". SOA\n. NS\n. DNSKEY"}'
} | shuf --random-source=<(yes) > "$work/queries"

# load NAME PORT [CMD...]: dnsperf for $secs s at $qps against PORT, CMD run meanwhile (then stopped).
load() {
  local name=$1 p=$2; shift 2
  $client dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries" -l "$warm" -D -c 10 -Q "$qps" >/dev/null 2>&1 || true # warm, not counted
  $client dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries" -l "$secs" -D -c 10 -Q "$qps" -v > "$work/$name.out" 2>&1 &
  local perf=$!
  local during=
  if (( $# > 0 )); then "$@" & during=$!; fi
  wait "$perf" || true
  if [ -n "$during" ]; then wait "$during" || true; fi
  python3 - "$name" "$work/$name.out" <<'EOF' | tee -a "$work/summary"
import re, sys
name, out = sys.argv[1], sys.argv[2]
lat, lost, sent = [], "?", "?"
for l in open(out, errors="replace"):
    p = l.split()
    if p and p[0] == ">":
        lat.append(float(p[-1]) * 1000)
    elif "Queries lost" in l:
        lost = p[2]
    elif "Queries sent" in l:
        sent = p[2]
lat.sort()
def q(f): return lat[min(len(lat) - 1, int(len(lat) * f))] if lat else float("nan")
over = 100 * sum(1 for x in lat if x > 1) / max(1, len(lat))
print(f"{name:<14} answers {len(lat):7d} of {sent:>7} lost {lost:>6} | p50 {q(.5):6.3f} p99 {q(.99):7.3f} p99.9 {q(.999):7.3f} "
      f"max {lat[-1] if lat else float('nan'):8.3f} ms | over 1 ms {over:5.2f} %")
EOF
}

# --- broker, publisher (pinned to PUB_CORE), one node (pinned to NODE_CORE) ---------------------------
if [ -n "${CP_FILE:-}" ]; then # CP_FILE: a classpath made so before, to skip the Maven step
  cp "$CP_FILE" "$work/cp.txt"
else
  (cd "$repo" && ./mvnw -o -q -pl services/serving-node -am compile dependency:build-classpath -Dmdep.includeScope=test \
     -Dmdep.outputFile="$work/cp.txt" >/dev/null)
fi
cp="$(cat "$work/cp.txt")"
kport=$(port)
(umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher-signing.key")
openssl pkey -in "$work/publisher-signing.key" -pubout -out "$work/publisher-signing.pub" 2>/dev/null
"${pub_run[@]}" taskset -c "$pub_core" java -Xmx768m -cp "$cp" rootzone.kafka.EmbeddedKafkaMain "$work/kafka" "$kport" "$work/credentials" publisher node-1 \
  >"$work/kafka.log" 2>&1 &
pids+=($!); kafka_pid=$!
for _ in $(seq 1 240); do grep -q "kafka ready" "$work/kafka.log" && break; sleep 0.5; done
grep -q "kafka ready" "$work/kafka.log" || { cat "$work/kafka.log" >&2; exit 1; }
# shellcheck source=publisher.sh
. "$here/publisher.sh"
publisher_launch=("${pub_run[@]}" taskset -c "$pub_core")
start_publisher 0 "${files[@]}"
publish 1
for _ in $(seq "$pub_warm"); do publish 1; done
dns=$(port); http=$(port)
# shellcheck disable=SC2086 # node_opts is a list of options
taskset -c "$node_core" java $node_opts -Drootzone.node.id=node-1 -Drootzone.node.dns.port="$dns" -Dquarkus.http.port="$http" \
  -Drootzone.node.data-dir="$work/node-1" -Drootzone.kafka.config="$work/credentials/node-1.properties" \
  -Drootzone.node.trusted-publisher-keys="$work/publisher-signing.pub" -jar "$work/node-app/quarkus-run.jar" >"$work/node.log" 2>&1 &
pids+=($!); node_pid=$!
wait_serial "$dns" "$(serial_of "${files[$pub_warm]}")"
# The apply warm-up (ApplyWarmUp, up to 8 s after the node follows the log) and the collection that ends
# it are the start's, not a switch's: node-idle begins after them.
for _ in $(seq 300); do grep -q 'apply path warm' "$work/node.log" && break; sleep 0.1; done
echo "node (JVM options: $node_opts) on core $node_core, broker and publisher on core $pub_core (${pub_run[*]}), dnsperf on ${client_core}, halt-polling ${HALT_POLL_NS:-as the machine has it}; $qps qps, $secs s per phase, $per versions per switching phase"

next=$((1 + pub_warm))
versions() { # publishes $per versions, spread over the phase
  local gap i
  gap=$(python3 -c "print($secs / ($per + 1))")
  for i in $(seq "$per"); do sleep "$gap"; publish 1; done
}
load node-idle "$dns"
load node-switch "$dns" versions
next=$((next + per))
expected=$(serial_of "${files[$((next - 1))]}")
[ "$(answers "$dns")" = "$expected" ] || { sleep 2; [ "$(answers "$dns")" = "$expected" ] || echo "the node does not answer serial $expected" >&2; }
# The same with nothing pinned and nothing deprioritised: the whole system on the host.
taskset -a -p -c 0-1 "$node_pid" >/dev/null; taskset -a -p -c 0-1 "$kafka_pid" >/dev/null; taskset -a -p -c 0-1 "$publisher_pid" >/dev/null
normal_sched "$kafka_pid"; normal_sched "$publisher_pid"
load node-unpinned "$dns" versions
grep -h 'version cost\|serving serial' "$work/node.log" | tail -"$((2 * per))" | sed 's/^.*INFO *//' | cut -c1-220 > "$work/node-versions"
kill "$node_pid" 2>/dev/null || true
taskset -a -p -c "$pub_core" "$kafka_pid" >/dev/null; taskset -a -p -c "$pub_core" "$publisher_pid" >/dev/null
pub_sched "$kafka_pid"; pub_sched "$publisher_pid"
if [ -n "${NODE_ONLY:-}" ]; then
  kill "$publisher_pid" "$kafka_pid" 2>/dev/null || true
  echo "the node's versions in the switching phases (its log):"; cat "$work/node-versions"; exit 0
fi

# --- Knot and NSD as secondaries (IXFR) of a Knot primary on the publisher's core ----------------------
# As the node has its publisher and broker off its core, each reference has its primary there: a Knot
# that loads each version's whole file (zonefile-load: difference, so it journals the change) at the
# publisher side's scheduling, and NOTIFYs; the measured server, on NODE_CORE, transfers the change by IXFR.
# One secondary runs at a time, so that the other's transfers are not on the measured core.
kp=$(port); np=$(port); ksp=$(port)
. "$here/knot-nsd.sh"
knot_nsd_conf "$work" "$kp" "$np" "${files[0]}" 2 "$ksp"
"${pub_run[@]}" taskset -c "$pub_core" knotd -c "$work/knot/knot.conf" >"$work/knot/log" 2>&1 &
pids+=($!); primary_pid=$!
wait_serial "$kp" "$(serial_of "${files[0]}")"
taskset -c "$node_core" knotd -c "$work/knot-secondary/knot.conf" >"$work/knot-secondary/log" 2>&1 &
pids+=($!); knot_secondary_pid=$!
wait_serial "$ksp" "$(serial_of "${files[0]}")"
# Control: the Knot secondary serving one version while the publisher side publishes as in node-switch
# (to no node): what the publisher's bursts on the other core cost the client and the machine.
load knot-publishing "$ksp" versions
kill "$publisher_pid" "$kafka_pid" 2>/dev/null || true
k=1
reloads() { # the next $per versions into the primary, spread over the phase
  local gap i
  gap=$(python3 -c "print($secs / ($per + 1))")
  for i in $(seq "$per"); do
    sleep "$gap"
    knot_load "$work" "${files[$k]}"
    k=$((k + 1))
  done
}
load knot-ixfr "$ksp" reloads
k=$((1 + per))
kill "$knot_secondary_pid" 2>/dev/null || true
taskset -c "$node_core" nsd -d -c "$work/nsd/nsd.conf" >"$work/nsd/log" 2>&1 &
pids+=($!); nsd_pid=$!
wait_serial "$np" "$(answers "$kp")"
load nsd-ixfr "$np" reloads
k=$((1 + 2 * per))
# Knot loading each whole file itself on the server's core (the primary moved there, scheduled as a server): the
# reference this bench used before 2026-12-08, and the issue's first measurement.
kill "$nsd_pid" 2>/dev/null || true
taskset -a -p -c "$node_core" "$primary_pid" >/dev/null
normal_sched "$primary_pid"
load knot-reload "$kp" reloads
echo "load after: $(uptime)"
python3 - "$work/summary" <<'EOF'
import re, sys
rows = {}
for l in open(sys.argv[1]):
    name = l.split()[0]
    rows[name] = {k: float(v) for k, v in re.findall(r"(p99\.9|p99|max) +([0-9.]+)", l)}
    rows[name]["over"] = float(re.search(r"over 1 ms +([0-9.]+)", l).group(1))
for ref in ("knot-ixfr", "nsd-ixfr", "knot-reload", "knot-publishing"):
    if "node-switch" in rows and ref in rows:
        n, r = rows["node-switch"], rows[ref]
        print(f"node-switch / {ref}: p99 {n['p99'] / max(r['p99'], 1e-3):.2f}x, p99.9 {n['p99.9'] / max(r['p99.9'], 1e-3):.2f}x, "
              f"max {n['max'] / max(r['max'], 1e-3):.2f}x")
EOF
echo "the node's versions in the switching phases (its log):"
cat "$work/node-versions"
