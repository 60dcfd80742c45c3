#!/usr/bin/env bash
# Commit -> answer with the whole system as an operator runs it: `./rootzone up --nodes 3` (embedded
# KRaft broker, publisher, 3 serving nodes, auditor, coordination, each its own JVM), real root zone
# versions POSTed to the publisher one after another, and for each the time until every node answers
# `. SOA` with the new serial (await_serial.py polls each node every 5 ms on loopback).
#
#   deploy/bench/serving-node/up-propagation.sh [VERSIONS]     default 50, after a first version
#
# Per version it prints: the publisher's receipt -> commit time ("millis" of its answer), the POST
# round trip (the CLI's JVM start included), and commit -> each node answering. The commit instant is the
# publisher's log line for it (written right after the commit; the publisher logs in UTC on this host), so
# the lags are the nodes' own, within the few ms the log call takes. Then p50/p95/max over the
# versions of the slowest node. Ports: 19092 (Kafka), 18081 (publisher), 15353-15355 (DNS), 18082,
# 18182, 18282 (nodes' HTTP), 18083, 18084; state in a temp dir. Needs python3, curl, the history.
# Then, in the same run and on the same zone files, Knot -> NSD (NOTIFY + IXFR) for reference
# (knot-nsd-propagation.sh; skipped when knotd or nsd is missing, or with SKIP_KNOT=1). THREADS=1 adds
# each service's CPU by thread per version (a Java thread's name, cut to 15 characters by Linux).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here="$repo/deploy/bench/serving-node"
n=${1:-50}
for tool in python3 curl java; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
history="$repo/../shared/data/rootzone-history"
[ -x "$history/extract.sh" ] || { echo "no $history: nothing to publish" >&2; exit 2; }
work=$(mktemp -d /tmp/up-propagation.XXXXXX)
up_pid=
cleanup() {
  [ -z "${POLL_PID:-}" ] || kill "$POLL_PID" 2>/dev/null || true
  if [ -n "$up_pid" ]; then kill "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; fi # SIGTERM: up stops its services
  pkill -f "$work/state" 2>/dev/null || true
  [ -z "${KEEP:-}" ] || { mkdir -p "$KEEP" && cp -r "$work/state/logs" "$KEEP"/ 2>/dev/null || true; } # KEEP: keep the services' logs
  rm -rf "$work"
}
trap cleanup EXIT
echo "load before: $(uptime)"
"$history/extract.sh" "$work/zones" $((n + 1)) >/dev/null
mapfile -t zones < <(ls "$work/zones"/root.zone.* | sort)

"$repo/rootzone" up --data "$work/state" --nodes 3 --kafka-port 19092 --publisher-port 18081 --dns-port 15353 \
  --node-http-port 18082 --auditor-port 18083 --coordination-port 18084 > "$work/up.log" 2>&1 &
up_pid=$!
t_start=$(date +%s%3N)
for _ in $(seq 600); do
  curl -sf http://127.0.0.1:18081/q/health/ready >/dev/null 2>&1 \
    && curl -sf http://127.0.0.1:18082/q/health/live >/dev/null 2>&1 \
    && curl -sf http://127.0.0.1:18182/q/health/live >/dev/null 2>&1 \
    && curl -sf http://127.0.0.1:18282/q/health/live >/dev/null 2>&1 && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
  sleep 0.5
done
echo "rootzone up: publisher ready, 3 nodes live $(( $(date +%s%3N) - t_start )) ms after the command"

coproc POLL { python3 "$here/await_serial.py" 60 15353:"$up_pid" 15354:"$up_pid" 15355:"$up_pid"; }

publish() { # zone file -> "t_post_start millis t_post_end serial"
  local t0 out t1
  t0=$(date +%s%3N)
  # Signed with the local maintainer's key that rootzone up made (docs/security.md); "post" includes the CLI's JVM start.
  out=$("$repo/rootzone" publish "$1" --json --data "$work/state" --publisher http://127.0.0.1:18081)
  t1=$(date +%s%3N)
  python3 -c 'import json,sys; o=json.loads(sys.argv[1]); assert o["status"]=="PUBLISHED", o; print(sys.argv[2], o["millis"], sys.argv[3], o["serial"])' \
    "$out" "$t0" "$t1"
}

# CPU (user + system) of each service process, from /proc, in ms: "name ms" per line.
cpu_by_service() {
  local f pid tck
  tck=$(getconf CLK_TCK)
  for f in "$work/state/run"/*.pid; do
    pid=$(cat "$f")
    [ -r "/proc/$pid/stat" ] || continue
    awk -v n="$(basename "$f" .pid)" -v t="$tck" '{sub(/^.*\) /, ""); print n, int(($12 + $13) * 1000 / t)}' "/proc/$pid/stat"
  done
}
# CPU of each thread of each service (THREADS=1): "service thread-name ms" per line, threads of one
# name summed (a Java thread's comm is its name's first 15 characters).
cpu_by_thread() {
  local f pid tck
  tck=$(getconf CLK_TCK)
  for f in "$work/state/run"/*.pid; do
    pid=$(cat "$f")
    for t in /proc/"$pid"/task/*; do
      [ -r "$t/stat" ] || continue
      awk -v n="$(basename "$f" .pid)" -v t="$tck" -v c="$(tr ' ' '_' < "$t/comm")" \
        '{sub(/^.*\) /, ""); print n, c, int(($12 + $13) * 1000 / t)}' "$t/stat"
    done
  done | awk '{ s[$1 " " $2] += $3 } END { for (k in s) print k, s[k] }'
}
cpu_by_service > "$work/cpu-before"
[ -z "${THREADS:-}" ] || cpu_by_thread > "$work/threads-before"
printf '%-10s %8s %8s %8s %8s %8s\n' serial commit post node0 node1 node2
i=0
for z in "${zones[@]}"; do
  serial=$(awk '$4=="SOA"{print $7; exit}' "$z")
  echo "$serial" >&"${POLL[1]}"
  read -r t0 millis t1 got < <(publish "$z")
  read -r a b c <&"${POLL[0]}"
  # The commit instant: the publisher's log line for it, written right after the transaction committed
  # (t0 + millis counted the CLI's own JVM start, about a second, into every lag).
  commit=$(python3 - "$work/state/logs/publisher.log" "$got" "$t0" "$millis" <<'PY'
import datetime, re, sys
log, serial, t0, millis = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
day = datetime.datetime.fromtimestamp(t0 / 1000, datetime.timezone.utc).date()
found = None
for line in open(log, errors="replace"):
    if f"serial {serial} from http" in line and "published: PUBLISHED" in line:
        m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d{3})", line)
        if m:
            h, mi, sec, ms = map(int, m.groups())
            found = int(datetime.datetime(day.year, day.month, day.day, h, mi, sec, ms * 1000,
                                          tzinfo=datetime.timezone.utc).timestamp() * 1000)
print(found if found is not None else t0 + millis)
PY
)
  lag() { [ "$1" = timeout ] && echo timeout || echo $(( $1 - commit )); }
  printf '%-10s %8s %8s %8s %8s %8s\n' "$got" "$millis" $((t1 - t0)) "$(lag "$a")" "$(lag "$b")" "$(lag "$c")"
  if [ "$i" -gt 0 ]; then # the first version is the whole zone (bootstrap), not a delta
    echo "$(lag "$a") $(lag "$b") $(lag "$c") $millis" >> "$work/lags"
  fi
  i=$((i + 1))
done
echo "load after: $(uptime)"
cpu_by_service > "$work/cpu-after"
[ -z "${THREADS:-}" ] || cpu_by_thread > "$work/threads-after"
echo "CPU by process over the ${#zones[@]} versions (user + system, ms; per version):"
awk -v n="${#zones[@]}" 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; printf "  %-12s %7d ms  %6.1f ms/version\n", $1, d, d / n }' \
  "$work/cpu-before" "$work/cpu-after"
if [ -n "${THREADS:-}" ]; then
  echo "CPU by thread over the ${#zones[@]} versions (ms per version; each service's threads above 2 ms):"
  awk -v n="${#zones[@]}" 'NR == FNR { before[$1 " " $2] = $3; next }
    { d = ($3 - before[$1 " " $2]) / n; if (d >= 2) printf "  %-12s %-16s %6.1f\n", $1, $2, d }' \
    "$work/threads-before" "$work/threads-after" | sort -k1,1 -k3,3nr
fi
python3 - "$work/lags" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1])]
if any("timeout" in r for r in rows):
    print("some node never answered a serial: see the table above")
worst = sorted(max(int(x) for x in r[:3]) for r in rows if "timeout" not in r)
per = sorted(int(x) for r in rows for x in r[:3] if x != "timeout")
# receipt -> commit (the publisher's millis) plus commit -> the last node: issue 14's measure
whole = sorted(int(r[3]) + max(int(x) for x in r[:3]) for r in rows if "timeout" not in r)
def q(v, p): return v[min(len(v) - 1, int(len(v) * p))]
print(f"commit -> all 3 nodes answer, {len(worst)} versions: p50 {q(worst, .5)} ms, p95 {q(worst, .95)} ms, max {worst[-1]} ms")
print(f"receipt at the publisher -> all 3 nodes answer: p50 {q(whole, .5)} ms, p95 {q(whole, .95)} ms, max {whole[-1]} ms (goal p50 <= 100, max <= 250)")
print(f"commit -> a node answers (each node): p50 {q(per, .5)} ms, p95 {q(per, .95)} ms")
EOF
echo "node side: where each version's time went (the nodes' 'serving serial' lines, all versions after the first)"
python3 - $(find "$work/state" -name 'node-*.log' | sort) <<'EOF'
import re, sys
line = re.compile(r"serving serial (\d+) of \. \(versions offset \d+, applied in (\d+) ms: delta\+digest (\d+), policy (\d+), index (\d+)")
for log in sys.argv[1:]:
    rows = [tuple(map(int, m.groups()[1:])) for m in map(line.search, open(log, errors="replace")) if m][1:]
    if rows:
        rest = sorted(r[0] for r in rows[5:]) or [0]
        print(f"{log.rsplit('/', 1)[1][:-4]}: first 5 versions applied in {[r[0] for r in rows[:5]]} ms"
              f" (delta+digest/policy/index {[r[1:] for r in rows[:5]]}); the {len(rows) - 5} after: p50 {rest[len(rest) // 2]} ms, max {rest[-1]} ms")
    warm = [l.strip()[-60:] for l in open(log, errors="replace") if "apply path warm" in l]
    if warm:
        print("  " + warm[0])
EOF
# The thread on each version's path: its CPU against its wait for a core (ThreadTime: Linux schedstat).
echo "CPU against the wait for a core, per version after the first (ms, p50 / max): the publisher's request thread, each node's apply thread"
python3 - "$work/state/logs/publisher.log" $(find "$work/state" -name 'node-*.log' | sort) <<'EOF'
import re, sys
pub = re.compile(r"request thread CPU ([\d.]+) ms of ([\d.]+) ms, ([\d.]+) ms waiting for a core")
node = re.compile(r"version cost of serial \d+: cpu (\d+) ms, .* ([\d.]+) ms waiting for a core")
def pq(v): v = sorted(v); return f"{v[len(v) // 2]:.1f} / {v[-1]:.1f}" if v else "-"
for log in sys.argv[1:]:
    m = [x.groups() for x in map((pub if log.endswith("publisher.log") else node).search, open(log, errors="replace")) if x][1:]
    if m:
        name = log.rsplit("/", 1)[1][:-4]
        extra = f", wall {pq([float(g[1]) for g in m])}" if name == "publisher" else ""
        print(f"  {name:>10}: CPU {pq([float(g[0]) for g in m])}, waiting for a core {pq([float(g[-1]) for g in m])}{extra}")
EOF
echo
echo "== Knot -> NSD, NOTIFY + IXFR, the same $n versions, same run =="
if [ -z "${SKIP_KNOT:-}" ] && { command -v knotd >/dev/null || [ -x /usr/sbin/knotd ]; }; then
  timeout 600 "$here/knot-nsd-propagation.sh" "${zones[@]}" | tail -1 || echo "knot -> nsd: did not finish within 600 s"
else
  echo "skipped (SKIP_KNOT, or knotd missing)"
fi
echo "load at the end: $(uptime)"

