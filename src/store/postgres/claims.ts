import type pg from 'pg';
import type { RequestRecord } from '../../core/model.ts';

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
