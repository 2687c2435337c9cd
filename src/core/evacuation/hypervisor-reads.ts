import type { Clock } from '../../clock.ts';
import type { Hypervisor } from '../model/cloud.ts';
import type { CloudApi } from '../ports/cloud.ts';

/** how long one answer may serve the starts of the looks under way when it was asked */
export const HYPERVISORS_SHARED_MS = 5_000;

/**
 * Nova's hypervisors as evacuations' starts read them (whether a destination still takes moves, and its
 * Placement provider): one answer serves every start of a look that began before it was asked, for
 * HYPERVISORS_SHARED_MS at most. Moves starting together (an evacuation's first `concurrency`, a
 * drain's hosts at once) read it once; a look never takes an answer asked before it began.
 */
export class HypervisorReads {
  private last: { askedAt: number; answer: Promise<Hypervisor[]> } | null = null;

  constructor(private readonly deps: { cloud: CloudApi; clock: Clock }) {}

  /** The hypervisors for a start of the look that began at `lookAt` (steady time). */
  since(lookAt: number): Promise<Hypervisor[]> {
    const now = this.deps.clock.monotonic();
    const last = this.last;
    if (last && last.askedAt >= lookAt && now - last.askedAt < HYPERVISORS_SHARED_MS) return last.answer;
    const read = { askedAt: now, answer: this.deps.cloud.listHypervisors() };
    this.last = read;
    // an unanswered read serves nobody after it: the next start asks again
    read.answer.catch(() => {
      if (this.last === read) this.last = null;
    });
    return read.answer;
  }
}
