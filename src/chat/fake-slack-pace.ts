/**
 * Slack's documented pace for chat.postMessage: about one message per second per channel, thread
 * replies included (shared/docs/slack-platform.md, Web API calls and §5). The fake Slack holds a caller
 * to it only when asked, allowing `toleranceMs` of jitter on the loopback.
 */
export const SLACK_POST_PACE = { perChannelMs: 1_000, toleranceMs: 100 };

/** Which posts come sooner than the pace allows after their channel's last one taken. */
export class PostPace {
  private readonly lastAt = new Map<string, number>();
  /** posts refused (answered 429) for coming too soon */
  refusals = 0;

  constructor(readonly pace: typeof SLACK_POST_PACE) {}

  /** Whether a post to `channel` at `now` is too soon; if not, it is the channel's last post from now on. */
  tooSoon(channel: string, now: number): boolean {
    const last = this.lastAt.get(channel);
    if (last !== undefined && now - last < this.pace.perChannelMs - this.pace.toleranceMs) {
      this.refusals += 1;
      return true;
    }
    this.lastAt.set(channel, now);
    return false;
  }
}
