import type { ComputeService } from '../model/cloud.ts';
import type { DrainState } from '../model/records.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import { type DrainDeps, hostsInPlay } from './hosts.ts';
import { rebooting } from './reboot.ts';

/** how often a drain looks at a host it rebooted until it is verified (its boot ID read over SSH, nova-compute) */
export const REBOOT_LOOK_MS = 1_000;

/**
 * How often a drain reads nova-compute only to see whether someone enabled one of the hosts it holds
 * out of service (it disables it again): a host being emptied, or not empty and waiting for a person.
 */
export const HOLD_READ_MS = 20_000;

/**
 * When a drain's look reads nova-compute for the hosts it holds out of service: at most every
 * HOLD_READ_MS, not at every look its moves' ends wake (several a minute while its moves run). A look
 * that reads nova-compute anyway (a host waiting to come back or said to be back: read at every look,
 * so that it is seen back at once) checks them too, and so does the first after a restart. A host Ferry
 * rebooted is read at its own pace (reboot.ts: until seen down, then once its new boot is seen).
 */
export class HoldReads {
  /** drains whose held hosts were read less than HOLD_READ_MS ago: the cancel of that wait */
  private readonly recent = new Map<string, () => void>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Whether this look reads them; when it does, the next read is due HOLD_READ_MS from now. */
  due(id: string, state: DrainState, afterRestart: boolean): boolean {
    const anyway = hostsInPlay(state).some(
      (h) => (h.phase === 'empty' && !rebooting(h)) || h.phase === 'coming-back',
    );
    if (this.recent.has(id) && !anyway && !afterRestart) return false;
    this.forget(id);
    this.recent.set(
      id,
      this.scheduler.after(HOLD_READ_MS, () => this.recent.delete(id)),
    );
    return true;
  }

  forget(id: string): void {
    this.recent.get(id)?.();
    this.recent.delete(id);
  }
}

/**
 * Nova's services as a drain's look reads them (`answer`, asked just now), handed to the moves' watch
 * as well: its look at nova-compute (core/move/compute-look.ts) takes them instead of asking again.
 */
export async function shared(
  deps: Pick<DrainDeps, 'clock' | 'servicesSeen'>,
  answer: Promise<ComputeService[]>,
): Promise<ComputeService[]> {
  const askedAt = deps.clock.monotonic();
  const listed = await answer;
  deps.servicesSeen?.(listed, askedAt);
  return listed;
}
