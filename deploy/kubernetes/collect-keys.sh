#!/usr/bin/env bash
# Collects the public keys of the transparency logs and of the nodes' witnesses into the ConfigMaps
# that rootzone-services.yaml reads (docs/deploy.md#the-witnesses), so that nobody copies keys by hand:
#
#   deploy/kubernetes/collect-keys.sh log-keys    # once the publisher and coordination have started:
#       ConfigMap rootzone-log-keys: root (the root zone log's verifier key, made by the publisher at
#       first start in its volume) and coordination (the coordination log's); the nodes and the
#       auditor need it to start.
#   deploy/kubernetes/collect-keys.sh witnesses   # once every node has started (and after adding one):
#       ConfigMap rootzone-witnesses: witness-keys, every node pod's GET /witness/vkey (the key it made
#       at first start in its volume), then restarts the auditor so that it checks their cosignatures.
#
# Only public keys are read, and only through the Kubernetes API, authenticated as the operator:
# `kubectl exec` reads a log's .vkey file in its service's volume, `kubectl port-forward` asks a node
# pod itself. Nothing is taken from the network the pods share, where another pod could answer
# instead. Each key is printed with where it came from: compare it with the line the service logged
# at start ("witnesses ... as <vkey>", "log key ...") before trusting it. A key is refused unless it is
# a note verifier key of the expected name (a log's origin, or <prefix>/witness/<pod name>).
#
# Environment: NAMESPACE (rootzone), PREFIX (the services' origin prefix, to check the names; any when unset),
# NODE_PORT (8082), KUBECTL (kubectl).
set -euo pipefail
NAMESPACE=${NAMESPACE:-rootzone}; PREFIX=${PREFIX:-}; NODE_PORT=${NODE_PORT:-8082}
read -r -a KUBECTL <<< "${KUBECTL:-kubectl}"
k() { "${KUBECTL[@]}" -n "$NAMESPACE" "$@"; }
die() { echo "collect-keys: $*" >&2; exit 1; }
# A note verifier key: <name>+<8 hex>+<base64>, and its name.
check_vkey() {   # $1 key, $2 name pattern (a shell glob), $3 where from
  [[ "$1" =~ ^([^+[:space:]]+)\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$ ]] || die "$3: not a note verifier key: '$1'"
  # shellcheck disable=SC2053
  [[ "${BASH_REMATCH[1]}" == $2 ]] || die "$3: key of '${BASH_REMATCH[1]}', expected a name like '$2'"
  echo "  $3: $1" >&2
}
apply_configmap() {   # $1 name, then --from-literal=... arguments
  k create configmap "$1" "${@:2}" --dry-run=client -o yaml | k apply -f -
}

log_keys() {
  local root coordination
  root=$(k exec deploy/publisher -c publisher -- cat /var/lib/rootzone/keys/log-root.vkey) \
      || die "cannot read the publisher's log key (has it started once?)"
  coordination=$(k exec deploy/coordination -c coordination -- cat /var/lib/rootzone/keys/log-coordination.vkey) \
      || die "cannot read coordination's log key (has it started once?)"
  echo "collect-keys: the logs' verifier keys" >&2
  check_vkey "$root" "${PREFIX:-*}/log/root" "publisher /var/lib/rootzone/keys/log-root.vkey"
  check_vkey "$coordination" "${PREFIX:-*}/log/coordination" "coordination /var/lib/rootzone/keys/log-coordination.vkey"
  apply_configmap rootzone-log-keys --from-literal=root="$root" --from-literal=coordination="$coordination"
  echo "collect-keys: ConfigMap rootzone-log-keys written; nodes and the auditor can start (kubectl apply, or kubectl rollout restart)" >&2
}

witnesses() {
  local pods pod keys=() local_port=18082 pf vkey
  pods=$(k get pods -l app.kubernetes.io/name=node -o jsonpath='{.items[*].metadata.name}')
  [ -n "$pods" ] || die "no node pods (label app.kubernetes.io/name=node)"
  echo "collect-keys: the nodes' witness keys" >&2
  for pod in $pods; do
    k port-forward "pod/$pod" "$local_port:$NODE_PORT" > /dev/null 2>&1 &
    pf=$!
    vkey=""
    for _ in $(seq 1 40); do   # up to 10 s for the forward to listen
      vkey=$(curl -sf -m 5 "http://127.0.0.1:$local_port/witness/vkey" 2>/dev/null) && break
      sleep 0.25
    done
    kill "$pf" 2>/dev/null || true; wait "$pf" 2>/dev/null || true
    [ -n "$vkey" ] || die "$pod: no answer at /witness/vkey (is it running with rootzone-log-keys?)"
    vkey=$(echo "$vkey" | tr -d '[:space:]')
    check_vkey "$vkey" "${PREFIX:-*}/witness/$pod" "$pod GET /witness/vkey"
    keys+=("$vkey")
  done
  apply_configmap rootzone-witnesses --from-literal=witness-keys="$(IFS=,; echo "${keys[*]}")"
  k rollout restart deployment/auditor
  echo "collect-keys: ConfigMap rootzone-witnesses written with ${#keys[@]} witnesses; the auditor restarts to check them" >&2
}

case "${1:-}" in
  log-keys) log_keys ;;
  witnesses) witnesses ;;
  *) echo "usage: $0 log-keys|witnesses" >&2; exit 2 ;;
esac
