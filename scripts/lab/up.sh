#!/bin/bash
# npm run lab:up: a real OpenStack on this machine. Debian's Zed control plane on 127.0.0.1 and
# three compute hosts (compute1..3 on 127.0.0.3..5), each in its own mount + UTS namespace with
# libvirtd (QEMU TCG), nova-compute (libvirt driver) and sshd; guests made locally and seeded.
# Idempotent: on a running lab it only checks and starts what is missing.
# Env: FERRY_LAB_STATE (default /tmp/ferry-lab), FERRY_LAB_BANDWIDTH (MiB/s), OS_DEBUG=1.
set -euo pipefail
T0=$(date +%s.%N)
source "$(dirname "$0")/common.sh"
[ "$(id -u)" = 0 ] || die "the lab needs root (namespaces, libvirtd, sshd on port 22)"
mkdir -p "$LAB" "$LOG" "$PIDS" "$BIN" "$ETC" "$DOT"
source "$LAB_TOOL/packages.sh"
source "$LAB_TOOL/control-conf.sh"
source "$LAB_TOOL/control.sh"
say "control plane started"
source "$LAB_TOOL/openrc.sh"
source "$LAB_TOOL/hosts.sh"
source "$LAB_TOOL/wait-computes.sh"
say "compute hosts up"
source "$LAB_TOOL/guests.sh"
say "servers:"
servers | jq -r '"  \(.name) \(.status) \(.host)"' | sort
say "LAB UP in $(printf '%.0f' "$(echo "$(date +%s.%N) - $T0" | bc)") s. source $DOT/openrc; ssh -F $DOT/ssh/config compute1"
