# Sourced by up.sh: the three compute hosts. Each is a mount + UTS namespace (host-ns.sh) with its
# own loopback address, running libvirtd (QEMU TCG), nova-compute (libvirt driver) and sshd there.
# Settings chosen on purpose (README "A real lab on one machine"):
#  - instances_path is /var/lib/nova/instances on every host, a different directory behind it per
#    host: not shared, so a live migration is a block migration and a cold one copies over SSH;
#  - live_migration_bandwidth caps the copy (MiB/s) so a move of server-x takes tens of seconds;
#  - post-copy permitted (Force complete switches to post-copy), Nova's default completion timeout
#    (800 s per GiB) with the abort action, as Ferry's README recommends.
LAB_BANDWIDTH=${FERRY_LAB_BANDWIDTH:-3}

ssh_material() {
  mkdir -p "$LAB/ssh"
  [ -f "$LAB/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ferry-lab -f "$LAB/ssh/id_ed25519"
  cp "$LAB/ssh/id_ed25519.pub" "$LAB/ssh/authorized_keys"
  : >"$LAB/ssh/known_hosts"
  local h
  for h in $HOSTS; do
    [ -f "$LAB/hosts/$h/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$LAB/hosts/$h/ssh_host_ed25519_key"
    echo "$h,${ADDR[$h]} $(cut -d' ' -f1,2 "$LAB/hosts/$h/ssh_host_ed25519_key.pub")" >>"$LAB/ssh/known_hosts"
  done
}

# ~/.ssh of root and of nova on a host: the lab key, and the other hosts by name and address
host_ssh_dir() { # dir owner
  mkdir -p "$1"; cp "$LAB/ssh/id_ed25519" "$LAB/ssh/id_ed25519.pub" "$LAB/ssh/known_hosts" "$LAB/ssh/authorized_keys" "$1/"
  printf 'Host *\n  StrictHostKeyChecking yes\n  ConnectTimeout 5\n' >"$1/config"
  chown -R "$2:$2" "$1"; chmod 700 "$1"; chmod 600 "$1"/*
}

host_conf() { # host
  local h=$1 a=${ADDR[$1]} d=$LAB/hosts/$1 p=${MIGPORT[$1]} uuid
  mkdir -p "$d"/{etc-nova,etc-libvirt,lib-nova/instances,lib-libvirt,run-libvirt,log-libvirt,cache-libvirt}
  [ -f "$d/host_uuid" ] || cat /proc/sys/kernel/random/uuid >"$d/host_uuid"
  uuid=$(cat "$d/host_uuid")
  chown nova:nova "$d/lib-nova"
  # root's home as on a stock Debian host: SSH runs each command through root's shell, and the home of
  # the machine the lab runs on may start anything there (a pyenv init here: 1.4 s a command, #31)
  mkdir -p "$d/root-home"; cp /etc/skel/.bashrc /etc/skel/.profile "$d/root-home/"; chmod 700 "$d/root-home"
  host_ssh_dir "$d/root-home/.ssh" root
  host_ssh_dir "$d/lib-nova/.ssh" nova
  { grep -v ' compute[0-9]' /etc/hosts; for o in $HOSTS; do echo "${ADDR[$o]} $o"; done; } >"$d/hosts"

  cp /etc/libvirt/libvirt.conf "$d/etc-libvirt/" 2>/dev/null || true
  local listen_tcp=1
  [ -f "$d/broken" ] && listen_tcp=0
  cat >"$d/etc-libvirt/libvirtd.conf" <<EOT
# ferry lab: $h (scripts/lab/hosts.sh)
listen_tls = 0
listen_tcp = $listen_tcp
listen_addr = "$a"
# loopback only, in a lab: Ferry's host check warns about this, as it should
auth_tcp = "none"
auth_unix_rw = "none"
unix_sock_rw_perms = "0770"
host_uuid = "$uuid"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOT
  cat >"$d/etc-libvirt/qemu.conf" <<EOT
# ferry lab: $h. No virtlogd, no cgroups, no private /dev: QEMU runs as root beside other hosts.
stdio_handler = "file"
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
user = "root"
group = "root"
migration_address = "$a"
migration_host = "$a"
migration_port_min = $p
migration_port_max = $((p + 99))
EOT
  cat >"$d/etc-nova/nova.conf" <<EOT
[DEFAULT]
debug = $DEBUG
transport_url = $RABBIT
host = $h
my_ip = $a
state_path = /var/lib/nova
instances_path = /var/lib/nova/instances
compute_driver = libvirt.LibvirtDriver
# lab:down destroys the guests; the next lab:up boots the ones Nova has running
resume_guests_state_on_host_boot = True
[libvirt]
virt_type = qemu
cpu_mode = none
live_migration_scheme = tcp
live_migration_inbound_addr = $a
# MiB/s: a move of server-x lasts tens of seconds, busy-1 never converges
live_migration_bandwidth = $LAB_BANDWIDTH
live_migration_permit_post_copy = True
live_migration_completion_timeout = 800
live_migration_timeout_action = abort
[nova_sys_admin]
# nova-rootwrap is not installed with python3-nova
helper_command = sudo privsep-helper --config-file /etc/nova/nova.conf
[oslo_concurrency]
lock_path = /var/lib/nova/lock
$(nova_shared_sections)
EOT
  cat >"$d/sshd_config" <<EOT
ListenAddress $a
Port 22
HostKey $d/ssh_host_ed25519_key
PidFile none
AuthorizedKeysFile $LAB/ssh/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
Subsystem sftp internal-sftp
EOT
}

mkdir -p /etc/nova /var/lib/nova /var/lib/libvirt /var/log/libvirt /var/cache/libvirt /run/libvirt /run/sshd
for h in $HOSTS; do mkdir -p "$LAB/hosts/$h"; done
ssh_material
for h in $HOSTS; do host_conf "$h"; done
write_dot_ssh
# lab:up writes it here (FERRY_REBOOT_COMMAND in .lab/openrc): the lab's state dir, whatever FERRY_LAB_STATE was
printf '#!/bin/bash\nFERRY_LAB_STATE=%q exec bash %q "$@"\n' "$LAB" "$LAB_TOOL/reboot-host.sh" >"$BIN/reboot-host"
chmod 755 "$BIN/reboot-host"
source "$LAB_TOOL/host-boot.sh"
# every libvirtd starts before the first nova-compute is waited for: the three start together
for h in $HOSTS; do ns_up "$h"; done
for h in $HOSTS; do nova_compute_up "$h"; done
