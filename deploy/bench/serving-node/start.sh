#!/usr/bin/env bash
# Start time of the serving node against NSD and Knot loading the same real root zone version.
#
#   deploy/bench/serving-node/start.sh [ROUNDS]
#
# An embedded KRaft broker holds 10 real versions (a snapshot at the first and the 10th). Measured
# ROUNDS times (default 3) each, process launch -> the first answer with the last serial (one poller,
# a SOA query every 5 ms, await_serial.py):
#   1. the node from Kafka (empty data dir: snapshot + deltas from the log);
#   2. the node from its local snapshot, Kafka up;
#   3. the node from its local snapshot, the broker stopped;
#   4. NSD and Knot loading the same version from its zone file.
# The node runs as deployed: its quarkus-app with its jvm.options (NODE_JAVA_OPTS appends options);
# NODE_CDS=1 first makes a class-data archive in a training run and starts every round with it. KEEP=dir
# keeps the node's log, data directory, keys and class-data archive. Before round 1, BROKER_WARMUP (default
# 3) unmeasured starts from Kafka warm the broker: a node restarts against a cluster that has been
# running, while this one was started a minute ago, and its JIT-cold request handling took 0.2-0.3 s of
# a node's start on these 2 cores (the same build: 2.9-3.1 s in its first starts, 2.6-2.9 s after 16).
# Prints each round, the medians, and node/NSD, node/Knot. Everything stays on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$repo/deploy/bench/serving-node"
rounds=${1:-3}
echo "load before: $(uptime)"
# shellcheck source=lib.sh
. "$here/lib.sh"
bench_node_setup node-start python3 java nsd knotd dig

history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "no root zone history at $history" >&2; exit 2; }
"$history/extract.sh" "$work/zones" 10 >/dev/null
mapfile -t files < <(ls "$work/zones"/root.zone.* | sort)
bench_classpath
start_broker node-1
broker_pid=${pids[-1]}
start_publisher 9 "${files[@]}"
publish 10
serial=$(last_committed)
kill "$publisher_pid"
echo "10 versions in Kafka, last serial $serial; node JVM options: ${node_opts[*]}"

declare -A took
timed() { # label pid port: launch (now, minus t0) -> answers $serial
  local t1; t1=$(await_serial "$3" "$2" "$serial")
  [ "$t1" != timeout ] || { echo "$1: no answer with serial $serial" >&2; tail -30 "$work/node-1.log" >&2; exit 1; }
  took[$1]+="$((t1 - t0)) "
  echo "$1: $((t1 - t0)) ms"
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }
node_round() { # label
  t0=$(now_ms); start_node node-1; pids+=("$node_pid")
  timed "$1" "$node_pid" "${dns[node-1]}"
  stop "$node_pid"
}
if [ "${NODE_CDS:-0}" = 1 ]; then
  # A dynamic class-data archive from one run (written at its exit), then shared by every measured start.
  t0=$(now_ms); start_node node-1 -XX:ArchiveClassesAtExit="$work/node.jsa"; pids+=("$node_pid")
  timed "training run (archive written at exit)" "$node_pid" "${dns[node-1]}"; stop "$node_pid"
  ls -l "$work/node.jsa" | awk '{printf "class-data archive: %d MiB\n", $5/1048576}'
  node_opts+=(-XX:SharedArchiveFile="$work/node.jsa")
fi
for (( r = 0; r < ${BROKER_WARMUP:-3}; r++ )); do rm -rf "$work/node-1"; node_round "broker warm-up (not counted)"; done
for (( r = 0; r < rounds; r++ )); do rm -rf "$work/node-1"; node_round "node from Kafka"; done
for (( r = 0; r < rounds; r++ )); do node_round "node from local snapshot, Kafka up"; done
grep -o 'serving serial [0-9]* from the local snapshot [0-9]* ms after start[^)]*)\?' "$work/node-1.log" | tail -1 | sed 's/^/  (node says: /; s/$/)/'
grep -o 'read the local snapshot.*\|of \. from the local snapshot (.*' "$work/node-1.log" | tail -2 | sed 's/^/  (node: /; s/$/)/'
stop "$broker_pid"
for (( r = 0; r < rounds; r++ )); do node_round "node from local snapshot, Kafka down"; done
if [ -n "${KEEP:-}" ]; then # the node's log, data directory and keys, and the class archive when NODE_CDS made one
  mkdir -p "$KEEP"
  cp -r "$work"/*.log "$work"/*.pub "$work/credentials" "$work/node-1" "$KEEP"/
  [ ! -f "$work/node.jsa" ] || cp "$work/node.jsa" "$KEEP"/
fi
for (( r = 0; r < rounds; r++ )); do
  t0=$(now_ms); start_nsd "${files[-1]}"; timed "NSD from zone file" "$nsd_pid" "$nsd_port"; stop "$nsd_pid"
  rm -rf "$work/nsd"
done
for (( r = 0; r < rounds; r++ )); do
  t0=$(now_ms); start_knot "${files[-1]}"; timed "Knot from zone file" "$knot_pid" "$knot_port"; stop "$knot_pid"
  rm -rf "$work/knot"
done

echo
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
declare -A med
for k in "node from Kafka" "node from local snapshot, Kafka up" "node from local snapshot, Kafka down" \
         "NSD from zone file" "Knot from zone file"; do
  med[$k]=$(echo "${took[$k]}" | median)
  printf '%-40s median %6s ms  (%s)\n' "$k" "${med[$k]}" "${took[$k]% }"
done
awk -v k="${med[node from Kafka]}" -v s="${med[node from local snapshot, Kafka up]}" -v n="${med[NSD from zone file]}" \
    -v t="${med[Knot from zone file]}" \
    'BEGIN{printf "node/NSD: from Kafka %.2f, from the snapshot %.2f; node/Knot: %.2f, %.2f (goals: 2 s and 1 s)\n", k/n, s/n, k/t, s/t}'
echo "load after: $(uptime)"
