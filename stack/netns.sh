#!/usr/bin/env bash
# A second "host" inside this machine, for the multi-host drill (workflows' MultiHostE2eTest): a network
# namespace joined to this one by a veth pair whose two addresses exist only on this machine. Processes started
# in it with `ip netns exec NAME ...` have their own loopback and reach this machine only through the pair.
#   stack/netns.sh up NAME HOST_CIDR NS_CIDR   (re)creates namespace NAME with veth NAMEn (NS_CIDR, e.g.
#                                              10.231.0.2/30) inside and NAMEh (HOST_CIDR, 10.231.0.1/30) here;
#                                              first removes what an interrupted run left
#   stack/netns.sh down NAME                   stops what still runs in NAME, removes the namespace and the pair
# Needs root and iproute2. Exit status 3: this machine refuses network namespaces (the drill then falls back to
# separate processes on loopback and says so); 1: anything else.
set -euo pipefail

say() { printf 'foldwise netns: %s\n' "$*" >&2; }

check_name() {
  [[ "$1" =~ ^[a-z][a-z0-9]{1,12}$ ]] ||
    { say "namespace name must be 2-13 lower-case letters and digits (it also names the veth pair), got '$1'"; exit 1; }
}

down() {
  local name="$1" pid i
  if ip netns list 2>/dev/null | grep -qw "^$name"; then
    for pid in $(ip netns pids "$name" 2>/dev/null); do # what an interrupted drill left running in it
      kill -TERM "$pid" 2>/dev/null || true
    done
    for i in $(seq 1 20); do
      [[ -z "$(ip netns pids "$name" 2>/dev/null)" ]] && break
      sleep 0.5
    done
    for pid in $(ip netns pids "$name" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$name"
  fi
  # the namespace's end goes with it, which removes the pair; a pair never moved into the namespace stays
  if ip link show "${name}h" >/dev/null 2>&1; then
    ip link del "${name}h"
  fi
}

up() {
  local name="$1" host_cidr="$2" ns_cidr="$3"
  [[ "$host_cidr" =~ ^[0-9.]+/[0-9]+$ && "$ns_cidr" =~ ^[0-9.]+/[0-9]+$ ]] ||
    { say "addresses must be IPv4 CIDRs such as 10.231.0.1/30, got '$host_cidr' and '$ns_cidr'"; exit 1; }
  command -v ip >/dev/null || { say "iproute2's ip is not installed (apt-get install iproute2)"; exit 3; }
  [[ $EUID -eq 0 ]] || { say "network namespaces need root (running as uid $EUID)"; exit 3; }
  down "$name"
  if ! ip netns add "$name" 2>/dev/null; then
    say "this machine refuses network namespaces (ip netns add $name failed)"
    exit 3
  fi
  trap 'say "setting up $name failed; removing it"; down "$name"' ERR
  ip link add "${name}h" type veth peer name "${name}n"
  ip link set "${name}n" netns "$name"
  ip addr add "$host_cidr" dev "${name}h"
  ip link set "${name}h" up
  ip netns exec "$name" ip addr add "$ns_cidr" dev "${name}n"
  ip netns exec "$name" ip link set "${name}n" up
  ip netns exec "$name" ip link set lo up
  trap - ERR
  say "namespace $name up: ${host_cidr%/*} here (${name}h) <-> ${ns_cidr%/*} inside (${name}n)"
}

case "${1:-}" in
  up) [[ $# -eq 4 ]] || { say "usage: stack/netns.sh up NAME HOST_CIDR NS_CIDR"; exit 1; }; check_name "$2"; up "$2" "$3" "$4" ;;
  down) [[ $# -eq 2 ]] || { say "usage: stack/netns.sh down NAME"; exit 1; }; check_name "$2"; down "$2" ;;
  *) say "usage: stack/netns.sh up NAME HOST_CIDR NS_CIDR | down NAME"; exit 1 ;;
esac
