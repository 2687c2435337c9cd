/** Time as Ferry sees it: injectable so polling, expiry and reminders run under a fake clock in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
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
 * and it keeps tests of minute-long migrations in milliseconds.
 */
export class FakeClock implements Clock {
  constructor(private current = Date.parse('2026-11-27T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.current += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
