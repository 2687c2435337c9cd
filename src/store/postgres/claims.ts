import type pg from 'pg';
import type { Claim, HeldClaim, RequestRecord } from '../../core/model/records.ts';
import * as change from '../changes.ts';
import * as claim from '../claims.ts';
import type { RowWrites } from './row-writes.ts';
import { lockRow, notify, saveRequest } from './writer.ts';

/**
 * Claims are checked and taken under one transaction-wide lock: two approvals that want the same host
 * at the same moment take turns, and the second reads the first's claims once it has committed.
 */
export async function claimingRequests(tx: pg.PoolClient): Promise<RequestRecord[]> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('ferry-claims'))");
  const { rows } = await tx.query<{ record: RequestRecord }>(
    `SELECT record FROM ferry_requests
     WHERE jsonb_typeof(record->'claims') = 'array' AND jsonb_array_length(record->'claims') > 0`,
  );
  return rows.map((row) => row.record);
}

/** Approves a request and takes its claims, unless another request holds one of them. */
export async function approveClaiming(
  writes: RowWrites,
  id: string,
  actor: string,
  at: number,
  claims: Claim[],
  seenFingerprint?: string,
): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean; conflict?: HeldClaim }> {
  const done = await writes.write(async (tx) => {
    const holders = await claimingRequests(tx);
    const request = change.asRequest(await lockRow<RequestRecord>(tx, 'requests', id), id);
    const { audit, ...result } = claim.approveClaiming(request, holders, actor, at, claims, seenFingerprint);
    if (audit) {
      await saveRequest(tx, request);
      await writes.appendAudit(tx, audit);
      await notify(tx, writes.instance, 'requests', id);
    }
    return { request, result };
  });
  return { request: writes.rows.keep('requests', id, done.request), ...done.result };
}

/**
 * Adds a request holding its claims, unless another request holds one of them; `from` hands its
 * claims over in the same transaction.
 */
export async function addClaiming(
  writes: RowWrites,
  record: RequestRecord,
  claims: Claim[],
  from?: string,
): Promise<{ request: RequestRecord; conflict?: HeldClaim }> {
  const done = await writes.write(async (tx) => {
    const holders = (await claimingRequests(tx)).filter((request) => request.id !== from);
    const found = claim.conflictWith(holders, record.id, claims);
    if (found) return { conflict: found };
    const handing = from ? await lockRow<RequestRecord>(tx, 'requests', from) : undefined;
    if (handing?.claims?.length) {
      claim.releaseClaims(handing);
      await saveRequest(tx, handing);
      await notify(tx, writes.instance, 'requests', handing.id);
    }
    record.claims = claims;
    await writes.insertRequest(tx, record);
    return { handed: handing };
  });
  if ('conflict' in done) return { request: record, conflict: done.conflict };
  if (done.handed) writes.rows.keep('requests', done.handed.id, done.handed);
  return { request: writes.rows.keep('requests', record.id, record) };
}
