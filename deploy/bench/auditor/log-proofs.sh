#!/usr/bin/env bash
# Proofs served by the auditor over HTTP, on a 1,000,000-leaf log (goal: each under 10 ms):
#   1. LogFixture.java makes the auditor's store of a 1,000,000-leaf root log (DirectoryTileStore under
#      <data>/log/root, signed checkpoints) and its log key;
#   2. the auditor starts on that data directory (no broker: the HTTP side needs none; the Kafka readers
#      retry in the background) and resumes the log from its store (time to ready is printed);
#   3. curl times N inclusion proofs (/log/root/proof/inclusion?serial=S, random serials) and N consistency
#      proofs (/log/root/proof/consistency?from=M&to=1000000, random M), each a fresh HTTP request,
#      then N full tiles and a tlog-proof bundle; p50 / p95 / max in ms.
# Usage: deploy/bench/auditor/log-proofs.sh [N] [LEAVES]   (java 17, curl, python3; everything on 127.0.0.1)
# Needs services/auditor built (./mvnw -o -q verify -pl services/auditor -am -DskipTests).
set -euo pipefail
n=${1:-200}
leaves=${2:-1000000}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
port=${AUDITOR_PORT:-18093}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
app=$repo/services/auditor/target/quarkus-app/quarkus-run.jar
[ -f "$app" ] || { echo "build the auditor first: ./mvnw -o -q verify -pl services/auditor -am -DskipTests" >&2; exit 2; }
cp="$repo/services/transparency-log/target/classes:$repo/services/zone-core/target/classes:$(ls "$repo"/services/auditor/target/quarkus-app/lib/main/dnsjava.dnsjava-*.jar)"

java -Xmx2g -cp "$cp" "$repo/deploy/bench/auditor/LogFixture.java" "$work/data" "$leaves"
du -sh "$work/data/log/root" | sed 's/^/store: /'

(umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher.key")
openssl pkey -in "$work/publisher.key" -pubout -out "$work/publisher.pub" 2>/dev/null
t0=$(date +%s%3N)
java -Xmx2g -Dquarkus.http.port="$port" -Dkafka.bootstrap.servers=127.0.0.1:9 -Drootzone.auditor.data-dir="$work/data" \
  -Drootzone.auditor.log-keys="$work/data/log-root.vkey" -Drootzone.auditor.trusted-publisher-keys="$work/publisher.pub" \
  -Drootzone.auditor.import.enabled=false -Dquarkus.log.category.\"org.apache.kafka\".level=ERROR \
  -jar "$app" > "$work/auditor.log" 2>&1 &
pid=$!
until curl -sf "$base/log/root/checkpoint" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/auditor.log" >&2; exit 1; }
  sleep 0.1
done
echo "auditor ready (log of $leaves leaves resumed from its store): $(( $(date +%s%3N) - t0 )) ms after start"
curl -s "$base/log/root/checkpoint" | head -2 | tr '\n' ' '; echo

python3 - "$base" "$n" "$leaves" <<'PY'
import random, subprocess, sys
base, n, leaves = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
def timed(url):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", url],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "200", (url, out)
    return float(out[1]) * 1000
def report(name, urls):
    for u in urls[:5]:
        timed(u)  # warm the JIT on a few, as any running server is
    ms = sorted(timed(u) for u in urls)
    print(f"{name:28s} p50 {ms[len(ms)//2]:6.2f}  p95 {ms[int(len(ms)*0.95)-1]:6.2f}  max {ms[-1]:6.2f} ms  ({len(ms)} requests)")
report("inclusion-proof-1M", [f"{base}/log/root/proof/inclusion?serial={random.randint(1, leaves)}" for _ in range(n)])
report("consistency-proof-1M", [f"{base}/log/root/proof/consistency?from={random.randint(1, leaves)}&to={leaves}" for _ in range(n)])
full = leaves // 256
def tile(i):
    s = f"{i:09d}"
    return "x" + s[0:3] + "/x" + s[3:6] + "/" + s[6:9] if i >= 1000000 else ("x" + s[3:6] + "/" + s[6:9] if i >= 1000 else s[6:9])
report("full-tile-level-0", [f"{base}/log/root/tile/0/{tile(random.randint(0, full - 1))}" for _ in range(n)])
report("bundle (tlog-proof)", [f"{base}/log/root/bundle?serial={random.randint(1, leaves)}" for _ in range(n)])
PY
