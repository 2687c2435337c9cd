#!/usr/bin/env bash
# Ferry against the lab (npm run lab:up): Debian's Zed control plane on loopback and three compute
# hosts running nova-compute with the libvirt driver and real QEMU guests. Brings the lab up (or
# checks it, when it runs already), then runs test/real-cloud with the same OS_* variables a user
# would set. Fails loudly when the lab cannot be brought up.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
echo "--- bringing up the lab (npm run lab:up; idempotent), log /tmp/ferry-lab-up.log"
if ! bash scripts/lab/up.sh > /tmp/ferry-lab-up.log 2>&1; then
  echo "test:real-cloud FAILED: the lab did not come up. Last lines of its log:" >&2
  tail -n 30 /tmp/ferry-lab-up.log >&2
  exit 1
fi
up=$(date +%s)
grep 'LAB UP' /tmp/ferry-lab-up.log || true
set -a
# shellcheck disable=SC1091
. .lab/openrc
set +a
status=0
npx vitest run --config vitest.real-cloud.config.ts || status=$?
echo "--- test:real-cloud took $(( $(date +%s) - started )) s in all (lab:up $((up - started)) s, tests $(( $(date +%s) - up )) s)"
exit $status
