import { describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../src/core/events.ts';
import { telling } from '../../src/core/journal.ts';
import type { Outcome, ProgressSnapshot } from '../../src/core/model/records.ts';
import { ORPHANED_MS, type OutboxDraft, type OutboxStore } from '../../src/core/ports/outbox.ts';
import { moveRecord, runRecord as run } from '../helpers/records.ts';
import type { FerryStore, StoreAdapter } from './contract.ts';

/** The wall time (ms) a claim writes on the posts it hands out. */
const WALL = 1_700_000_000_000;

type Store = FerryStore & OutboxStore;

/**
 * The event journal (core/journal.ts), on every store: a write's events land in the same write as its
 * change, or neither does; they survive a restart until told; a run's progress is kept newest only;
 * and a message telling one cause is written once, alone or merged, whoever writes it.
 */
export function journalContract(
  name: string,
  adapter: StoreAdapter<Store> & {
    /** makes the store's next journal writes fail in the database itself (PostgreSQL) */
    breakJournal?(store: Store): Promise<() => Promise<void>>;
  },
): void {
  const outcome: Outcome = {
    kind: 'completed',
    message: 'done',
    host: 'compute2',
    durationMs: 60_000,
    forced: false,
  };
  const progress = (at: number, percent: number): ProgressSnapshot => ({
    at,
    phase: 'running',
    migrationStatus: 'running',
    percent,
    bytesRemaining: null,
    bytesTotal: null,
    rate: null,
    etaMs: null,
    elapsedMs: at - 2_000,
  });
  /** a store with a running move m-1, and what its event sink heard */
  const withRun = async () => {
    const store = await adapter.fresh();
    await store.addRequest(moveRecord('r-1', { status: 'approved' }));
    await store.claimRun('r-1', () => run('m-1', 'r-1'));
    const heard: [FerryEvent, string | undefined][] = [];
    const sink = { emit: (event: FerryEvent, id?: string) => heard.push([event, id]) };
    return { store, heard, sink };
  };
  const post = (cause: string, extra: Partial<OutboxDraft> = {}): OutboxDraft => ({
    channel: 'C1',
    kind: 'post',
    text: cause,
    blocks: [],
    cause,
    ...extra,
  });

  describe(`journal contract: ${name}`, () => {
    it('writes the events with the change, then publishes each with its entry ID', async () => {
      const { store, heard, sink } = await withRun();
      const { first } = await store.finishRun(
        'm-1',
        outcome,
        3_000,
        telling(sink, 3_000, (ended) => [{ kind: 'run.outcome', run: ended, outcome }]),
      );
      expect(first).toBe(true);
      const [entry] = await store.untoldJournal(3_000);
      expect(entry).toMatchObject({ at: 3_000, subject: 'm-1', event: { kind: 'run.outcome', outcome } });
      expect(entry?.event).toMatchObject({ run: { state: 'done' } });
      expect(heard.map(([event, id]) => [event.kind, id])).toEqual([['run.outcome', entry?.id]]);
      // a second end is not the first: nothing more is told
      await store.finishRun(
        'm-1',
        outcome,
        3_500,
        telling(sink, 3_500, (r) => [{ kind: 'run.outcome', run: r, outcome }]),
      );
      expect(await store.untoldJournal(3_500)).toHaveLength(1);
      expect(heard).toHaveLength(1);
    });

    it('leaves neither the change nor its events when the write fails while the events are built', async () => {
      const { store, heard, sink } = await withRun();
      await expect(
        store.finishRun(
          'm-1',
          outcome,
          3_000,
          telling(sink, 3_000, () => {
            throw new Error('the write fails after the change was made');
          }),
        ),
      ).rejects.toThrow('the write fails');
      expect(store.getRun('m-1')?.state).toBe('starting');
      expect(await store.untoldJournal(3_000)).toEqual([]);
      expect(heard).toEqual([]);
      const again = adapter.reopen && (await adapter.reopen(store));
      if (again) {
        expect(again.getRun('m-1')?.state).toBe('starting');
        expect(await again.untoldJournal(3_000)).toEqual([]);
      }
    });

    if (adapter.breakJournal)
      it('leaves neither the change nor its events when the database refuses the journal row', async () => {
        const { store, heard, sink } = await withRun();
        const mend = await (adapter.breakJournal as NonNullable<typeof adapter.breakJournal>)(store);
        await expect(
          store.transition(
            'm-1',
            'running',
            3_000,
            undefined,
            telling(sink, 3_000, (r) => [{ kind: 'run.phase', run: r, phase: 'running' }]),
          ),
        ).rejects.toThrow();
        await mend();
        expect(store.getRun('m-1')?.state).toBe('starting');
        expect(heard).toEqual([]);
        const again = await (adapter.reopen as NonNullable<typeof adapter.reopen>)(store);
        expect(again.getRun('m-1')?.state).toBe('starting');
        expect(await again.untoldJournal(3_000)).toEqual([]);
      });

    it('keeps what is not told across a restart, drops what is told, and a run’s newest progress only', async () => {
      const { store, sink } = await withRun();
      const tellProgress = (at: number, percent: number) =>
        store.saveProgress(
          'm-1',
          progress(at, percent),
          telling(sink, at, (r) => [{ kind: 'run.progress', run: r, progress: progress(at, percent) }]),
        );
      await tellProgress(2_500, 10);
      await store.tell(
        telling(sink, 2_600, () => [
          { kind: 'run.notice', run: run('m-1', 'r-1'), note: 'Nova did not answer' },
        ]),
      );
      await tellProgress(2_700, 40);
      const untold = await store.untoldJournal(3_000);
      expect(untold.map((entry) => entry.event.kind)).toEqual(['run.notice', 'run.progress']);
      expect(untold[1]?.event).toMatchObject({ progress: { percent: 40 } });
      expect((untold[0]?.seq ?? 0) < (untold[1]?.seq ?? 0)).toBe(true);
      // the process that wrote them is gone: another one tells them (among replicas, once they are old)
      const later = 3_000 + ORPHANED_MS;
      const again = adapter.reopen ? await adapter.reopen(store) : store;
      expect(await again.untoldJournal(later)).toEqual(untold);
      await again.markTold(untold[0]?.id as string);
      expect((await again.untoldJournal(later)).map((entry) => entry.id)).toEqual([untold[1]?.id]);
      const third = adapter.reopen ? await adapter.reopen(store) : again;
      expect((await third.untoldJournal(later)).map((entry) => entry.id)).toEqual([untold[1]?.id]);
    });

    it('writes a message telling one cause once, alone or merged into another, unless Slack refused it', async () => {
      const store = await adapter.fresh();
      const first = await store.enqueueOutbox(post('j-1'), 10);
      const again = await store.enqueueOutbox(post('j-1'), 11);
      expect(again.entry.id).toBe(first.entry.id);
      const merge = (parts: string[]) => ({ text: parts.join(' '), blocks: [] });
      await store.enqueueOutbox(post('j-2', { group: 'g', parts: ['a'] }), 12, merge);
      const merged = await store.enqueueOutbox(post('j-3', { group: 'g', parts: ['b'] }), 13, merge);
      expect(merged.merged).toBe(true);
      expect(
        (await store.enqueueOutbox(post('j-3', { group: 'g', parts: ['b'] }), 14, merge)).entry.text,
      ).toBe('a b');
      expect(await store.outboxByCause('j-3')).toMatchObject({ text: 'a b' });
      expect((await store.pendingOutbox()).map((entry) => entry.text)).toEqual(['j-1', 'a b']);
      // refused for good: a cause may be written again
      await store.claimOutbox('me', 20, 100, WALL);
      await store.settleOutbox(first.entry.id, 'me', { failed: 'channel_not_found', at: 21 });
      expect((await store.enqueueOutbox(post('j-1'), 22)).entry.id).not.toBe(first.entry.id);
    });

    if (adapter.replica)
      it('writes one message when two replicas tell one cause at once, and leaves a live writer’s entries to it', async () => {
        const { store, sink } = await withRun();
        const other = await (adapter.replica as NonNullable<typeof adapter.replica>)(store);
        const written = await Promise.all([
          ...Array.from({ length: 4 }, (_, i) => store.enqueueOutbox(post('j-9'), 10 + i)),
          ...Array.from({ length: 4 }, (_, i) => other.enqueueOutbox(post('j-9'), 10 + i)),
        ]);
        expect(new Set(written.map((w) => w.entry.id)).size).toBe(1);
        await store.tell(
          telling(sink, 5_000, () => [{ kind: 'run.notice', run: run('m-1', 'r-1'), note: 'n' }]),
        );
        expect(await store.untoldJournal(5_001)).toHaveLength(1);
        expect(await other.untoldJournal(5_000 + ORPHANED_MS - 1)).toEqual([]);
        expect(await other.untoldJournal(5_000 + ORPHANED_MS)).toHaveLength(1);
      });

    it('records and tells a window’s reminder and its start once, whichever replica writes them', async () => {
      const store = await adapter.fresh();
      const other = adapter.replica ? await adapter.replica(store) : store;
      const heard: string[] = [];
      const sink = { emit: (event: FerryEvent) => heard.push(event.kind) };
      await store.addWindow({
        id: 'w-1',
        host: 'compute3',
        start: 10_000,
        end: 20_000,
        reason: 'firmware',
        createdBy: 'U_ALICE',
        createdAt: 1_000,
        status: 'scheduled',
        reminders: { '24h': { skipped: true } },
      });
      const remind = (writer: Store) =>
        writer.recordReminders(
          'w-1',
          { '1h': { skipped: true }, '10m': { at: 9_400, late: false } },
          telling(sink, 9_400, (window) => [
            {
              kind: 'window.reminder',
              window,
              reminder: { label: '10m', beforeMs: 600_000 },
              late: false,
              servers: 3,
              cannotLive: 0,
            },
          ]),
        );
      const start = (writer: Store) =>
        writer.markWindowHandled(
          'w-1',
          'start',
          telling(sink, 10_000, (window) => [{ kind: 'window.started', window, evacuation: null }]),
        );
      await Promise.all([remind(store), remind(other), remind(store)]);
      const starts = await Promise.all([start(store), start(other)]);
      expect(starts.filter((s) => s.first)).toHaveLength(1);
      const untold = await store.untoldJournal(10_000 + ORPHANED_MS);
      expect(untold.map((entry) => entry.event.kind)).toEqual(['window.reminder', 'window.started']);
      expect(heard).toEqual(['window.reminder', 'window.started']);
      expect(store.getWindow('w-1')?.reminders).toEqual({
        '24h': { skipped: true },
        '1h': { skipped: true },
        '10m': { at: 9_400, late: false },
      });
      // the same reminder decided again (a tick after a restart, or with the clock set back) tells nothing
      await remind(store);
      expect(await store.untoldJournal(10_000 + ORPHANED_MS)).toHaveLength(2);
    });
  });
}
