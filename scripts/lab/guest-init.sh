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
# The ticks wait in the shell itself (read's timeout on a pipe no one writes), not in a sleep process:
# a guest that forks nothing stays quiet. Debian 12's QEMU 7.2 loses guest writes during a live
# migration when they go through a TLB entry older than a dirty-bitmap sync (fixed in QEMU 9.0, commit
# 03bfc2188f "physmem: Fix migration dirty bitmap coherency with TCG memory access"); a guest forking
# every second came back with a corrupt kernel (slab freelists, hrtimer tree) from about half its moves.
# Each tick goes to the console through the kernel's log (/dev/kmsg, written out by polling the UART),
# not through the tty: after a move a guest once kept running, its kernel still printing, while its
# shell's tty writes waited for a transmit interrupt that never came.
echo on >/proc/sys/kernel/printk_devkmsg
mkfifo /tick && exec 3<>/tick
i=0
while :; do
  i=$((i + 1))
  echo "tick $i" >/dev/kmsg
  read -t 1 -u 3 _
done
