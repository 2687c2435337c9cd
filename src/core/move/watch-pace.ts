import type { RunRecord } from '../model/records.ts';

/**
 * Byte counters are read per run (os-migrations has none), spread so that all transfers together stay
 * within about 12 reads a minute: every 10 s for one or two, every 100 s for twenty.
 */
export function detailInterval(transfers: number): number {
  return Math.max(10_000, transfers * DETAIL_SPACING_MS);
}

/** time between two runs' byte-count reads once several copy at once */
export const DETAIL_SPACING_MS = 5_000;

/**
 * How soon the shared feed asks again: every 5 s while every run copies with a fresh ETA (bytes read in
 * the last 15 s) of more than 30 s, every 15 s while all wait for a person, otherwise every 2 s. With
 * many runs their byte counts are older than that, so the feed keeps asking every 2 s and notices each
 * end within about two seconds.
 */
export function feedInterval(runs: RunRecord[], now: number): number {
  let interval = 15_000;
  for (const run of runs) {
    if (run.state === 'awaiting-confirmation') continue;
    const progress = run.lastProgress;
    const fresh = progress !== undefined && now - progress.at < 15_000;
    const farFromEnd = progress?.etaMs !== null && progress?.etaMs !== undefined && progress.etaMs >= 30_000;
    const copying = run.state === 'running' && now - run.startedAt >= 30_000 && fresh && farFromEnd;
    interval = Math.min(interval, copying ? 5_000 : 2_000);
  }
  return interval;
}
