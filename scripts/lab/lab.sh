#!/bin/bash
# npm run lab -- up | down [--purge] | status | break HOST | fix HOST
set -euo pipefail
here=$(dirname "$0")
cmd=${1:-status}; shift || true
case $cmd in
  up) exec bash "$here/up.sh" "$@" ;;
  down) exec bash "$here/down.sh" "$@" ;;
  status|break|fix) exec bash "$here/manage.sh" "$cmd" "$@" ;;
  *) echo "usage: npm run lab -- up | down [--purge] | status | break HOST | fix HOST" >&2; exit 2 ;;
esac
