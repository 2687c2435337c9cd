#!/bin/bash
# npm run lab:status, npm run lab -- break compute3 / fix compute3.
# "break" sets listen_tcp = 0 in the host's libvirtd.conf and restarts its libvirtd (the guests
# keep running): live migrations to that host fail, and Ferry's host check names the setting.
# lab:up keeps a broken host broken (the marker file hosts/HOST/broken) until "fix".
set -euo pipefail
source "$(dirname "$0")/common.sh"
T0=$(date +%s.%N)
cmd=$1 host=${2:-}

virsh_on() { local h=$1; shift; nsenter -t "$(cat "$PIDS/$h.pid")" -m -u virsh -c qemu:///system "$@"; }

status() {
  local n state rc=0
  for n in mariadb epmd rabbitmq keystone placement glance-api neutron-server nova-api nova-conductor nova-scheduler; do
    if alive "$n"; then state=up; else state=DOWN; rc=1; fi
    printf '  %-16s %s\n' "$n" "$state"
  done
  for h in $HOSTS; do
    local line="$h (${ADDR[$h]})"
    [ -f "$LAB/hosts/$h/broken" ] && line="$line BROKEN (listen_tcp = 0)"
    echo "  $line"
    for n in "$h" "libvirtd-$h" "nova-compute-$h" "sshd-$h"; do
      if alive "$n"; then state=up; else state=DOWN; rc=1; fi
      printf '    %-22s %s\n' "$n" "$state"
    done
    if alive "libvirtd-$h"; then virsh_on "$h" list --all 2>/dev/null | sed -n '3,$p' | sed '/^$/d; s/^/      /'; fi
  done
  if [ -f "$DOT/openrc" ] && alive nova-api; then
    set +u; source "$DOT/openrc"; set -u
    openstack --os-compute-api-version 2.92 server list --long -f json 2>/dev/null |
      jq -r '.[]|"  \(.Name) \(.Status) host=\(.Host)"' | sort || true
  fi
  [ $rc = 0 ] && echo "lab is up (source $DOT/openrc; ssh -F $DOT/ssh/config compute1)" || echo "lab is not (fully) up: npm run lab:up"
  return $rc
}

switch() { # host listen_tcp
  local h=$1 d=$LAB/hosts/$1
  [ -n "$h" ] && [ -d "$d" ] || die "usage: npm run lab -- $cmd compute3 (one of: $HOSTS)"
  if [ "$2" = 0 ]; then touch "$d/broken"; else rm -f "$d/broken"; fi
  sed -i "s/^listen_tcp = .*/listen_tcp = $2/" "$d/etc-libvirt/libvirtd.conf"
  stop_group "libvirtd-$h"
  start_in "$h" "libvirtd-$h" /usr/sbin/libvirtd --listen -f /etc/libvirt/libvirtd.conf -p /run/libvirt/libvirtd.pid
  wait_for "libvirtd-$h" 60 virsh_on "$h" version
  say "$h: libvirtd.conf listen_tcp = $2, libvirtd restarted"
}

case $cmd in
  status) status ;;
  break) switch "$host" 0 ;;
  fix) switch "$host" 1 ;;
esac
