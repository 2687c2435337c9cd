#!/bin/bash
# FERRY_REBOOT_COMMAND on the lab (README "Patch campaigns"; lab:up writes $FERRY_LAB_STATE/bin/reboot-host,
# which runs this). Ferry runs it over SSH, as root inside one compute host's namespaces, and it reboots
# that host only: the SSH command returns at once (the rest runs detached, in the namespaces lab:up
# ran in), nova-compute, any guest left (destroyed, as a power cut would), libvirtd, sshd and the
# namespace holder stop; FERRY_LAB_REBOOT_S seconds later (default 5) the host boots the way lab:up
# boots it (host-boot.sh): a new namespace with a new boot ID, libvirtd, sshd, nova-compute.
# By hand: ssh -F .lab/ssh/config compute3 /tmp/ferry-lab/bin/reboot-host   (log: log/reboot-compute3.log)
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$LAB_TOOL/host-boot.sh"

if [ "${1:-}" != --detached ]; then
  host=$(hostname)
  [[ " $HOSTS " == *" $host "* ]] || die "$host is not a lab compute host: run this over SSH on one"
  alive "$host" || die "$host's namespace holder is not running"
  # the control plane's namespaces are the ones lab:up ran in (this shell is in the host's own)
  alive mariadb || die "the lab is not up"
  nsenter -t "$(cat "$PIDS/mariadb.pid")" -m -u -T -- setsid nohup bash "$LAB_TOOL/reboot-host.sh" --detached "$host" \
    >>"$LOG/reboot-$host.log" 2>&1 </dev/null &
  echo "$host is rebooting (log $LOG/reboot-$host.log)"
  exit 0
fi

host=$2
T0=$(date +%s.%N)
say "$host: rebooting (boot ID $(cat "$LAB/hosts/$host/boot_id"))"
stop_group "nova-compute-$host"
destroy_guests "$host"
stop_group "libvirtd-$host" "sshd-$host"
stop_group "$host"
sleep "${FERRY_LAB_REBOOT_S:-5}"
ns_up "$host"
nova_compute_up "$host"
say "$host: booted (boot ID $(cat "$LAB/hosts/$host/boot_id"))"
