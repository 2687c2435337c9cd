#!/usr/bin/env bash
# Known advisories for the production dependencies (npm audit --omit=dev). Some registries (mirrors)
# do not offer the advisory endpoint: then this says so and exits 0, so CI is not blocked by the mirror;
# where the endpoint answers, any advisory of moderate severity or worse fails.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(npm audit --omit=dev --audit-level=moderate 2>&1)
status=$?
if [ $status -ne 0 ] && grep -qE 'audit endpoint returned an error|405 Method Not Allowed|ENOAUDIT|EAI_AGAIN|ENOTFOUND' <<<"$out"; then
  registry=$(npm config get registry)
  echo "npm audit: the registry $registry does not offer security advisories here; nothing was checked."
  echo "Run 'npm run audit' where registry.npmjs.org is reachable."
  exit 0
fi
echo "$out"
exit $status
