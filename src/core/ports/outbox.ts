/**
 * What the store keeps of Slack messages before they are sent: the outbox. Every post and edit is
 * written here first, then sent in order per lane (a channel's posts, its edits) by whichever replica
 * claims it, retried until Slack takes it or refuses it for good, and marked with Slack's answer. Both
 * stores implement it (store/lowdb/outbox.ts, store/postgres/outbox.ts). The chat edge's table: the
 * core never reads it.
 */

/** Where a sent post's ts is remembered: the subject's place (its message, controls or confirm prompt). */
export interface OutboxRemember {
  subject: string;
  field: 'ts' | 'controlsTs' | 'confirmTs' | 'reportTs' | 'stallTs';
}

export interface OutboxMessage {
  text: string;
  blocks: unknown[];
}

export interface OutboxDraft extends OutboxMessage {
  channel: string;
  kind: 'post' | 'update';
  /** a reply in the thread of this message */
  threadTs?: string;
  /** a reply in the thread of this subject's message, known once that message is sent */
  threadOf?: string;
  /** an edit of this message */
  ts?: string;
  /** an edit of this subject's message (or controls…), known once that message is sent */
  of?: OutboxRemember;
  /** a sent post's ts goes to this subject's place, in the same write that marks it sent */
  remember?: OutboxRemember;
  /** an edit targets this post later by the ts its post() answers: it needs its own, never joined */
  alone?: boolean;
  /** a report, the thread's conclusion, found by its first words: never carried inside another's post */
  report?: boolean;
  /** what state change the message tells (e.g. "drain.finished:d-1"), to know after a restart it was said */
  cause?: string;
  /** lines merged into one post while it waits its turn (see `OutboxMerge`) */
  parts?: string[];
  /** messages of one group still waiting unclaimed are merged instead of queued again */
  group?: string;
  /**
   * the poster that wrote it and waits for its answer: among replicas, others leave it to the writer
   * until it is ORPHANED_MS old (the writer is then taken as gone)
   */
  writer?: string;
}

/**
 * Retry answers whose wait is not Ferry's to cut when Slack takes a call again: Slack's Retry-After,
 * or the message an edit or reply depends on still unposted. After any other (a 5xx, no answer) the
 * wait is released (claimOutbox's `released`).
 */
export const NOT_RELEASED = ['ratelimited', 'thread_not_posted', 'message_not_posted'];

/** How old a message another replica wrote must be before this one sends it instead. */
export const ORPHANED_MS = 10_000;

export interface OutboxEntry extends OutboxDraft {
  id: string;
  /** the order of writing: a lane's entries (a channel's posts, or its edits) are sent in this order */
  seq: number;
  createdAt: number;
  /** `dropped`: an edit a newer edit of the same message replaced while it waited, never sent */
  state: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  /** not tried again before this time */
  nextAt: number;
  /** Slack's ts of the post (or of the edited message) */
  sentTs?: string;
  /** Slack's last error code */
  error?: string;
  endedAt?: number;
  claimedBy?: string;
  claimedUntil?: number;
  /**
   * a reply whose post carries the lines of these later replies of its thread too, in order (joined
   * when claimed behind a backlog: store/outbox-join.ts); they end as it does
   */
  joined?: string[];
  /** a claimed post carrying `joined`: how many blocks each part has, its own first (said in its metadata) */
  partBlocks?: number[];
  /** a reply whose lines go out in this entry's post (see `joined`) */
  joinedInto?: string;
  /** the causes of the messages merged into this one (beside its own `cause`) */
  mergedCauses?: string[];
  /** a post: wall time (ms) it was first handed to Slack, written before that call (bounds a lookup) */
  sendingSince?: number;
  /** a post: claimed to be sent and not settled since (written before each call, cleared by its answer) */
  inFlight?: boolean;
  /**
   * a post: an earlier try may have reached Slack with its answer lost (a claim never settled, by a
   * kill or a takeover, or a 5xx, cut or timeout): before posting again, the poster looks for it
   */
  unsure?: boolean;
  /** a sent edit: what it showed (outbox-rules.ts shownOf), so an edit showing the same again is not sent */
  shown?: string;
}

/** How a message joins one of its group still waiting: the new text and blocks from the merged parts. */
export type OutboxMerge = (parts: string[]) => OutboxMessage;

/** What became of one try. */
export type OutboxResult =
  | { sent: string; at: number }
  | { failed: string; at: number }
  | { retry: string; at: number; nextAt: number };

export interface OutboxStore {
  /**
   * Writes a message to send. With `merge` and a `group`, the group's newest waiting message takes the
   * new parts instead (answered with `merged: true`) if no claim holds it (not even one run out: its
   * sender may still be sending it); never an older one, which would be sent before the newest. A message whose `cause` was
   * written before (and not refused for good) is not written again: the earlier one is answered, so
   * a state change is told once, whichever replica tells it.
   */
  enqueueOutbox(
    draft: OutboxDraft,
    at: number,
    merge?: OutboxMerge,
  ): Promise<{ entry: OutboxEntry; merged: boolean }>;
  /**
   * Claims, for `owner` until `until`, the first waiting message of each lane (a channel's posts, and
   * apart from them its edits: outbox-rules.ts laneOf) that is due at `now` and not claimed by another
   * owner whose claim still runs: one message per lane at a time, so a lane's order holds whichever
   * replica sends. An edit of a message whose post still waits is not claimed until that post is sent
   * (it holds its lane: outbox-rules.ts waitsForItsMessage). A claimed reply behind a backlog is
   * answered with its thread's later waiting replies joined (`joined`, its text and blocks theirs too;
   * store/outbox-join.ts), each claimed with it. A shared store leaves a message to its
   * writer until it is ORPHANED_MS old; a store one process holds (lowdb) has no other writer.
   * A claimed post is written in flight (and `sendingSince` = `wallNow` the first time) before it is
   * answered; one still in flight from an earlier claim is answered `unsure` (see `claimedPost`).
   * With `retakeOwn`, `owner`'s own claims still running are taken again: its last claim's answer was lost.
   * Edits a newer edit of their message (their group) replaced while they waited unclaimed are ended
   * `dropped` and answered too, so that no older state of a message reaches Slack after a newer one.
   * With `released` (Slack just took a call after failing), a message waiting out a backoff Ferry chose
   * (not Slack's Retry-After) is due at once: the fault is over (outbox-rules.ts `releasable`).
   */
  claimOutbox(
    owner: string,
    now: number,
    until: number,
    wallNow: number,
    retakeOwn?: boolean,
    released?: boolean,
  ): Promise<OutboxEntry[]>;
  /**
   * Holds `owner`'s claim on a message it is still waiting to send (Slack's edit budget) until `until`,
   * if it is still pending and `owner`'s (a claim run out is held again while no other owner took it).
   * Answers the message as it now is: `owner`'s to send only if pending and claimed by `owner`.
   */
  holdOutboxClaim(id: string, owner: string, until: number): Promise<OutboxEntry | undefined>;
  /**
   * Records a try's result, only if `owner` still holds the claim; a post's ts is remembered with it,
   * and the replies it carried (`joined`) end as it does in the same write.
   */
  settleOutbox(id: string, owner: string, result: OutboxResult): Promise<OutboxEntry | undefined>;
  /** The messages of these IDs as they now are (one ended long ago may be gone). */
  outboxEntries(ids: string[]): Promise<OutboxEntry[]>;
  /** Messages not sent yet, oldest first. */
  pendingOutbox(): Promise<OutboxEntry[]>;
  /** Messages Slack refused for good, newest first. */
  failedOutbox(limit: number): Promise<OutboxEntry[]>;
  /** The newest message written telling `cause`, alone or merged (whatever became of it): whether it was said. */
  outboxByCause(cause: string): Promise<OutboxEntry | undefined>;
}
