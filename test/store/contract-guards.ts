import { describe, expect, it } from 'vitest';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import type { Leases } from '../../src/core/ports/leases.ts';
import { FencedError, StaleRecordError } from '../../src/core/ports/store.ts';
import { evacuationItem, moveRecord, runningEvacuation } from '../helpers/records.ts';
import { eventually, type FerryStore } from './contract.ts';

/**
 * What every store decides on the record as stored, never on a caller's copy (issue 25 item 11):
 * a move of an evacuation starts only from a waiting server of a running evacuation, checked inside
 * the locked update; and, for stores shared by replicas, a write about what a lease covers is refused
 * once another replica took the lease over (the fencing token).
 */
export function storeGuards(
  name: string,
  adapter: {
    fresh(): Promise<FerryStore>;
    /** a second replica's store on the same data */
    replica?(store: FerryStore): Promise<FerryStore>;
    /** a replica's leases on this store (short-lived, to be taken over), its writes fenced by them */
    fencedLeases?(store: FerryStore, holder: string, ttlMs: number): Leases;
  },
): void {
  const running = (id: string): EvacuationRecord =>
    runningEvacuation(
      id,
      'compute1',
      [evacuationItem('a', 'compute2'), evacuationItem('b', 'compute2')],
      true,
    );
  const start = (serverId: string, requestId: string) => [
    { serverId, change: { state: 'running' as const, requestId } },
  ];

  describe(`store guards: ${name}`, () => {
    it('starts no move of an evacuation that was stopped meanwhile, deciding on the stored record', async () => {
      const store = await adapter.fresh();
      const other = adapter.replica ? await adapter.replica(store) : store;
      await store.addRequest(running('e-1'));
      await eventually(() => expect(other.getEvacuation('e-1')).toBeDefined());
      // the other replica stops it; this one has not heard yet when it starts a move
      await other.setEvacuationPhase('e-1', 'stopping', { stoppedBy: 'U_BOB' });
      await expect(store.updateEvacuationItems('e-1', start('a', 'r-a'))).rejects.toThrow(StaleRecordError);
      await store.flush();
      await eventually(() =>
        expect(store.getEvacuation('e-1')?.evacuation.items[0]).toMatchObject({ state: 'waiting' }),
      );
      expect(store.getEvacuation('e-1')?.evacuation.items[0]?.requestId).toBeUndefined();
    });

    it('lets one replica start a waiting server, however many try at once', async () => {
      const store = await adapter.fresh();
      const other = adapter.replica ? await adapter.replica(store) : store;
      await store.addRequest(running('e-1'));
      await eventually(() => expect(other.getEvacuation('e-1')).toBeDefined());
      const tries = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? store : other).updateEvacuationItems('e-1', start('a', `r-${i}`)),
        ),
      );
      expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
      for (const refused of tries.filter((t) => t.status === 'rejected'))
        expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(StaleRecordError);
    });

    it('starts a planned evacuation once, however many start it at once', async () => {
      const store = await adapter.fresh();
      const other = adapter.replica ? await adapter.replica(store) : store;
      const planned = running('e-1');
      planned.evacuation.phase = 'planned';
      await store.addRequest(planned);
      await eventually(() => expect(other.getEvacuation('e-1')).toBeDefined());
      const tries = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          (i % 2 ? store : other).setEvacuationPhase('e-1', 'running', { startedAt: i }),
        ),
      );
      expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
      for (const refused of tries.filter((t) => t.status === 'rejected'))
        expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(StaleRecordError);
    });

    it('leaves a server that started alone when the waiting ones are marked not started', async () => {
      const store = await adapter.fresh();
      await store.addRequest(running('e-1'));
      await store.updateEvacuationItems('e-1', start('a', 'r-a'));
      // a stop computed from a copy that still showed both waiting
      const stopped = await store.updateEvacuationItems(
        'e-1',
        ['a', 'b'].map((serverId) => ({ serverId, change: { state: 'not-started' as const } })),
      );
      expect(stopped.evacuation.items.map((i) => i.state)).toEqual(['running', 'not-started']);
    });

    const fencedLeases = adapter.fencedLeases;
    if (fencedLeases)
      it("refuses a replica's write about what another replica took over (the fencing token)", async () => {
        const first = await adapter.fresh();
        const second = await (adapter.replica as NonNullable<typeof adapter.replica>)(first);
        const firstLeases = fencedLeases(first, 'replica-a', 200);
        const secondLeases = fencedLeases(second, 'replica-b', 20_000);
        await first.addRequest(running('e-1'));
        await first.addRequest(moveRecord('r-1'));
        await eventually(() => expect(second.getEvacuation('e-1')).toBeDefined());
        expect(await firstLeases.acquire('evacuation:e-1')).toBe(true);
        // held and fenced: the holder writes
        await first.updateEvacuationItems('e-1', start('a', 'r-a'));
        // the first replica falls silent, its lease expires, the second takes the evacuation over
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(await secondLeases.acquire('evacuation:e-1')).toBe(true);
        await expect(
          first.updateEvacuationItems('e-1', [{ serverId: 'a', change: { runId: 'm-stale' } }]),
        ).rejects.toThrow(FencedError);
        await expect(first.setEvacuationPhase('e-1', 'done', { endedAt: 9 })).rejects.toThrow(FencedError);
        // the new holder writes; a write about what no lease covers is not fenced
        await second.updateEvacuationItems('e-1', [{ serverId: 'a', change: { runId: 'm-1' } }]);
        await first.decide('r-1', 'approved', 'U_BOB', 5);
        await eventually(() => expect(first.getEvacuation('e-1')?.evacuation.items[0]?.runId).toBe('m-1'));
        expect(first.getEvacuation('e-1')?.evacuation.phase).toBe('running');
      });
  });
}
