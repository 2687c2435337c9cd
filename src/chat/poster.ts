import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Rendered } from './render.ts';

/**
 * Every message Ferry writes goes through here: one queue per channel, at most one post or edit per
 * `gapMs` in each (Slack's ~1 message per second per channel). A 429 is waited out by the WebClient
 * (Retry-After), so nothing is dropped; a failure is logged and does not stall the queue.
 */
export class SlackPoster {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly gapMs: number,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  /**
   * Posts a message; given a function, builds it only when its turn comes, so lines that queued up
   * meanwhile go out together (null: nothing left to say).
   */
  async post(
    channel: string,
    message: Rendered | (() => Rendered | null),
    threadTs?: string,
    /** told Slack's error code when the post fails (it is logged either way) */
    failed?: (code: string) => void,
  ): Promise<string | undefined> {
    return this.enqueue(channel, failed, async () => {
      const built = typeof message === 'function' ? message() : message;
      if (!built) return undefined;
      const result = await this.client.chat.postMessage({
        channel,
        text: built.text,
        blocks: built.blocks as never,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return result.ts;
    });
  }

  async update(channel: string, ts: string, message: Rendered): Promise<void> {
    await this.enqueue(channel, undefined, async () => {
      await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks as never });
    });
  }

  /** Resolves when every queued message has been sent (or has failed). */
  async drain(): Promise<void> {
    while (true) {
      const pending = [...this.queues.values()];
      await Promise.allSettled(pending);
      if (
        [...this.queues.values()].every((queue, index) => queue === pending[index]) &&
        pending.length === this.queues.size
      )
        return;
    }
  }

  private enqueue<T>(
    channel: string,
    failed: ((code: string) => void) | undefined,
    send: () => Promise<T>,
  ): Promise<T | undefined> {
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const next = previous.then(async () => {
      const wait = (this.lastAt.get(channel) ?? Number.NEGATIVE_INFINITY) + this.gapMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.lastAt.set(channel, this.clock.now());
      try {
        return await send();
      } catch (error) {
        this.log(`Slack call in ${channel} failed`, error);
        failed?.((error as { data?: { error?: string } }).data?.error ?? 'unknown_error');
        return undefined;
      }
    });
    this.queues.set(channel, next);
    return next;
  }
}
