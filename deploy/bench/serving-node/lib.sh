# Shared by the serving-node benchmarks (run.sh, propagation.sh, memory.sh, start.sh): sourced after
# the caller set repo and here; bench_node_setup makes $work and the array pids, which run.sh makes
# itself. Everything listens on 127.0.0.1.

# shellcheck source=knot-nsd.sh
. "$here/knot-nsd.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Clock without extra processes (a bash builtin): on a loaded machine every fork costs tens of ms.
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }
# The real interpreter, not a version-manager shim (a shell script) that costs every start.
python=$(python3 -c 'import sys; print(sys.executable)')
# Polls nodes until each answers serial $3; prints the epoch ms each first did, or "timeout", on one
# line (await_serial.py: one process, a SOA query to each node every 5 ms).
await_serial() { echo "$3" | "$python" "$here/await_serial.py" 120 "$1:$2"; } # port pid serial

# RSS and PSS (MiB) of a process and its children (NSD serves from forked children): "RSS PSS".
tree_pids() { local c; echo "$1"; for c in $(pgrep -P "$1" || true); do tree_pids "$c"; done; }
rss_pss() {
  local p; for p in $(tree_pids "$1"); do cat "/proc/$p/smaps_rollup" 2>/dev/null; done \
    | awk '/^Rss:/{r+=$2} /^Pss:/{s+=$2} END{printf "%d %d\n", r/1024, s/1024}'
}

# The common start of a node benchmark: the build to run (NODE_APP, default this checkout's), the
# tools it needs, a temp dir $work, the trap that kills what the run started (the array pids) and
# removes it, and a private copy of the node's app with its JVM options plus NODE_JAVA_OPTS.
bench_node_setup() { # prefix tool...
  local prefix=$1 tool; shift
  built=${NODE_APP:-$repo/services/serving-node/target/quarkus-app}
  [ -f "$built/quarkus-run.jar" ] || { echo "$built/quarkus-run.jar missing: build the serving node first" >&2; exit 2; }
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool" >&2; exit 2; }
  done
  work=$(mktemp -d "/tmp/$prefix.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
  # A private copy: a build of the module during the run would replace the jars under the nodes.
  node_app_copy "$built"
  # shellcheck disable=SC2206 # NODE_JAVA_OPTS is a list of options
  node_opts+=(${NODE_JAVA_OPTS:-})
}
bench_cleanup() {
  [ -z "${pub_in:-}" ] || exec {pub_in}>&-
  [ -z "${pub_out:-}" ] || exec {pub_out}<&-
  [ -z "${poll_in:-}" ] || exec {poll_in}>&-
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# The node as deployed: its quarkus-app (copied, so a build during the run changes nothing) and the
# JVM options it is launched with (the app's jvm.options, the file ./rootzone up reads).
node_app_copy() { # built quarkus-app dir -> sets app and node_opts
  cp -r "$1" "$work/node-app"
  app="$work/node-app/quarkus-run.jar"
  node_opts=()
  [ ! -f "$work/node-app/jvm.options" ] || node_opts=("@$work/node-app/jvm.options")
}

# Classpath: the node's test classpath holds event-log, zone-core, kafka-embedded and the broker.
# Resolved in the reactor (-am: the sibling modules' target/classes), so nothing needs installing.
bench_classpath() {
  (cd "$repo" && ./mvnw -o -q -pl services/serving-node -am compile dependency:build-classpath -Dmdep.includeScope=test \
     -Dmdep.outputFile="$work/cp.txt" >/dev/null)
  cp="$(cat "$work/cp.txt")"
}

# An embedded KRaft broker secured as ./rootzone up's (topics, a user per role in $work/credentials)
# and the publisher signing key of this run (mode 0600; nodes trust its public key). Args: node ids.
start_broker() {
  kport=$(free_port)
  (umask 077 && openssl genpkey -algorithm ed25519 -out "$work/publisher-signing.key")
  openssl pkey -in "$work/publisher-signing.key" -pubout -out "$work/publisher-signing.pub" 2>/dev/null
  java -Xmx768m -cp "$cp" rootzone.kafka.EmbeddedKafkaMain "$work/kafka" "$kport" "$work/credentials" publisher "$@" \
       >"$work/kafka.log" 2>&1 &
  pids+=($!)
  local _
  for _ in $(seq 1 120); do grep -q "kafka ready" "$work/kafka.log" && break; sleep 0.5; done
  grep -q "kafka ready" "$work/kafka.log" || { cat "$work/kafka.log" >&2; exit 1; }
}

# shellcheck source=publisher.sh
. "$here/publisher.sh"

declare -A dns http
start_node() { # id [extra JVM options...] -> pid in node_pid; its data in $work/ID, log in $work/ID.log
  local id=$1; shift
  [ -n "${dns[$id]:-}" ] || { dns[$id]=$(free_port); http[$id]=$(free_port); }
  java "${node_opts[@]}" "$@" -Drootzone.node.id="$id" -Drootzone.node.dns.port="${dns[$id]}" \
       -Dquarkus.http.port="${http[$id]}" -Drootzone.node.data-dir="$work/$id" \
       -Drootzone.kafka.config="$work/credentials/$id.properties" \
       -Drootzone.node.trusted-publisher-keys="$work/publisher-signing.pub" \
       -jar "$app" >>"$work/$id.log" 2>&1 &
  node_pid=$!
}

# --- the reference servers, each on a free port serving the zone file $1 (copied into $work) ------
wait_ready() { # port: until it answers ". SOA" (30 s at most)
  local _; for _ in $(seq 100); do dig +time=1 +tries=1 @127.0.0.1 -p "$1" . SOA +short >/dev/null 2>&1 && return 0; sleep 0.3; done
  echo "server on $1 did not answer"; return 1
}
start_nsd() { # zonefile -> nsd_pid, nsd_port (server-count 2, zone loaded from the file at start)
  nsd_port=$(free_port); mkdir -p "$work/nsd"
  cp "$1" "$work/nsd/root.zone"
  nsd_conf "$work/nsd" "$nsd_port" 2 0
  nsd-checkconf "$work/nsd/nsd.conf"
  nsd -d -c "$work/nsd/nsd.conf" > "$work/nsd/log" 2>&1 &
  nsd_pid=$!; pids+=($!)
}
start_knot() { # zonefile -> knot_pid, knot_port (2 UDP workers)
  knot_port=$(free_port); mkdir -p "$work/knot"
  cp "$1" "$work/knot/root.zone"
  cat > "$work/knot/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$knot_port
    rundir: "$work/knot"
    udp-workers: 2
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$work/knot"
template:
  - id: default
    storage: "$work/knot"
    zonefile-sync: -1
    journal-content: none
    semantic-checks: off
zone:
  - domain: .
    file: root.zone
CONF
  knotd -c "$work/knot/knot.conf" > "$work/knot/log" 2>&1 &
  knot_pid=$!; pids+=($!)
}

# The query mix (from the zone, shuffled) into file $2: 60 % non-existent TLDs (NXDOMAIN with NSEC
# proofs), 30 % names under real TLDs (referrals with DS or NSEC), 10 % apex SOA/NS/DNSKEY.
make_queries() { # zonefile out
  awk '$4=="NS" && $1!="." {print tolower($1)}' "$1" | sort -u > "$2.tlds"
  {
    # random labels so no two look alike (NSD and Knot cache nothing either)
    awk 'BEGIN{srand(7); for(i=0;i<60000;i++){s="nx"; for(j=0;j<8;j++) s=s substr("abcdefghijklmnopqrstuvwxyz0123456789",int(rand()*36)+1,1); print s". A"}}'
    awk -v n=30000 '{t[NR]=$1} END{for(i=0;i<n;i++) print "www." t[i%NR+1] " A"}' "$2.tlds"
    awk 'BEGIN{for(i=0;i<3334;i++) print ". SOA\n. NS\n. DNSKEY"}'
  } | shuf --random-source=<(yes) > "$2"
}
