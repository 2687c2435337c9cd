import type { EventSink } from '../events.ts';
import { telling } from '../journal.ts';
import type { Migration } from '../model/cloud.ts';
import type { ProgressSnapshot, RunRecord, RunState } from '../model/records.ts';
import type { RunsPort } from '../ports/runs.ts';

/** Turns Nova's byte counters into percent, rate and ETA, and notices when a migration stops converging. */

export interface TransferSample {
  at: number;
  remaining: number;
  processed: number;
  total: number;
  /** read once a force-complete was asked: the copy's pace changed then (post-copy, or a paused guest) */
  forced?: boolean;
}

export function sampleOf(migration: Migration, at: number, forced = false): TransferSample | null {
  if (!migration.memory) return null;
  const disk =
    migration.disk && migration.disk.total > 0 ? migration.disk : { total: 0, processed: 0, remaining: 0 };
  return {
    at,
    remaining: migration.memory.remaining + disk.remaining,
    processed: migration.memory.processed + disk.processed,
    total: migration.memory.total + disk.total,
    ...(forced ? { forced } : {}),
  };
}

export interface Estimate {
  percent: number;
  rate: number | null;
  etaMs: number | null;
}

/** `previous` is an earlier sample of the same migration; without one there is no rate yet. */
export function estimate(current: TransferSample, previous: TransferSample | null): Estimate {
  const percent =
    current.total > 0 ? Math.min(99.9, Math.max(0, (1 - current.remaining / current.total) * 100)) : 0;
  if (!previous || current.at <= previous.at) return { percent, rate: null, etaMs: null };
  // the same counters again: Nova has not saved libvirt's figures since (it does every 5 s, and the
  // lab's records stood still for a minute while libvirt sent on), so nothing is known of the rate
  if (current.processed === previous.processed && current.remaining === previous.remaining)
    return { percent, rate: null, etaMs: null };
  const seconds = (current.at - previous.at) / 1000;
  const rate = Math.max(0, (current.processed - previous.processed) / seconds);
  const drain = (previous.remaining - current.remaining) / seconds;
  return { percent, rate, etaMs: drain > 0 ? (current.remaining / drain) * 1000 : null };
}

/**
 * "Not converging": remaining bytes have not shrunk by at least 1% of the total for `after` ms.
 * Reports once per stall; a real improvement re-arms it.
 */
export class StallDetector {
  private best: number | null = null;
  private bestAt = 0;
  private reported = false;

  constructor(private readonly afterMs: number) {}

  /** Answers how long it has been stalled when it should be reported now, else null. */
  observe(sample: TransferSample): number | null {
    // all zeros: the copy has not begun (Nova's record before libvirt's first job stats), no baseline
    if (sample.total === 0) return null;
    if (this.best === null || sample.remaining < this.best - sample.total * 0.01) {
      this.best = sample.remaining;
      this.bestAt = sample.at;
      this.reported = false;
      return null;
    }
    const stalledFor = sample.at - this.bestAt;
    if (!this.reported && stalledFor >= this.afterMs) {
      this.reported = true;
      return stalledFor;
    }
    return null;
  }
}

/** Ferry's phase for a Nova migration status. */
export function phaseOf(status: string, type: Migration['type']): RunState {
  if (type === 'live-migration') {
    if (status === 'queued') return 'queued';
    if (status === 'preparing') return 'preparing';
    if (status === 'running') return 'running';
    if (status === 'running (post-copy)') return 'post-copy';
    return 'accepted';
  }
  if (status === 'finished') return 'awaiting-confirmation';
  if (status === 'confirming') return 'confirming';
  if (status === 'reverting') return 'reverting';
  return 'resizing';
}

/**
 * Rough share done for statuses without byte counters (cold migration, or drivers that report none).
 * A move Nova holds in `queued` has none: nothing of it has moved (operator trial: "5% queued").
 */
export function percentOfPhase(status: string): number | null {
  const table: Record<string, number> = {
    accepted: 2,
    preparing: 10,
    'pre-migrating': 10,
    migrating: 40,
    'post-migrating': 85,
    finished: 95,
    confirming: 98,
    reverting: 50,
  };
  return table[status] ?? null;
}

/** A time as Nova writes it ("2026-11-27T22:41:38.000000", UTC without a zone), in ms; NaN if unreadable. */
export function novaTime(text: string | null | undefined): number {
  if (!text) return Number.NaN;
  const trimmed = text.replace(/(\.\d{3})\d*/, '$1');
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(trimmed) ? trimmed : `${trimmed}Z`);
}

/** How long a migration took by Nova's own clock: its record's created_at to updated_at; undefined when it runs backwards. */
export function novaDuration(migration: Migration): number | undefined {
  const took = novaTime(migration.updatedAt) - novaTime(migration.createdAt);
  return Number.isFinite(took) && took >= 0 ? took : undefined;
}

/**
 * Where a live transfer stands from one migration record: bytes, rate and ETA over the last ~30 s of
 * samples (smoothing Nova's 5-second counter refresh), or the phase's share when Nova gives no bytes.
 */
export function transferSnapshot(
  run: RunRecord,
  migration: Migration,
  samples: TransferSample[],
  now: number,
): { progress: ProgressSnapshot; sample: TransferSample | null; samples: TransferSample[] } {
  const sample = sampleOf(migration, now, run.forceRequested);
  const base: ProgressSnapshot = {
    at: now,
    phase: run.state,
    migrationStatus: migration.status,
    percent: null,
    bytesRemaining: null,
    bytesTotal: null,
    rate: null,
    etaMs: null,
    elapsedMs: now - run.startedAt,
  };
  if (!sample) return { progress: { ...base, percent: percentOfPhase(migration.status) }, sample, samples };
  // an ETA is counted only from what Nova reported since the force-complete, never the pace before it
  if (run.forceRequested) samples = samples.filter((s) => s.forced);
  const previous =
    samples.find((s) => now - s.at <= 30_000 && s.at < now) ?? samples[samples.length - 1] ?? null;
  const kept = [...samples, sample].filter((s) => now - s.at <= 60_000);
  const { percent, rate, etaMs } = estimate(sample, previous);
  // an ETA from an older sample would promise an end the last poll no longer comes closer to
  const last = samples[samples.length - 1];
  const stalled =
    !!rate && !!last && last.at < now && sample.remaining > 0 && sample.remaining >= last.remaining;
  const memoryOnly = !(migration.disk && migration.disk.total > 0);
  return {
    progress: {
      ...base,
      percent,
      bytesRemaining: sample.remaining,
      bytesTotal: sample.total,
      rate,
      etaMs: stalled ? null : etaMs,
      ...(stalled ? { stalled } : {}),
      ...(memoryOnly ? { memoryOnly } : { diskRemaining: migration.disk?.remaining ?? 0 }),
    },
    sample,
    samples: kept,
  };
}

/**
 * A live run's progress once Nova recorded its migration completed, while Ferry still proves its end:
 * nothing left to copy, no ETA (isLanded in in-flight.ts reads it).
 */
export function landedSnapshot(run: RunRecord, now: number): ProgressSnapshot {
  return {
    at: now,
    phase: run.state,
    migrationStatus: 'completed',
    percent: 100,
    bytesRemaining: null,
    bytesTotal: null,
    rate: null,
    etaMs: null,
    elapsedMs: now - run.startedAt,
  };
}

/**
 * A live run Nova recorded completed, written while Ferry proves it, and told: a view refreshed only by
 * progress kept the phase it saw last (operator trial: "accepted 2%" while /migrations said it was
 * proving). A write that fails only leaves it said running.
 */
export async function saveLanded(
  deps: { store: Pick<RunsPort, 'saveProgress'>; events: EventSink },
  run: RunRecord,
  now: number,
): Promise<void> {
  const tell = telling<RunRecord>(deps.events, now, (saved) => [{ kind: 'run.landed', run: saved }]);
  await deps.store.saveProgress(run.id, landedSnapshot(run, now), tell).catch(() => undefined);
}
