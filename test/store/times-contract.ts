import { describe, expect, it } from 'vitest';
import { telling } from '../../src/core/journal.ts';
import type { ProgressSnapshot } from '../../src/core/model/records.ts';
import { ORPHANED_MS, type OutboxStore } from '../../src/core/ports/outbox.ts';
import { moveRecord, runRecord } from '../helpers/records.ts';
import type { FerryStore, StoreAdapter } from './contract.ts';

type Store = FerryStore & OutboxStore;

/**
 * Times are kept in whole milliseconds, on every store: a fraction (a fake clock moved by a computed
 * sleep, a deadline computed from an ETA) never fails a write (PostgreSQL's bigint columns refuse
 * one), and what was written reads back whole, now and after a restart.
 */
export function timesContract(name: string, adapter: StoreAdapter<Store>): void {
  describe(`times contract: ${name}`, () => {
    it('writes fractional times of every kind and reads them back whole', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1', { status: 'approved', createdAt: 1_000.6 }));
      await store.claimRun('r-1', () => ({
        ...runRecord('m-1', 'r-1'),
        startedAt: 2_000.4,
        transitions: [{ state: 'starting', at: 2_000.4 }],
      }));
      await store.transition('m-1', 'running', 2_500.5);
      const progress: ProgressSnapshot = {
        at: 3_000.7,
        phase: 'running',
        migrationStatus: 'running',
        percent: 12.5,
        bytesRemaining: null,
        bytesTotal: null,
        rate: 1_000.5,
        etaMs: 60_000.25,
        elapsedMs: 1_000.3,
      };
      const sink = { emit: () => undefined };
      await store.saveProgress(
        'm-1',
        progress,
        telling(sink, 3_000.7, (run) => [{ kind: 'run.progress', run, progress }]),
      );
      await store.recordAudit({ at: 3_100.2, actor: 'U_BOB', action: 'abort', subject: 'm-1' });
      await store.enqueueOutbox(
        { channel: 'C1', kind: 'post', text: 'hello', blocks: [], cause: 'c-1' },
        3_200.9,
      );
      const [claimed] = await store.claimOutbox('me', 3_300.5, 3_400.5, 1_700_000_000_000.5);
      expect(claimed).toBeDefined();
      await store.settleOutbox(claimed?.id as string, 'me', {
        retry: 'rate limited',
        at: 3_500.5,
        nextAt: 4_000.5,
      });

      const check = async (seen: Store) => {
        expect(seen.getMove('r-1')?.createdAt).toBe(1_001);
        const run = seen.getRun('m-1');
        expect(run?.startedAt).toBe(2_000);
        expect(run?.transitions.map((t) => t.at)).toEqual([2_000, 2_501]);
        // times whole; the figures that are not times are kept as they were
        expect(run?.lastProgress).toMatchObject({ at: 3_001, rate: 1_000.5, etaMs: 60_000.25 });
        expect(seen.auditLog().find((entry) => entry.action === 'abort')?.at).toBe(3_100);
        // as late as a replica takes another's entries over (ORPHANED_MS after them)
        const [told] = await seen.untoldJournal(3_001 + ORPHANED_MS);
        expect(told?.at).toBe(3_001);
        const [entry] = await seen.pendingOutbox();
        expect(entry).toMatchObject({ createdAt: 3_201, nextAt: 4_001 });
      };
      await check(store);
      if (adapter.reopen) await check(await adapter.reopen(store));
    });
  });
}
