import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemScheduler } from '../../src/scheduler.ts';

// Timers and Date are faked together (vitest's fake timers), so a wall-clock step can be made without
// the timers moving: what NTP or an operator does to a running process.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-05T01:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the system scheduler under a wall-clock step', () => {
  it('keeps an interval job on time when the clock steps back, where a cron slot waits for the wall clock', async () => {
    const scheduler = systemScheduler();
    let everyRuns = 0;
    let cronRuns = 0;
    scheduler.every(60_000, () => everyRuns++);
    scheduler.cron('* * * * *', 'UTC', () => cronRuns++);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect([everyRuns, cronRuns]).toEqual([3, 3]);
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    // the interval ran ten more times; node-cron waits for the minute it expected, an hour away
    expect([everyRuns, cronRuns]).toEqual([13, 3]);
    await scheduler.stop();
  });
});
