# Sourced by knot-nsd-propagation.sh, switch.sh and lib.sh: the reference pair, Knot as primary of the root
# zone (zonefile-load: difference, so a reload journals the change and sends a NOTIFY) and NSD as its
# secondary (IXFR from it on NOTIFY); switch.sh adds a Knot secondary of that primary.

# nsd_conf DIR PORT SERVERS VERBOSITY [PRIMARY_PORT]: DIR/nsd.conf for NSD on 127.0.0.1@PORT serving "."
# from DIR/root.zone with SERVERS server processes; with PRIMARY_PORT, as the secondary of the primary
# on 127.0.0.1@PRIMARY_PORT (IXFR on its NOTIFY). The one NSD configuration of every bench.
nsd_conf() {
  {
    cat <<CONF
server:
  ip-address: 127.0.0.1@$2
  username: ""
  chroot: ""
  database: ""
  pidfile: "$1/nsd.pid"
  zonesdir: "$1"
  xfrdfile: "$1/xfrd.state"
  xfrdir: "$1"
  zonelistfile: "$1/zone.list"
  server-count: $3
  verbosity: $4
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "root.zone"
CONF
    if [ -n "${5:-}" ]; then
      printf '  request-xfr: 127.0.0.1@%s NOKEY\n  allow-notify: 127.0.0.1 NOKEY\n' "$5"
    fi
  } > "$1/nsd.conf"
}

#   knot_nsd_conf DIR KNOT_PORT NSD_PORT ZONEFILE WORKERS [KNOT_SECONDARY_PORT]
#
# writes DIR/knot/{knot.conf,root.zone} and DIR/nsd/nsd.conf (WORKERS UDP workers / server processes);
# with KNOT_SECONDARY_PORT also DIR/knot-secondary/knot.conf, a Knot secondary of the same primary, which
# the primary notifies too.
knot_nsd_conf() {
  local dir=$1 kp=$2 np=$3 zone=$4 workers=$5 ksp=${6:-}
  local notify=nsd secondary_remote=
  mkdir -p "$dir/knot" "$dir/nsd"
  cp "$zone" "$dir/knot/root.zone"
  if [ -n "$ksp" ]; then
    notify="[nsd, knot-secondary]"
    secondary_remote=$(printf '  - id: knot-secondary\n    address: 127.0.0.1@%s' "$ksp")
    knot_secondary_conf "$dir/knot-secondary" "$ksp" "$kp" "$workers"
  fi
  cat > "$dir/knot/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$kp
    rundir: "$dir/knot"
    udp-workers: $workers
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$dir/knot"
remote:
  - id: nsd
    address: 127.0.0.1@$np
$secondary_remote
acl:
  - id: nsd
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "$dir/knot"
    zonefile-sync: -1
    zonefile-load: difference
    journal-content: changes
    semantic-checks: off
zone:
  - domain: .
    file: root.zone
    notify: $notify
    acl: nsd
CONF
  nsd_conf "$dir/nsd" "$np" "$workers" 0 "$kp"
}

# knot_secondary_conf DIR PORT PRIMARY_PORT WORKERS: DIR/knot.conf for Knot on 127.0.0.1@PORT as a
# secondary of "." from the primary on 127.0.0.1@PRIMARY_PORT: AXFR at start, then IXFR on each NOTIFY
# (RFC 1995, RFC 1996); no zone file written, as NSD's secondary keeps none.
knot_secondary_conf() {
  mkdir -p "$1"
  cat > "$1/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$2
    rundir: "$1"
    udp-workers: $4
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$1"
remote:
  - id: primary
    address: 127.0.0.1@$3
acl:
  - id: primary-notify
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: "$1"
    zonefile-sync: -1
    zonefile-load: none
    journal-content: changes
    semantic-checks: off
zone:
  - domain: .
    master: primary
    acl: primary-notify
CONF
}

# knot_load DIR ZONEFILE: the next version into the Knot of DIR, loaded now (the whole file is read).
knot_load() {
  cp "$2" "$1/knot/root.zone.new" && mv "$1/knot/root.zone.new" "$1/knot/root.zone"
  knotc -c "$1/knot/knot.conf" zone-reload . >/dev/null
}
