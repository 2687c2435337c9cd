# Shared by the lab scripts: where the lab lives, its addresses, and process helpers.
# Sourced, never run. Every process the lab starts is its own session (setsid), so its pid is its
# process group and down.sh signals exactly those groups, never by name.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin   # Debian's python3, not a pyenv one
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

LAB_TOOL=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB_TOOL/../.." && pwd)
# One lab per machine (its ports are fixed): the state is outside the worktree; .lab/ in the
# checkout gets the openrc and ssh files so that every checkout can use the running lab.
LAB=${FERRY_LAB_STATE:-/tmp/ferry-lab}
DOT=$REPO/.lab
ETC=$LAB/etc; LOG=$LAB/log; PIDS=$LAB/pids; BIN=$LAB/bin
ADMIN_PASS=admin
SVC_PASS=servicepass
DB_USER=openstack; DB_PASS=dbpass
DB=mysql+pymysql://$DB_USER:$DB_PASS@127.0.0.1:3306
RABBIT=rabbit://guest:guest@127.0.0.1:5672/
KS=http://127.0.0.1:5000
PY=/usr/bin/python3
HOSTS="compute1 compute2 compute3"
declare -A ADDR=([compute1]=127.0.0.3 [compute2]=127.0.0.4 [compute3]=127.0.0.5)
declare -A MIGPORT=([compute1]=49152 [compute2]=49252 [compute3]=49352)   # 100 ports each

T0=${T0:-$(date +%s.%N)}
ts() { printf '[%6.1fs] ' "$(echo "$(date +%s.%N) - $T0" | bc)"; }
say() { ts; echo "$*"; }
die() { ts; echo "ERROR: $*" >&2; exit 1; }

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }
start() { # name cmd...   (own session => own process group; pid == $!)
  local n=$1; shift
  if alive "$n"; then return 0; fi
  echo "==== start $(date -Is): $*" >>"$LOG/$n.log"
  nohup setsid "$@" >>"$LOG/$n.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$n.pid"
  say "started $n (pid $!)"
}
# start inside a compute host's mount + UTS namespace (held by the host's holder process)
start_in() { # host name cmd...
  local h=$1 n=$2; shift 2
  start "$n" nsenter -t "$(cat "$PIDS/$h.pid")" -m -u -- "$@"
}
wait_for() { # name timeout(s) cmd...   polls every 0.25 s: a whole second per wait adds up
  local n=$1 to=$2; shift 2; local t=0
  until "$@" >/dev/null 2>&1; do
    sleep 0.25; t=$((t+1))
    alive "$n" || { tail -30 "$LOG/$n.log"; die "$n died (log $LOG/$n.log)"; }
    [ $t -lt $((to * 4)) ] || { tail -30 "$LOG/$n.log"; die "$n not healthy after ${to}s"; }
  done
}
# a host's running guests destroyed (their QEMU is its own session, not libvirtd's group)
destroy_guests() { # host
  local h=$1 d
  alive "libvirtd-$h" || return 0
  for d in $(nsenter -t "$(cat "$PIDS/$h.pid")" -m -u virsh -c qemu:///system list --name 2>/dev/null); do
    echo "destroying guest $d on $h"
    nsenter -t "$(cat "$PIDS/$h.pid")" -m -u virsh -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
  done
}
http_ok() { curl -sf -o /dev/null --max-time 5 "$1"; }
# stop a set of services: TERM their groups, wait up to 30 s, then KILL what is left of those groups
stop_group() {
  local n pid pids=() i left
  for n in "$@"; do
    [ -f "$PIDS/$n.pid" ] || continue
    pid=$(cat "$PIDS/$n.pid")
    if kill -0 "$pid" 2>/dev/null; then echo "stopping $n (pid $pid)"; kill -TERM -- "-$pid" 2>/dev/null; pids+=("$pid"); fi
    rm -f "$PIDS/$n.pid"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  for i in $(seq 1 60); do
    left=0
    for pid in "${pids[@]}"; do pgrep -g "$pid" >/dev/null 2>&1 && left=1; done
    [ $left = 0 ] && return 0
    sleep 0.5
  done
  for pid in "${pids[@]}"; do pgrep -g "$pid" >/dev/null 2>&1 && { echo "  SIGKILL group $pid"; kill -KILL -- "-$pid" 2>/dev/null; }; done
  return 0
}
