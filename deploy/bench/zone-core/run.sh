#!/usr/bin/env bash
# Zone-core speed next to ldns on real root zone data (a benchmark, not a test).
#   deploy/bench/zone-core/run.sh [RUNS]          (default 20 timed runs after warm-up)
# Extracts two consecutive root zone versions from ../shared (relative to the repo root), builds the
# ZONEMD-carrying variant ldns needs (RRSIG/NSEC/DNSKEY/ZONEMD stripped, since the archive's are not
# authentic, then a SHA-384 ZONEMD added by ldns-signzone -Z), and compares medians:
#   parse                 ZoneParser.parse            vs ldns-read-zone
#   parse+zonemd-verify   parse, digest, compare      vs ldns-verify-zone -Z
#   parse2+diff           parse both, ZoneDiff        vs ldns-compare-zones
# Java times are in-process (JVM start-up excluded, cold = first run in a fresh JVM); ldns times are
# whole processes, so they include a few ms of process start.
set -euo pipefail
runs=${1:-20}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
hist=${ROOTZONE_HISTORY:-$repo/../shared/data/rootzone-history}
if [[ ! -x "$hist/extract.sh" ]]; then
  echo "root zone history not found at $hist (set ROOTZONE_HISTORY); nothing to measure" >&2
  exit 2
fi
for tool in ldns-read-zone ldns-verify-zone ldns-signzone ldns-compare-zones; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install ldnsutils)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$hist/extract.sh" "$work/zones" 2 >/dev/null
mapfile -t files < <(ls "$work/zones"/root.zone.* | sort)
for i in 0 1; do
  awk '$4!="RRSIG" && $4!="NSEC" && $4!="ZONEMD" && $4!="DNSKEY"' "${files[$i]}" > "$work/plain$i.zone"
  ldns-signzone -Z -z 1:1 -o . -f "$work/v$i.zone" "$work/plain$i.zone"
done
old=$work/v0.zone new=$work/v1.zone
echo "zones: $(basename "${files[0]}") -> $(basename "${files[1]}") ($(wc -l < "$new") records, $(wc -c < "$new") bytes each)"

cd "$repo"
./mvnw -o -q -pl services/zone-core test-compile
./mvnw -o -q -pl services/zone-core dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="services/zone-core/target/test-classes:services/zone-core/target/classes:$(cat "$work/cp.txt")"
java -Xms512m -Xmx1g -cp "$cp" rootzone.zone.bench.ZoneCoreBench "$old" "$new" "$runs" > "$work/java.txt"

# median wall time in ms of a command run $runs times (after one warm-up run)
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local t0 t1 i
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
ldns-verify-zone -Z "$new" >/dev/null || { echo "ldns-verify-zone rejects the bench zone" >&2; exit 1; }
read_ms=$(median_ms ldns-read-zone "$new")
verify_ms=$(median_ms ldns-verify-zone -Z "$new")
compare_ms=$(median_ms ldns-compare-zones "$old" "$new")

java_of() { awk -v s="$1" -v f="$2" '$1==s {print $f}' "$work/java.txt"; }
printf '\n%-22s %10s %10s   %-24s %10s %8s\n' step "java cold" "java warm" "ldns tool" "ldns ms" "ldns/java"
row() {
  local step=$1 tool=$2 ldns=$3 cold warm
  cold=$(java_of "$step" 2); warm=$(java_of "$step" 3)
  printf '%-22s %10s %10s   %-24s %10s %8s\n' "$step" "$cold" "$warm" "$tool" "$ldns" \
    "$(awk -v l="$ldns" -v w="$warm" 'BEGIN {printf (l == "" ? "-" : "%.1fx"), l / w}')"
}
row parse ldns-read-zone "$read_ms"
row parse+zonemd-verify "ldns-verify-zone -Z" "$verify_ms"
row parse2+diff ldns-compare-zones "$compare_ms"
row zonemd-sha384 "(part of verify)" ""
row diff "(part of compare)" ""
grep '^#' "$work/java.txt"
echo "(ms, median of $runs runs; ldns/java > 1 means zone-core is faster)"
