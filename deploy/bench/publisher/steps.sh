#!/usr/bin/env bash
# Receipt -> commit of real root zone versions through the publisher's own path, in one JVM with a real
# KRaft broker (PublishBench.java, "files" mode): per version wall time, the request thread's CPU and the
# whole JVM's (broker included), then the publisher's log line for each, naming every step's time.
#
#   deploy/bench/publisher/steps.sh [VERSIONS]    default 30 consecutive versions of ../shared history
#
# Needs java 17 and ../shared/data/rootzone-history; builds nothing beyond test-compile (no install).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
n=${1:-30}
history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "no $history: nothing to publish" >&2; exit 2; }
work=$(mktemp -d /tmp/publisher-steps.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$history/extract.sh" "$work/zones" "$n" >/dev/null
cp_file="$repo/services/publisher/target/bench-classpath.txt"
(cd "$repo" && ./mvnw -q -B -ntp -o test-compile dependency:build-classpath -pl services/publisher -am \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2)
cp="$repo/services/publisher/target/classes:$repo/services/publisher/target/test-classes:$(cat "$cp_file")"
echo "load before: $(uptime)"
java -Dorg.jboss.logging.provider=jdk -Xmx2g -cp "$cp" "$repo/deploy/bench/publisher/PublishBench.java" files $(ls "$work/zones"/root.zone.* | sort) \
    2> "$work/stderr" | tee "$work/out"
echo "load after: $(uptime)"
grep -o 'serial [0-9]* from http.*steps .*' "$work/stderr" | sed 's/: PUBLISHED.*(steps/: steps/' || { tail -20 "$work/stderr" >&2; exit 1; }
python3 - "$work/out" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit() and "PUBLISHED" in l]
rest = rows[1:]
def q(v, p): v = sorted(v); return v[min(len(v) - 1, int(len(v) * p))]
if rest:
    w = [float(r[3]) for r in rest]; c = [float(r[4]) for r in rest]
    print(f"first version (whole zone, snapshot): {rows[0][3]} ms wall, {rows[0][4]} ms request-thread CPU")
    print(f"next {len(rest)} versions: wall p50 {q(w, .5):.1f} ms, max {max(w):.1f} ms; request-thread CPU p50 {q(c, .5):.1f} ms, max {max(c):.1f} ms"
          f" (first delta {rest[0][3]} ms)")
PY
