/**
 * Who waits for which outbox message (its ts once Slack took it, undefined if refused or halted), and
 * for all of a replica's own messages to end.
 */
export class OutboxWaiters {
  /** messages this replica wrote or claimed and has not seen end */
  readonly open = new Set<string>();
  private readonly waiting = new Map<string, ((ts: string | undefined) => void)[]>();
  private readonly watchers = new Set<() => void>();

  /** Resolves when message `id` ends. */
  waitFor(id: string): Promise<string | undefined> {
    this.open.add(id);
    return new Promise((resolve) => {
      const waiting = this.waiting.get(id) ?? [];
      waiting.push(resolve);
      this.waiting.set(id, waiting);
    });
  }

  /** Message `id` ended: whoever waits for it learns its ts. */
  answer(id: string, ts: string | undefined): void {
    this.open.delete(id);
    const waiting = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    for (const resolve of waiting) resolve(ts);
    this.notify();
  }

  /** Everyone waiting is answered "not sent" (the poster halted; the messages stay in the store). */
  answerAll(): void {
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      for (const resolve of waiting) resolve(undefined);
    }
    this.notify();
  }

  /** Resolves once no message of this replica is open, or `stopped` is aborted. */
  async allEnded(stopped: AbortSignal): Promise<void> {
    while (this.open.size > 0 && !stopped.aborted)
      await new Promise<void>((resolve) => {
        this.watchers.add(resolve);
      });
  }

  private notify(): void {
    const watching = [...this.watchers];
    this.watchers.clear();
    for (const resolve of watching) resolve();
  }
}
