import { describe, expect, it } from 'vitest';
import type { NovaOutage } from '../../src/core/model/records.ts';
import { Queries } from '../../src/core/queries.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { moveRecord, runRecord as run } from '../helpers/records.ts';

const completed = {
  kind: 'completed' as const,
  message: 'moved',
  host: 'compute2',
  durationMs: 1,
  forced: false,
};

/** a move request approved and its run created: the store as the runner leaves it */
async function started(store: LowdbStore, requestId: string, runId: string): Promise<void> {
  await store.addRequest(moveRecord(requestId));
  await store.decide(requestId, 'approved', 'U_BOB', 5);
  await store.claimRun(requestId, () => run(runId, requestId));
}

describe('Queries', () => {
  it('finds a run by its ID or by the ID of the move that started it; a request without one has none', async () => {
    const store = LowdbStore.memory();
    await started(store, 'r-000001', 'm-00000a');
    await store.addRequest(moveRecord('r-000002'));
    const queries = new Queries({ store });
    expect(queries.run('m-00000a')?.id).toBe('m-00000a');
    expect(queries.run('r-000001')?.id).toBe('m-00000a');
    expect(queries.run('r-000002')).toBeUndefined();
    expect(queries.request('r-000002')?.status).toBe('pending');
    expect(queries.run('m-ffffff')).toBeUndefined();
    expect(queries.move('r-000001')?.runId).toBe('m-00000a');
    expect(queries.evacuation('r-000001')).toBeUndefined();
  });

  it('answers the store as it is now (nothing kept): active runs, and the ended ones latest first', async () => {
    const store = LowdbStore.memory();
    const queries = new Queries({ store });
    await started(store, 'r-000001', 'm-00000a');
    await started(store, 'r-000002', 'm-00000b');
    await started(store, 'r-000003', 'm-00000c');
    expect(queries.activeRuns().map((r) => r.id)).toEqual(['m-00000a', 'm-00000b', 'm-00000c']);
    expect(queries.endedRuns()).toEqual([]);
    await store.finishRun('m-00000a', completed, 4_000);
    await store.finishRun('m-00000b', completed, 9_000);
    expect(queries.activeRuns().map((r) => r.id)).toEqual(['m-00000c']);
    expect(queries.endedRuns().map((r) => r.id)).toEqual(['m-00000b', 'm-00000a']);
  });

  it("gives the runner's Nova outage for an ID, and none when nothing tells it", () => {
    const store = LowdbStore.memory();
    const outage: NovaOutage = { since: 1_000, status: 503 };
    const told = new Queries({ store, novaOutageOf: (id) => (id === 'm-00000a' ? outage : null) });
    expect(told.novaOutageOf('m-00000a')).toBe(outage);
    expect(told.novaOutageOf('e-00000a')).toBeNull();
    expect(new Queries({ store }).novaOutageOf('m-00000a')).toBeNull();
  });
});
