import { describe, expect, it } from 'vitest';
import type { OutboxDraft } from '../../src/core/ports/outbox.ts';
import type { FerryStore } from '../../src/store/ferry-store.ts';
import { JOIN_AFTER_MS } from '../../src/store/outbox-join.ts';

const WALL = 1_700_000_000_000;

/**
 * What every store's outbox does with a thread's backlog: a claimed reply that waited carries its
 * thread's later waiting replies in one post, in order, up to the first that must go alone; each
 * ends with it (sent with its ts, refused with it), a retry keeps them joined, and (shared stores)
 * the claim covers every reply joined, so no replica sends one of them or merges into it meanwhile.
 */
export function outboxJoinContract(
  name: string,
  adapter: { fresh(): Promise<FerryStore>; replica?(store: FerryStore): Promise<FerryStore> },
): void {
  const reply = (text: string, extra: Partial<OutboxDraft> = {}): OutboxDraft => ({
    channel: 'C1',
    kind: 'post',
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    threadTs: '1.1',
    ...extra,
  });
  const late = 10 + JOIN_AFTER_MS;

  describe(`outbox joins a thread's waiting replies: ${name}`, () => {
    it('joins the waiting replies of the head’s thread in order, past other threads, and ends each with its ts', async () => {
      const store = await adapter.fresh();
      const { entry: a } = await store.enqueueOutbox(reply('a'), 10);
      await store.enqueueOutbox(reply('other', { threadTs: '2.2' }), 11);
      const { entry: b } = await store.enqueueOutbox(reply('b'), 12);
      await store.enqueueOutbox({ ...reply('top'), threadTs: undefined }, 13);
      const { entry: c } = await store.enqueueOutbox(reply('c'), 14);
      const [head] = await store.claimOutbox('me', late, late + 100, WALL);
      expect(head).toMatchObject({ id: a.id, joined: [b.id, c.id], text: 'a\nb\nc', partBlocks: [1, 1, 1] });
      const sent = await store.settleOutbox(a.id, 'me', { sent: '9.9', at: late + 1 });
      expect(sent?.joined).toEqual([b.id, c.id]);
      // the other thread's reply and the top-level post wait, in the order written
      expect((await store.pendingOutbox()).map((entry) => entry.text)).toEqual(['other', 'top']);
      expect(await store.claimOutbox('me', late + 2, late + 100, WALL)).toMatchObject([{ text: 'other' }]);
    });

    it('joins nothing without a backlog: a reply claimed as soon as it is written goes alone', async () => {
      const store = await adapter.fresh();
      await store.enqueueOutbox(reply('a'), 10);
      await store.enqueueOutbox(reply('b'), 11);
      const [head] = await store.claimOutbox('me', 12, 100, WALL);
      expect([head?.text, head?.joined]).toEqual(['a', undefined]);
    });

    it('stops at a reply that must go alone (a button, a remembered ts, one edited by its ts, a report): the thread’s order holds', async () => {
      for (const alone of [
        reply('ask', { blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'x' }] }] }),
        reply('controls', { remember: { subject: 'r-1', field: 'controlsTs' } }),
        reply('question', { alone: true }),
        reply('Drain report', { report: true }),
      ]) {
        const store = await adapter.fresh();
        await store.enqueueOutbox(reply('a'), 10);
        await store.enqueueOutbox(reply('b'), 11);
        await store.enqueueOutbox(alone, 12);
        await store.enqueueOutbox(reply('c'), 13);
        const [head] = await store.claimOutbox('me', late, late + 100, WALL);
        expect(head?.text).toBe('a\nb');
        await store.settleOutbox(head?.id as string, 'me', { sent: '9.9', at: late + 1 });
        expect((await store.pendingOutbox()).map((entry) => entry.text)).toEqual([alone.text, 'c']);
      }
    });

    it('lets a report lead: its first words stay its own, the thread’s later replies ride in it', async () => {
      const store = await adapter.fresh();
      const { entry: report } = await store.enqueueOutbox(reply('Drain report', { report: true }), 10);
      const { entry: after } = await store.enqueueOutbox(reply('after'), 11);
      const [head] = await store.claimOutbox('me', late, late + 100, WALL);
      expect(head).toMatchObject({ id: report.id, joined: [after.id], text: 'Drain report\nafter' });
    });

    it('never leads with a top-level post (it opens its own thread) nor one that may be in Slack', async () => {
      const store = await adapter.fresh();
      const { entry: top } = await store.enqueueOutbox({ ...reply('top'), threadTs: undefined }, 10);
      await store.enqueueOutbox({ ...reply('next'), threadTs: undefined }, 11);
      expect((await store.claimOutbox('me', late, late + 100, WALL))[0]?.text).toBe('top');
      await store.settleOutbox(top.id, 'me', { sent: '5.5', at: late + 1 });
      const { entry: a } = await store.enqueueOutbox(reply('a', { channel: 'C2' }), 20);
      await store.claimOutbox('me', 20, 100, WALL);
      // a 5xx: Slack may show "a" alone, and the lookup would find it as it was
      await store.settleOutbox(a.id, 'me', { retry: 'internal_error', at: 21, nextAt: 22 });
      await store.enqueueOutbox(reply('b', { channel: 'C2' }), 22);
      const later = 22 + JOIN_AFTER_MS;
      const [again] = (await store.claimOutbox('me', later, later + 100, WALL)).filter(
        (e) => e.channel === 'C2',
      );
      expect([again?.text, again?.joined, again?.unsure]).toEqual(['a', undefined, true]);
    });

    it('keeps a retried post’s replies joined (merged into by no group), and refuses them with it', async () => {
      const store = await adapter.fresh();
      const merge = (parts: string[]) => ({ text: parts.join('+'), blocks: [] });
      const { entry: a } = await store.enqueueOutbox(reply('a'), 10);
      const { entry: b } = await store.enqueueOutbox(reply('b', { group: 'g', parts: ['b'] }), 11, merge);
      const [head] = await store.claimOutbox('me', late, late + 100, WALL);
      expect(head?.joined).toEqual([b.id]);
      // the joined reply's text is in the claimed post: a new part goes into a message of its own
      const { merged } = await store.enqueueOutbox(
        reply('b2', { group: 'g', parts: ['b2'] }),
        late + 1,
        merge,
      );
      expect(merged).toBe(false);
      await store.settleOutbox(a.id, 'me', { retry: 'ratelimited', at: late + 2, nextAt: late + 3 });
      const [again] = await store.claimOutbox('me', late + 3, late + 100, WALL);
      expect([again?.id, again?.joined]).toEqual([a.id, [b.id, expect.any(String)]]);
      expect(again?.text).toBe('a\nb\nb2');
      await store.settleOutbox(a.id, 'me', { failed: 'channel_not_found', at: late + 4 });
      expect((await store.failedOutbox(5)).map((entry) => entry.text)).toEqual(['b2', 'b', 'a']);
      expect(await store.pendingOutbox()).toEqual([]);
    });

    if (adapter.replica) {
      const replica = adapter.replica;
      it('claims every reply it joins: another replica neither sends one nor takes it into its own post', async () => {
        const first = await adapter.fresh();
        const second = await replica(first);
        const { entry: a } = await first.enqueueOutbox(reply('a'), 10);
        const { entry: b } = await first.enqueueOutbox(reply('b'), 11);
        const [head] = await first.claimOutbox('w1', late, late + 10_000, WALL);
        expect(head?.joined).toEqual([b.id]);
        await first.settleOutbox(a.id, 'w1', { retry: 'ratelimited', at: late + 1, nextAt: late + 2 });
        // the head's claim is over, its joined reply goes nowhere but with it
        const [taken] = await second.claimOutbox('w2', late + 2, late + 10_000, WALL);
        expect([taken?.id, taken?.joined]).toEqual([a.id, [b.id]]);
        expect(await first.claimOutbox('w1', late + 3, late + 10_000, WALL)).toEqual([]);
      });
    }
  });
}
