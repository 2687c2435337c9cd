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

/** how long after a run's predicted end the feed asks: Nova writes the record as the copy ends */
export const END_SLACK_MS = 100;
/** how often the feed asks once a predicted end has passed without Nova's record saying it ended */
const PAST_END_GAP_MS = 500;
/** how long past its predicted end a run keeps the feed asking that often (then the usual pace) */
const PAST_END_WINDOW_MS = 2_500;
/** How soon the shared feed asks again while a run's transfer is about to end (few runs watched). */
export const FEED_TAIL_MS = 500;
/**
 * A transfer is about to end this long before its last ETA runs out, and stays so this long after: on
 * the lab an ETA at half the bytes said 23-24 s where 6-8 s were left (the last pages go fast).
 */
const TAIL_BEFORE_MS = 30_000;
const TAIL_AFTER_MS = 60_000;
/**
 * Or, with no ETA (Nova's counters stood still), once this share of its bytes is sent: not with one,
 * or a long move's second half would ask every 500 ms.
 */
const TAIL_DONE_PERCENT = 50;
/**
 * The quick asks of the tail only while at most this many runs are watched: one or two moves get their
 * ends noticed within about half a second (#31: the record's completion to the thread in 2 s), while
 * twenty stay within 60 Nova requests a minute.
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
 * few runs, one whose transfer is about to end (its ETA can say far more than is left: the last pages
 * go fast) is asked for every FEED_TAIL_MS. The prediction only sets when to ask; the end is what Nova's
 * record says.
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
    if (watched.length <= TAIL_RUNS && aboutToEnd(run, now)) interval = Math.min(interval, FEED_TAIL_MS);
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

/** A live transfer near its end by its last byte count: its ETA nearly run out, or half sent with no ETA. */
function aboutToEnd(run: RunRecord, now: number): boolean {
  const progress = run.lastProgress;
  if (!progress || (run.state !== 'running' && run.state !== 'post-copy')) return false;
  if (progress.etaMs !== null) {
    const end = progress.at + progress.etaMs;
    return now >= end - TAIL_BEFORE_MS && now <= end + TAIL_AFTER_MS;
  }
  return progress.bytesTotal !== null && progress.percent !== null && progress.percent >= TAIL_DONE_PERCENT;
}
