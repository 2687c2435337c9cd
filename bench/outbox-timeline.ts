import type { FakeSlack } from '../src/chat/fake-slack.ts';
import type { OutboxEntry } from '../src/core/ports/outbox.ts';
import type { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';

/**
 * One try of one outbox entry, on wall time: when the poster claimed it, when the fake Slack got its
 * first call (a lookup or the post itself), when the answer was written, and until when it then
 * waited before being tried again (a retry only).
 */
interface Try {
  claimedAt: number;
  calledAt?: number;
  answeredAt?: number;
  retryAt?: number;
}

/** Where a message's delay after the storm went, in ms (the parts add up to the delay). */
export interface Breakdown {
  /** waiting out its own backoff or Retry-After */
  backoff: number;
  /** claimed, waiting for its channel's pace */
  pacing: number;
  /** from the fake Slack's first call of a try to its answer written (lookups included) */
  inFlight: number;
  /** the rest: behind earlier messages of its lane, or due and not yet claimed */
  queued: number;
}

/**
 * Records every try of every outbox entry (bench instrumentation around the store's claim and settle),
 * the calls' times taken from the fake Slack's own record.
 */
export class OutboxTimeline {
  private readonly tries = new Map<string, { channel: string; kind: OutboxEntry['kind']; tries: Try[] }>();

  constructor(
    store: LowdbStore,
    private readonly fake: FakeSlack,
  ) {
    const claim = store.claimOutbox.bind(store);
    store.claimOutbox = async (...args) => {
      const claimed = await claim(...args);
      const at = Date.now();
      // a joined reply's tries are its post's
      for (const entry of claimed)
        for (const id of [entry.id, ...(entry.joined ?? [])]) {
          const held = this.tries.get(id) ?? { channel: entry.channel, kind: entry.kind, tries: [] };
          held.tries.push({ claimedAt: at });
          this.tries.set(id, held);
        }
      return claimed;
    };
    const settle = store.settleOutbox.bind(store);
    store.settleOutbox = async (id, owner, result) => {
      const settled = await settle(id, owner, result);
      for (const carried of [id, ...(settled?.joined ?? [])]) {
        const last = this.tries.get(carried)?.tries.at(-1);
        if (settled && last && last.answeredAt === undefined) {
          last.answeredAt = Date.now();
          // the store's times are the poster's steady time: the wait is the difference
          if ('retry' in result) last.retryAt = last.answeredAt + (result.nextAt - result.at);
        }
      }
      return settled;
    };
  }

  /** Where the time from `from` to `to` went for the message carried by `entry`. */
  breakdown(entry: string, from: number, to: number): Breakdown {
    const held = this.tries.get(entry);
    const overlap = (start: number | undefined, end: number | undefined) =>
      start === undefined || end === undefined ? 0 : Math.max(0, Math.min(end, to) - Math.max(start, from));
    const parts = { backoff: 0, pacing: 0, inFlight: 0 };
    for (const attempt of held?.tries ?? []) {
      const calledAt = held && this.firstCall(held, attempt);
      parts.pacing += overlap(attempt.claimedAt, calledAt ?? attempt.answeredAt);
      parts.inFlight += overlap(calledAt, attempt.answeredAt);
      parts.backoff += overlap(attempt.answeredAt, attempt.retryAt);
    }
    const queued = Math.max(0, to - from - parts.backoff - parts.pacing - parts.inFlight);
    return { ...parts, queued };
  }

  /**
   * The fake Slack's first call in the entry's lane during the try (a lane sends one at a time: a
   * channel's edits, chat.update; its posts, with any lookup before them).
   */
  private firstCall(lane: { channel: string; kind: OutboxEntry['kind'] }, attempt: Try): number | undefined {
    if (attempt.calledAt !== undefined || attempt.answeredAt === undefined) return attempt.calledAt;
    const call = this.fake.calls.find(
      (c) =>
        c.params.channel === lane.channel &&
        (c.method === 'chat.update') === (lane.kind === 'update') &&
        c.at >= attempt.claimedAt &&
        c.at <= (attempt.answeredAt ?? 0),
    );
    attempt.calledAt = call?.at;
    return attempt.calledAt;
  }
}

/** The parts summed over `breakdowns`, in seconds, as one line. */
export function describeBreakdowns(breakdowns: Breakdown[]): string {
  const sum = (part: keyof Breakdown) =>
    (breakdowns.reduce((total, b) => total + b[part], 0) / 1000 / Math.max(1, breakdowns.length)).toFixed(1);
  return (
    `backoff ${sum('backoff')} s, pacing ${sum('pacing')} s, in flight ${sum('inFlight')} s, ` +
    `queued behind earlier messages ${sum('queued')} s`
  );
}
