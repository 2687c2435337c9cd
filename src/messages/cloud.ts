import type {
  AmbiguousServerError,
  OpenStackUnreachableError,
  ServerNotFoundError,
} from '../core/cloud-errors.ts';
import { t } from '../i18n/index.ts';
import { formatDuration } from './units.ts';

/**
 * Why the cloud gave no answer, in words: the last try's reason, or for a read tried again what all its
 * tries got ("no answer to 4 tries over 2m 01s", not the last try's "no answer within 30 s").
 */
export function unansweredReason(error: OpenStackUnreachableError): string {
  const tries = error.tries;
  if (!tries || tries.count < 2) return error.reason;
  const over = formatDuration(tries.overMs);
  return tries.allTimedOut
    ? t`no answer to ${tries.count} tries over ${over}`
    : t`${error.reason}, the last of ${tries.count} tries over ${over}`;
}

/** A server asked for by name or ID that no project has, or that several servers are named. */
export function serverLookupText(error: ServerNotFoundError | AmbiguousServerError): string {
  if (!('candidates' in error)) return t`No server named or with ID "${error.query}" exists in any project.`;
  const { query, candidates } = error;
  return t`${candidates.length} servers are named "${query}"; use the ID of the one you mean: ${candidates
    .map((c) => t`${c.id} (on ${c.host ?? t`no host`}, project ${c.projectId})`)
    .join(t`, `)}`;
}

/**
 * A 502 or 504 said as what it is: the load balancer (or proxy) in front of Nova answered, not Nova,
 * which it could not get an answer from (operator trial: "it answers 502" read as Nova's word). Null
 * for another status (a 503 may be Nova's own API restarting: said as Nova not available).
 */
export function gatewayAnswerText(status: number | undefined): string | null {
  if (status === 502)
    return t`the load balancer in front of it answers 502 Bad Gateway: it got no valid answer from Nova`;
  if (status === 504)
    return t`the load balancer in front of it answers 504 Gateway Timeout: Nova did not answer it in time`;
  return null;
}
