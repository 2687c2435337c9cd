import type { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';
import { label, type SlackTally } from './slack-tally.ts';

/** One message Ferry wrote (a post or edit, alone or merged into one waiting) and when Slack showed it. */
export interface Written {
  kind: 'post' | 'reply' | 'edit';
  channel: string;
  entry: string;
  /** its first line, numbers and IDs masked */
  label: string;
  at: number;
  /** when the fake Slack took the outbox entry carrying it (undefined: never) */
  takenAt?: number;
  /** an edit's message (its outbox group): a newer edit of it written later shows this one's news too */
  group?: string;
}

/**
 * Which outbox entry carries each message Ferry writes (bench instrumentation around the store's two
 * outbox writes), and when the fake Slack took that entry: its post, or the edit Slack took last
 * before the entry was marked sent (a channel's messages go one at a time). The times are Slack's.
 */
export function recordWrites(store: LowdbStore, tally: SlackTally): Written[] {
  const written: Written[] = [];
  const enqueue = store.enqueueOutbox.bind(store);
  store.enqueueOutbox = async (draft, at, merge) => {
    const result = await enqueue(draft, at, merge);
    if (result.entry.state === 'pending')
      written.push({
        kind: draft.kind === 'update' ? 'edit' : draft.threadTs || draft.threadOf ? 'reply' : 'post',
        channel: draft.channel,
        entry: result.entry.id,
        label: label(draft.text),
        at: Date.now(),
        ...(draft.kind === 'update' && draft.group ? { group: draft.group } : {}),
      });
    return result;
  };
  const settle = store.settleOutbox.bind(store);
  store.settleOutbox = async (id, owner, result) => {
    const settled = await settle(id, owner, result);
    if (settled?.state !== 'sent' || !settled.sentTs) return settled;
    const now = Date.now();
    const takes = (tally.taken.get(`${settled.channel} ${settled.sentTs}`) ?? []).filter(
      (take) => take.at <= now && take.kind === (settled.kind === 'post' ? 'posted' : 'updated'),
    );
    const takenAt = settled.kind === 'post' ? takes[0]?.at : takes[takes.length - 1]?.at;
    // replies joined into the post were taken with it
    const carried = new Set([id, ...(settled.joined ?? [])]);
    for (const message of written) if (carried.has(message.entry)) message.takenAt = takenAt;
    return settled;
  };
  return written;
}

/**
 * An edit dropped unsent because a newer edit of its message was written while it waited (outbox
 * `dropped`) is shown when that newer one is: its message then says at least as much.
 */
export function showSuperseded(written: Written[]): void {
  for (const [index, message] of written.entries()) {
    if (message.takenAt !== undefined || message.group === undefined) continue;
    const newer = written
      .slice(index + 1)
      .find((later) => later.group === message.group && later.takenAt !== undefined);
    if (newer) message.takenAt = newer.takenAt;
  }
}
