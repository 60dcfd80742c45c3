#!/usr/bin/env bash
# Throughput and latency of the serving node's DNS engine against NSD and Knot, all serving the same
# real root zone version on loopback, measured with dnsperf.
#
#   deploy/bench/serving-node/run.sh [ZONEFILE] [SECONDS]
#
# ZONEFILE defaults to the newest version in ../shared/data/rootzone-history (extracted to a temp dir).
# For each server in turn: start it on a free loopback port, warm up 2 s, then
#   1. throughput: dnsperf -D (DO on every query), 20 clients, 500 queries outstanding, SECONDS long;
#   2. latency: dnsperf -v at a fixed 20,000 qps for 5 s, p50/p99 computed from every response.
# Query mix (from the zone, shuffled): 60 % non-existent TLDs (NXDOMAIN with NSEC proofs),
# 30 % names under real TLDs (referrals with DS or NSEC), 10 % apex SOA/NS/DNSKEY.
# Reports qps, average latency, p50/p99 at fixed load, RSS of each server, and node/NSD, node/Knot.
# Everything stays on 127.0.0.1. The machine's cores are shared by dnsperf and the server.
# Environment: SERVERS (default "node nsd knot": which to measure), NODE_THREADS (engine UDP threads,
# default 2), NODE_UDP_IO (auto, batched = recvmmsg/sendmmsg through our JNI, netty = recvmmsg/sendmmsg
# through Netty's epoll transport, channel = DatagramChannel; default auto),
# NODE_JAVA_OPTS (extra JVM options for the engine).
set -euo pipefail
servers=${SERVERS:-node nsd knot}
node_threads=${NODE_THREADS:-2}
node_udp_io=${NODE_UDP_IO:-auto}
echo "load before: $(uptime)"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
repo=$(cd "$here/../../.." && pwd)
secs=${2:-10}
work=$(mktemp -d /tmp/rz-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

for tool in dnsperf nsd knotd java; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool: install it (see README)"; exit 2; }
done

zone=${1:-}
if [ -z "$zone" ]; then
  bundle=$(ls "$repo"/../shared/data/rootzone-history/*.bundle 2>/dev/null | head -1 || true)
  [ -n "$bundle" ] || { echo "no ZONEFILE given and no ../shared/data/rootzone-history: nothing to serve"; exit 2; }
  git clone -q --bare "$bundle" "$work/h.git"
  git --git-dir="$work/h.git" show HEAD:root.zone > "$work/root.zone"
  zone=$work/root.zone
fi
cp "$zone" "$work/root.zone" 2>/dev/null || true
zone=$work/root.zone
serial=$(awk '$4=="SOA"{print $7; exit}' "$zone")
echo "zone: serial $serial, $(wc -l < "$zone") lines"

# --- query file -------------------------------------------------------------------------------
make_queries "$zone" "$work/queries"
ntld=$(wc -l < "$work/queries.tlds")
echo "queries: $(wc -l < "$work/queries") ($ntld TLDs)"

port() { free_port; }
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status"; }
# CPU time (user + system, clock ticks) of a server: the process and its children (NSD serves from
# forked children), all threads included. On 2 shared cores, CPU per query is the fairer figure: a
# server that needs less leaves more of the machine to dnsperf. (NSD's process names hold spaces:
# the fields are counted after the ')' that ends the name.)
cpu_ticks() { local t=0 p; for p in $(tree_pids "$1"); do t=$((t + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0))); done; echo "$t"; }

measure() { # name port pid
  local name=$1 p=$2 pid=$3
  dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries" -l 2 -D -c 20 -q 500 >/dev/null 2>&1 || true
  local c0 c1
  c0=$(cpu_ticks "$pid")
  dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries" -l "$secs" -D -c 20 -q 500 > "$work/$name.tput" 2>&1
  c1=$(cpu_ticks "$pid")
  dnsperf -s 127.0.0.1 -p "$p" -d "$work/queries" -l 5 -D -c 20 -Q 20000 -v 2>/dev/null \
    | awk '$1==">" {print $NF}' | sort -n > "$work/$name.lat"
  local qps avg lost p50 p99 n
  qps=$(awk '/Queries per second/{print int($4)}' "$work/$name.tput")
  avg=$(awk '/Average Latency/{printf "%.3f", $4*1000}' "$work/$name.tput")
  lost=$(awk '/Queries lost/{print $4}' "$work/$name.tput")
  n=$(wc -l < "$work/$name.lat")
  p50=$(awk -v n="$n" 'NR==int(n*0.50)+1{printf "%.3f", $1*1000}' "$work/$name.lat")
  p99=$(awk -v n="$n" 'NR==int(n*0.99)+1{printf "%.3f", $1*1000}' "$work/$name.lat")
  local cpq
  cpq=$(awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v q="$(awk '/Queries completed/{print $3}' "$work/$name.tput")" \
    'BEGIN{printf "%.2f", (q > 0 ? c / hz / q * 1e6 : 0)}')
  printf '%-6s %9s qps  avg %7s ms  lost %-10s | CPU %s us/query | at 20k qps: p50 %s ms p99 %s ms | RSS %s MiB\n' \
    "$name" "$qps" "$avg" "$lost" "$cpq" "$p50" "$p99" "$(rss "$pid")"
  echo "$qps" > "$work/$name.qps"
}

# --- this node (standalone engine, no Quarkus/Kafka) -------------------------------------------
if [[ " $servers " == *" node "* ]]; then
( cd "$repo" && ./mvnw -o -q -pl services/serving-node dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null )
cp="$repo/services/serving-node/target/classes:$(cat "$work/cp.txt")"
p=$(port)
# shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
java -Xms1g -Xmx1g -XX:+UseParallelGC ${NODE_JAVA_OPTS:-} -cp "$cp" rootzone.node.dns.StandaloneDnsServer "$zone" 127.0.0.1 "$p" "$node_threads" "$node_udp_io" > "$work/node.log" 2>&1 &
pids+=($!); node_pid=$!
wait_ready "$p"; cat "$work/node.log"
measure node "$p" "$node_pid"
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
fi

# --- NSD ---------------------------------------------------------------------------------------
if [[ " $servers " == *" nsd "* ]]; then
start_nsd "$zone"; p=$nsd_port
wait_ready "$p"
# RSS of NSD: the main process plus its serving children
measure nsd "$p" "$nsd_pid"
echo "       (NSD process tree RSS MiB: $(for c in $(tree_pids "$nsd_pid"); do rss "$c"; done | tr '\n' ' '))"
kill "$nsd_pid"; wait "$nsd_pid" 2>/dev/null || true
fi

# --- Knot --------------------------------------------------------------------------------------
if [[ " $servers " == *" knot "* ]]; then
start_knot "$zone"; p=$knot_port
wait_ready "$p"
measure knot "$p" "$knot_pid"
kill "$knot_pid"; wait "$knot_pid" 2>/dev/null || true
fi

echo "load after: $(uptime)"
if [ -f "$work/node.qps" ] && [ -f "$work/nsd.qps" ] && [ -f "$work/knot.qps" ]; then
  node=$(cat "$work/node.qps"); nsdq=$(cat "$work/nsd.qps"); knotq=$(cat "$work/knot.qps")
  awk -v a="$node" -v b="$nsdq" -v c="$knotq" 'BEGIN{printf "ratio node/NSD %.2f, node/Knot %.2f\n", a/b, a/c}'
fi
