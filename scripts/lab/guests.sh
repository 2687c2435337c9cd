# Sourced by up.sh: images made here (nothing downloaded), flavor, and the seeded servers.
# Debian's cloud kernel and a busybox initramfs are Glance kernel/ramdisk images (raw/bare: an "aki"
# kernel is refused by the destination's image format check in pre_live_migration); the servers'
# image is a small raw disk with kernel_id/ramdisk_id and the guest's role on its command line.
GUEST=$LAB/guest
mkdir -p "$GUEST"
if [ ! -f "$GUEST/initrd.gz" ] || [ "$LAB_TOOL/guest-init.sh" -nt "$GUEST/initrd.gz" ]; then
  rm -rf "$GUEST/root"; mkdir -p "$GUEST/root"/{bin,proc,sys,dev,mem}
  cp /bin/busybox "$GUEST/root/bin/busybox"
  cp "$LAB_TOOL/guest-init.sh" "$GUEST/root/init"
  (cd "$GUEST/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$GUEST/initrd.gz.new"
  mv "$GUEST/initrd.gz.new" "$GUEST/initrd.gz"
fi
[ -f "$GUEST/disk.raw" ] || truncate -s 16M "$GUEST/disk.raw"

OSC="openstack --os-compute-api-version 2.92"
image_id() { openstack image list --name "$1" -f value -c ID 2>/dev/null | head -1; }
upload() { # name file [properties...]
  local n=$1 f=$2; shift 2
  local id; id=$(image_id "$n")
  if [ -n "$id" ] && [ "$(openstack image show "$id" -f value -c status)" = active ]; then echo "$id"; return; fi
  [ -n "$id" ] && openstack image delete "$id" >/dev/null
  openstack image create --disk-format raw --container-format bare --public --file "$f" "$@" "$n" -f value -c id
}
KID=$(upload ferry-lab-kernel "$KERNEL") || die "kernel image"
RID=$(upload ferry-lab-initrd "$GUEST/initrd.gz") || die "initrd image"
# a new initrd (guest-init.sh changed) gets new server images too
for role in quiet:ferry.fill=24 busy:ferry.busy=160; do
  n=ferry-lab-${role%%:*}; id=$(image_id "$n")
  if [ -n "$id" ] && [ "$(openstack image show "$id" -f json -c properties | jq -r '.properties.ramdisk_id')" != "$RID" ]; then
    openstack image delete "$id" >/dev/null
  fi
  upload "$n" "$GUEST/disk.raw" --property kernel_id="$KID" --property ramdisk_id="$RID" \
    --property os_command_line="console=ttyS0 ${role#*:}" >/dev/null || die "image $n"
done
$OSC flavor show m1.tiny >/dev/null 2>&1 || $OSC flavor create --id 1 --ram 256 --disk 1 --vcpus 1 m1.tiny >/dev/null
say "images + flavor ready"

group_id() { $OSC server group list -f json | jq -r --arg n "$1" '.[]|select(.Name==$n)|.ID' | head -1; }
[ -n "$(group_id web)" ] || $OSC server group create --policy anti-affinity web >/dev/null
WEB=$(group_id web)

# name image host [extra create args]: one server of that name, booted when missing or broken
SEEDED=""
seed() {
  local n=$1 img=$2 h=$3; shift 3
  local row id st
  for row in $($OSC server list --all-projects --name "^$n\$" -f json | jq -r '.[]|"\(.ID)/\(.Status)"'); do
    id=${row%%/*}; st=${row#*/}
    case $st in ACTIVE|SHUTOFF|MIGRATING|RESIZE|VERIFY_RESIZE|REBUILD) return 0 ;; esac
    say "$n ($id) is $st: deleting it"; $OSC server delete --wait "$id" || true
  done
  $OSC server create --flavor m1.tiny --image "ferry-lab-$img" --nic none \
    --availability-zone "nova:$h" "$@" "$n" >/dev/null || die "boot $n failed"
  SEEDED="$SEEDED $n"
}
seed server-x quiet compute1
seed busy-1 busy compute1
seed stopped-1 quiet compute2
seed web-1 quiet compute2 --hint group="$WEB"
seed web-2 quiet compute3 --hint group="$WEB"
state_of() { $OSC server show "$1" -f json | jq -r '"\(.status)/\(."OS-EXT-STS:task_state")"'; }
for n in $SEEDED; do
  t=0
  until [ "$(state_of "$n")" = ACTIVE/null ]; do
    case $(state_of "$n") in ERROR*) die "$n went to ERROR: $($OSC server show "$n" -f json | jq -c .fault)" ;; esac
    sleep 2; t=$((t+2)); [ $t -lt 300 ] || die "$n not ACTIVE after 300s"
  done
  say "$n ACTIVE"
done
if [ "$(state_of stopped-1)" = ACTIVE/null ]; then $OSC server stop stopped-1; fi
t=0; until [ "$(state_of stopped-1)" = SHUTOFF/null ]; do sleep 2; t=$((t+2)); [ $t -lt 120 ] || die "stopped-1 not SHUTOFF"; done
