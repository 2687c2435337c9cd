#!/bin/bash
# Runs as the holder of one compute host's mount + UTS namespace (started by hosts.sh through
# `unshare --mount --uts --propagation private`): names the host, gives it its own /etc/nova,
# /etc/libvirt, /var/lib/nova (instances_path: not shared with the other hosts), libvirt's
# run/state/log/cache directories, /etc/hosts, root's home (~/.ssh in it) and a boot ID of its own (a
# new one each time: a new namespace is the host's new boot, as `/drain --reboot` verifies it;
# reboot-host.sh), then sleeps. libvirtd, nova-compute and sshd of the host are started into this
# namespace with nsenter, so they see the same files.
set -euo pipefail
host=$1 dir=$2
hostname "$host"
cat /proc/sys/kernel/random/uuid >"$dir/boot_id"
for pair in etc-nova:/etc/nova etc-libvirt:/etc/libvirt lib-nova:/var/lib/nova lib-libvirt:/var/lib/libvirt \
            run-libvirt:/run/libvirt log-libvirt:/var/log/libvirt cache-libvirt:/var/cache/libvirt \
            root-home:/root hosts:/etc/hosts boot_id:/proc/sys/kernel/random/boot_id; do
  mount --bind "$dir/${pair%%:*}" "${pair#*:}"
done
exec sleep infinity
