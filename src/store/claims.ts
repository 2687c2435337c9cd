import { clash } from '../core/claims.ts';
import type { AuditEntry, Claim, HeldClaim, RequestRecord } from '../core/model/records.ts';
import { decide } from './changes.ts';

/**
 * The rules of claims, applied to records in place: both adapters run these on what they hold (lowdb
 * in memory, PostgreSQL on the rows read under the claims lock), so they cannot disagree.
 */

export function heldClaims(requests: Iterable<RequestRecord>): HeldClaim[] {
  const held: HeldClaim[] = [];
  for (const request of requests)
    for (const claim of request.claims ?? []) held.push({ ...claim, holder: request.id });
  return held;
}

/** The first claim another operation holds that one of `wanted` clashes with. */
export function conflictWith(
  requests: Iterable<RequestRecord>,
  holder: string,
  wanted: Claim[],
): HeldClaim | undefined {
  return heldClaims(requests).find(
    (held) => held.holder !== holder && wanted.some((claim) => clash(claim, held)),
  );
}

/**
 * The approval of a pending request together with its claims: decided only when none is held by
 * another operation (`requests`: every record that may hold one, as stored now).
 */
export function approveClaiming(
  request: RequestRecord,
  requests: Iterable<RequestRecord>,
  actor: string,
  at: number,
  claims: Claim[],
  seenFingerprint: string | undefined,
): { decided: boolean; planChanged?: boolean; conflict?: HeldClaim; audit?: AuditEntry } {
  if (request.status !== 'pending') return { decided: false };
  const conflict = conflictWith(requests, request.id, claims);
  if (conflict) return { decided: false, conflict };
  const result = decide(request, 'approved', actor, at, undefined, seenFingerprint);
  if (result.decided) request.claims = claims;
  return result;
}

/** Lets go of the record's claims: all of them, or those on the servers named. */
export function releaseClaims(request: RequestRecord, serverIds?: string[]): void {
  if (!request.claims?.length) return;
  request.claims = serverIds
    ? request.claims.filter((claim) => claim.kind !== 'server' || !serverIds.includes(claim.id))
    : [];
}
