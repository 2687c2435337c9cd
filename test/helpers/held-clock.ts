import type { Clock, FakeClock } from '../../src/clock.ts';

/**
 * The sandbox's FakeClock as Ferry's, until held: its sleeps end at once and move the sandbox's time
 * (Nova's records follow it) while a test brings a run where it wants it. Once held, time stands still
 * and every sleep waits until something cuts it short: a test sees what ends a wait, not its length.
 */
export class HeldClock implements Clock {
  private held = false;
  private readonly sleeps: number[] = [];

  constructor(private readonly sandboxClock: FakeClock) {}

  now(): number {
    return this.sandboxClock.now();
  }

  monotonic(): number {
    return this.sandboxClock.monotonic();
  }

  /** From now on sleeps wait (until their signal ends them). */
  hold(): void {
    this.held = true;
  }

  /** How long each sleep waiting now was asked to last. */
  waiting(): number[] {
    return [...this.sleeps];
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (!this.held) return this.sandboxClock.sleep(ms, signal);
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    return new Promise((_, reject) =>
      signal?.addEventListener(
        'abort',
        () => {
          this.sleeps.splice(this.sleeps.indexOf(ms), 1);
          reject(signal.reason);
        },
        { once: true },
      ),
    );
  }
}
