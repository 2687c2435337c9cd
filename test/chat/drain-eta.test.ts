import { describe, expect, it } from 'vitest';
import { drainEta } from '../../src/chat/drain-figures.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';

/** A drain's "about … left" (operator trial: "about 0s left" for 40 s while the last step's moves ran). */
const MINUTE = 60_000;
const drainOf = (hosts: object[], step: number): DrainRecord =>
  ({ drain: { hosts, step, hostsAtOnce: 1 } }) as unknown as DrainRecord;
// the first host took 10 minutes to empty and 5 to fill again
const first = {
  host: 'compute3',
  phase: 'done',
  startedAt: 0,
  emptyAt: 10 * MINUTE,
  backAt: 20 * MINUTE,
  endedAt: 25 * MINUTE,
};

describe("a drain's time left", () => {
  it('is the mean of the finished hosts, less what the step under way has run', () => {
    const drain = drainOf([first, { host: 'compute1', phase: 'evacuating', startedAt: 30 * MINUTE }], 1);
    expect(drainEta(drain, 36 * MINUTE)).toBe(9 * MINUTE);
  });

  it('is not said once the step under way runs longer than the hosts before took', () => {
    const drain = drainOf([first, { host: 'compute1', phase: 'evacuating', startedAt: 30 * MINUTE }], 1);
    expect(drainEta(drain, 46 * MINUTE)).toBeNull();
  });

  it('is not said as nothing left while the last step brings its servers home', () => {
    const drain = drainOf([first, { host: 'compute1', phase: 'returning', startedAt: 30 * MINUTE }], 1);
    expect(drainEta(drain, 50 * MINUTE)).toBeNull();
  });
});
