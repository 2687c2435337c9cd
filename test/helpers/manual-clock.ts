import type { Clock } from '../../src/clock.ts';

/**
 * A fake clock whose sleeps wait until the test moves time past them (FakeClock's end at once): for
 * tests of what waits how long, such as the poster's pacing and backoff.
 */
export class ManualClock implements Clock {
  private elapsed = 0;
  private readonly sleepers: { at: number; resolve: () => void }[] = [];

  constructor(private readonly origin = Date.parse('2026-11-27T12:00:00Z')) {}

  now(): number {
    return this.origin + this.elapsed;
  }

  monotonic(): number {
    return this.elapsed;
  }

  /** How many sleeps are waiting for time to move. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        reject(signal?.reason);
      };
      const sleeper = {
        at: this.elapsed + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake();
    });
  }

  /** Moves time forward by `ms`, waking every sleep due by then. */
  advance(ms: number): void {
    this.elapsed += ms;
    this.wake();
  }

  private wake(): void {
    for (const sleeper of [...this.sleepers])
      if (sleeper.at <= this.elapsed) {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
  }
}
