#!/usr/bin/env bash
# The fault suite (issue 13, section 2): starts `rootzone up --brokers 3`, injects faults on purpose
# (kill -9, SIGSTOP, whole restart), and counts per scenario: runs, faults injected, versions
# published, versions served by every node, partial versions ever served, events lost, duplicated
# events. The last three must be 0; the exit status is 1 otherwise.
#
#   deploy/chaos/run.sh [scenario ...]     scenarios: leader-kill node-kill broker-freeze node-cut publisher-kill cluster-restart
#
# Environment (all bounded): RUNS (5) per scenario, or RUNS_<SCENARIO> for one (RUNS_NODE_KILL=100),
# PUBLICATIONS (20) per leader-kill run, FREEZE (20 s) per SIGSTOP, CUT (FREEZE) per node cut-off,
# NODES (2), TLDS (2000: delegations in the zone, so a transaction takes a while), SCENARIO_LIMIT
# (600 s: a scenario stops starting runs after this; so does every scenario once the file
# $DATA/chaos/stop exists), PORT (base port, 19000),
# ROOTZONE (the CLI; default ./rootzone), DATA (state directory; default a fresh temporary one).
#
# DNS is asked with kdig at 127.0.0.1 on each node's own port, never the system resolver.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/deploy/chaos"
cd "$repo"   # rootzone up finds the built services from the repository
RUNS=${RUNS:-5}; PUBLICATIONS=${PUBLICATIONS:-20}; FREEZE=${FREEZE:-20}; NODES=${NODES:-2}; TLDS=${TLDS:-2000}
SCENARIO_LIMIT=${SCENARIO_LIMIT:-600}; PORT=${PORT:-19000}; CUT=${CUT:-$FREEZE}
read -r -a ROOTZONE <<< "${ROOTZONE:-$repo/rootzone}"
DATA=${DATA:-$(mktemp -d /tmp/rootzone-chaos.XXXXXX)}
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(leader-kill node-kill broker-freeze node-cut publisher-kill cluster-restart)

# Brokers take PORT..PORT+2 (client ports); node i: DNS PORT+10+i-1, HTTP PORT+20+100*(i-1); the proxy
# of node-cut PORT+50..PORT+52.
KAFKA=$PORT; PROXY=$((PORT + 50)); PUB=$((PORT + 5)); AUDITOR=$((PORT + 6)); COORD=$((PORT + 7)); DNS=$((PORT + 10)); NODE_HTTP=$((PORT + 20))
AUD="http://127.0.0.1:$AUDITOR"
zones="$DATA/chaos/zones"; mkdir -p "$zones"
samples="$DATA/chaos/samples"   # "scenario node serial digest" lines, written by the sampler
acked="$DATA/chaos/acked"       # serials the publisher answered PUBLISHED or ALREADY_PUBLISHED for
: > "$samples"; : > "$acked"; : > "$DATA/chaos/times"; : > "$DATA/chaos/back"   # seconds per run; node-kill: from the kill to answering again
serial=2025010100
up_pid=""; sampler_pid=""; proxy_pid=""; scenario="start"
# node-cut: the last node reaches the brokers only through a loopback TCP proxy (Proxy.java) that
# SIGSTOP cuts and SIGCONT restores; no iptables or network namespaces needed.
cut_node=""; [[ " ${scenarios[*]} " == *" node-cut "* ]] && cut_node=$NODES

log() { printf '%s chaos: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
pidof_service() { cat "$DATA/run/$1.pid" 2>/dev/null || echo 0; }
node_http() { echo $((NODE_HTTP + 100 * ($1 - 1))); }
node_dns() { echo $((DNS + $1 - 1)); }
soa_serial() { kdig @127.0.0.1 -p "$(node_dns "$1")" +time=1 +retry=0 +short . SOA 2>/dev/null | awk '{print $3}' | head -1 || true; }
node_json() { curl -s -m 2 "http://127.0.0.1:$(node_http "$1")/node" 2>/dev/null || true; }

# Version S: the base delegations plus one more per serial, so every version differs from the last
# by one added delegation (well inside the blast-radius gate).
zone_file() {
  local s=$1 f="$zones/$1.zone"
  [ -f "$f" ] && { echo "$f"; return; }
  {
    echo '$ORIGIN .'; echo '$TTL 86400'
    echo "@ IN SOA a.root-servers.net. nstld.verisign-grs.com. $s 1800 900 604800 86400"
    echo '@ 518400 IN NS a.root-servers.net.'; echo '@ 518400 IN NS b.root-servers.net.'
    echo 'a.root-servers.net. 518400 IN A 198.41.0.4'; echo 'b.root-servers.net. 518400 IN A 170.247.170.2'
    awk -v n="$TLDS" 'BEGIN { for (i = 0; i < n; i++) printf "tld%d. 172800 IN NS ns.tld%d.\nns.tld%d. 172800 IN A 192.0.2.%d\n", i, i, i, i % 250 + 1 }'
    awk -v a=2025010100 -v b="$s" 'BEGIN { for (i = a; i <= b; i++) printf "v%d. 172800 IN NS ns.tld0.\n", i }'
  } > "$f"
  echo "$f"
}

# Publishes serial $1; a failure must be clear (non-zero exit, message) and a retry must succeed.
# Prints the number of failed attempts.
publish() {
  local s=$1 f out failures=0
  f=$(zone_file "$s")
  for attempt in 1 2 3 4 5 6; do
    if out=$("${ROOTZONE[@]}" publish "$f" --publisher "http://127.0.0.1:$PUB" --data "$DATA" --timeout PT60S 2>&1); then
      echo "$s $scenario" >> "$acked"; log "$out"; echo "$failures"; return 0
    fi
    failures=$((failures + 1)); log "serial $s attempt $attempt failed clearly: $(echo "$out" | tail -1)"; sleep 3
  done
  log "serial $s NOT published after 6 attempts"; echo "$failures"; return 1
}

# Waits until every node (or the nodes $3...) serves serial $1 over DNS and /node; prints 1 if all did
# within $2 s, else 0.
served_by_all() {
  local s=$1 deadline=$((SECONDS + ${2:-120})) i ok nodes
  if [ $# -gt 2 ]; then nodes=("${@:3}"); else mapfile -t nodes < <(seq 1 "$NODES"); fi
  while [ $SECONDS -lt $deadline ]; do
    ok=1
    for i in "${nodes[@]}"; do
      [ "$(soa_serial "$i")" = "$s" ] && [ "$(node_json "$i" | jq -r '.serial // empty' 2>/dev/null)" = "$s" ] || { ok=0; break; }
    done
    [ $ok = 1 ] && { echo 1; return; }
    sleep 0.5
  done
  log "serial $s not served by every node within ${2:-120} s"; echo 0
}

# Every 0.3 s, what each node serves: DNS SOA serial and /node serial + digest (checked at the end).
sampler() {
  set +e   # a node that is down answers nothing; keep sampling
  while :; do
    for i in $(seq 1 "$NODES"); do
      local j d; j=$(node_json "$i"); d=$(soa_serial "$i")
      [ -n "$j" ] && echo "$(cat "$DATA/chaos/scenario") $i $(echo "$j" | jq -r '"\(.serial) \(.digest) \(.degraded) \(.secondsBehind) \(.behind)"' 2>/dev/null) ${d:--}" >> "$samples"
    done
    sleep 0.3
  done
}

# Starts rootzone up and waits for "rootzone is up" in what this start wrote (up.log is appended to).
# A start that gives up (e.g. a service not live in time on a loaded machine) is retried, at most 3
# times, and noted: it is a finding, not a fault the suite injected.
start_up() {
  local extra=() attempt from deadline
  [ -n "${1:-}" ] && extra=(--zone "$1")
  [ -n "$cut_node" ] && extra+=(--proxied-node "node-$cut_node" --kafka-proxy-port "$PROXY")
  for attempt in 1 2 3; do
    log "starting rootzone up --brokers 3 --nodes $NODES in $DATA"
    from=1; [ -f "$DATA/chaos/up.log" ] && from=$(( $(wc -l < "$DATA/chaos/up.log") + 1 ))
    "${ROOTZONE[@]}" up --data "$DATA" --brokers 3 --nodes "$NODES" --kafka-port "$KAFKA" --publisher-port "$PUB" \
        --dns-port "$DNS" --node-http-port "$NODE_HTTP" --auditor-port "$AUDITOR" --coordination-port "$COORD" "${extra[@]}" \
        >> "$DATA/chaos/up.log" 2>&1 &
    up_pid=$!
    deadline=$((SECONDS + 600))
    until tail -n +"$from" "$DATA/chaos/up.log" 2>/dev/null | grep -q "rootzone is up"; do
      if ! kill -0 "$up_pid" 2>/dev/null; then
        wait "$up_pid" 2>/dev/null || true; up_pid=""
        log "rootzone up exited while starting: $(tail -n +"$from" "$DATA/chaos/up.log" | grep -m1 '^rootzone: ' || echo '?')"
        NOTES[$scenario]+="up gave up starting once ($(tail -n +"$from" "$DATA/chaos/up.log" | grep -m1 '^rootzone: ' | cut -c11-60)); "
        continue 2
      fi
      [ $SECONDS -lt $deadline ] || { log "rootzone up not up in 600 s"; exit 2; }
      sleep 1
    done
    return 0
  done
  log "rootzone up did not start in 3 attempts"; tail -30 "$DATA/chaos/up.log" >&2; exit 2
}

stop_up() {
  [ -n "$up_pid" ] || return 0
  kill -TERM "$up_pid" 2>/dev/null || true
  wait "$up_pid" 2>/dev/null || true
  up_pid=""
}

cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$proxy_pid" ] && { kill -CONT "$proxy_pid"; kill "$proxy_pid"; } 2>/dev/null || true
  for b in 0 1 2; do kill -CONT "$(pidof_service "broker-$b")" 2>/dev/null || true; done
  stop_up
}
trap cleanup EXIT
trap "exit 143" TERM INT

leader() {
  java -cp "$(cat "$repo/services/cli/target/classpath.txt")" "$here/Leader.java" "$DATA/credentials/admin.properties" \
      rootzone.zone.versions 0 "127.0.0.1:$KAFKA" 2>/dev/null || echo -1
}

# Waits until service $1 runs again under a pid other than $2 (the Supervisor restarted it).
await_restart() {
  local deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ]; do
    local p; p=$(pidof_service "$1")
    [ "$p" != "$2" ] && [ "$p" != 0 ] && kill -0 "$p" 2>/dev/null && return 0
    sleep 0.5
  done
  log "$1 was not restarted within 120 s"; return 1
}

await_node_up() {
  local deadline=$((SECONDS + 120))
  until [ -n "$(node_json "$1")" ] && [ -n "$(soa_serial "$1")" ]; do
    [ $SECONDS -lt $deadline ] || return 1; sleep 0.2
  done
}

# Per scenario counters.
declare -A RUNS_DONE FAULTS PUBLISHED SERVED FAILED NOTES UNMET BACK_PREVIOUS BACK_NEWEST
count() { local -n counter=$1; counter[$scenario]=$(( ${counter[$scenario]:-0} + $2 )); }
unmet() { log "UNMET: $*"; NOTES[$scenario]+="UNMET $*; "; count UNMET 1; }   # an expectation of the scenario failed

next_version() {   # publish the next serial and count it; $1: seconds to wait for every node
  local failed
  serial=$((serial + 1))
  failed=$(publish "$serial") || { count FAILED "${failed:-0}"; return 0; }
  count FAILED "$failed"
  count PUBLISHED 1
  count SERVED "$(served_by_all "$serial" "${1:-120}")"
}

scenario_leader_kill() {
  local k=$((RANDOM % PUBLICATIONS)) i victim=-1 old
  for i in $(seq 1 "$PUBLICATIONS"); do
    if [ "$i" = $((k + 1)) ]; then
      victim=$(leader)
      [ "$victim" -ge 0 ] || NOTES[$scenario]+="no leader found for run at publication $i; "
      if [ "$victim" -ge 0 ]; then
        old=$(pidof_service "broker-$victim")
        # the kill lands while this publication is in flight
        ( sleep "0.$((RANDOM % 9))"; kill -9 "$old" 2>/dev/null; ) &
        count FAULTS 1; log "kill -9 broker-$victim (leader of the versions partition, pid $old) during publication $i"
      fi
    fi
    next_version 120
  done
  if [ "$victim" -ge 0 ]; then await_restart "broker-$victim" "$old" || true; fi
}

scenario_node_kill() {
  local n=$((RANDOM % NODES + 1)) old first killed_at back=-
  old=$(pidof_service "node-$n")
  serial=$((serial + 1))
  publish "$serial" > /dev/null &
  local pub=$!
  sleep "$((RANDOM % 2)).$((RANDOM % 10))"  # a random point of receiving / applying the version
  kill -9 "$old"; killed_at=$EPOCHREALTIME; count FAULTS 1; log "kill -9 node-$n (pid $old) while serial $serial is applied"
  if wait "$pub"; then count PUBLISHED 1; fi
  if await_restart "node-$n" "$old" && await_node_up "$n"; then
    back=$(awk -v a="$killed_at" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  else
    unmet "node-$n not back (restarted and answering DNS and /node) within 120 s of its kill"
  fi
  first=$(soa_serial "$n")
  # It must come back with a committed serial: the last good one from its snapshot (the previous
  # serial, or already the newest if it had switched before the kill), then serve the newest.
  if grep -q "^${first:-none} " "$acked"; then
    [ "$first" = "$serial" ] && count BACK_NEWEST 1 || count BACK_PREVIOUS 1
  else
    unmet "node-$n came back with serial '${first:-nothing}', not a committed one"
  fi
  echo "$scenario $back" >> "$DATA/chaos/back"
  count SERVED "$(served_by_all "$serial" 120)"
}

scenario_broker_freeze() {
  local b p all=()
  b=$(leader); [ "$b" -ge 0 ] || b=0; p=$(pidof_service "broker-$b")
  kill -STOP "$p"; count FAULTS 1; log "SIGSTOP broker-$b (leader, pid $p) for $FREEZE s; publishing meanwhile"
  next_version $((FREEZE + 60))
  sleep "$FREEZE"; kill -CONT "$p"
  # Cut every node off: all brokers frozen. The nodes keep answering their last serial and say degraded.
  for b in 0 1 2; do all+=("$(pidof_service "broker-$b")"); done
  kill -STOP "${all[@]}"; count FAULTS 1; log "SIGSTOP all brokers for $FREEZE s (nodes cut off)"
  local deadline=$((SECONDS + FREEZE)) answered=0 asked=0 i
  while [ $SECONDS -lt $deadline ]; do
    for i in $(seq 1 "$NODES"); do
      asked=$((asked + 1)); [ "$(soa_serial "$i")" = "$serial" ] && answered=$((answered + 1))
    done
    sleep 1
  done
  local degraded=0
  for i in $(seq 1 "$NODES"); do
    [ "$(node_json "$i" | jq -r .degraded)" = true ] && degraded=$((degraded + 1))
  done
  kill -CONT "${all[@]}"
  log "cut off: $answered of $asked SOA queries answered serial $serial; $degraded of $NODES nodes reported degraded"
  [ "$answered" = "$asked" ] || NOTES[$scenario]+="only $answered/$asked answered while cut off; "
  [ "$degraded" = "$NODES" ] || NOTES[$scenario]+="$degraded/$NODES degraded while cut off; "
  next_version 120   # caught up once the brokers are back
}

# One node loses its connection to every broker (its proxy stopped) while the brokers and the other
# nodes stay up; a version is published meanwhile. The node must keep answering its last good serial,
# say so in /node, health and metrics, and catch up once the proxy runs again.
scenario_node_cut() {
  local n=$cut_node old=$serial others=() i answered=0 asked=0 degraded=0 health="" metric="" secs=0 versions=0 j
  for i in $(seq 1 "$NODES"); do [ "$i" = "$n" ] || others+=("$i"); done
  kill -STOP "$proxy_pid"; count FAULTS 1; log "node-$n cut off from every broker (proxy pid $proxy_pid stopped) for $CUT s"
  local deadline=$((SECONDS + CUT))
  serial=$((serial + 1))
  local failed published=0
  if failed=$(publish "$serial"); then
    published=1; count PUBLISHED 1
    [ ${#others[@]} = 0 ] || [ "$(served_by_all "$serial" 60 "${others[@]}")" = 1 ] || unmet "serial $serial not served by the other nodes while node-$n was cut off"
  fi
  count FAILED "${failed:-0}"
  while [ $SECONDS -lt $deadline ] || [ $asked -lt 5 ]; do
    asked=$((asked + 1)); [ "$(soa_serial "$n")" = "$old" ] && answered=$((answered + 1))
    sleep 1
  done
  j=$(node_json "$n")
  [ "$(echo "$j" | jq -r .degraded)" = true ] && degraded=1
  secs=$(echo "$j" | jq -r '.secondsBehind // 0'); versions=$(echo "$j" | jq -r '.behind // 0')
  health=$(curl -s -m 2 "http://127.0.0.1:$(node_http "$n")/q/health/well" | jq -r '.checks[] | select(.name == "kafka") | "\(.status) \(.data.status) \(.data.unreachableSeconds)"' 2>/dev/null || true)
  metric=$(curl -s -m 2 "http://127.0.0.1:$(node_http "$n")/q/metrics" | awk '/^rootzone_node_degraded[ {]/ {print $NF; exit}' || true)
  kill -CONT "$proxy_pid"
  log "node-$n cut off: $answered of $asked SOA queries answered the last good serial $old; /node degraded=$degraded (${secs} s, ${versions} versions behind), health well: ${health:-none}, rootzone_node_degraded ${metric:-none}"
  [ "$answered" = "$asked" ] || unmet "node-$n answered $answered/$asked with $old while cut off"
  [ "$degraded" = 1 ] && [ "${secs:-0}" -gt 0 ] || unmet "node-$n not degraded in /node while cut off"
  [[ "$health" == "DOWN degraded "* ]] || unmet "node-$n health well '${health}' while cut off"
  [[ "$metric" == 1* ]] || unmet "node-$n rootzone_node_degraded '${metric}' while cut off"
  NOTES[$scenario]+="cut: ${secs} s/${versions} versions behind, "
  # Restored: it catches up on the version published while it was away.
  local t=$SECONDS ok
  [ "$published" = 0 ] || { ok=$(served_by_all "$serial" 120); count SERVED "$ok"; [ "$ok" = 1 ] && NOTES[$scenario]+="caught up in $((SECONDS - t)) s; "; }
}

scenario_publisher_kill() {
  local old
  old=$(pidof_service publisher)
  serial=$((serial + 1))
  local f; f=$(zone_file "$serial")
  "${ROOTZONE[@]}" publish "$f" --publisher "http://127.0.0.1:$PUB" --data "$DATA" --timeout PT60S > /dev/null 2>&1 &
  local pub=$!
  sleep "$((RANDOM % 2)).$((RANDOM % 10))"
  kill -9 "$old"; count FAULTS 1; log "kill -9 publisher (pid $old) while serial $serial is in flight"
  wait "$pub" || true
  await_restart publisher "$old" || true
  # The restarted publisher resumes: the same serial again is either PUBLISHED now or ALREADY_PUBLISHED.
  local deadline=$((SECONDS + 120))
  until curl -s -m 2 "http://127.0.0.1:$PUB/q/health/ready" | grep -q UP; do [ $SECONDS -lt $deadline ] || break; sleep 0.5; done
  if publish "$serial" > /dev/null; then count PUBLISHED 1; count SERVED "$(served_by_all "$serial" 120)"; fi
}

scenario_cluster_restart() {
  stop_up; count FAULTS 1; log "whole cluster stopped"
  start_up
  local i
  for i in $(seq 1 "$NODES"); do await_node_up "$i" || true; done
  # Every node converges on the newest serial, from its local snapshot and the log.
  [ "$(served_by_all "$serial" 120)" = 1 ] || NOTES[$scenario]+="not converged on $serial after restart; "
  next_version 120
}

mkdir -p "$DATA/chaos"; echo start > "$DATA/chaos/scenario"
if [ -n "$cut_node" ]; then
  java "$here/Proxy.java" "$DATA/kafka-cluster/cluster.properties" "$PROXY" 3 >> "$DATA/chaos/proxy.log" 2>&1 &
  proxy_pid=$!
fi
start_up "$(zone_file "$serial")"
echo "$serial start" >> "$acked"
[ "$(served_by_all "$serial" 180)" = 1 ] || { log "the first version was never served"; exit 2; }
sampler & sampler_pid=$!

for scenario in "${scenarios[@]}"; do
  echo "$scenario" > "$DATA/chaos/scenario"
  t0=$SECONDS
  runs_var="RUNS_${scenario//-/_}"; runs_var=${runs_var^^}; runs=${!runs_var:-$RUNS}
  for run in $(seq 1 "$runs"); do
    [ $((SECONDS - t0)) -lt "$SCENARIO_LIMIT" ] || { log "$scenario: time limit after $((run - 1)) runs"; break; }
    [ ! -e "$DATA/chaos/stop" ] || { log "$scenario: $DATA/chaos/stop exists: no more runs, to the counts"; break; }
    log "$scenario run $run/$runs"
    run_t0=$EPOCHREALTIME
    "scenario_${scenario//-/_}"
    echo "$scenario $(awk -v a="$run_t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" >> "$DATA/chaos/times"
    count RUNS_DONE 1
  done
done
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""

# The log, read back by the auditor: every acknowledged serial once, the chains intact.
sleep 5
versions=$(curl -s -m 30 "$AUD/history/versions")
verify=$("${ROOTZONE[@]}" history --auditor "$AUD" verify 2>&1 || true)
log "history verify: $(echo "$verify" | tr '\n' ';')"
echo "$versions" | jq -r '.[] | "\(.serial) \(.contentDigest)"' > "$DATA/chaos/committed"
duplicated=$(( $(wc -l < "$DATA/chaos/committed") - $(cut -d' ' -f1 "$DATA/chaos/committed" | sort -u | wc -l) ))
declare -A LOST DUP
while read -r s sc; do
  c=$(grep -c "^$s " "$DATA/chaos/committed" || true)
  [ "$c" = 0 ] && LOST[$sc]=$(( ${LOST[$sc]:-0} + 1 ))
  [ "$c" -gt 1 ] && DUP[$sc]=$(( ${DUP[$sc]:-0} + c - 1 ))
done < <(sort -u -k1,1 "$acked")
lost=0; for v in "${LOST[@]}"; do lost=$((lost + v)); done
echo "$verify" | grep -qx OK || { log "history verify is NOT OK"; duplicated=$((duplicated + 1)); }

# Partial: a served (serial, digest) that is not a committed version, per scenario.
declare -A PARTIAL DEGRADED BEHIND
while read -r sc node s digest degraded secs _ dns; do
  [ "$s" = -1 ] && continue
  grep -qx "$s $digest" "$DATA/chaos/committed" || PARTIAL[$sc]=$(( ${PARTIAL[$sc]:-0} + 1 ))
  [ "$dns" = - ] || grep -q "^$dns " "$DATA/chaos/committed" || PARTIAL[$sc]=$(( ${PARTIAL[$sc]:-0} + 1 ))
  if [ "$degraded" = true ]; then
    DEGRADED[$sc]=$(( ${DEGRADED[$sc]:-0} + 1 ))
    [ "${secs:-0}" -gt "${BEHIND[$sc]:-0}" ] 2>/dev/null && BEHIND[$sc]=$secs
  fi
done < "$samples"

# "p50 X s, p90 Y s, max Z s" of the seconds in column 2 of file $2's lines for scenario $1.
distribution() {
  awk -v sc="$1" '$1 == sc && $2 != "-" { print $2 }' "$2" 2>/dev/null | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
      i50 = int((NR + 1) / 2); i90 = int(NR * 0.9 + 0.999); if (i90 < 1) i90 = 1
      printf "p50 %s s, p90 %s s, max %s s", v[i50], v[i90], v[NR] }'
}

printf '\n%-16s %5s %7s %10s %13s %8s %5s %11s  %s\n' scenario runs faults published served-by-all partial lost duplicated notes
bad=0
for scenario in "${scenarios[@]}"; do
  p=${PARTIAL[$scenario]:-0}
  printf '%-16s %5d %7d %10d %13d %8d %5s %11s  %s\n' "$scenario" "${RUNS_DONE[$scenario]:-0}" "${FAULTS[$scenario]:-0}" \
      "${PUBLISHED[$scenario]:-0}" "${SERVED[$scenario]:-0}" "$p" "${LOST[$scenario]:-0}" "${DUP[$scenario]:-0}" \
      "${FAILED[$scenario]:-0} clear failures retried; ${DEGRADED[$scenario]:-0} degraded /node samples (max ${BEHIND[$scenario]:-0} s behind); ${NOTES[$scenario]:-}"
  printf '%-16s run time %s' "" "$(distribution "$scenario" "$DATA/chaos/times")"
  [ "$scenario" != node-kill ] || printf '; killed node back in %s; came back serving the previous serial %d times, the newest %d times' \
      "$(distribution "$scenario" "$DATA/chaos/back")" "${BACK_PREVIOUS[$scenario]:-0}" "${BACK_NEWEST[$scenario]:-0}"
  echo
  [ "$p" = 0 ] && [ "${LOST[$scenario]:-0}" = 0 ] && [ "${DUP[$scenario]:-0}" = 0 ] && [ "${PUBLISHED[$scenario]:-0}" = "${SERVED[$scenario]:-0}" ] \
      && [ "${UNMET[$scenario]:-0}" = 0 ] || bad=1
done
printf 'whole log: %d versions committed, events lost %d, duplicated events %d (history verify: %s)\n' \
    "$(wc -l < "$DATA/chaos/committed")" "$lost" "$duplicated" "$(echo "$verify" | tail -1)"
[ "$lost" = 0 ] && [ "$duplicated" = 0 ] || bad=1
log "state and logs in $DATA"
exit $bad
