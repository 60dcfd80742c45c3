#!/usr/bin/env bash
# The publisher at scale: a ~1,000,000-record root-like zone (zone-core SyntheticZone) through the
# publisher's own path in one JVM with a real KRaft broker (PublishBench.java, "scale" mode): receipt ->
# commit of the first version (the whole zone, with its snapshot) and of a 12-record change, both POSTed
# as whole files; wall time, the request thread's CPU, the JVM's. Then Knot loading the same two files
# (knotd start -> answering the first serial; `knotc zone-reload` of the second, zonefile-load:
# difference -> answering it), for reference. Goals (issue 14): <= 3 s and <= 1.5 s.
#
# Per version it also prints the JVM's GC pause time, the bytes allocated, and the CPU of each thread
# (JIT compilers and GC workers included, from /proc).
#
#   deploy/bench/publisher/scale.sh [RECORDS]     default 1000000
#   PUBLISHER_JVM="..."                           the publisher JVM's options (default -Xmx4g); a publisher
#                                                 for zones this size: -Xms4g -Xmx4g -XX:+AlwaysPreTouch
#                                                 -XX:+UseParallelGC (deploy/bench/README.md)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
records=${1:-1000000}
work=$(mktemp -d /tmp/publisher-scale.XXXXXX)
pids=()
cleanup() {
  # The SOA poller first: it waits on its stdin for the next serial, so `wait` would never return.
  [ -z "${POLL_PID:-}" ] || kill "$POLL_PID" 2>/dev/null || true
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp_file="$repo/services/publisher/target/bench-classpath.txt"
(cd "$repo" && ./mvnw -q -B -ntp -o test-compile dependency:build-classpath -pl services/publisher -am \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2)
cp="$repo/services/publisher/target/classes:$repo/services/publisher/target/test-classes:$(cat "$cp_file")"
echo "load before: $(uptime)"
echo "publisher JVM: ${PUBLISHER_JVM:--Xmx4g}"
# shellcheck disable=SC2086
java -Dorg.jboss.logging.provider=jdk ${PUBLISHER_JVM:--Xmx4g} -cp "$cp" "$repo/deploy/bench/publisher/PublishBench.java" scale "$work" "$records" 2> "$work/stderr" | tee "$work/out"
grep -o 'serial [0-9]* from http.*steps .*' "$work/stderr" | sed 's/: PUBLISHED.*(steps/: steps/' || { tail -20 "$work/stderr" >&2; exit 1; }
echo "load after the publisher: $(uptime)"

PATH=$PATH:/usr/sbin
if ! command -v knotd >/dev/null; then echo "knotd missing: Knot's load time skipped"; exit 0; fi
here="$repo/deploy/bench/serving-node"
. "$here/knot-nsd.sh"
files=($(ls "$work"/synthetic.zone.* | sort))
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mkdir -p "$work/knot"
cp "${files[0]}" "$work/knot/root.zone"
cat > "$work/knot/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$port
    rundir: "$work/knot"
    background-workers: 1
database:
    storage: "$work/knot"
template:
  - id: default
    storage: "$work/knot"
    zonefile-sync: -1
    zonefile-load: difference
    journal-content: changes
    semantic-checks: off
zone:
  - domain: .
    file: root.zone
CONF
serial_of() { awk '$4=="SOA"{print $7; exit}' "$1"; }
coproc POLL { python3 "$here/await_serial.py" 300 "$port:$$"; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }
echo "$(serial_of "${files[0]}")" >&"${POLL[1]}"
t0=$(now_ms)
knotd -c "$work/knot/knot.conf" > "$work/knot/log" 2>&1 &
pids+=($!)
read -r t1 <&"${POLL[0]}"
[ "$t1" != timeout ] || { tail -5 "$work/knot/log" >&2; exit 1; }
echo "knot: start -> answering the first version ($records records): $((t1 - t0)) ms"
echo "$(serial_of "${files[1]}")" >&"${POLL[1]}"
t0=$(now_ms)
knot_load "$work" "${files[1]}"
read -r t1 <&"${POLL[0]}"
echo "knot: zone-reload of the 12-record change (whole file read, difference journaled) -> answering it: $((t1 - t0)) ms"
echo "load at the end: $(uptime)"
