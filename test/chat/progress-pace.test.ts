import { describe, expect, it } from 'vitest';
import { progressNews } from '../../src/chat/progress-pace.ts';
import type { ProgressSnapshot } from '../../src/core/model/records.ts';

const snapshot = (at: number, percent: number | null, phase: ProgressSnapshot['phase'] = 'running') =>
  ({
    at,
    phase,
    migrationStatus: phase === 'running' ? 'running' : 'queued',
    percent,
    bytesRemaining: null,
    bytesTotal: null,
    rate: null,
    etaMs: null,
    elapsedMs: at,
  }) as ProgressSnapshot;

describe('progress posts', () => {
  it('says a move queued or stuck at one figure once, not every interval (operator trial: ten "5% queued")', () => {
    let last = progressNews(undefined, snapshot(0, 5, 'queued'), 5_000);
    expect(last).toBeDefined();
    for (const at of [6_000, 12_000, 60_000])
      expect(progressNews(last, snapshot(at, 5, 'queued'), 5_000)).toBeUndefined();
    // another phase, or another percent, is news once the interval is over
    last = progressNews(last, snapshot(61_000, 5, 'running'), 5_000);
    expect(last).toBeDefined();
    expect(progressNews(last, snapshot(62_000, 40), 5_000)).toBeUndefined();
    last = progressNews(last, snapshot(67_000, 40), 5_000);
    expect(last).toBeDefined();
    // the same figure with an ETA now known is news (a real move's record may stay put for a while)
    expect(progressNews(last, { ...snapshot(73_000, 40), etaMs: 20_000 }, 5_000)).toBeDefined();
  });
});
