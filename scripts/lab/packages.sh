# Sourced by up.sh: Debian packages the lab needs, installed when missing; the guest kernel is
# extracted from Debian's linux-image-cloud-amd64 .deb (the host's boot setup is left alone).
PKGS="python3-nova python3-keystone python3-placement python3-glance python3-neutron
python3-openstackclient python3-pymysql python3-libvirt mariadb-server rabbitmq-server uwsgi-core
uwsgi-plugin-python3 qemu-system-x86 qemu-utils libvirt-daemon libvirt-daemon-driver-qemu
libvirt-clients busybox-static openssh-server openssh-client sudo cpio bc curl jq"
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null | awk '/ ok installed$/{print $1}' || true)
missing=""
for p in $PKGS; do grep -qx "$p" <<<"$installed" || missing="$missing $p"; done
if [ -n "$missing" ]; then
  say "installing:$missing"
  t=$(date +%s)
  apt-get update -q >"$LOG/apt.log" 2>&1 || die "apt-get update failed, see $LOG/apt.log"
  # policy-rc.d keeps the packages' init scripts from starting services (as .ci/run does)
  [ -x /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold $missing >>"$LOG/apt.log" 2>&1 \
    || die "apt-get install failed, see $LOG/apt.log"
  say "packages installed in $(( $(date +%s) - t ))s"
fi

# The python3-* packages carry no console scripts and no paste.ini files; those are in
# nova-common/glance-common/neutron-common, whose postinsts want dbconfig: extract, do not install.
PKGFILES=$LAB/pkgfiles
fetch_deb() { # package -> extracted under $PKGFILES/package
  [ -d "$PKGFILES/$1/usr" ] && return 0
  mkdir -p "$LAB/debs" "$PKGFILES/$1"
  (cd "$LAB/debs" && { ls "$1"_*.deb >/dev/null 2>&1 || apt-get download -q "$1" >>"$LOG/apt.log" 2>&1 || {
    apt-get update -q >>"$LOG/apt.log" 2>&1 && apt-get download -q "$1" >>"$LOG/apt.log" 2>&1; }; }) \
    || die "apt-get download $1 failed (see $LOG/apt.log)"
  dpkg-deb -x "$LAB"/debs/"$1"_*.deb "$PKGFILES/$1"
}
for p in nova-common glance-common neutron-common; do fetch_deb "$p"; done
KERNEL=$(ls "$PKGFILES"/linux-image-*/boot/vmlinuz-* 2>/dev/null | head -1 || true)
if [ -z "$KERNEL" ]; then
  KPKG=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
  [ -n "$KPKG" ] || die "linux-image-cloud-amd64 not known to apt"
  fetch_deb "$KPKG"
  KERNEL=$(ls "$PKGFILES/$KPKG"/boot/vmlinuz-* | head -1)
fi

wrap() { # name module: the same five lines as the packages' console scripts
  printf '#!/usr/bin/python3\nimport sys\nfrom %s import main\nif __name__ == "__main__":\n    sys.exit(main())\n' "$2" >"$BIN/$1"
  chmod +x "$BIN/$1"
}
wrap nova-api nova.cmd.api;            wrap nova-conductor nova.cmd.conductor
wrap nova-scheduler nova.cmd.scheduler; wrap nova-compute nova.cmd.compute
wrap nova-manage nova.cmd.manage;       wrap glance-api glance.cmd.api
wrap glance-manage glance.cmd.manage;   wrap neutron-server neutron.cmd.eventlet.server
wrap neutron-db-manage neutron.db.migration.cli

# the nova user: nova-compute runs as root in the lab, but cold migration's SSH and Ferry's host
# check (sudo -u nova ssh <peer>) expect the nova account with a login shell
id nova >/dev/null 2>&1 || useradd --system --home-dir /var/lib/nova --no-create-home --shell /bin/bash -p '*' nova
# sshd (UsePAM no) refuses an account whose password is locked ("!"); "*" only disables passwords
[ "$(getent shadow nova | cut -d: -f2)" != '!' ] || usermod -p '*' nova
# libvirt's QEMU driver looks its built-in user and group up before it reads qemu.conf (which says root);
# libvirt-daemon-system would create it, but that package wants systemd units
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
id libvirt-qemu >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /var/lib/libvirt --shell /usr/sbin/nologin -g libvirt-qemu libvirt-qemu
