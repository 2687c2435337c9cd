import type { OutboxEntry, OutboxMessage, OutboxResult } from '../core/ports/outbox.ts';
import { mayBeInSlack } from './outbox-rules.ts';

/**
 * Replies joined into one post when their thread has a backlog: after a Slack outage a channel's
 * waiting replies would otherwise go out one a second (Slack's pace per channel), so the last waits
 * as many seconds as there are replies before it. A claimed reply that waited JOIN_AFTER_MS (or was
 * tried before) carries the lines of its thread's later waiting replies in order, up to the first
 * that must go alone, and each of them is marked sent with that post's ts. Pure rules, applied alike
 * by the lowdb and PostgreSQL stores.
 */

/** A reply waiting this long since it was written (two turns of Slack's pace) is behind a backlog. */
export const JOIN_AFTER_MS = 2_000;
/** Slack's limits on one message: 50 blocks, `text` 4,000 characters (shared/docs/slack-platform.md §4). */
const MAX_BLOCKS = 50;
const MAX_TEXT = 4_000;

/**
 * A reply that may go out in another's post: a plain reply in a thread (not a top-level post, which
 * opens its own thread), carrying no button or other block a handler finds by its ID, not remembered
 * nor edited later by its ts (it needs its own), not a report (it begins its own post), not possibly
 * in Slack already, not joined elsewhere.
 */
export function joinable(entry: OutboxEntry): boolean {
  return (
    entry.kind === 'post' &&
    entry.state === 'pending' &&
    (entry.threadTs !== undefined || entry.threadOf !== undefined) &&
    entry.remember === undefined &&
    entry.alone !== true &&
    entry.report !== true &&
    entry.joinedInto === undefined &&
    !mayBeInSlack(entry) &&
    !interactive(entry.blocks)
  );
}

/** Blocks with a button, an input or a block_id: their message is one a person acts on, kept alone. */
function interactive(blocks: unknown[]): boolean {
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (!value || typeof value !== 'object') return false;
    const record = value as Record<string, unknown>;
    if ('block_id' in record || 'action_id' in record) return true;
    if (record.type === 'actions' || record.type === 'input' || record.type === 'button') return true;
    return Object.values(record).some(visit);
  };
  return visit(blocks);
}

/**
 * The replies `head` (claimed now, `inFlight` written) carries after its own lines, in order: those
 * it carried before, and, if it is behind a backlog and no try of it may have reached Slack, the
 * later waiting replies of its thread that `free` allows (unclaimed, this sender's), up to the first
 * reply of the thread that cannot join (order within a thread holds) or does not fit in one post.
 * `threadOf` names each entry's thread (undefined: not a reply).
 */
export function joinChain(
  head: OutboxEntry,
  entries: OutboxEntry[],
  now: number,
  threadOf: (entry: OutboxEntry) => string | undefined,
  free: (entry: OutboxEntry) => boolean,
): OutboxEntry[] {
  const carried = (head.joined ?? []).flatMap((id) => {
    const entry = entries.find((candidate) => candidate.id === id);
    return entry && entry.state === 'pending' && entry.joinedInto === head.id ? [entry] : [];
  });
  // a try that may have reached Slack fixed what the post carries: the lookup finds it as it was
  if (head.unsure === true || !leads(head, now)) return carried;
  const thread = threadOf(head);
  if (thread === undefined) return carried;
  const chain = [...carried];
  let blocks = head.blocks.length + chain.reduce((sum, entry) => sum + entry.blocks.length, 0);
  let text = head.text.length + chain.reduce((sum, entry) => sum + 1 + entry.text.length, 0);
  const later = entries
    .filter((entry) => entry.seq > head.seq && entry.channel === head.channel && entry.state === 'pending')
    .sort((a, b) => a.seq - b.seq);
  for (const entry of later) {
    if (entry.joinedInto === head.id || threadOf(entry) !== thread) continue;
    if (!joinable(entry) || !free(entry)) break;
    if (blocks + entry.blocks.length > MAX_BLOCKS || text + 1 + entry.text.length > MAX_TEXT) break;
    blocks += entry.blocks.length;
    text += 1 + entry.text.length;
    chain.push(entry);
  }
  return chain;
}

/** Whether a claimed post carries replies, or may: what it carried before, or a backlog behind it. */
export function mayCarry(head: OutboxEntry, now: number): boolean {
  return (head.joined?.length ?? 0) > 0 || (head.unsure !== true && leads(head, now));
}

/**
 * Whether a claimed post may carry later replies: a plain reply or a report (its first words stay its
 * own) behind a backlog (old, or tried).
 */
function leads(head: OutboxEntry, now: number): boolean {
  const alone = { ...head, joinedInto: undefined, inFlight: undefined, unsure: undefined, report: undefined };
  return joinable(alone) && (head.attempts > 0 || now - head.createdAt >= JOIN_AFTER_MS);
}

/** Writes the join on the entries (the head names its replies, each names its head). */
export function join(head: OutboxEntry, chain: OutboxEntry[]): void {
  if (chain.length === 0) delete head.joined;
  else head.joined = chain.map((entry) => entry.id);
  for (const entry of chain) entry.joinedInto = head.id;
}

/** One post carrying every part's lines, in order (and where each part's blocks begin). */
export function joinedMessage(parts: OutboxMessage[]): OutboxMessage & { partBlocks?: number[] } {
  return {
    // one line of the notification text per reply
    text: parts.map((part) => part.text.replaceAll('\n', ' ')).join('\n'),
    blocks: parts.flatMap((part) => part.blocks),
    ...(parts.length > 1 ? { partBlocks: parts.map((part) => part.blocks.length) } : {}),
  };
}

/** A joined reply takes its post's result: sent with its ts, refused with it; a retry leaves it joined. */
export function settleJoined(entry: OutboxEntry, result: OutboxResult): void {
  delete entry.claimedBy;
  delete entry.claimedUntil;
  if ('retry' in result) return;
  entry.endedAt = result.at;
  if ('failed' in result) {
    entry.state = 'failed';
    entry.error = result.failed;
    return;
  }
  entry.state = 'sent';
  entry.sentTs = result.sent;
  entry.text = '';
  entry.blocks = [];
  delete entry.parts;
}

/** An entry's thread: its parent's ts, known or (while the parent waits) the parent's subject. */
export function threadKey(
  entry: OutboxEntry,
  placeOf: (subject: string) => { ts?: string } | undefined,
): string | undefined {
  if (entry.kind !== 'post') return undefined;
  if (entry.threadTs) return entry.threadTs;
  if (!entry.threadOf) return undefined;
  return placeOf(entry.threadOf)?.ts ?? `of:${entry.threadOf}`;
}
