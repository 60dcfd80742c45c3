#!/usr/bin/env bash
# Auditor benchmark on the real root zone history (1,978 versions):
#   1. import the bundle through a running auditor (embedded KRaft broker, fresh data directory);
#   2. full replay: a fresh auditor process indexes every version from offset 0 (goal < 10 s);
#   3. rebuild: 10 serials spread over the range, uncached (goal < 100 ms each);
#   4. diff: 5 pairs of serials a year apart (goal < 100 ms each).
# Times 3 and 4 are HTTP round trips measured by curl (the zone download includes writing 1.2 MB of
# text); /history/verify?serial=S also reports the server-side rebuild+digest time.
# Usage: deploy/bench/auditor/run.sh [BUNDLE]   (needs java 17, curl, python3; everything on 127.0.0.1)
# AUDITOR_APP=path/to/quarkus-run.jar benchmarks another build of the auditor.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bundle=${1:-$repo/../shared/data/rootzone-history/rootzone-history-2023-2025.bundle}
[ -f "$bundle" ] || { echo "no history bundle at $bundle" >&2; exit 2; }
# The auditor no longer imports (POST /history/import answers 410): imports go through the publisher
# (docs/import.md, deploy/bench/publisher/import.sh). Steps 2-4 need the history in the broker, which
# this script has not been switched to write through a publisher yet.
echo "auditor/run.sh: the import step moved to the publisher (deploy/bench/publisher/import.sh); not run" >&2
exit 2
kafka_port=${KAFKA_PORT:-19192}
http_port=${AUDITOR_PORT:-18083}
base="http://127.0.0.1:$http_port"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

app=${AUDITOR_APP:-$repo/services/auditor/target/quarkus-app/quarkus-run.jar}
cp_file="$repo/services/cli/target/classpath.txt"
if [ ! -f "$app" ] || [ ! -f "$cp_file" ]; then
  (cd "$repo" && ./mvnw -q -B install -DskipTests)
fi

now_ms() { date +%s%3N; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

# The publisher signing key of this run (made here, mode 0600; nodes and the auditor trust its public key).
(umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher-signing.key")
openssl pkey -in "$work/publisher-signing.key" -pubout -out "$work/publisher-signing.pub" 2>/dev/null
java -Xmx1g -cp "$(cat "$cp_file")" rootzone.kafka.EmbeddedKafkaMain "$work/kafka" "$kafka_port" "$work/credentials" auditor publisher > "$work/kafka.log" 2>&1 &
pids+=($!)
until grep -q "kafka ready" "$work/kafka.log"; do sleep 0.2; done

start_auditor() {
  java -Xmx2g -Dquarkus.http.port="$http_port" -Drootzone.kafka.config="$work/credentials/auditor.properties" \
    -Drootzone.auditor.import.kafka-config="$work/credentials/publisher.properties" \
    -Drootzone.auditor.trusted-publisher-keys="$work/publisher-signing.pub" \
    -Drootzone.auditor.import.signing-key-file="$work/publisher-signing.key" -jar "$app" > "$work/auditor-$1.log" 2>&1 &
  pids+=($!)
  auditor_pid=$!
  until curl -sf "$base/history/status" > /dev/null; do sleep 0.1; done
}
versions() { curl -sf "$base/history/status" | json 'd["zones"][0]["versions"]'; }

echo "== import $bundle"
start_auditor import
t0=$(now_ms)
id=$(curl -sf -H 'Content-Type: application/json' -d "{\"path\":\"$bundle\"}" "$base/history/import" | json 'd["id"]')
while [ "$(curl -sf "$base/history/import/$id" | json 'd["state"]')" = RUNNING ]; do sleep 1; done
curl -sf "$base/history/import/$id" | json 'd["report"]'
echo "import: $(( $(now_ms) - t0 )) ms"
total=$(curl -sf "$base/history/import/$id" | json 'd["report"]["found"]')
kill "$auditor_pid"; wait "$auditor_pid" 2>/dev/null || true

echo "== full replay (fresh auditor process, from offset 0)"
t0=$(now_ms)
start_auditor replay
t_http=$(now_ms)
until [ "$(versions)" -ge "$total" ]; do sleep 0.05; done
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
