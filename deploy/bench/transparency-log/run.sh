#!/usr/bin/env bash
# Transparency log speed (a benchmark, not a test).
#   deploy/bench/transparency-log/run.sh [N]        (default 1000 timed operations per measurement)
# Measures, with files on disk (a temporary directory):
#   append+sign+commit   one version entry appended, checkpoint Ed25519-signed, tiles/bundle/checkpoint written   goal <= 5 ms
#   witness-cosign       what a node adds: log signature, consistency proof, cosignature, state file
#   inclusion-proof-1M / consistency-proof-1M   on a 1,000,000-leaf log reopened with a cold tile cache        goal < 10 ms
#   tiles-1978           all tiles and bundles of the 1,978-version history, from scratch                       goal < 2 s
# The history's serials and capture times come from ../shared/data/rootzone-history when present
# (synthetic ones otherwise); see TransparencyLogBench.java for what is real and what stands in.
set -euo pipefail
n=${1:-1000}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
hist=${ROOTZONE_HISTORY:-}
if [[ -z "$hist" ]]; then
  for d in "$repo/.." "$repo/../.." "$repo/../../.."; do
    if [[ -d "$d/shared/data/rootzone-history" ]]; then hist=$(cd "$d/shared/data/rootzone-history" && pwd); break; fi
  done
fi
hist=${hist:-$repo/../shared/data/rootzone-history}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

history_arg=()
bundle=$(ls "$hist"/*.bundle 2>/dev/null | head -1 || true)
if [[ -n "$bundle" ]]; then
  git clone -q --bare "$bundle" "$work/h.git"
  git --git-dir="$work/h.git" log --reverse --format='%H %s %ct' > "$work/history.txt"
  history_arg=("$work/history.txt")
else
  echo "root zone history not found at $hist: synthetic history entries" >&2
fi

cd "$repo"
./mvnw -o -q -pl services/transparency-log -am compile
./mvnw -o -q -pl services/transparency-log dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="services/transparency-log/target/classes:services/zone-core/target/classes:$(cat "$work/cp.txt")"
java -Xms512m -Xmx1g -cp "$cp" "$repo/deploy/bench/transparency-log/TransparencyLogBench.java" "$work/data" "$n" "${history_arg[@]}"

# What the log adds to a publication of the real root zone (the publisher's path: ZONEMD SHA-384 digest
# memoized by the Zone, prefetched during the gates; entry, stage, sign, tiles). Needs the history.
if [[ -n "$bundle" ]]; then
  bash "$hist/extract.sh" "$work/zones" 21 >/dev/null
  java -Xms512m -Xmx2g -cp "$cp" "$repo/deploy/bench/transparency-log/PublisherLogBench.java" "$work/publisher-log" "$work/zones"
fi
