import { describe, expect, it } from 'vitest';
import { StallDetector, type TransferSample } from '../../src/core/move/progress.ts';

const MIB = 1024 ** 2;
const sample = (at: number, remaining: number, total: number): TransferSample => ({
  at,
  remaining,
  processed: total - remaining,
  total,
});

describe('not converging', () => {
  // seen in the lab: busy-1's record reads 0 of 0 for its first seconds, then 246, 204, 173 MiB left
  // of 257; Ferry said "31s without progress" while the copy went on at 3 MiB/s
  it('takes no baseline from a record whose copy has not begun', () => {
    const stall = new StallDetector(30_000);
    expect(stall.observe(sample(9_000, 0, 0))).toBeNull();
    expect(stall.observe(sample(19_000, 246 * MIB, 257 * MIB))).toBeNull();
    expect(stall.observe(sample(30_000, 204 * MIB, 257 * MIB))).toBeNull();
    expect(stall.observe(sample(40_000, 173 * MIB, 257 * MIB))).toBeNull();
  });

  it('still reports remaining bytes that stop shrinking', () => {
    const stall = new StallDetector(30_000);
    expect(stall.observe(sample(10_000, 200 * MIB, 257 * MIB))).toBeNull();
    expect(stall.observe(sample(25_000, 199.5 * MIB, 257 * MIB))).toBeNull();
    expect(stall.observe(sample(41_000, 200 * MIB, 257 * MIB))).toBe(31_000);
    expect(stall.observe(sample(50_000, 201 * MIB, 257 * MIB))).toBeNull();
  });
});
