#!/usr/bin/env bash
# Auditor benchmark on the real root zone history (1,978 versions):
#   1. import the bundle as a user does: `./rootzone up` (embedded KRaft broker, publisher, one node,
#      auditor, coordination; fresh data directory, ports of their own), then `rootzone history import`
#      (a signed POST /imports to the publisher: docs/import.md), until the auditor has indexed it all;
#   2. full replay: a fresh auditor process (the same settings `up` gave the auditor, a fresh data
#      directory) indexes every version from offset 0 (goal < 10 s);
#   3. rebuild: 10 serials spread over the range, uncached (goal < 100 ms each);
#   4. diff: 5 pairs of serials a year apart (goal < 100 ms each).
# Times 3 and 4 are HTTP round trips measured by curl (the zone download includes writing 1.2 MB of
# text); /history/verify?serial=S also reports the server-side rebuild+digest time.
# Usage: deploy/bench/auditor/run.sh [BUNDLE]   (needs java 17, curl, python3; everything on 127.0.0.1)
# Build first (./mvnw install -DskipTests: ./rootzone needs it). AUDITOR_APP=path/to/quarkus-run.jar
# runs steps 2-4 with another build of the auditor. PORT_BASE moves every port (default 19000).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bundle=${1:-$repo/../shared/data/rootzone-history/rootzone-history-2023-2025.bundle}
[ -f "$bundle" ] || { echo "no history bundle at $bundle" >&2; exit 2; }
bundle=$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")
port_base=${PORT_BASE:-19000}
kafka_port=$((port_base + 92))
publisher_port=$((port_base + 81))
node_http_port=$((port_base + 82))
http_port=$((port_base + 83))
coordination_port=$((port_base + 84))
dns_port=$((port_base + 53))
base="http://127.0.0.1:$http_port"
work=$(mktemp -d)
data="$work/data"
pids=()
up_pid=
cleanup() {
  [ -n "$up_pid" ] && kill "$up_pid" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

app=${AUDITOR_APP:-$repo/services/auditor/target/quarkus-app/quarkus-run.jar}
[ -f "$app" ] || { echo "no auditor build at $app: build first (./mvnw install -DskipTests)" >&2; exit 2; }

now_ms() { date +%s%3N; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
versions() { curl -sf "$base/history/status" | json 'd["zones"][0]["versions"]'; }
# wait_for SECONDS CONDITION...: bounded wait, fails with the condition's name
wait_for() {
  local limit=$1; shift
  local deadline=$(( $(date +%s) + limit ))
  until "$@" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out after ${limit}s waiting for: $*" >&2; return 1; }
    sleep 0.2
  done
}
# The -D settings a running service was started with (from its pid file), one a line.
settings_of() { tr '\0' '\n' < "/proc/$(cat "$data/run/$1.pid")/cmdline" | grep '^-D' || true; }
# The whole command line of a running service, one argument a line.
command_of() { tr '\0' '\n' < "/proc/$(cat "$data/run/$1.pid")/cmdline"; }

echo "== import $bundle (./rootzone up, then rootzone history import)"
"$repo/rootzone" up --data "$data" --nodes 1 --kafka-port "$kafka_port" --publisher-port "$publisher_port" \
  --node-http-port "$node_http_port" --dns-port "$dns_port" --auditor-port "$http_port" \
  --coordination-port "$coordination_port" > "$work/up.log" 2>&1 &
up_pid=$!
wait_for 300 grep -q "rootzone is up" "$work/up.log" || { tail -20 "$work/up.log" >&2; exit 1; }
t0=$(now_ms)
"$repo/rootzone" history import "$bundle" --publisher "http://127.0.0.1:$publisher_port" --data "$data" | tee "$work/import.txt"
t1=$(now_ms)
echo "import through the publisher: $(( t1 - t0 )) ms"
# The versions topic holds the whole history once the auditor, following it, stops counting up.
last=-1
for _ in $(seq 200); do
  now=$(versions || echo -1)
  [ "$now" = "$last" ] && [ "$last" -gt 0 ] && break
  last=$now
  sleep 3
done
total=$last
echo "auditor of ./rootzone up indexed $total versions $(( $(now_ms) - t1 )) ms after the import returned"

# Steps 2-4 run against the same broker with a fresh auditor: keep the broker's and the auditor's
# command lines, stop everything `up` started, then start the broker again alone.
mapfile -t broker_cmd < <(command_of broker-0)
mapfile -t auditor_settings < <(settings_of auditor | grep -v -e '^-Dquarkus.http.port=' -e '^-Drootzone.auditor.data-dir=')
kill "$up_pid"; wait "$up_pid" 2>/dev/null || true
up_pid=
"${broker_cmd[@]}" > "$work/kafka.log" 2>&1 &
pids+=($!)
wait_for 120 grep -q "kafka ready" "$work/kafka.log" || { tail -20 "$work/kafka.log" >&2; exit 1; }

start_auditor() {
  java -Xmx2g "${auditor_settings[@]}" -Dquarkus.http.port="$http_port" -Drootzone.auditor.data-dir="$work/auditor-$1" \
    -jar "$app" > "$work/auditor-$1.log" 2>&1 &
  pids+=($!)
  auditor_pid=$!
  wait_for 180 curl -sf -o /dev/null "$base/history/status" || { tail -20 "$work/auditor-$1.log" >&2; exit 1; }
}

echo "== full replay (fresh auditor process, from offset 0)"
t0=$(now_ms)
start_auditor replay
t_http=$(now_ms)
has_all() { [ "$(versions)" -ge "$total" ]; }
wait_for 600 has_all
t1=$(now_ms)
echo "replay of $total versions: $(( t1 - t0 )) ms from process start ($(( t1 - t_http )) ms after the HTTP port opened)"

curl -sf "$base/history/versions" > "$work/versions.json"
echo "== rebuild 10 serials (uncached): HTTP zone download, and server-side rebuild+digest"
for s in $(json '" ".join(str(d[i*(len(d)-1)//9]["serial"]) for i in range(10))' < "$work/versions.json"); do
  t=$(curl -sf -o /dev/null -w '%{time_total}' "$base/history/zone/$s")
  v=$(curl -sf "$base/history/verify?serial=$s" | json 'd["digests"][0]["millis"], d["digests"][0]["matches"]')
  echo "serial $s: download ${t}s; rebuild+digest ms, matches: $v"
done

echo "== diff of serials a year apart"
python3 - "$work/versions.json" > "$work/pairs" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
t = [datetime.datetime.fromisoformat(v["effectiveAt"].replace("Z", "+00:00")) for v in d]
for i in range(0, len(d), max(1, len(d) // 5))[:5]:
    j = next((k for k in range(i, len(d)) if (t[k] - t[i]).days >= 365), None)
    if j is not None:
        print(d[i]["serial"], d[j]["serial"])
PY
while read -r a b; do
  for sig in true false; do
    out=$(curl -sf -w ' %{time_total}' "$base/history/diff?from=$a&to=$b&signatures=$sig")
    echo "diff $a -> $b signatures=$sig: $(echo "${out% *}" | json 'len(d["removed"]), len(d["added"])') records, ${out##* }s"
  done
done < "$work/pairs"
