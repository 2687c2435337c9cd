# Sourced by hosts.sh (lab:up) and reboot-host.sh: a compute host's boot. Its namespace holder
# (host-ns.sh: a new namespace, a new boot ID), libvirtd and sshd in it, then nova-compute once its
# libvirtd answers.

# sshd, and so every command run over SSH (Ferry's boot read among them), sees an uptime counted from
# the host's boot (its holder's start): a time namespace of its own, its boot clock set back by the
# holder's start. Where the kernel has no time namespaces, the machine's uptime.
since_boot() { # host: the command prefix, or nothing
  local start
  start=$(( $(cut -d' ' -f22 "/proc/$(cat "$PIDS/$1.pid")/stat") / $(getconf CLK_TCK) ))
  if unshare --time --boottime "-$start" true 2>/dev/null; then echo "unshare --time --boottime -$start --"; fi
}

ns_up() { # host: its namespace holder, then libvirtd and sshd in it
  local h=$1
  start "$h" unshare --mount --uts --propagation private "$LAB_TOOL/host-ns.sh" "$h" "$LAB/hosts/$h"
  local t=0
  until [ "$(nsenter -t "$(cat "$PIDS/$h.pid")" -u hostname 2>/dev/null)" = "$h" ] && \
        nsenter -t "$(cat "$PIDS/$h.pid")" -m test -f /var/lib/nova/.ssh/config; do
    sleep 0.2; t=$((t+1)); [ $t -lt 50 ] || die "namespace of $h not ready (log $LOG/$h.log)"
  done
  start_in "$h" "libvirtd-$h" /usr/sbin/libvirtd --listen -f /etc/libvirt/libvirtd.conf -p /run/libvirt/libvirtd.pid
  # shellcheck disable=SC2046 # the prefix is words
  start_in "$h" "sshd-$h" $(since_boot "$h") /usr/sbin/sshd -D -e -f "$LAB/hosts/$h/sshd_config"
}
nova_compute_up() { # host: nova-compute once its libvirtd answers
  local h=$1
  wait_for "libvirtd-$h" 60 nsenter -t "$(cat "$PIDS/$h.pid")" -m -u virsh -c qemu:///system version
  start_in "$h" "nova-compute-$h" "$BIN/nova-compute" --config-file /etc/nova/nova.conf --log-file "$LOG/nova-compute-$h.log"
}
