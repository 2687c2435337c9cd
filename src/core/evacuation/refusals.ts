import type { ItemReason } from '../model/evacuation.ts';
import type { EvacuationState, RequestStatus } from '../model/records.ts';
import type { CheckResult } from '../model/types.ts';
import { RunActionError } from '../move/run-errors.ts';

/**
 * Why an action on an evacuation (or a move back) is refused now, as data; src/messages/evacuation.ts
 * words it at the edge. IDs as the person gave them or Ferry made them.
 */
export type EvacuationRefusal =
  | { code: 'no-evacuation'; id: string }
  /** the host to empty is no compute host of this cloud: its failed check, with the hosts there are */
  | { code: 'not-a-host'; failed: CheckResult }
  /** the host has an evacuation waiting for approval already: that one is decided first */
  | { code: 'asked-already'; host: string; id: string; requestedBy: string }
  /** the host runs no servers and its nova-compute is disabled already: approving would change nothing */
  | { code: 'nothing-to-evacuate'; host: string }
  | { code: 'decided-already'; id: string; status: RequestStatus }
  | { code: 'no-cold-alternative' }
  | { code: 'not-approved'; id: string; status: RequestStatus }
  | { code: 'nothing-to-stop'; id: string; phase: EvacuationState['phase'] }
  | { code: 'nothing-to-move-back'; id: string }
  | { code: 'drain-brings-back'; id: string; drainId: string }
  | { code: 'not-finished'; id: string }
  | { code: 'move-back-asked'; id: string; pending: string }
  | { code: 'moving-back'; id: string; running: string }
  /** the move back's plan is not ready: its failed check, and each server that stays with why */
  | {
      code: 'nothing-moved-back';
      failed: CheckResult | null;
      staying: { server: string; reason?: ItemReason; note?: string }[];
    };

/** An action on an evacuation refused: `refused` says why (the edge words it). */
export class EvacuationRefused extends RunActionError {
  override readonly name = 'RunActionError';
  constructor(readonly refused: EvacuationRefusal) {
    super(() => refused.code);
  }
}
