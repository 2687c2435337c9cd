import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot, RunRecord } from '../../src/core/model/records.ts';
import type { StallDecision } from '../../src/core/model/stall-policy.ts';
import {
  END_SLACK_MS,
  FEED_BUSY_MS,
  FEED_TAIL_MS,
  feedInterval,
  TAIL_RUNS,
} from '../../src/core/move/watch-pace.ts';
import { runRecord } from '../helpers/records.ts';

/**
 * How soon the shared feed asks Nova again (#31): every 5 s while runs copy far from their ends, every
 * 2 s otherwise (5 s with more than three runs), and every 500 ms while a live transfer copies, but
 * only while few runs are watched, so twenty moves at once stay within Nova's request budget.
 */

const NOW = 1_000_000;
const MIB = 1024 ** 2;

/** A live run copying since a minute ago, its bytes read `ageMs` ago: `percent` sent, the ETA then. */
function copying(id: string, percent: number, etaMs: number | null, ageMs = 1_000): RunRecord {
  const progress: ProgressSnapshot = {
    at: NOW - ageMs,
    phase: 'running',
    migrationStatus: 'running',
    percent,
    bytesRemaining: ((100 - percent) / 100) * 256 * MIB,
    bytesTotal: 256 * MIB,
    rate: 4 * MIB,
    etaMs,
    elapsedMs: 60_000,
  };
  return { ...runRecord(id, `r-${id}`), state: 'running', startedAt: NOW - 60_000, lastProgress: progress };
}

describe("the shared feed's pace", () => {
  it(`asks every 5 s while more than ${TAIL_RUNS} runs copy far from their ends`, () => {
    const runs = ['a', 'b', 'c', 'd'].map((id) => copying(id, 20, 60_000));
    expect(feedInterval(runs, NOW)).toBe(5_000);
  });

  it(`asks every 500 ms while at most ${TAIL_RUNS} runs are watched and one copies live, whatever its ETA says`, () => {
    // on the lab an ETA of more than 30 s came within 18 s of the end, and 16-26 s where 4-7 s were left
    expect(feedInterval([copying('a', 20, 600_000)], NOW)).toBe(FEED_TAIL_MS);
    expect(feedInterval([copying('a', 40, null)], NOW)).toBe(FEED_TAIL_MS);
    const postCopy = { ...copying('a', 90, null), state: 'post-copy' as const };
    expect(feedInterval([postCopy], NOW)).toBe(FEED_TAIL_MS);
  });

  it('does not hurry for a copy noticed not converging: it ends by a step of a person or of the stall policy', () => {
    const run = copying('a', 40, null);
    const stalled = { ...run, lastProgress: { ...(run.lastProgress as ProgressSnapshot), stalled: true } };
    const decision: StallDecision = {
      at: NOW - 5_000,
      deadline: NOW + 600_000,
      chosen: 'ask',
      rule: { kind: 'default' },
      action: 'ask',
      state: 'left',
    };
    expect(feedInterval([{ ...stalled, stall: decision }], NOW)).toBe(2_000);
    expect(feedInterval([{ ...stalled, stall: { ...decision, state: 'pending' } }], NOW)).toBe(2_000);
    // acted on (force-complete, abort) or settled by a person: its end comes soon
    expect(feedInterval([{ ...stalled, stall: { ...decision, state: 'acted' } }], NOW)).toBe(FEED_TAIL_MS);
    const settled = { ...decision, settledBy: { action: 'abort' as const, actor: 'U_BOB' } };
    expect(feedInterval([{ ...stalled, stall: settled }], NOW)).toBe(FEED_TAIL_MS);
  });

  it('hurries for a copy whose last reading came no closer: one reading is not a stall', () => {
    // Nova saves libvirt's figures every 5 s and a dirtying guest's remaining bytes rise between passes
    const run = copying('a', 40, null);
    const stalled = { ...run, lastProgress: { ...(run.lastProgress as ProgressSnapshot), stalled: true } };
    expect(feedInterval([stalled], NOW)).toBe(FEED_TAIL_MS);
  });

  it(`asks only at the predicted end with more than ${TAIL_RUNS} runs watched, one of them about to end`, () => {
    const runs = [copying('a', 95, 2_000), ...['b', 'c', 'd'].map((id) => copying(id, 10, 120_000))];
    expect(runs.length).toBeGreaterThan(TAIL_RUNS);
    // a's bytes read 1 s ago said 2 s left: the feed asks just after its predicted end, not every 500 ms
    expect(feedInterval(runs, NOW)).toBe(1_000 + END_SLACK_MS);
    expect(feedInterval(runs.slice(0, TAIL_RUNS), NOW)).toBe(FEED_TAIL_MS);
  });

  it(`asks every ${FEED_BUSY_MS / 1_000} s, not 2, while more than ${TAIL_RUNS} runs are watched`, () => {
    // queued in Nova: not copying yet, so the few runs' quick asks are not due either
    const starting = (id: string) => ({
      ...runRecord(id, `r-${id}`),
      state: 'queued' as const,
      startedAt: NOW,
    });
    const runs = ['a', 'b', 'c', 'd'].map(starting);
    expect(runs.length).toBeGreaterThan(TAIL_RUNS);
    expect(feedInterval(runs, NOW)).toBe(FEED_BUSY_MS);
    expect(feedInterval(runs.slice(0, TAIL_RUNS), NOW)).toBe(2_000);
  });

  it("asks nothing sooner for a run whose end Nova's record already showed", () => {
    // its predicted end just passed and its transfer is in the tail: both would hurry the feed
    const ended = copying('a', 99, 500, 1_000);
    expect(feedInterval([ended], NOW)).toBe(FEED_TAIL_MS);
    expect(feedInterval([ended], NOW, (id) => id === 'a')).toBe(2_000);
  });

  it('does not hurry for a run waiting for a person, nor for a cold move', () => {
    const waiting = { ...copying('a', 95, 2_000), state: 'awaiting-confirmation' as const };
    expect(feedInterval([waiting], NOW)).toBe(15_000);
    const resizing = { ...copying('b', 95, 2_000), state: 'resizing' as const };
    expect(feedInterval([resizing], NOW)).toBe(2_000);
  });
});
