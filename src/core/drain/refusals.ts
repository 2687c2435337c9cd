import type { DrainPlan } from '../model/drain.ts';
import type { DrainHostPhase, DrainState, RequestStatus } from '../model/records.ts';
import type { CheckResult } from '../model/types.ts';
import { RunActionError } from '../move/run-errors.ts';
import { ApprovalError } from '../requests.ts';

/**
 * Why an action on a drain (or one of its hosts) is refused now, as data; src/messages/drain.ts words
 * it at the edge. `approvers`: who may approve instead, as the approvers port describes them.
 */
export type DrainRefusal =
  | { code: 'no-drain'; id: string }
  /** /drain with an ID that does not exist: the list shows them */
  | { code: 'unknown-drain'; id: string }
  | { code: 'not-approved'; id: string; status: RequestStatus }
  | { code: 'nothing-to-stop'; id: string; phase: DrainState['phase'] }
  | { code: 'not-running'; id: string; phase: DrainState['phase'] }
  | { code: 'not-paused'; id: string; phase: DrainState['phase'] }
  | { code: 'resume-first'; id: string; phase: DrainState['phase'] }
  | { code: 'no-host'; id: string; host: string }
  | { code: 'host-is'; id: string; host: string; phase: DrainHostPhase }
  | { code: 'not-waiting'; id: string; host: string }
  | { code: 'continue-approved'; host: string; approvedBy: string }
  | { code: 'continue-four-eyes'; host: string; approvers: string }
  /** a question of a drain that ended (`ended`) or is stopping; the host's phase when it has one */
  | { code: 'answer-too-late'; id: string; ended: boolean; host: string; phase?: DrainHostPhase }
  | { code: 'cannot-skip'; id: string; host: string; phase?: DrainHostPhase }
  | { code: 'host-changed'; host: string }
  /** Skip on a host empty while Ferry still proves its last moves: enabled now, their end would disable it again */
  | { code: 'still-proven'; id: string; host: string }
  | { code: 'reapprove-four-eyes'; approvers: string }
  | { code: 'reapprove-on-call-only'; approvers: string }
  | { code: 'waits-for-no-approval'; id: string; phase: DrainState['phase'] }
  | { code: 'plan-changed'; id: string }
  /** Resume anyway on a drain that health gates no longer hold */
  | { code: 'not-gate-held'; id: string }

  /** `--reboot` without FERRY_SSH (and FERRY_REBOOT_COMMAND's SSH) configured: Ferry cannot reboot */
  | { code: 'no-reboot' }
  /**
   * The plan names no host to drain: the checks that say why (an unknown host, zone or aggregate),
   * or with --kernel the hosts already on it. Refused before anything is requested.
   */
  | { code: 'no-hosts'; failed: CheckResult[]; onKernel?: { kernel: string; hosts: string[] } }
  /**
   * Every host of the plan runs no server and was disabled by someone before: the drain would leave each
   * as found at once (emptying.ts settleIdle: not emptied, enabled nor rebooted), so nobody is asked
   */
  | { code: 'nothing-to-drain'; hosts: string[] };

/**
 * A plan whose every host is empty and disabled by someone before the drain: approving it would change
 * nothing (no move, no service enabled or disabled, no reboot, nothing to bring home), so it is refused
 * before anything is requested, as /evacuate refuses such a host. A plan with a failing check is not:
 * its checks say what they say.
 */
export function refuseNothingToDrain(plan: DrainPlan): void {
  if (nothingToDrain(plan))
    throw new DrainRefused({
      code: 'nothing-to-drain',
      hosts: plan.steps.flatMap((step) => step.hosts.map((host) => host.host)),
    });
}

/** Whether the plan is one refuseNothingToDrain refuses (a dry run of it says so). */
export function nothingToDrain(plan: DrainPlan): boolean {
  const hosts = plan.steps.flatMap((step) => step.hosts);
  if (!plan.ready || hosts.length === 0) return false;
  return hosts.every((host) => host.items.length === 0 && host.disabledBefore);
}

/** An action on a drain refused: `refused` says why (the edge words it). */
export class DrainRefused extends RunActionError {
  override readonly name = 'RunActionError';
  constructor(readonly refused: DrainRefusal) {
    super(() => refused.code);
  }
}

/** An approval on a drain refused (four eyes, on call only, a stale plan): `refused` says why. */
export class DrainApprovalRefused extends ApprovalError {
  override readonly name = 'ApprovalError';
  constructor(readonly refused: DrainRefusal) {
    super(() => refused.code);
  }
}
