import { describe, expect, it } from 'vitest';
import { ORPHANED_MS, type OutboxDraft, type OutboxStore } from '../../src/core/ports/outbox.ts';
import type { FerryStore } from '../../src/store/ferry-store.ts';
import type { StoreAdapter } from './contract.ts';

/** The wall time (ms) a claim writes on the posts it hands out. */
export const WALL = 1_700_000_000_000;

/** A post to write in the outbox. */
export function post(channel: string, text: string, extra: Partial<OutboxDraft> = {}): OutboxDraft {
  return { channel, kind: 'post', text, blocks: [], ...extra };
}

/**
 * What every store's outbox must do (beside storeContract): messages kept before they are sent, one
 * claimed at a time per lane (a channel's posts, its edits), in the order written, a post's ts
 * remembered with its result, and (for shared stores) two replicas claiming at once never both get
 * the same message.
 */
export function outboxContract(name: string, adapter: StoreAdapter<FerryStore>): void {
  const lines = (parts: string[]) => ({ text: `${parts.length} line(s)`, blocks: [{ lines: parts }] });

  describe(`outbox contract: ${name}`, () => {
    it('hands out the first waiting message of each channel, in the order written, one at a time', async () => {
      const store = await adapter.fresh();
      await store.enqueueOutbox(post('C1', 'one'), 10);
      await store.enqueueOutbox(post('C2', 'other'), 11);
      await store.enqueueOutbox(post('C1', 'two'), 12);
      const first = await store.claimOutbox('me', 20, 100, WALL);
      expect(first.map((entry) => entry.text)).toEqual(['one', 'other']);
      // claimed and not settled: nothing more of those channels
      expect(await store.claimOutbox('me', 21, 100, WALL)).toEqual([]);
      const one = first[0];
      if (!one) throw new Error('nothing claimed');
      await store.settleOutbox(one.id, 'me', { sent: '1.1', at: 22 });
      expect((await store.claimOutbox('me', 23, 100, WALL)).map((entry) => entry.text)).toEqual(['two']);
      expect((await store.pendingOutbox()).map((entry) => entry.text)).toEqual(['other', 'two']);
    });

    it('retakes its own running claims when told its last claim’s answer was lost, never another’s', async () => {
      const store = await adapter.fresh();
      await store.enqueueOutbox(post('C1', 'mine'), 10);
      await store.claimOutbox('me', 10, 100, WALL);
      await store.enqueueOutbox(post('C2', 'theirs'), 11);
      await store.claimOutbox('them', 11, 100, WALL);
      expect(await store.claimOutbox('me', 12, 100, WALL)).toEqual([]);
      const retaken = await store.claimOutbox('me', 12, 100, WALL, true);
      expect(retaken.map((entry) => [entry.text, entry.claimedBy])).toEqual([['mine', 'me']]);
      // its first send may have reached Slack: looked for there before it is sent again
      expect(retaken[0]?.unsure).toBe(true);
    });

    it('waits out a retry, ends a refusal, and remembers a sent post’s ts in its place', async () => {
      const store = await adapter.fresh();
      const { entry } = await store.enqueueOutbox(
        post('C1', 'top', { remember: { subject: 'r-1', field: 'ts' }, cause: 'said:r-1' }),
        10,
      );
      await store.claimOutbox('me', 10, 100, WALL);
      await store.settleOutbox(entry.id, 'me', { retry: 'internal_error', at: 11, nextAt: 50 });
      expect(await store.claimOutbox('me', 49, 200, WALL)).toEqual([]);
      const [again] = await store.claimOutbox('me', 50, 200, WALL);
      expect(again).toMatchObject({ id: entry.id, attempts: 1, error: 'internal_error' });
      const sent = await store.settleOutbox(entry.id, 'me', { sent: '7.7', at: 51 });
      expect(sent).toMatchObject({ state: 'sent', sentTs: '7.7', attempts: 2 });
      expect(store.placeOf('r-1')).toEqual({ channel: 'C1', ts: '7.7' });
      expect(await store.outboxByCause('said:r-1')).toMatchObject({ state: 'sent' });
      const { entry: refused } = await store.enqueueOutbox(post('C9', 'nowhere'), 60);
      await store.claimOutbox('me', 60, 100, WALL);
      await store.settleOutbox(refused.id, 'me', { failed: 'channel_not_found', at: 61 });
      expect(await store.failedOutbox(5)).toMatchObject([{ id: refused.id, error: 'channel_not_found' }]);
      expect(await store.pendingOutbox()).toEqual([]);
    });

    it('releases a backoff Ferry chose once Slack takes a call again, never Slack’s own Retry-After', async () => {
      const store = await adapter.fresh();
      const { entry: broken } = await store.enqueueOutbox(post('C1', 'after a 503'), 10);
      const { entry: limited } = await store.enqueueOutbox(post('C2', 'after a 429'), 10);
      await store.claimOutbox('me', 10, 100, WALL);
      await store.settleOutbox(broken.id, 'me', { retry: 'http_503', at: 11, nextAt: 8_000 });
      await store.settleOutbox(limited.id, 'me', { retry: 'ratelimited', at: 11, nextAt: 1_000 });
      expect(await store.claimOutbox('me', 12, 100, WALL)).toEqual([]);
      const released = await store.claimOutbox('me', 12, 100, WALL, false, true);
      expect(released.map((entry) => entry.text)).toEqual(['after a 503']);
    });

    it('merges a message into a waiting one of its group, never into one being sent', async () => {
      const store = await adapter.fresh();
      await store.enqueueOutbox(post('C1', 'a', { group: 'g', parts: ['a'] }), 10, lines);
      const merged = await store.enqueueOutbox(post('C1', 'b', { group: 'g', parts: ['b'] }), 11, lines);
      expect(merged.merged).toBe(true);
      const [claimed] = await store.claimOutbox('me', 12, 100, WALL);
      expect(claimed).toMatchObject({ text: '2 line(s)', parts: ['a', 'b'] });
      const after = await store.enqueueOutbox(post('C1', 'c', { group: 'g', parts: ['c'] }), 13, lines);
      expect(after.merged).toBe(false);
      expect((await store.pendingOutbox()).map((entry) => entry.parts)).toEqual([['a', 'b'], ['c']]);
    });

    it('never merges into a message whose claim ran out while its sender may still be sending it', async () => {
      const store = await adapter.fresh();
      const { entry } = await store.enqueueOutbox(post('C1', 'a', { group: 'g', parts: ['a'] }), 10, lines);
      await store.claimOutbox('me', 11, 20, WALL);
      // the claim ran out (a slow call, a Slack 5xx answered late): Slack may be taking 'a' alone now
      const late = await store.enqueueOutbox(post('C1', 'b', { group: 'g', parts: ['b'] }), 30, lines);
      expect(late.merged).toBe(false);
      await store.settleOutbox(entry.id, 'me', { sent: '1.1', at: 31 });
      expect((await store.pendingOutbox()).map((waiting) => waiting.parts)).toEqual([['b']]);
    });

    it('merges into a message Slack refused to take (429): its next try sends every line', async () => {
      const store = await adapter.fresh();
      const { entry } = await store.enqueueOutbox(post('C1', 'a', { group: 'g', parts: ['a'] }), 10, lines);
      await store.claimOutbox('me', 11, 100, WALL);
      await store.settleOutbox(entry.id, 'me', { retry: 'ratelimited', at: 12, nextAt: 20 });
      expect(
        (await store.enqueueOutbox(post('C1', 'b', { group: 'g', parts: ['b'] }), 13, lines)).merged,
      ).toBe(true);
      const [again] = await store.claimOutbox('me', 20, 100, WALL);
      expect(again).toMatchObject({ id: entry.id, text: '2 line(s)', parts: ['a', 'b'] });
    });

    it('merges nothing into a post that may be in Slack already (a 5xx): found there, it would send no more', async () => {
      const store = await adapter.fresh();
      const top = { subject: 'r-9', field: 'ts' } as const;
      const { entry } = await store.enqueueOutbox(post('C1', 'a', { group: 'g', parts: ['a'] }), 10, lines);
      const { entry: lone } = await store.enqueueOutbox(post('C2', 'top', { remember: top }), 10);
      await store.claimOutbox('me', 11, 100, WALL);
      await store.settleOutbox(entry.id, 'me', { retry: 'service_unavailable', at: 12, nextAt: 20 });
      await store.settleOutbox(lone.id, 'me', { retry: 'service_unavailable', at: 12, nextAt: 20 });
      const late = await store.enqueueOutbox(post('C1', 'b', { group: 'g', parts: ['b'] }), 13, lines);
      expect(late.merged).toBe(false);
      const edit = await store.enqueueOutbox(
        { kind: 'update', channel: 'C2', text: 'edited', blocks: [], of: top },
        13,
      );
      expect(edit.merged).toBe(false);
      const pending = await store.pendingOutbox();
      expect(pending.map((waiting) => [waiting.kind, waiting.text])).toEqual([
        ['post', 'a'],
        ['post', 'top'],
        ['post', 'b'],
        ['update', 'edited'],
      ]);
    });

    it('lets only the claim’s owner settle, and another owner claim once the claim ran out', async () => {
      const store = await adapter.fresh();
      const { entry } = await store.enqueueOutbox(post('C1', 'x'), 10);
      await store.claimOutbox('dead', 10, 40, WALL);
      expect(await store.claimOutbox('alive', 20, 100, WALL)).toEqual([]);
      const [taken] = await store.claimOutbox('alive', 41, 100, WALL);
      expect(taken?.id).toBe(entry.id);
      expect(await store.settleOutbox(entry.id, 'dead', { sent: '1.1', at: 42 })).toBeUndefined();
      expect(await store.settleOutbox(entry.id, 'alive', { sent: '1.2', at: 42 })).toMatchObject({
        sentTs: '1.2',
      });
    });

    it('holds a claim for its owner while no other owner took it, and answers the message as it is', async () => {
      const store = await adapter.fresh();
      const { entry } = await store.enqueueOutbox(post('C1', 'x'), 10);
      await store.claimOutbox('waiting', 10, 40, WALL);
      // held before it ran out, and again after (nobody took it): no other claim meanwhile
      expect(await store.holdOutboxClaim(entry.id, 'waiting', 60)).toMatchObject({ claimedBy: 'waiting' });
      expect(await store.claimOutbox('other', 50, 100, WALL)).toEqual([]);
      expect(await store.holdOutboxClaim(entry.id, 'waiting', 90)).toMatchObject({ claimedBy: 'waiting' });
      // once another owner took it, it is not held for the first: the other's claim stands
      const [taken] = await store.claimOutbox('other', 91, 120, WALL);
      expect(taken?.id).toBe(entry.id);
      expect(await store.holdOutboxClaim(entry.id, 'waiting', 150)).toMatchObject({
        state: 'pending',
        claimedBy: 'other',
      });
      await store.settleOutbox(entry.id, 'other', { sent: '1.1', at: 92 });
      expect(await store.holdOutboxClaim(entry.id, 'other', 150)).toMatchObject({ state: 'sent' });
      expect(await store.outboxEntries([entry.id, 'unknown'])).toMatchObject([
        { state: 'sent', sentTs: '1.1' },
      ]);
    });

    const claimRace = async (first: OutboxStore, second: OutboxStore) => {
      for (let i = 0; i < 20; i++) await first.enqueueOutbox(post(`C${i % 4}`, `m${i}`), 10 + i);
      const sent: string[] = [];
      const worker = async (store: OutboxStore, owner: string) => {
        for (let round = 0; round < 40; round++) {
          const claimed = await store.claimOutbox(owner, 100, 10_000, WALL);
          for (const entry of claimed) {
            sent.push(entry.text);
            await store.settleOutbox(entry.id, owner, { sent: `${round}.${owner}`, at: 100 });
          }
          if ((await store.pendingOutbox()).length === 0) return;
        }
      };
      await Promise.all([worker(first, 'a'), worker(second, 'b'), worker(first, 'c'), worker(second, 'd')]);
      expect(sent.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
      expect(await first.pendingOutbox()).toEqual([]);
    };

    it('never hands one message to two senders claiming at the same moment', async () => {
      const store = await adapter.fresh();
      await claimRace(store, store);
    });

    if (adapter.replica) {
      const replica = adapter.replica;
      it('leaves a message to the replica that wrote it until it is orphaned', async () => {
        const first = await adapter.fresh();
        const second = await replica(first);
        const { entry } = await first.enqueueOutbox(post('C1', 'mine', { writer: 'w1' }), 10);
        expect(await second.claimOutbox('w2', 20, 100, WALL)).toEqual([]);
        expect((await first.claimOutbox('w1', 20, 100, WALL)).map((e) => e.id)).toEqual([entry.id]);
        await first.settleOutbox(entry.id, 'w1', { retry: 'internal_error', at: 21, nextAt: 22 });
        const orphaned = 10 + ORPHANED_MS;
        expect((await second.claimOutbox('w2', orphaned, orphaned + 100, WALL)).map((e) => e.id)).toEqual([
          entry.id,
        ]);
      });

      it('never hands one message to two replicas claiming at the same moment', async () => {
        const first = await adapter.fresh();
        await claimRace(first, await replica(first));
      });
    }

    if (adapter.reopen) {
      const reopen = adapter.reopen;
      it('keeps what was not sent across a reopen, and nothing stays claimed by a process gone', async () => {
        const store = await adapter.fresh();
        await store.enqueueOutbox(post('C1', 'kept'), 10);
        await store.claimOutbox('gone', 10, 20, WALL);
        await store.flush();
        const again = await reopen(store);
        expect((await again.claimOutbox('new', 21, 100, WALL)).map((entry) => entry.text)).toEqual(['kept']);
      });

      it('answers a post claimed by a process gone before Slack answered as unsure, since its first claim', async () => {
        const store = await adapter.fresh();
        await store.enqueueOutbox(post('C1', 'maybe in Slack'), 10);
        const [first] = await store.claimOutbox('gone', 10, 20, WALL);
        expect([first?.inFlight, first?.unsure ?? false, first?.sendingSince]).toEqual([true, false, WALL]);
        await store.flush();
        const again = await reopen(store);
        const [taken] = await again.claimOutbox('new', 21, 100, WALL + 5_000);
        expect([taken?.unsure, taken?.sendingSince]).toEqual([true, WALL]);
      });
    }

    it('marks a post unsure after a 5xx (Slack may have posted it), not after a 429; an edit never', async () => {
      const store = await adapter.fresh();
      const { entry: fiveHundred } = await store.enqueueOutbox(post('C1', 'a'), 10);
      const { entry: limited } = await store.enqueueOutbox(post('C2', 'b'), 10);
      const { entry: edit } = await store.enqueueOutbox(
        { channel: 'C3', kind: 'update', ts: '1.000001', text: 'c', blocks: [] },
        10,
      );
      await store.claimOutbox('me', 10, 100, WALL);
      await store.settleOutbox(fiveHundred.id, 'me', { retry: 'http_503', at: 11, nextAt: 12 });
      await store.settleOutbox(limited.id, 'me', { retry: 'ratelimited', at: 11, nextAt: 12 });
      await store.settleOutbox(edit.id, 'me', { retry: 'http_503', at: 11, nextAt: 12 });
      const claimed = await store.claimOutbox('me', 12, 100, WALL);
      expect(claimed.map((entry) => [entry.text, entry.unsure ?? false, entry.inFlight ?? false])).toEqual([
        ['a', true, true],
        ['b', false, true],
        ['c', false, false],
      ]);
    });
  });
}
