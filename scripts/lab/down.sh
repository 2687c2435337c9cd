#!/bin/bash
# npm run lab:down: stop what lab:up started (pid files; each service is its own process group).
# Guests are destroyed first (their QEMU is its own session, not libvirtd's group); nova-compute
# boots them again on the next lab:up (resume_guests_state_on_host_boot).
#   lab:down -- --purge   also deletes the lab's whole state ($FERRY_LAB_STATE) and .lab/
source "$(dirname "$0")/common.sh"
T0=$(date +%s.%N)
stop_group $(for h in $HOSTS; do echo "nova-compute-$h"; done)
for h in $HOSTS; do destroy_guests "$h"; done
all=$(ls "$PIDS" 2>/dev/null | sed -n 's/\.pid$//p')
stop_group $(echo "$all" | grep -vx -e mariadb -e rabbitmq -e epmd $(printf -- '-e %s ' $HOSTS))
stop_group $HOSTS
stop_group rabbitmq
stop_group epmd
stop_group mariadb
if [ "${1:-}" = --purge ]; then
  echo "purging $LAB and $DOT"
  rm -rf "$LAB" "$DOT"
fi
say "lab down"
