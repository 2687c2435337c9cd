import type { RunRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { formatBytes, formatDuration } from '../messages/units.ts';
import { code } from './render.ts';

/**
 * What Force complete does to the guest, said before it is pressed. Without post-copy Nova pauses the
 * guest, and libvirt cannot finish while a block migration still copies the disk: the guest stays
 * paused until that copy ends, minutes rather than briefly (console trial: "The guest stops briefly",
 * then 3 minutes paused). Said from the migration record's disk bytes when Nova gave them.
 */

/** The disk still to copy, from the newest reading of this run's copy; null when none or not known. */
function diskLeft(run: RunRecord): { bytes: number; etaMs: number | null } | null {
  const progress = run.lastProgress;
  if (progress?.phase !== 'running' || !progress.diskRemaining) return null;
  const etaMs = progress.rate ? (progress.diskRemaining / progress.rate) * 1000 : null;
  return { bytes: progress.diskRemaining, etaMs };
}

/** A block migration whose disk Ferry has not yet seen copied (no disk figures, or some left). */
function diskMayBeCopying(run: RunRecord): boolean {
  const progress = run.lastProgress;
  if (run.mode !== 'block') return false;
  return !(progress?.phase === 'running' && progress.diskRemaining === 0);
}

/** The Force complete button's question. */
export function forceWords(run: RunRecord): { title: string; text: string } {
  const title = t`Force it to complete?`;
  const disk = diskLeft(run);
  if (disk) {
    const left =
      disk.etaMs === null
        ? formatBytes(disk.bytes)
        : t`${formatBytes(disk.bytes)}, about ${formatDuration(disk.etaMs)} at the current pace`;
    return {
      title,
      text: t`${code(run.serverName)} still copies its disk (${left} left). Without post-copy Nova pauses the guest, and it stays paused until the disk copy ends and the last memory is copied: not briefly.`,
    };
  }
  if (diskMayBeCopying(run))
    return {
      title,
      text: t`Nova pauses ${code(run.serverName)} (or switches to post-copy) until the last memory is copied. In a block migration, a guest paused while its disk still copies stays paused until that copy ends: not briefly.`,
    };
  return {
    title,
    text: t`Nova pauses ${code(run.serverName)} (or switches to post-copy) until the last memory is copied. The guest stops briefly.`,
  };
}

/** What Force complete does to the guest, as a stall warning says it in brackets. */
export function forcePauseClause(run: RunRecord): string {
  const disk = diskLeft(run);
  if (disk) return t`pauses the guest until its disk copy ends, ${formatBytes(disk.bytes)} left`;
  if (diskMayBeCopying(run)) return t`pauses the guest, until its disk copy ends if it still copies`;
  return t`pauses the guest briefly`;
}
