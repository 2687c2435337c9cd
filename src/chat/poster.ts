import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import {
  NOT_RELEASED,
  ORPHANED_MS,
  type OutboxDraft,
  type OutboxEntry,
  type OutboxMerge,
  type OutboxRemember,
  type OutboxResult,
  type OutboxStore,
} from '../core/ports/outbox.ts';
import type { Places } from '../core/ports/places.ts';
import { SLACK_CALL_TIMEOUT_MS } from './outbox-client.ts';
import { callSlack } from './outbox-send.ts';
import { OutboxWaiters } from './outbox-waiters.ts';
import type { PostOptions } from './post-options.ts';
import type { Rendered } from './render.ts';
import { SlackPace } from './slack-pace.ts';
import { SteadyTime } from './slack-verdict.ts';

/** How long one replica's claim on a message holds: longer than one Slack call may take. */
const CLAIM_MS = 15_000;
/** Left of a claim when a message that waited its turn is sent: enough for the call (else held again). */
const HOLD_LEFT_MS = SLACK_CALL_TIMEOUT_MS;

/**
 * Every message Ferry writes goes through here, and through the store first: written to the outbox,
 * then sent by whichever replica claims it, one at a time per lane in the order written (a channel's
 * posts, and apart from them its edits, an edit waiting for the post it edits), at most
 * one post and one edit per `gapMs` in each channel (Slack's ~1 message per second per channel) and edits
 * within chat.update's own budget across channels (slack-pace.ts); an edit of a post still waiting goes
 * out in that post (outbox-rules.ts). Paced on the monotonic clock. A 429 waits its
 * Retry-After, a 5xx or an unanswered call waits 1, 2, 4… s, and each is tried again until Slack takes
 * it or refuses it for good (then logged and counted). After a restart or a takeover, whatever was not
 * sent is sent.
 */
export class SlackPoster {
  readonly owner = randomUUID();
  private readonly steady: SteadyTime;
  private readonly pace: SlackPace;
  private readonly waiters = new OutboxWaiters();
  private readonly refusals = new Map<string, (code: string) => void>();
  /** messages this process is sending now */
  private readonly delivering = new Set<string>();
  /**
   * Slack's answers the store failed to write (it was down): written before any claim, never sent
   * again; a refusal is told (logged, counted, its `failed`) once it is written
   */
  private readonly unsettled = new Map<string, { result: OutboxResult; failed?: (code: string) => void }>();
  /** a claim round failed: the store may have written its claims and lost the answer */
  private claimsMayBeLost = false;
  /** the channel of each subject's message (or controls…) still waiting in the outbox, by "subject/field" */
  private readonly waitingPlaces = new Map<string, string>();
  /** the newest edit this replica wrote of each message (its group): an older one still waiting is not sent */
  private readonly newestEdits = new Map<string, string>();
  /** this replica's writes, one at a time, so the outbox's order is the order Ferry said things in */
  private writing: Promise<unknown> = Promise.resolve();
  private readonly stopping = new AbortController();
  /**
   * a try was answered with a fault Ferry chose a backoff for (a 5xx, no answer), and none taken since;
   * true at start: backoffs an earlier process wrote (before a kill or a takeover) end with this one's
   * first call Slack takes, as its own would
   */
  private backedOff = true;
  /** Slack took a call since: the next claim takes what waits out such a backoff at once */
  private releaseBackoffs = false;
  private claiming = false;
  private claimAgain = false;

  constructor(
    private readonly deps: {
      /** a WebClient that neither retries nor waits by itself: the outbox does both */
      client: WebClient;
      store: OutboxStore & Places;
      clock: Clock;
      gapMs: number;
      log: (message: string, error?: unknown) => void;
      /** a message Slack refused for good */
      refused?: (entry: OutboxEntry) => void;
      /** Slack refused for good to show whether it already has a post (the post went out again) */
      lookupRefused?: (method: string, error: string) => void;
    },
  ) {
    this.steady = new SteadyTime(deps.clock);
    this.pace = new SlackPace(deps.gapMs);
  }

  /** Sends what earlier processes left unsent (and learns which subjects' messages still wait). */
  async start(): Promise<void> {
    const waiting = await this.deps.store.pendingOutbox();
    for (const entry of waiting)
      if (entry.kind === 'post' && entry.remember)
        this.waitingPlaces.set(placeKey(entry.remember), entry.channel);
    this.kick();
    // each message waiting out a retry, or claimed or written (left to it while young, by a store
    // replicas share) by a process gone, is looked at again when each of these is over: which one
    // holds it back is the store's to say (lowdb has no other writer)
    const now = this.steady.now();
    const endsOfWaits = waiting.flatMap((entry) => [
      entry.nextAt,
      entry.claimedUntil ?? 0,
      entry.writer ? entry.createdAt + ORPHANED_MS : 0,
    ]);
    for (const at of new Set(endsOfWaits)) if (at > now) this.wakeIn(at - now);
  }

  /** Posts a message; resolves with its ts once Slack took it (undefined: Slack refused it for good). */
  async post(channel: string, message: Rendered, options: PostOptions = {}): Promise<string | undefined> {
    const { threadTs, threadOf, remember, cause, group, failed, written, alone, report } = options;
    const draft: OutboxDraft = {
      channel,
      kind: 'post',
      text: message.text,
      blocks: message.blocks,
      ...(threadTs ? { threadTs } : threadOf ? { threadOf } : {}),
      ...(remember ? { remember } : {}),
      ...(cause ? { cause } : {}),
      ...(alone ? { alone } : {}),
      ...(report ? { report } : {}),
      ...(group ? { group: group.key, parts: group.parts } : {}),
      writer: this.owner,
    };
    if (remember) this.waitingPlaces.set(placeKey(remember), channel);
    return this.write(draft, group?.merge, failed, written);
  }

  /**
   * Sends at once, not through the outbox: for what must be said when the store itself cannot write
   * ("Ferry cannot write its database"). Tried once; a failure is logged.
   */
  async postDirect(channel: string, message: Rendered, threadTs?: string): Promise<string | undefined> {
    try {
      const result = await this.deps.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return result.ts;
    } catch (error) {
      this.deps.log(`Slack call in ${channel} failed`, error);
      return undefined;
    }
  }

  /** Edits a message (by ts, or the subject's once that is sent); edits still waiting are replaced. */
  async update(
    channel: string,
    target: string | OutboxRemember,
    message: Rendered,
  ): Promise<string | undefined> {
    const key = typeof target === 'string' ? target : `${target.subject}/${target.field}`;
    const draft: OutboxDraft = {
      channel,
      kind: 'update',
      text: message.text,
      blocks: message.blocks,
      ...(typeof target === 'string' ? { ts: target } : { of: target }),
      group: `edit:${channel}:${key}`,
      writer: this.owner,
    };
    return this.write(draft, () => message);
  }

  /** The channel of a subject's message (or controls…) that is written but not sent yet. */
  waitingChannelOf(subject: string, field: OutboxRemember['field'] = 'ts'): string | undefined {
    return this.waitingPlaces.get(placeKey({ subject, field }));
  }

  /** A message to edit: `posted` (its ts) once sent, else its outbox entry while it waits to be. */
  messageOf(posted: string | undefined, subject: string, field: OutboxRemember['field']) {
    return posted ?? (this.waitingChannelOf(subject, field) ? { subject, field } : undefined);
  }

  /** Whether a message telling `cause` was ever written. */
  async said(cause: string): Promise<boolean> {
    return (await this.deps.store.outboxByCause(cause)) !== undefined;
  }

  /** Resolves when every message this replica wrote or took up has been sent or refused (or it halted). */
  async drain(): Promise<void> {
    await this.waiters.allEnded(this.stopping.signal);
  }

  /** Stops sending: what is not sent stays in the store, for the next start or another replica. */
  halt(): void {
    this.stopping.abort(new Error('the poster halted'));
    this.waiters.answerAll();
  }

  /** Looks for messages to send now (after a write, a try, or when a wait is over). */
  kick(): void {
    if (this.stopping.signal.aborted) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    void this.claimRound()
      .catch((error) => this.deps.log('claiming Slack messages to send failed', error))
      .finally(() => {
        this.claiming = false;
        if (this.claimAgain) this.kick();
      });
  }

  private async write(
    draft: OutboxDraft,
    merge: OutboxMerge | undefined,
    failed?: (code: string) => void,
    onWritten?: () => void,
  ): Promise<string | undefined> {
    // a message with a cause is said once (the store answers the one written before), again only if
    // Slack refused it
    const written = this.writing.then(
      async () => (await this.deps.store.enqueueOutbox(draft, this.steady.now(), merge)).entry,
    );
    this.writing = written.catch(() => undefined);
    const entry = await written;
    onWritten?.();
    if (entry.state === 'sent') return entry.sentTs;
    if (draft.kind === 'update' && draft.group) this.newestEdits.set(draft.group, entry.id);
    // halted: written for whoever sends next, nobody here waits for it
    if (this.stopping.signal.aborted) return undefined;
    const sent = this.waiters.waitFor(entry.id);
    if (failed) this.refusals.set(entry.id, failed);
    this.kick();
    return sent;
  }

  private async claimRound(): Promise<void> {
    do {
      this.claimAgain = false;
      for (const [id, { result, failed }] of this.unsettled) {
        const settled = await this.deps.store.settleOutbox(id, this.owner, result);
        this.unsettled.delete(id);
        if (settled && 'failed' in result) this.tellRefused(settled, result.failed, failed);
      }
      await this.endedElsewhere();
      const now = this.steady.now();
      const retakeOwn = this.claimsMayBeLost;
      this.claimsMayBeLost = true;
      const released = this.releaseBackoffs;
      const claimed = await this.deps.store.claimOutbox(
        this.owner,
        now,
        now + CLAIM_MS,
        this.deps.clock.now(),
        retakeOwn,
        released,
      );
      this.claimsMayBeLost = false;
      if (released) this.releaseBackoffs = false;
      for (const entry of claimed) {
        // a newer edit of its message is sent instead
        if (entry.state === 'dropped') {
          this.ended(entry, entry.ts);
          continue;
        }
        // its claim ran out while this process was still sending it: one send at a time
        if (this.delivering.has(entry.id)) continue;
        this.delivering.add(entry.id);
        this.waiters.open.add(entry.id);
        void this.deliver(entry).finally(() => {
          this.delivering.delete(entry.id);
          this.kick();
        });
      }
    } while (this.claimAgain && !this.stopping.signal.aborted);
  }

  /**
   * Messages this replica wrote or took up that another replica ended since (sent, refused or dropped:
   * it sends what is ORPHANED_MS old): whoever waits for them here is answered.
   */
  private async endedElsewhere(): Promise<void> {
    const ids = [...this.waiters.open].filter((id) => !this.delivering.has(id) && !this.unsettled.has(id));
    if (ids.length === 0) return;
    const now = new Map((await this.deps.store.outboxEntries(ids)).map((entry) => [entry.id, entry]));
    for (const id of ids) {
      const entry = now.get(id);
      if (entry?.state !== 'pending') this.ended(entry ?? { id }, entry?.sentTs);
    }
  }

  /** One try of one message, paced, and what Slack answered written back. */
  private async deliver(entry: OutboxEntry): Promise<void> {
    // paced on the monotonic clock: a wall clock stepped forward is no time passed between two posts
    const { clock } = this.deps;
    let superseded = this.supersededEdit(entry);
    for (let wait = superseded ? 0 : this.pace.waitMs(entry, clock.monotonic()); wait > 0; ) {
      // an edit waiting for the minute's budget outlasts its claim: held meanwhile, or another replica
      // would send it (and the newer edits behind it) while this one still would after them
      const holdIn = (entry.claimedUntil ?? 0) - HOLD_LEFT_MS - this.steady.now();
      await clock.sleep(Math.max(0, Math.min(wait, holdIn)), this.stopping.signal).catch(() => undefined);
      if (this.stopping.signal.aborted || !(await this.holdClaim(entry))) return;
      superseded = this.supersededEdit(entry);
      wait = superseded ? 0 : this.pace.waitMs(entry, clock.monotonic());
    }
    if (this.stopping.signal.aborted) return;
    const outcome = superseded ? { sent: superseded } : await callSlack(this.deps, this.pace, entry);
    // the fault is over once Slack takes a call: what waits out a backoff goes now, not when it ends
    if ('retry' in outcome && !NOT_RELEASED.includes(outcome.retry)) this.backedOff = true;
    if ('sent' in outcome && !superseded && this.backedOff) {
      this.backedOff = false;
      this.releaseBackoffs = true;
    }
    // halted (a kill, to the store): the answer is not written; the next sender looks in Slack first
    if (this.stopping.signal.aborted) return;
    const at = this.steady.now();
    const result: OutboxResult =
      'retry' in outcome ? { retry: outcome.retry, at, nextAt: at + outcome.delayMs } : { ...outcome, at };
    const failed = this.refusals.get(entry.id);
    const settled = await this.deps.store.settleOutbox(entry.id, this.owner, result).catch((error) => {
      this.deps.log('writing what Slack answered failed; it is written once the store answers', error);
      this.unsettled.set(entry.id, { result, ...(failed ? { failed } : {}) });
      return undefined;
    });
    if ('retry' in outcome) {
      this.wakeIn(outcome.delayMs);
      return;
    }
    if ('failed' in outcome && settled) this.tellRefused(settled, outcome.failed, failed);
    this.ended(entry, 'sent' in outcome ? outcome.sent : undefined);
    // the replies its post carried end with it (core/ports/outbox.ts `joined`)
    for (const id of entry.joined ?? []) {
      const joinedFailed = this.refusals.get(id);
      if ('failed' in outcome && settled) this.tellRefused({ ...settled, id }, outcome.failed, joinedFailed);
      this.ended({ id }, 'sent' in outcome ? outcome.sent : undefined);
    }
  }

  /**
   * Whether `entry` is still this replica's to send once it has waited: its claim held on when little
   * is left of it. A claim another replica took, or a message it ended, is left to it; a store that
   * does not answer leaves the claim to run out, and the message to the claim round after that.
   */
  private async holdClaim(entry: OutboxEntry): Promise<boolean> {
    const now = this.steady.now();
    if ((entry.claimedUntil ?? 0) - now > HOLD_LEFT_MS) return true;
    const held = await this.deps.store
      .holdOutboxClaim(entry.id, this.owner, now + CLAIM_MS)
      .catch((error) => {
        this.deps.log('holding the claim on a Slack message failed; it is claimed again later', error);
        this.wakeIn(Math.max(0, (entry.claimedUntil ?? 0) - now));
        return null;
      });
    if (held === null) return false;
    if (held?.state === 'pending' && held.claimedBy === this.owner) {
      entry.claimedUntil = now + CLAIM_MS;
      return true;
    }
    // sent, refused or dropped by whoever held it since, or in another replica's hands now
    this.ended(entry, held?.sentTs);
    return false;
  }

  /** A refusal for good, once it is written: logged and counted, and told to whoever asked to know. */
  private tellRefused(settled: OutboxEntry, code: string, failed?: (code: string) => void): void {
    this.deps.refused?.(settled);
    failed?.(code);
  }

  /**
   * An edit this replica wrote a newer one of while it waited its turn (claimed, so not merged): the
   * newer one says it all, this one is not sent. Answers the edited message's ts; undefined: send it.
   */
  private supersededEdit(entry: OutboxEntry): string | undefined {
    if (entry.kind !== 'update' || !entry.group) return undefined;
    const newest = this.newestEdits.get(entry.group);
    if (newest === undefined || newest === entry.id) return undefined;
    return entry.ts ?? (entry.of && this.deps.store.placeOf(entry.of.subject)?.[entry.of.field]);
  }

  private wakeIn(ms: number): void {
    void this.deps.clock
      .sleep(ms, this.stopping.signal)
      .then(() => this.kick())
      .catch(() => undefined);
  }

  private ended(entry: Pick<OutboxEntry, 'id' | 'group' | 'remember'>, ts: string | undefined): void {
    if (entry.group && this.newestEdits.get(entry.group) === entry.id) this.newestEdits.delete(entry.group);
    this.refusals.delete(entry.id);
    if (entry.remember) this.waitingPlaces.delete(placeKey(entry.remember));
    this.waiters.answer(entry.id, ts);
  }
}

function placeKey(remember: OutboxRemember): string {
  return `${remember.subject}/${remember.field}`;
}
