# Sourced by up.sh: images made here (nothing downloaded), flavor, and the seeded servers.
# Debian's cloud kernel and a busybox initramfs are Glance kernel/ramdisk images (raw/bare: an "aki"
# kernel is refused by the destination's image format check in pre_live_migration); the servers'
# image is a small raw disk with kernel_id/ramdisk_id and the guest's role on its command line.
LAB_FILL_MIB=${FERRY_LAB_FILL_MIB:-24}   # server-x & co: filled once at boot
LAB_BUSY_MIB=${FERRY_LAB_BUSY_MIB:-80}   # busy-1: rewritten every second (twice this in tmpfs)
GUEST=$LAB/guest
mkdir -p "$GUEST"
# rebuilt when guest-init.sh's content changes, not its mtime: a fresh clone must not re-seed the servers
INIT_SUM=$(md5sum <"$LAB_TOOL/guest-init.sh" | cut -c1-32)
if [ ! -f "$GUEST/initrd.gz" ] || [ "$(cat "$GUEST/init.md5" 2>/dev/null)" != "$INIT_SUM" ]; then
  rm -rf "$GUEST/root"; mkdir -p "$GUEST/root"/{bin,proc,sys,dev,mem}
  cp /bin/busybox "$GUEST/root/bin/busybox"
  cp "$LAB_TOOL/guest-init.sh" "$GUEST/root/init"
  (cd "$GUEST/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$GUEST/initrd.gz.new"
  mv "$GUEST/initrd.gz.new" "$GUEST/initrd.gz"
  echo "$INIT_SUM" >"$GUEST/init.md5"
fi
[ -f "$GUEST/disk.raw" ] || truncate -s 16M "$GUEST/disk.raw"

OSC="openstack --os-compute-api-version 2.92"
glance() { curl -sf --max-time 30 -H "X-Auth-Token: $TOKEN" "http://127.0.0.1:9292$1"; }
image_json() { glance "/v2/images?name=$1" | jq -c '.images[0] // empty'; }
# name file [key=value properties...]: an active image of that name with those properties
image() {
  local n=$1 f=$2; shift 2
  local j p want=1 args=()
  j=$(image_json "$n")
  for p in "$@"; do
    args+=(--property "$p")
    [ -n "$j" ] && [ "$(jq -r --arg k "${p%%=*}" '.[$k]' <<<"$j")" != "${p#*=}" ] && want=0
  done
  if [ -n "$j" ] && [ $want = 1 ] && [ "$(jq -r .status <<<"$j")" = active ]; then jq -r .id <<<"$j"; return; fi
  [ -n "$j" ] && openstack image delete "$(jq -r .id <<<"$j")" >/dev/null
  openstack image create --disk-format raw --container-format bare --public --file "$f" "${args[@]}" "$n" -f value -c id
}
KID=$(image ferry-lab-kernel "$KERNEL") || die "kernel image"
# its checksum as a property: a changed guest-init.sh replaces the image, and so the servers booted from it
RID=$(image ferry-lab-initrd "$GUEST/initrd.gz" "ferry_initrd_md5=$(md5sum <"$GUEST/initrd.gz" | cut -c1-32)") || die "initrd image"
# the guest's role is on its kernel command line; os_shutdown_timeout: busybox ignores ACPI
# power-off, so a stop destroys the guest at once instead of after Nova's 60 s
for role in "quiet:ferry.fill=$LAB_FILL_MIB" "busy:ferry.busy=$LAB_BUSY_MIB"; do
  image "ferry-lab-${role%%:*}" "$GUEST/disk.raw" kernel_id="$KID" ramdisk_id="$RID" \
    "os_command_line=console=ttyS0 ${role#*:}" os_shutdown_timeout=0 >/dev/null || die "image ${role%%:*}"
done
nova "$NOVA_URL/flavors/1" >/dev/null || $OSC flavor create --id 1 --ram 256 --disk 1 --vcpus 1 m1.tiny >/dev/null
say "images + flavor ready"

WEB=$(nova "$NOVA_URL/os-server-groups" | jq -r '.server_groups[]|select(.name=="web")|.id' | head -1)
[ -n "$WEB" ] || WEB=$(nova -X POST -d '{"server_group":{"name":"web","policy":"anti-affinity"}}' "$NOVA_URL/os-server-groups" | jq -r .server_group.id)

servers() { nova "$NOVA_URL/servers/detail?all_tenants=1" | jq -c '.servers[]|{id,name,status,task:."OS-EXT-STS:task_state",host:."OS-EXT-SRV-ATTR:host",image:.image.id,fault}'; }
# id: deleted, and waited for until Nova no longer knows it. A server still being deleted stays a
# member of its group on its host, so a new anti-affinity member forced there would fail Nova's
# late check (and `openstack server delete --wait` returns at once for a server already in ERROR).
gone() {
  local code t=0
  nova -X DELETE "$NOVA_URL/servers/$1" >/dev/null || true
  while code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "X-Auth-Token: $TOKEN" "$NOVA_URL/servers/$1"); [ "$code" != 404 ]; do
    sleep 1; t=$((t+1)); [ $t -lt 120 ] || die "server $1 not deleted after 120 s (last answer $code)"
  done
}
# The seeded servers: name image host [group]. One server of each name, booted when missing, broken
# or on an image that was replaced (a block migration fetches the image again on the destination).
SEEDS=("server-x quiet compute1" "busy-1 busy compute1" "stopped-1 quiet compute2"
  "web-1 quiet compute2 $WEB" "web-2 quiet compute3 $WEB")
# name image: 0 when a server of that name runs on the image now; every other one deleted
kept() {
  local n=$1 image_id row id ok=1
  image_id=$(image_json "ferry-lab-$2" | jq -r .id)
  for row in $(servers | jq -r --arg n "$n" 'select(.name==$n)|"\(.id)/\(.status)/\(.image)"'); do
    id=${row%%/*}
    if [ $ok = 1 ] && [ "${row##*/}" = "$image_id" ]; then
      case $(cut -d/ -f2 <<<"$row") in ACTIVE|SHUTOFF|MIGRATING|RESIZE|VERIFY_RESIZE|REBUILD) ok=0; continue ;; esac
    fi
    say "$n ($id) is $(cut -d/ -f2 <<<"$row") (image ${row##*/}): deleting it"; gone "$id"
  done
  return $ok
}
# Every stale server is gone before any is booted: moved by the suites, an old web-2 may sit on the
# host the new web-1 is forced to, and Nova's late anti-affinity check would fail that boot.
BOOT=()
for s in "${SEEDS[@]}"; do read -r n img _ <<<"$s"; kept "$n" "$img" || BOOT+=("$s"); done
# a member of the group goes to its host unless a kept member sits there, else to a host with none
taken=" $(servers | jq -r 'select(.name|test("^web-"))|.host' | tr '\n' ' ')"
SEEDED=""
for s in "${BOOT[@]}"; do
  read -r n img h group <<<"$s"
  hints='{}'
  if [ -n "${group:-}" ]; then
    hints="{\"group\":\"$group\"}"
    if [[ $taken == *" $h "* ]]; then
      for h in $HOSTS; do [[ $taken == *" $h "* ]] || break; done
    fi
    taken="$taken$h "
  fi
  nova -X POST "$NOVA_URL/servers" -d "{\"server\":{\"name\":\"$n\",\"flavorRef\":\"1\",\"networks\":\"none\",
    \"imageRef\":\"$(image_json "ferry-lab-$img" | jq -r .id)\",\"availability_zone\":\"nova:$h\"},
    \"os:scheduler_hints\":$hints}" >/dev/null || die "boot $n failed"
  SEEDED="$SEEDED $n"
done
t=0
while :; do
  all=$(servers)
  for n in $SEEDED; do
    j=$(jq -c --arg n "$n" 'select(.name==$n)' <<<"$all")
    case $(jq -r '"\(.status)/\(.task)"' <<<"$j") in
      ACTIVE/null) say "$n ACTIVE"; SEEDED=$(echo "$SEEDED" | sed "s/ $n\b//") ;;
      ERROR*) die "$n went to ERROR: $(jq -c .fault <<<"$j")" ;;
    esac
  done
  [ -z "$SEEDED" ] && break
  sleep 2; t=$((t+2)); [ $t -lt 300 ] || die "not ACTIVE after 300 s:$SEEDED"
done
stopped=$(servers | jq -r 'select(.name=="stopped-1")|"\(.id) \(.status)/\(.task)"')
if [ "${stopped#* }" = ACTIVE/null ]; then nova -X POST -d '{"os-stop":null}' "$NOVA_URL/servers/${stopped%% *}/action"; fi
t=0
until [ "$(servers | jq -r 'select(.name=="stopped-1")|"\(.status)/\(.task)"')" = SHUTOFF/null ]; do
  sleep 1; t=$((t+1)); [ $t -lt 120 ] || die "stopped-1 not SHUTOFF"
done
