#!/bin/busybox sh
# /init of the lab's guests (busybox initramfs, scripts/lab/guests.sh). Prints "tick N" on the
# console every second. The kernel command line (the image's os_command_line) chooses the role:
#   ferry.fill=MiB  fills that much memory once at boot (a quiet guest with a known footprint)
#   ferry.busy=MiB  rewrites that much memory every second (a live migration never converges)
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /mem && mount -t tmpfs -o size=90% mem /mem
arg() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
fill=$(arg ferry.fill); busy=$(arg ferry.busy)
echo "ferry-lab guest up: fill=${fill:-0} busy=${busy:-0} MiB"
[ -n "$fill" ] && dd if=/dev/urandom of=/mem/fill bs=1M count="$fill" 2>/dev/null
if [ -n "$busy" ]; then
  dd if=/dev/urandom of=/mem/src bs=1M count="$busy" 2>/dev/null
  # copying rewrites every page of /mem/dst: non-zero data, so QEMU must send it again
  (while :; do cp /mem/src /mem/dst; sleep 1; done) &
fi
i=0
while :; do
  i=$((i + 1))
  echo "tick $i"
  sleep 1
done
