#!/usr/bin/env bash
# Ferry against a real OpenStack control plane (Debian's Zed packages, fake-driver computes) on loopback.
# Brings it up with the shared scripts if it is not already up, then runs test/real-cloud with the
# same OS_* variables a user would set. Fails loudly when the control plane cannot be brought up.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
shared=${FERRY_REAL_OPENSTACK:-../shared/real-openstack}
if [ ! -x "$shared/up.sh" ] && [ ! -f "$shared/up.sh" ]; then
  echo "test:real-cloud FAILED: $shared/up.sh not found; set FERRY_REAL_OPENSTACK to the real-openstack folder" >&2
  exit 1
fi
if curl -fsS -o /dev/null --max-time 3 http://127.0.0.1:5000/v3 && curl -fsS -o /dev/null --max-time 3 http://127.0.0.1:8774/; then
  echo "--- real control plane already answering; making sure it is complete (up.sh is idempotent)"
else
  echo "--- bringing up the real control plane (Keystone, Placement, Glance, Neutron API, Nova + 2 fake computes)"
fi
if ! bash "$shared/up.sh" > /tmp/ferry-real-cloud-up.log 2>&1; then
  echo "test:real-cloud FAILED: the control plane did not come up. Last lines of its log:" >&2
  tail -n 30 /tmp/ferry-real-cloud-up.log >&2
  exit 1
fi
up=$(date +%s)
echo "--- control plane up in $((up - started)) s"
set -a
# shellcheck disable=SC1091
. "$shared/openrc"
set +a
status=0
npx vitest run --config vitest.real-cloud.config.ts || status=$?
echo "--- test:real-cloud took $(( $(date +%s) - started )) s in all (bring-up $((up - started)) s, tests $(( $(date +%s) - up )) s)"
exit $status
