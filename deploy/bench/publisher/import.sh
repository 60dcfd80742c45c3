#!/usr/bin/env bash
# The publisher's import of the whole real history (1,978 versions): an embedded KRaft broker (SASL,
# ACLs, the publisher's role), the zone's ZonePublisher and ArchiveImporter, as POST /imports runs them
# once the signed request is verified. Prints versions/s (goal >= 50: the bundle in under 40 s) and
# checks the chain the log holds.
# Usage: deploy/bench/publisher/import.sh [BUNDLE]   (java 17, git; everything on 127.0.0.1)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bundle=${1:-$repo/../shared/data/rootzone-history/rootzone-history-2023-2025.bundle}
[ -f "$bundle" ] || { echo "no history bundle at $bundle: skipping" >&2; exit 2; }
cp_file="$repo/services/publisher/target/bench-classpath.txt"
(cd "$repo" && ./mvnw -q -B -ntp -o test-compile dependency:build-classpath -pl services/publisher -am \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2)
cp="$repo/services/publisher/target/classes:$repo/services/publisher/target/test-classes:$(cat "$cp_file")"
exec java -Xmx2g -cp "$cp" "$repo/deploy/bench/publisher/ImportBench.java" "$bundle"
