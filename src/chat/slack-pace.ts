import type { OutboxEntry } from './outbox-port.ts';

/**
 * chat.update is Tier 3, 50+ a minute per workspace with sporadic bursts welcome; chat.postMessage about
 * one a second per channel (shared/docs/slack-platform.md, Web API calls and §5).
 */
export const EDITS_PER_MINUTE = 50;
const MINUTE_MS = 60_000;

/**
 * Slack's pace for one process's calls, on time that only goes forward: a post `gapMs` after its
 * channel's last post, an edit while fewer than EDITS_PER_MINUTE edits were sent in the last minute
 * (in any channel). A call Slack did not take does not count.
 */
export class SlackPace {
  /** when each channel's last post Slack took was sent */
  private readonly lastPostAt = new Map<string, number>();
  /** when the edits of the last minute were sent (or are being sent), oldest first */
  private readonly editTimes: number[] = [];

  constructor(private readonly gapMs: number) {}

  /** How long `entry` must wait at `now` before it is sent. */
  waitMs(entry: Pick<OutboxEntry, 'kind' | 'channel'>, now: number): number {
    if (entry.kind === 'post')
      return (this.lastPostAt.get(entry.channel) ?? Number.NEGATIVE_INFINITY) + this.gapMs - now;
    while ((this.editTimes[0] ?? now) <= now - MINUTE_MS) this.editTimes.shift();
    const oldest = this.editTimes[0];
    return this.editTimes.length < EDITS_PER_MINUTE || oldest === undefined ? 0 : oldest + MINUTE_MS - now;
  }

  /**
   * A call about to be made at `at`: an edit takes its place in the minute's budget now, so edits sent
   * at once count each other. Answers what to do with Slack's answer: `took` counts it, else it is
   * given back.
   */
  calling(entry: Pick<OutboxEntry, 'kind' | 'channel'>, at: number): (took: boolean) => void {
    if (entry.kind === 'update') this.editTimes.push(at);
    return (took) => {
      if (entry.kind === 'post' && took) this.lastPostAt.set(entry.channel, at);
      const index = this.editTimes.indexOf(at);
      if (entry.kind === 'update' && !took && index >= 0) this.editTimes.splice(index, 1);
    };
  }
}
