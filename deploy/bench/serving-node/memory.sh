#!/usr/bin/env bash
# Memory of the serving node against NSD and Knot serving the same zone, measured in the same run.
#
#   deploy/bench/serving-node/memory.sh [VERSIONS]          real root zone, VERSIONS (default 20) versions
#   SYNTH_DELEGATIONS=200000 memory.sh                      the first real version plus 200,000 synthetic
#                                                           delegations (5 records each: ~1,000,000 records)
#
# The node is the real one (quarkus-app, launched with its jvm.options as ./rootzone up does), fed by
# an embedded KRaft broker: the first version whole (with a snapshot), then each next one as a delta,
# waiting for the node to answer each serial. Then 5 s of dnsperf with the bench query mix (DO set,
# 20k qps: fills the node's lazily rendered answers) and, 3 s later, RSS and PSS of its process. NSD
# (server-count 2) and Knot (2 UDP workers) then load the last version's file and get the same queries.
# RSS of NSD is the sum over its process tree (the zone is shared copy-on-write by the children:
# PSS counts it once). NODE_NMT=1 adds the JVM's native memory summary; NODE_JAVA_OPTS appends options
# (e.g. the old "-Xmx1g -XX:+UseG1GC" to measure a baseline). Everything stays on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$repo/deploy/bench/serving-node"
n=${1:-20}
synth=${SYNTH_DELEGATIONS:-0}
echo "load before: $(uptime)"
# shellcheck source=lib.sh
. "$here/lib.sh"
bench_node_setup node-memory python3 java nsd knotd dnsperf dig
[ "${NODE_NMT:-0}" = 1 ] && node_opts+=(-XX:NativeMemoryTracking=summary)

history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "no root zone history at $history" >&2; exit 2; }
if (( synth > 0 )); then n=1; fi
"$history/extract.sh" "$work/zones" "$n" >/dev/null
mapfile -t files < <(ls "$work/zones"/root.zone.* | sort)
if (( synth > 0 )); then
  # The real apex and TLDs (without ZONEMD, which would no longer match), then tNNNNNN. delegations:
  # 2 NS, a DS, an A and an AAAA glue record each, as TestZones makes them.
  big="$work/zones/root.zone.synthetic"
  { awk '$4 != "ZONEMD" && !($4 == "RRSIG" && $5 == "ZONEMD")' "${files[0]}"
    awk -v n="$synth" 'BEGIN{for(i=0;i<n;i++){t=sprintf("t%07d.", i)
      printf "%s\t172800\tIN\tNS\tns1.%s\n%s\t172800\tIN\tNS\tns2.%s\n", t, t, t, t
      printf "%s\t86400\tIN\tDS\t%d 8 2 %064x\n", t, i % 65536, i
      printf "ns1.%s\t172800\tIN\tA\t10.%d.%d.%d\n", t, int(i/65536)%256, int(i/256)%256, i%256
      printf "ns2.%s\t172800\tIN\tAAAA\t2001:db8::%x:%x\n", t, int(i/65536), i%65536}}'
  } > "$big"
  rm "${files[0]}"; files=("$big")
fi
zone=${files[-1]}
records=$(grep -cv '^\s*\(;\|$\)' "$zone")
echo "zone: $records records in the last version, $n version(s) through the node"
make_queries "$zone" "$work/queries"

bench_classpath
start_broker node-1
[ "$synth" -gt 0 ] && PUBLISHER_HEAP=3g
start_publisher 0 "${files[@]}"
publish 1
start_node node-1; pids+=("$node_pid")
t1=$(await_serial "${dns[node-1]}" "$node_pid" "$(last_committed)")
[ "$t1" != timeout ] || { tail -30 "$work/node-1.log" >&2; exit 1; }
for (( k = 1; k < n; k++ )); do
  publish 1
  t1=$(await_serial "${dns[node-1]}" "$node_pid" "$(last_committed)")
  [ "$t1" != timeout ] || { tail -30 "$work/node-1.log" >&2; exit 1; }
done
echo "node answers serial $(last_committed) after $n version(s); node JVM options: ${node_opts[*]}"
# What each version cost the node (its own lines: apply time, CPU, allocation, collections), the first and last two.
grep -E "serving serial|version cost of serial" "$work/node-1.log" | sed -E 's/^.*\] \([^)]*\) //' | { mapfile -t l
  if (( ${#l[@]} > 4 )); then printf '  %s\n' "${l[@]:0:2}" "..." "${l[@]: -2}"; else printf '  %s\n' "${l[@]}"; fi; }

load() { # port: 5 s at 20k qps, the bench query mix with DO
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l 5 -D -c 20 -Q 20000 2>&1 | awk '/Queries (completed|lost)/{printf "%s ", $0} END{print ""}'
}
declare -A rss pss
sample() { # name pid
  sleep 3
  read -r "rss[$1]" "pss[$1]" < <(rss_pss "$2")
}
echo "node: $(load "${dns[node-1]}")"
sample node "$node_pid"
echo "node: $(ls "/proc/$node_pid/task" | wc -l) threads"
if [ "${NODE_HISTO:-0}" = 1 ]; then # what the heap's bytes are: the largest classes of live objects
  jcmd "$node_pid" GC.class_histogram | head -25 | sed 's/^/  /'
fi
if [ "${NODE_NMT:-0}" = 1 ]; then
  jcmd "$node_pid" VM.native_memory summary | awk '/^-/ || /committed=/ && /^Total/' | sed 's/^/  /' | head -40
  jcmd "$node_pid" GC.heap_info | sed 's/^/  /'
  # what NMT does not see: file mappings (libjvm, the CDS archive, jars) and malloc arenas
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name=($6 == "" ? "[anon]" : $6)} /^Rss:/{r[name]+=$2}
       END{for (n in r) if (r[n] > 1024) printf "  %7.1f MiB  %s\n", r[n]/1024, n}' "/proc/$node_pid/smaps" | sort -rn | head -12
fi
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
kill "$publisher_pid" "${pids[0]}" 2>/dev/null || true

start_nsd "$zone"; wait_ready "$nsd_port"
echo "nsd:  $(load "$nsd_port")"
sample nsd "$nsd_pid"
kill "$nsd_pid"; wait "$nsd_pid" 2>/dev/null || true
start_knot "$zone"; wait_ready "$knot_port"
echo "knot: $(load "$knot_port")"
sample knot "$knot_pid"
kill "$knot_pid"; wait "$knot_pid" 2>/dev/null || true

echo
printf '%-6s %9s %9s\n' server "RSS MiB" "PSS MiB"
for s in node nsd knot; do printf '%-6s %9s %9s\n' "$s" "${rss[$s]}" "${pss[$s]}"; done
awk -v n="${rss[node]}" -v d="${rss[nsd]}" -v k="${rss[knot]}" -v pn="${pss[node]}" -v pd="${pss[nsd]}" -v r="$records" \
  'BEGIN{printf "node/NSD RSS %.2f (PSS %.2f), node/Knot RSS %.2f; node %.0f bytes of RSS per record\n", n/d, pn/pd, n/k, n*1048576/r}'
echo "load after: $(uptime)"
