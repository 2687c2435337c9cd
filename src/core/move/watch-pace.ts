import type { RunRecord } from '../model/records.ts';

/**
 * Byte counters are read per run (os-migrations has none), spread so that all transfers together stay
 * within 8 reads a minute: every 10 s for one, every 75 s for ten copying at once (#31 target 5; at 12 a
 * minute shared-poll-ends saw the same ends within a second of Nova's record as at 8).
 */
export function detailInterval(transfers: number): number {
  return Math.max(10_000, transfers * DETAIL_SPACING_MS);
}

/** time between two runs' byte-count reads once several copy at once */
export const DETAIL_SPACING_MS = 7_500;

/** how long after a run's predicted end the feed asks: Nova writes the record as the copy ends */
export const END_SLACK_MS = 100;
/** how often the feed asks once a predicted end has passed without Nova's record saying it ended */
const PAST_END_GAP_MS = 500;
/** how long past its predicted end a run keeps the feed asking that often (then the usual pace) */
const PAST_END_WINDOW_MS = 2_500;
/** How soon the shared feed asks again while few runs are watched and one of them copies live. */
export const FEED_TAIL_MS = 500;
/**
 * The quick asks only while at most this many runs are watched: one to three moves get their ends
 * noticed within about half a second (#31: the record's completion to the thread in 2 s), while
 * twenty stay within 60 Nova requests a minute. Not only near a predicted end: on the lab, byte
 * counts predicted 16 to 26 s where 4 to 7 s were left, and 30 s or more within 18 s of an end (a
 * guest's untouched pages go at once, and Nova saves libvirt's figures only every 5 s).
 */
export const TAIL_RUNS = 3;
/**
 * The feed's usual pace while more than TAIL_RUNS runs are watched (2 s with fewer): twenty moves end
 * about one every 12 s, each asked for right after its predicted end and the others seen within 5 s;
 * with a drain's --concurrency 2 the source's next move waits queued in Nova meanwhile, so its slot does
 * not stand idle. 12 asks a minute where 2 s made 30 (#31 target 5: 60 Nova requests a minute for
 * twenty moves).
 */
export const FEED_BUSY_MS = 5_000;

/**
 * How soon the shared feed asks again: every 5 s while every run copies with a fresh ETA (bytes read in
 * the last 15 s) of more than 30 s, every 15 s while all wait for a person, otherwise every 2 s with a
 * few runs watched and every FEED_BUSY_MS with more. A run whose last byte counts predict its end asks
 * once right after it, and every PAST_END_GAP_MS for a little while if Nova's record does not say it
 * ended yet: an end is noticed within about half a second for one or two requests more per move. With
 * few runs, the feed asks every FEED_TAIL_MS while one of them copies live and awaits no step on a
 * stall. The prediction only sets when to ask; the end is what Nova's record says.
 */
export function feedInterval(
  runs: RunRecord[],
  now: number,
  /** whether Nova's record of a run's migration already said it ended (its end needs no asking) */
  landed: (runId: string) => boolean = () => false,
): number {
  let interval = 15_000;
  const watched = runs.filter((run) => run.state !== 'awaiting-confirmation');
  const usual = watched.length > TAIL_RUNS ? FEED_BUSY_MS : 2_000;
  for (const run of watched) {
    const progress = run.lastProgress;
    const fresh = progress !== undefined && now - progress.at < 15_000;
    const farFromEnd = progress?.etaMs !== null && progress?.etaMs !== undefined && progress.etaMs >= 30_000;
    const copying = run.state === 'running' && now - run.startedAt >= 30_000 && fresh && farFromEnd;
    interval = Math.min(interval, copying ? 5_000 : usual);
    if (landed(run.id)) continue;
    if (watched.length <= TAIL_RUNS && copyingLive(run)) interval = Math.min(interval, FEED_TAIL_MS);
    const endAt = predictedEnd(run);
    if (endAt === null) continue;
    // whole milliseconds: an ETA is a fraction, and times the clock reaches are written as integers
    if (now < endAt) interval = Math.min(interval, Math.ceil(endAt - now) + END_SLACK_MS);
    else if (now - endAt < PAST_END_WINDOW_MS) interval = Math.min(interval, PAST_END_GAP_MS);
  }
  return interval;
}

/** When a copying run's last byte counts say its copy ends (null: no estimate). */
function predictedEnd(run: RunRecord): number | null {
  const progress = run.lastProgress;
  if (run.state !== 'running' || progress?.phase !== 'running') return null;
  if (progress.etaMs === null || progress.stalled) return null;
  return progress.at + progress.etaMs;
}

/**
 * A live transfer whose end may come at any moment: copying (or in post-copy), and not waiting for a
 * step on its stall (a copy noticed not converging ends by a person's or the stall policy's step, not
 * by itself). One reading that came no closer is not such a stall: Nova saves libvirt's figures every
 * 5 s and a dirtying guest's remaining bytes rise between passes (on the lab a move read so was asked
 * every 2 s and its end seen 2 s late, #31).
 */
function copyingLive(run: RunRecord): boolean {
  if (run.mode === 'cold' || (run.state !== 'running' && run.state !== 'post-copy')) return false;
  return !waitsOnStall(run);
}

/** Noticed not converging, and neither the policy nor a person has acted on it yet. */
function waitsOnStall(run: RunRecord): boolean {
  const stall = run.stall;
  if (!stall || stall.settledBy) return false;
  return stall.state === 'pending' || stall.state === 'left' || stall.state === 'failed';
}
