#!/usr/bin/env bash
# A restarted auditor's ready time on the real root zone history (1,978 versions and their transparency
# log; issue 11: goal < 3 s). RestartBench writes the history once into an embedded KRaft broker under
# WORK (kept: later runs reuse it), then starts the auditor cold and RESTARTS more times on its own data
# directory, printing per start the ms from process start to the HTTP port answering and to ready
# (/history/status: every version indexed and the event audit caught up; /q/health/ready UP).
# Usage: deploy/bench/auditor/restart.sh [BUNDLE]   (java 17; everything on 127.0.0.1)
# WORK=dir (default services/auditor/target/restart-bench), RESTARTS=3, AUDITOR_PORT=18084,
# AUDITOR_APP=path/to/quarkus-run.jar benchmarks another build of the auditor. The auditor runs as ./rootzone up
# starts it: its jvm.options and class data sharing (archived when this run's first start exits, mapped by the
# restarts); JVM_OPTIONS=0: neither, -Xmx1g. THREADS=1 prints its threads' CPU (JIT and GC included) at ready.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bundle=${1:-$repo/../shared/data/rootzone-history/rootzone-history-2023-2025.bundle}
[ -f "$bundle" ] || { echo "no history bundle at $bundle: skipping" >&2; exit 2; }
work=${WORK:-$repo/services/auditor/target/restart-bench}
app=${AUDITOR_APP:-$repo/services/auditor/target/quarkus-app/quarkus-run.jar}
cp_file="$repo/services/auditor/target/bench-classpath.txt"
# BUILD=0 reuses the last build (./mvnw -o -pl services/auditor -am package -DskipTests takes minutes on a loaded machine).
if [ "${BUILD:-1}" = 1 ] || [ ! -f "$app" ]; then
  (cd "$repo" && ./mvnw -q -B -ntp -o package -pl services/auditor -am -DskipTests >&2)
fi
(cd "$repo" && ./mvnw -q -B -ntp -o dependency:build-classpath -pl services/auditor -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2)
# The project's own modules from this checkout's build, not from ~/.m2.
cp=$(tr ':' '\n' < "$cp_file" | while read -r jar; do
  name=$(basename "$jar")
  if [[ "$jar" == */rootzone/* ]]; then
    mod=${name%-1.0.0-SNAPSHOT*}; mod=${mod#rootzone-}
    for dir in "$repo/services/$mod/target" "$repo/$mod/target"; do
      [ -f "$dir/$name" ] && { jar="$dir/$name"; break; }
    done
  fi
  printf '%s:' "$jar"
done)
exec java -Xmx2g -cp "$cp" "$repo/deploy/bench/auditor/RestartBench.java" "$bundle" "$work" "$app" "${RESTARTS:-3}" "${AUDITOR_PORT:-18084}"
