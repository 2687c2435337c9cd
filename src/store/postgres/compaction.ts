import type pg from 'pg';
import { compactDatabase, type StoreOptions } from '../retention.ts';
import { SCHEMA } from '../schema.ts';
import type { RowMirror } from './mirror.ts';
import { notify } from './writer.ts';

/**
 * Drops finished requests and runs past retention, and windows long over, by the same rules as the
 * lowdb store, from the table and from this replica's copy; the others hear of each row dropped.
 */
export async function compactRows(
  rows: RowMirror,
  now: number,
  options: Required<StoreOptions>,
  write: (work: (tx: pg.PoolClient, instance: string) => Promise<void>) => Promise<void>,
): Promise<{ droppedRequests: number; droppedRuns: number }> {
  const data = {
    schema: SCHEMA,
    requests: [...rows.requests.values()],
    runs: [...rows.runs.values()],
    audit: [],
    windows: [...rows.windows.values()],
    places: Object.fromEntries(rows.places),
  } as Parameters<typeof compactDatabase>[0];
  const { droppedRequests, droppedRuns } = compactDatabase(data, now, options);
  const gone = (before: Iterable<string>, kept: { id: string }[]) => {
    const keep = new Set(kept.map((record) => record.id));
    return [...before].filter((id) => !keep.has(id));
  };
  const requests = gone(rows.requests.keys(), data.requests);
  const runs = gone(rows.runs.keys(), data.runs);
  const windows = gone(rows.windows.keys(), data.windows);
  const places = [...rows.places.keys()].filter((id) => !(id in data.places));
  await write(async (tx, instance) => {
    await tx.query('DELETE FROM ferry_runs WHERE id = ANY($1)', [runs]);
    await tx.query('DELETE FROM ferry_requests WHERE id = ANY($1)', [requests]);
    await tx.query('DELETE FROM ferry_windows WHERE id = ANY($1)', [windows]);
    await tx.query('DELETE FROM ferry_places WHERE subject_id = ANY($1)', [places]);
    // the other replicas drop them from their copies too
    for (const [table, ids] of [
      ['runs', runs],
      ['requests', requests],
      ['windows', windows],
      ['places', places],
    ] as const)
      for (const id of ids) await notify(tx, instance, table, id);
  });
  for (const id of runs) rows.drop('runs', id);
  for (const id of requests) rows.drop('requests', id);
  for (const id of windows) rows.drop('windows', id);
  for (const id of places) rows.drop('places', id);
  return { droppedRequests, droppedRuns };
}
