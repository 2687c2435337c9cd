import type { OutboxEntry } from '../core/ports/outbox.ts';

/**
 * chat.update is Tier 3, 50+ a minute per workspace with sporadic bursts welcome; chat.postMessage about
 * one a second per channel (shared/docs/slack-platform.md, Web API calls and §5).
 */
export const EDITS_PER_MINUTE = 50;
const MINUTE_MS = 60_000;

/**
 * Slack's pace for one process's calls, on the monotonic clock (Clock.monotonic): a post `gapMs` after its
 * channel's last post; an edit `gapMs` after its channel's last edit and while fewer than
 * EDITS_PER_MINUTE edits were sent in the last minute in any channel (a channel's edits wait in their
 * own lane of the outbox, apart from its posts, so edits of one message coming faster are merged
 * meanwhile). A call Slack did
 * not take does not count.
 */
export class SlackPace {
  /** when each channel's last post and last edit Slack took were sent, by "channel kind" */
  private readonly lastAt = new Map<string, number>();
  /** when the edits of the last minute were sent (or are being sent), oldest first */
  private readonly editTimes: number[] = [];

  constructor(private readonly gapMs: number) {}

  /** How long `entry` must wait at `now` before it is sent. */
  waitMs(entry: Pick<OutboxEntry, 'kind' | 'channel'>, now: number): number {
    const gap =
      (this.lastAt.get(`${entry.channel} ${entry.kind}`) ?? Number.NEGATIVE_INFINITY) + this.gapMs - now;
    if (entry.kind === 'post') return gap;
    while ((this.editTimes[0] ?? now) <= now - MINUTE_MS) this.editTimes.shift();
    const oldest = this.editTimes[0];
    const budget =
      this.editTimes.length < EDITS_PER_MINUTE || oldest === undefined ? 0 : oldest + MINUTE_MS - now;
    return Math.max(gap, budget);
  }

  /**
   * A call about to be made at `at`: an edit takes its place in the minute's budget now, so edits sent
   * at once count each other. Answers what to do with Slack's answer, given when it came: `took` counts
   * it, else it is given back. A post's gap counts from its answer: Slack saw it no later, so the next
   * post cannot reach Slack within the gap however long this one (and a lookup before it) took on the
   * way; a post refused for coming too soon costs a whole Retry-After.
   */
  calling(
    entry: Pick<OutboxEntry, 'kind' | 'channel'>,
    at: number,
  ): (took: boolean, answeredAt: number) => void {
    if (entry.kind === 'update') this.editTimes.push(at);
    return (took, answeredAt) => {
      if (took) this.lastAt.set(`${entry.channel} ${entry.kind}`, entry.kind === 'post' ? answeredAt : at);
      const index = this.editTimes.indexOf(at);
      if (entry.kind === 'update' && !took && index >= 0) this.editTimes.splice(index, 1);
    };
  }
}
