import type pg from 'pg';
import type { EvacuationRecord, MoveRecord, RequestRecord, RunRecord } from '../../core/model/records.ts';
import { budgetsAllow } from '../../core/move/budgets.ts';
import { inFlightServers } from '../../core/move/in-flight.ts';
import type { BudgetLook } from '../../core/ports/requests.ts';
import * as change from '../changes.ts';
import { markItemRunning } from '../records/requests.ts';
import type { RowWrites } from './row-writes.ts';
import { lockRow, notify, saveRequest } from './writer.ts';

/**
 * Starts an evacuation's move under one transaction-wide lock: two replicas that each want to start a
 * member of one server group take turns, and the second counts the first's committed start. What is
 * in flight is read from the rows, not from this replica's mirror, which a notice may not have reached.
 */
export async function startEvacuationItem(
  writes: RowWrites,
  id: string,
  serverId: string,
  child: MoveRecord,
  look: BudgetLook,
): Promise<EvacuationRecord | null> {
  const started = await writes.write(async (tx) => {
    if (look.groups.length > 0) {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('ferry-budgets'))");
      const busy = await inFlightNow(tx);
      for (const stopped of look.stopped) busy.add(stopped);
      if (!budgetsAllow(look.groups, busy)) return null;
    }
    const found = await lockRow<RequestRecord>(tx, 'requests', id);
    await writes.checkFence(tx, found);
    const evacuation = markItemRunning(id, serverId, child.id)(found);
    await writes.insertRequest(tx, child);
    await saveRequest(tx, evacuation);
    await notify(tx, writes.instance, 'requests', id);
    return evacuation;
  });
  if (!started) return null;
  writes.rows.keep('requests', child.id, child);
  return change.asEvacuation(writes.rows.keep('requests', id, started), id);
}

/** The servers in flight as committed now: runs not ended, items running of running evacuations. */
async function inFlightNow(tx: pg.PoolClient): Promise<Set<string>> {
  const runs = await tx.query<Pick<RunRecord, 'serverId' | 'serverName' | 'requestId' | 'state'>>(
    `SELECT record->>'serverId' AS "serverId", record->>'serverName' AS "serverName",
            request_id AS "requestId", state
     FROM ferry_runs WHERE state <> 'done'`,
  );
  const evacuations = await tx.query<{ record: EvacuationRecord }>(
    `SELECT record FROM ferry_requests
     WHERE kind = 'evacuation' AND record->'evacuation'->>'phase' IN ('running', 'stopping')`,
  );
  return inFlightServers(
    runs.rows,
    evacuations.rows.map((row) => row.record),
  );
}
