/** Time as Ferry sees it: injectable so polling, expiry and reminders run under a fake clock in tests. */
export interface Clock {
  /** wall time (ms since the epoch): for what is due at a moment, and for what people read */
  now(): number;
  /**
   * ms since an arbitrary origin, never stepped by NTP or an operator: for timeouts, pacing and
   * durations measured by Ferry itself, which must not stall or stretch when the wall clock jumps
   */
  monotonic(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that never waits: sleeping moves time forward at once. Enough for code that only polls,
 * and it keeps tests of minute-long migrations in milliseconds. `step` moves the wall clock alone,
 * as NTP or an operator does, so tests can show what a jump either way does.
 */
export class FakeClock implements Clock {
  private elapsed = 0;

  constructor(private current = Date.parse('2026-11-27T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.elapsed;
  }

  advance(ms: number): void {
    this.current += ms;
    this.elapsed += Math.max(0, ms);
  }

  /** The wall clock jumps by `ms` (negative: backwards); the monotonic reading does not move. */
  step(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.current += Math.max(0, ms);
    this.elapsed += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
