#!/usr/bin/env bash
# Publisher benchmark: time from receiving a real root zone version (HTTP POST) to its Kafka
# transaction committed, as the publisher measures it (the "millis" of its answer), and as the client
# sees the whole round trip (curl). Starts its own embedded KRaft broker and publisher on loopback.
#
#   deploy/bench/publisher/run.sh [VERSIONS]      default 30 consecutive versions of ../shared history
#
# Needs: a built publisher (./mvnw -q -pl services/publisher install -DskipTests, or ./mvnw install),
# curl, python3, and ../shared/data/rootzone-history next to the repository.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
n=${1:-30}
history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "root zone history not found at $history: nothing to benchmark" >&2; exit 2; }
app="$repo/services/publisher/target/quarkus-app/quarkus-run.jar"
[ -f "$app" ] || { echo "$app missing: build the publisher first" >&2; exit 2; }

work=$(mktemp -d /tmp/publisher-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
kport=$(free_port); hport=$(free_port)

echo "extracting $n versions ..." >&2
"$history/extract.sh" "$work/zones" "$n" >/dev/null

# The broker: kafka-embedded's classes and runtime classpath.
(cd "$repo" && ./mvnw -o -q -pl services/kafka-embedded dependency:build-classpath -Dmdep.outputFile="$work/kcp.txt" >/dev/null)
kclasses="$repo/services/kafka-embedded/target/classes"
[ -d "$kclasses" ] || kclasses="$HOME/.m2/repository/rootzone/kafka-embedded/1.0.0-SNAPSHOT/kafka-embedded-1.0.0-SNAPSHOT.jar"
java -Xmx1g -cp "$kclasses:$(cat "$work/kcp.txt")" rootzone.kafka.EmbeddedKafkaMain "$work/kafka" "$kport" "$work/credentials" publisher >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "kafka ready" "$work/kafka.log" && break; sleep 0.5; done
grep -q "kafka ready" "$work/kafka.log" || { cat "$work/kafka.log" >&2; exit 1; }

# A maintainer key and the trust anchor naming it (docs/security.md): requests are signed.
"$repo/rootzone" operator keygen "$work/bench" >/dev/null
echo ". bench $(cat "$work/bench.pub")" > "$work/trust-anchor"
echo bench > "$work/bench.id"
# The publisher signing key of this run (made here, mode 0600; nodes and the auditor trust its public key).
(umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher-signing.key")
openssl pkey -in "$work/publisher-signing.key" -pubout -out "$work/publisher-signing.pub" 2>/dev/null
java -Xmx1g -Dquarkus.http.port="$hport" -Drootzone.kafka.config="$work/credentials/publisher.properties" \
     -Drootzone.publisher.signing-key-file="$work/publisher-signing.key" \
     -Drootzone.publisher.log.key-dir="$work/keys" -Drootzone.publisher.log.tile-dir="$work/log" \
     -Drootzone.publisher.notify.port=0 -Drootzone.publisher.trust-anchor="$work/trust-anchor" \
     -jar "$app" >"$work/publisher.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$hport/q/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$hport/q/health/ready" >/dev/null || { cat "$work/publisher.log" >&2; exit 1; }

echo "version        status     delta     server_ms  client_ms"
for f in $(ls "$work/zones" | sort); do
  # client_ms: the signed publish through the CLI, its JVM start included.
  t0=$(date +%s%N)
  "$repo/rootzone" publish "$work/zones/$f" --json --key "$work/bench.key" --publisher "http://127.0.0.1:$hport" \
      >"$work/answer.json" 2>&1 || true
  out="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status","?"))' "$work/answer.json") $(( ($(date +%s%N) - t0) / 1000 ))e-6"
  python3 - "$work/answer.json" $out <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); code, total = sys.argv[2], float(sys.argv[3])
delta = f"-{a.get('removed', 0)}+{a.get('added', 0)}"
print(f"{a.get('serial')}  {a.get('status', code):<10} {delta:<9} {a.get('millis', -1):>9}  {total * 1000:>9.0f}")
PY
done | tee "$work/results.txt"

python3 - "$work/results.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
first, rest = rows[0], [r for r in rows[1:] if r[1] == "PUBLISHED"]
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"\nfirst version (whole zone, with snapshot): server {first[3]} ms, client {first[4]} ms")
if rest:
    s = [int(r[3]) for r in rest]; c = [float(r[4]) for r in rest]
    print(f"next {len(rest)} versions: server p50 {pct(s,50)} ms, p95 {pct(s,95)} ms, max {max(s)} ms; "
          f"client p50 {pct(c,50):.0f} ms, p95 {pct(c,95):.0f} ms, max {max(c):.0f} ms (goal: < 1000 ms)")
PY
