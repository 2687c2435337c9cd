import { describe, expect, it } from 'vitest';
import type { OutboxDraft } from '../../src/core/ports/outbox.ts';
import type { FerryStore } from '../../src/store/ferry-store.ts';
import { post, WALL } from './outbox-contract.ts';

/**
 * What every store's outbox does with edits (beside outboxContract): an edit of a waiting post goes
 * out in it; only a message's newest waiting edit is sent; a channel's edits have a lane of their own
 * beside its posts, held while the message they edit is not yet in Slack; an edit showing what was
 * shown already is not sent.
 */
export function outboxEditsContract(name: string, adapter: { fresh(): Promise<FerryStore> }): void {
  describe(`outbox edits contract: ${name}`, () => {
    it('puts an edit of a post still waiting into that post, and sends only the newest of waiting edits', async () => {
      const store = await adapter.fresh();
      const top = { subject: 'r-2', field: 'ts' } as const;
      const { entry } = await store.enqueueOutbox(post('C1', 'top', { remember: top }), 10);
      const edit = (text: string, target: Partial<OutboxDraft>, at: number) =>
        store.enqueueOutbox(
          { channel: 'C1', kind: 'update', text, blocks: [{ text }], group: 'edit', ...target },
          at,
          () => ({ text, blocks: [{ text }] }),
        );
      const into = await edit('top, edited', { of: top, group: 'edit:C1:r-2/ts' }, 11);
      expect(into).toMatchObject({ merged: true, entry: { id: entry.id, kind: 'post' } });
      await edit('old, 1', { channel: 'C2', ts: '0.5', group: 'edit:C2:0.5' }, 12);
      expect((await edit('old, 2', { channel: 'C2', ts: '0.5', group: 'edit:C2:0.5' }, 13)).merged).toBe(
        true,
      );
      const claimed = await store.claimOutbox('me', 14, 100, WALL);
      expect(claimed.map((e) => [e.kind, e.text, e.blocks])).toEqual([
        ['post', 'top, edited', [{ text: 'top, edited' }]],
        ['update', 'old, 2', [{ text: 'old, 2' }]],
      ]);
      expect(await store.pendingOutbox()).toHaveLength(2);
    });

    it('sends a message’s newest edit last: new text joins the newest waiting edit, older waiting ones are dropped', async () => {
      const store = await adapter.fresh();
      const edit = (text: string, at: number) =>
        store.enqueueOutbox(
          { channel: 'C1', kind: 'update', ts: '1.1', text, blocks: [], group: 'edit:C1:1.1' },
          at,
          () => ({ text, blocks: [] }),
        );
      const { entry: first } = await edit('1 running', 10);
      await store.claimOutbox('me', 10, 100, WALL);
      const { entry: second } = await edit('2 running', 11);
      await store.settleOutbox(first.id, 'me', { retry: 'ratelimited', at: 12, nextAt: 20 });
      const third = await edit('3 running', 13);
      expect(third).toMatchObject({ merged: true, entry: { id: second.id } });
      const claimed = await store.claimOutbox('me', 14, 100, WALL);
      expect(claimed.map((entry) => [entry.id, entry.state, entry.text])).toEqual([
        [first.id, 'dropped', ''],
        [second.id, 'pending', '3 running'],
      ]);
      expect((await store.pendingOutbox()).map((entry) => entry.id)).toEqual([second.id]);
    });

    it('shows a message’s newest edit when a claim is taken while that edit is being written into a waiting one', async () => {
      const store = await adapter.fresh();
      const edit = (text: string, at: number) =>
        store.enqueueOutbox(
          { channel: 'C1', kind: 'update', ts: '1.2', text, blocks: [], group: 'edit:C1:1.2' },
          at,
          () => ({ text, blocks: [] }),
        );
      await edit('drain running', 10);
      // the drain's last edit is being written as a claim round begins (matrix-drain's baseline, CI)
      const writing = edit('drain done', 11);
      const shown: string[] = [];
      for (let now = 12; now < 20; now++) {
        for (const entry of await store.claimOutbox('me', now, 100, WALL)) {
          if (entry.state !== 'pending') continue;
          shown.push(entry.text);
          await store.settleOutbox(entry.id, 'me', { sent: '1.2', at: now });
        }
        await writing;
      }
      expect(shown.at(-1)).toBe('drain done');
      expect(await store.pendingOutbox()).toEqual([]);
    });

    it('never puts an edit into a post being sent: the edit is sent after it', async () => {
      const store = await adapter.fresh();
      const top = { subject: 'r-3', field: 'ts' } as const;
      const { entry } = await store.enqueueOutbox(post('C1', 'top', { remember: top }), 10);
      await store.claimOutbox('me', 11, 100, WALL);
      const edit = await store.enqueueOutbox(
        { channel: 'C1', kind: 'update', text: 'top, edited', blocks: [], of: top, group: 'edit:C1:r-3/ts' },
        12,
        () => ({ text: 'top, edited', blocks: [] }),
      );
      expect(edit.merged).toBe(false);
      await store.settleOutbox(entry.id, 'me', { sent: '3.3', at: 13 });
      expect((await store.claimOutbox('me', 14, 100, WALL)).map((e) => [e.kind, e.text])).toEqual([
        ['update', 'top, edited'],
      ]);
    });

    it('sends an edit of a message in Slack beside the channel’s waiting posts, and holds an edit of a message not yet in Slack', async () => {
      const store = await adapter.fresh();
      const top = { subject: 'r-5', field: 'ts' } as const;
      const edit = (text: string, target: Partial<OutboxDraft>, at: number) =>
        store.enqueueOutbox({ channel: 'C1', kind: 'update', text, blocks: [], ...target }, at);
      const { entry: first } = await store.enqueueOutbox(post('C1', 'top', { remember: top }), 10);
      await store.claimOutbox('me', 10, 100, WALL);
      // a 503: the post may be in Slack, so no edit goes into it; it waits out its backoff
      await store.settleOutbox(first.id, 'me', { retry: 'http_503', at: 11, nextAt: 50 });
      const { entry: shown } = await edit('shown, edited', { ts: '0.9', group: 'edit:C1:0.9' }, 12);
      const { entry: ofTop } = await edit('top, edited', { of: top, group: 'edit:C1:r-5/ts' }, 13);
      expect(ofTop.kind).toBe('update');
      const { entry: behind } = await edit('behind, edited', { ts: '0.8', group: 'edit:C1:0.8' }, 14);
      await store.enqueueOutbox(post('C1', 'after'), 15);
      // the edit of a message in Slack goes while the channel's posts wait
      expect((await store.claimOutbox('me', 16, 100, WALL)).map((e) => e.id)).toEqual([shown.id]);
      await store.settleOutbox(shown.id, 'me', { sent: '0.9', at: 17 });
      // the edit of 'top' (not in Slack) holds the channel's edits, in order, until 'top' is sent
      expect(await store.claimOutbox('me', 18, 100, WALL)).toEqual([]);
      expect((await store.claimOutbox('me', 50, 200, WALL)).map((e) => e.id)).toEqual([first.id]);
      await store.settleOutbox(first.id, 'me', { sent: '5.5', at: 51 });
      const next = await store.claimOutbox('me', 52, 200, WALL);
      expect(next.map((e) => [e.kind, e.text])).toEqual([
        ['update', 'top, edited'],
        ['post', 'after'],
      ]);
      await store.settleOutbox(ofTop.id, 'me', { sent: '5.5', at: 53 });
      expect((await store.claimOutbox('me', 54, 200, WALL)).map((e) => e.id)).toEqual([behind.id]);
    });

    it('holds the channel’s edits for no message whose post was refused for good: its edit is tried (and refused)', async () => {
      const store = await adapter.fresh();
      const top = { subject: 'r-6', field: 'ts' } as const;
      const { entry: first } = await store.enqueueOutbox(post('C1', 'top', { remember: top }), 10);
      await store.claimOutbox('me', 10, 100, WALL);
      const { entry: ofTop } = await store.enqueueOutbox(
        { channel: 'C1', kind: 'update', text: 'top, edited', blocks: [], of: top, group: 'edit:C1:r-6/ts' },
        11,
      );
      expect(await store.claimOutbox('me', 12, 100, WALL)).toEqual([]);
      await store.settleOutbox(first.id, 'me', { failed: 'invalid_blocks', at: 13 });
      expect((await store.claimOutbox('me', 14, 100, WALL)).map((e) => e.id)).toEqual([ofTop.id]);
    });

    it('sends no edit that shows what the message’s last sent edit showed; one that differs, or follows a waiting one, is sent', async () => {
      const store = await adapter.fresh();
      const edit = (text: string, at: number) =>
        store.enqueueOutbox(
          {
            channel: 'C1',
            kind: 'update',
            text,
            blocks: [{ type: 'section' }],
            ts: '0.7',
            group: 'edit:C1:0.7',
          },
          at,
        );
      const { entry: first } = await edit('2 running', 10);
      await store.claimOutbox('me', 10, 100, WALL);
      await store.settleOutbox(first.id, 'me', { sent: '0.7', at: 11 });
      // the same again: answered as sent, nothing waits
      const again = await edit('2 running', 12);
      expect([again.entry.id, again.entry.state, again.entry.sentTs]).toEqual([first.id, 'sent', '0.7']);
      expect(await store.claimOutbox('me', 13, 100, WALL)).toEqual([]);
      // news is sent; and the old text after it is news again (the message shows the new one)
      const { entry: news } = await edit('1 running', 14);
      expect(news.state).toBe('pending');
      await store.claimOutbox('me', 15, 100, WALL);
      await store.settleOutbox(news.id, 'me', { sent: '0.7', at: 16 });
      const back = await edit('2 running', 17);
      expect(back.entry.state).toBe('pending');
      expect((await store.claimOutbox('me', 18, 100, WALL)).map((e) => e.text)).toEqual(['2 running']);
    });
  });
}
