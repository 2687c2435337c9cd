import { createHash } from 'node:crypto';
import {
  NOT_RELEASED,
  type OutboxDraft,
  type OutboxEntry,
  type OutboxMerge,
  type OutboxRemember,
  type OutboxResult,
} from '../core/ports/outbox.ts';
import type { Place } from '../core/ports/places.ts';

/** The outbox's write rules as pure functions, applied alike by the lowdb and PostgreSQL stores. */

/** Sent or refused messages without a cause are kept this long; those with one (said once) longer. */
export const ENDED_KEEP_MS = 60 * 60_000;
export const CAUSED_KEEP_MS = 7 * 24 * 60 * 60_000;

export function newEntry(draft: OutboxDraft, id: string, seq: number, at: number): OutboxEntry {
  return { ...draft, id, seq, createdAt: at, state: 'pending', attempts: 0, nextAt: at };
}

/** A waiting message of the same group takes the new parts, re-rendered by `merge`. */
export function mergeInto(entry: OutboxEntry, draft: OutboxDraft, merge: OutboxMerge): void {
  const parts = [...(entry.parts ?? []), ...(draft.parts ?? [])];
  const message = merge(parts);
  entry.parts = parts;
  entry.text = message.text;
  entry.blocks = message.blocks;
  if (draft.cause) entry.mergedCauses = [...(entry.mergedCauses ?? []), draft.cause];
}

/** Whether the entry tells `cause`, as its own message or merged into it. */
export function tells(entry: OutboxEntry, cause: string): boolean {
  return entry.cause === cause || (entry.mergedCauses?.includes(cause) ?? false);
}

/**
 * Due and not claimed (or its claim ran out): a claim is never taken again while it runs, even by its
 * owner. With `released` (Slack just took a call), a message waiting out a backoff Ferry chose is due
 * too; one waiting out Slack's own Retry-After is not.
 */
export function claimable(entry: OutboxEntry, now: number, released = false): boolean {
  return (
    entry.state === 'pending' &&
    (entry.nextAt <= now || (released && releasable(entry))) &&
    (!entry.claimedBy || (entry.claimedUntil ?? 0) <= now)
  );
}

/** Waiting out a backoff Ferry chose after a fault of Slack's (a 5xx, no answer). */
export function releasable(entry: OutboxEntry): boolean {
  return entry.error !== undefined && !NOT_RELEASED.includes(entry.error);
}

/**
 * What a claim writes on a post before it is sent: in flight, since when; a post still in flight
 * from an earlier claim (its sender killed, or gone before writing Slack's answer) becomes `unsure`.
 * Edits are idempotent and carry none of this.
 */
export function claimedPost(entry: OutboxEntry, wallNow: number): void {
  if (entry.kind !== 'post') return;
  if (entry.inFlight) entry.unsure = true;
  entry.inFlight = true;
  entry.sendingSince ??= wallNow;
}

/** The group's newest waiting message: the only one new parts may join (an older one is sent first). */
export function newestOfGroup(entries: OutboxEntry[], group: string): OutboxEntry | undefined {
  return entries.findLast((entry) => entry.group === group && entry.state === 'pending');
}

/**
 * Waiting edits a newer waiting edit of the same message (its group) replaces: sent, they would show
 * an older state, and one retried or claimed late could land after the newer one. Only those no claim
 * holds, whose sender cannot be calling Slack with them.
 */
export function supersededEdits(
  entries: OutboxEntry[],
  held: (entry: OutboxEntry) => boolean,
): OutboxEntry[] {
  const newest = new Map<string, number>();
  for (const entry of entries)
    if (entry.state === 'pending' && entry.group !== undefined)
      newest.set(entry.group, Math.max(entry.seq, newest.get(entry.group) ?? entry.seq));
  return entries.filter(
    (entry) =>
      entry.kind === 'update' &&
      entry.state === 'pending' &&
      entry.group !== undefined &&
      (newest.get(entry.group) ?? entry.seq) > entry.seq &&
      !held(entry),
  );
}

/** An edit ended unsent: a newer one of its message is sent instead. */
export function drop(entry: OutboxEntry, at: number): void {
  entry.state = 'dropped';
  entry.endedAt = at;
  entry.text = '';
  entry.blocks = [];
  delete entry.claimedBy;
  delete entry.claimedUntil;
}

/** Errors after which Slack surely did not post: a 429, or Ferry's own refusal before calling. */
const NOT_POSTED = new Set(['ratelimited', 'thread_not_posted', 'message_not_posted']);

/**
 * The lane a message is sent in, one message at a time in the order written: a channel's posts, and
 * apart from them its edits (chat.update has its own budget: an edit waiting for it holds up no post,
 * and a post waiting out a 429 no edit).
 */
export function laneOf(entry: Pick<OutboxEntry, 'channel' | 'kind'>): string {
  return entry.kind === 'update' ? `${entry.channel} edits` : entry.channel;
}

/** The first waiting message of each lane (`laneOf`), in the order written. */
export function laneHeads(entries: Iterable<OutboxEntry>): OutboxEntry[] {
  const heads = new Map<string, OutboxEntry>();
  for (const entry of entries) {
    if (entry.state !== 'pending') continue;
    const lane = laneOf(entry);
    const head = heads.get(lane);
    if (!head || entry.seq < head.seq) heads.set(lane, entry);
  }
  return [...heads.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * An edit of a message not in Slack yet: its subject's place has no ts for it and a waiting post will
 * give it one. It holds its lane until that post is sent, so a message's edits never go before it and
 * keep their order. (With no such post waiting, it is tried, and refused as before: `message_not_posted`.)
 */
export function waitsForItsMessage(
  edit: OutboxEntry,
  entries: Iterable<OutboxEntry>,
  placeOf: (subject: string) => Place | undefined,
): boolean {
  const of = edit.of;
  if (edit.kind !== 'update' || edit.ts !== undefined || of === undefined) return false;
  if (placeOf(of.subject)?.[of.field]) return false;
  for (const entry of entries) if (waitingPostOf(entry, of)) return true;
  return false;
}

/** A waiting post that gives `of`'s message its place once sent. */
function waitingPostOf(entry: OutboxEntry, of: OutboxRemember): boolean {
  return (
    entry.kind === 'post' &&
    entry.state === 'pending' &&
    entry.remember?.subject === of.subject &&
    entry.remember.field === of.field
  );
}

/**
 * A post whose send may have reached Slack (in flight, or a try answered 5xx or not at all): nothing
 * more goes into it, since the next try may find it in Slack as it was and send nothing more.
 */
export function mayBeInSlack(entry: OutboxEntry): boolean {
  return entry.inFlight === true || entry.unsure === true;
}

/**
 * An edit written while the post it edits still waits unclaimed replaces that post's text instead of
 * being sent after it (one call instead of two); not a post whose lines are merged (its text is theirs).
 */
export function absorbsEdit(post: OutboxEntry, edit: OutboxDraft): boolean {
  return (
    edit.kind === 'update' &&
    edit.of !== undefined &&
    waitingPostOf(post, edit.of) &&
    post.channel === edit.channel &&
    post.group === undefined &&
    !mayBeInSlack(post)
  );
}

/**
 * A try's result on the entry; answers the place to merge when a post that names one was sent.
 * Sent messages keep no text: what was said is in Slack, and the store stays small.
 */
export function settle(
  entry: OutboxEntry,
  result: OutboxResult,
): { subject: string; place: Place } | undefined {
  entry.attempts += 1;
  delete entry.claimedBy;
  delete entry.claimedUntil;
  delete entry.inFlight;
  if ('retry' in result) {
    entry.error = result.retry;
    // a 5xx, a cut or a timeout may come after Slack posted it
    if (entry.kind === 'post' && !NOT_POSTED.has(result.retry)) entry.unsure = true;
    entry.nextAt = result.nextAt;
    return undefined;
  }
  entry.endedAt = result.at;
  if ('failed' in result) {
    entry.state = 'failed';
    entry.error = result.failed;
    return undefined;
  }
  entry.state = 'sent';
  entry.sentTs = result.sent;
  delete entry.error;
  delete entry.unsure;
  if (entry.kind === 'update') entry.shown = shownOf(entry);
  entry.text = '';
  entry.blocks = [];
  delete entry.parts;
  if (entry.kind === 'post' && entry.remember)
    return {
      subject: entry.remember.subject,
      place: { channel: entry.channel, [entry.remember.field]: result.sent },
    };
  return undefined;
}

/** Whether an ended message is old enough to forget. */
export function expired(entry: OutboxEntry, now: number): boolean {
  if (entry.state === 'pending' || entry.endedAt === undefined) return false;
  return now - entry.endedAt > (entry.cause ? CAUSED_KEEP_MS : ENDED_KEEP_MS);
}

/** What a message shows, as a digest: sent edits keep it instead of their text. */
export function shownOf(message: Pick<OutboxDraft, 'text' | 'blocks'>): string {
  return createHash('sha256')
    .update(JSON.stringify([message.text, message.blocks]))
    .digest('base64url');
}

/**
 * An edit that would show what its message's last edit (its group's newest message, sent) showed
 * already: nothing to send. Renderers edit on every event, and many change nothing a reader sees;
 * each such call spends chat.update's budget (about 50 a minute) that edits with news wait for. A
 * message is edited by ts once its ts is known (threads.ts), so its group does not change back.
 */
export function showsAgain(newestOfItsGroup: OutboxEntry | undefined, edit: OutboxDraft): boolean {
  return (
    edit.kind === 'update' &&
    newestOfItsGroup?.state === 'sent' &&
    newestOfItsGroup.shown !== undefined &&
    newestOfItsGroup.shown === shownOf(edit)
  );
}
