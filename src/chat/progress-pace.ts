import type { ProgressSnapshot } from '../core/model/records.ts';

/** The last progress line posted of a run: when, and what it said (phase, status, percent, ETA known). */
export interface ProgressPosted {
  at: number;
  said: string;
}

/**
 * Whether a run's progress is worth a post now: paced (`intervalMs` after the last), and saying
 * something the last did not (another phase, status or percent, or an ETA where there was none). A
 * move queued or stuck at one figure is said once, not every interval with only its elapsed time
 * grown (operator trial: ten "5% queued").
 */
export function progressNews(
  last: ProgressPosted | undefined,
  progress: ProgressSnapshot,
  intervalMs: number,
): ProgressPosted | undefined {
  // an ETA known for the first time is news too
  const said = `${progress.phase}|${progress.migrationStatus ?? ''}|${progress.percent === null ? '' : Math.round(progress.percent)}|${progress.etaMs !== null}`;
  if (last && (progress.at - last.at < intervalMs || last.said === said)) return undefined;
  return { at: progress.at, said };
}
