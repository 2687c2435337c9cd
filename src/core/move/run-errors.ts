import { FactError } from '../fact-error.ts';
import type { HeldBy } from '../model/checks.ts';
import type { OutcomeKind, RunState } from '../model/records.ts';
import type { StallAction, StallDecision, StallRefusal } from '../model/stall-policy.ts';
import type { CheckResult } from '../model/types.ts';

/**
 * Why an action on a move or its run is refused now, as data; src/messages/run-refusals.ts words it.
 * `state`: the run's state; IDs as the person gave them or Ferry made them.
 */
/** Why a host Ferry holds out of service could not be kept so (service-guard.ts). */
export type HoldTrouble =
  | { code: 'no-nova-compute'; host: string }
  /** found enabled outside Ferry, and disabling it again failed: the cloud's error as it said it */
  | { code: 'not-disabled-again'; host: string; error: string };

export type RunRefusal =
  | HoldTrouble
  | { code: 'no-move'; requestId: string }
  /** a move asked for by ID (after its approval) that the store does not have */
  | { code: 'move-unknown'; requestId: string }
  | { code: 'no-server'; requestId: string }
  | { code: 'ferry-stopping'; requestId: string }
  | { code: 'no-run'; runId: string }
  | { code: 'run-ended'; runId: string; outcome: OutcomeKind | undefined }
  /** a cold move is undone only while it waits for confirmation */
  | { code: 'cold-undo-too-early' }
  | { code: 'no-record-yet' }
  | { code: 'post-copy' }
  /** the cloud (microversion below 2.65) aborts only a running migration */
  | { code: 'abort-needs-running'; state: RunState }
  | { code: 'force-live-only' }
  | { code: 'force-needs-running'; state: RunState }
  | { code: 'nothing-to-confirm'; state: RunState }
  | { code: 'nothing-to-revert'; state: RunState }
  /**
   * no server has the name asked for: the plan's parameters check (it says why) and close names to
   * suggest
   */
  | { code: 'unknown-server'; server: string; check: CheckResult | undefined; suggestions: string[] }
  /**
   * the destination asked for is not a compute host of this cloud (Nova's host names are
   * case-sensitive): close names to suggest, as /evacuate and /drain answer a host they do not know
   */
  | { code: 'unknown-destination'; host: string; suggestions: string[] }
  /** an operation approved as it is made found its hosts or servers held by another */
  | { code: 'held'; held: HeldBy }
  /** the stall policy's choice may no longer be changed: it acted, or a person did, or there is none */
  | { code: 'stall-policy-decided'; state: StallDecision['state'] | null; action?: StallAction }
  /** a person's choice for a stalled move is unsafe for this server (as the policy's would be) */
  | { code: 'stall-choice-refused'; action: StallAction; refused: StallRefusal };

/** A person asked for something the run's state does not allow: `refusal` says why. */
export class RunActionError extends FactError<RunRefusal> {
  override readonly name: string = 'RunActionError';

  get refusal(): RunRefusal | null {
    return this.fact;
  }
}

/** An operator's action on a run, as the cloud is asked for it. */
export type RunAction = 'abort' | 'force-complete' | 'confirm' | 'revert';

/**
 * The cloud refused an operator's action (`answer` 'refused'), could not be reached ('unreachable'),
 * or did not answer ('unknown': whether it was done is unknown). `cloudText` is the cloud's own words,
 * which the edge escapes.
 */
export class CloudActionError extends RunActionError {
  override readonly name = 'CloudActionError';
  constructor(
    readonly action: RunAction,
    readonly answer: 'refused' | 'unreachable' | 'unknown',
    readonly cloudText: string,
  ) {
    super(() => `${action} ${answer}: ${cloudText}`);
  }

  /** no answer came: whether the cloud did it is unknown */
  get unanswered(): boolean {
    return this.answer !== 'refused';
  }
}
