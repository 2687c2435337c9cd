import type { RunState } from '../core/model/run-facts.ts';
import type { CloudActionError, RunAction, RunActionError, RunRefusal } from '../core/move/run-errors.ts';
import { t } from '../i18n/index.ts';
import { checkReasonOf } from './checks.ts';
import { holdTroubleText } from './service-guard.ts';
import { heldText } from './shared-checks.ts';
import { stallActionWord, stallRefusalText, stallStateWord } from './stall-policy.ts';
import { stateWord } from './states.ts';
import { sentences } from './units.ts';

/**
 * Why an action on a move or its run is refused, in the words of whoever asked: the run's state, the
 * cloud's microversion, the cloud's own answer. Not escaped: the edge escapes what it shows.
 */
export function runActionErrorText(error: RunActionError): string {
  if (error.refusal) return runRefusalText(error.refusal);
  return error.say ? error.say() : error.message;
}

/** A Confirm or Revert pressed after one of them was sent (a button shown before it went): said so. */
function sentAlready(state: RunState): string | null {
  if (state === 'confirming')
    return t`Nothing was done: the confirmation was sent already, and Nova is confirming the move.`;
  if (state === 'reverting')
    return t`Nothing was done: the revert was sent already, and Nova is moving the server back.`;
  return null;
}

export function runRefusalText(refusal: RunRefusal): string {
  switch (refusal.code) {
    case 'no-move':
      return t`No move ${refusal.requestId}.`;
    case 'move-unknown':
      return t`There is no move ${refusal.requestId}.`;
    case 'no-server':
      return t`Request ${refusal.requestId} has no resolved server.`;
    case 'ferry-stopping':
      return t`Ferry is stopping; it starts ${refusal.requestId} once it is back.`;
    case 'no-run':
      return t`No migration ${refusal.runId}.`;
    case 'run-ended':
      return t`Migration ${refusal.runId} has already ended (${stateWord(refusal.outcome ?? 'unknown')}).`;
    case 'cold-undo-too-early':
      return t`A cold migration can only be undone once it waits for confirmation (VERIFY_RESIZE): then Ferry reverts it.`;
    case 'no-record-yet':
      return t`Nova has not created the migration record yet; try again in a few seconds.`;
    case 'post-copy':
      return t`The migration is in post-copy: the guest already runs on the destination and cannot be pulled back.`;
    case 'abort-needs-running':
      return t`This cloud (microversion below 2.65) can abort only once the migration is running; it is ${stateWord(refusal.state)}.`;
    case 'force-live-only':
      return t`Force complete applies to live migrations only.`;
    case 'force-needs-running':
      return t`Nova force-completes only a running migration; this one is ${stateWord(refusal.state)}.`;
    case 'nothing-to-confirm':
      return (
        sentAlready(refusal.state) ?? t`Nothing to confirm: the migration is ${stateWord(refusal.state)}.`
      );
    case 'nothing-to-revert':
      return (
        sentAlready(refusal.state) ?? t`Nothing to revert: the migration is ${stateWord(refusal.state)}.`
      );
    case 'no-nova-compute':
    case 'not-disabled-again':
      return holdTroubleText(refusal);
    case 'held':
      return t`Nothing started: ${heldText(refusal.held)}.`;
    case 'stall-policy-decided':
      return stallDecidedText(refusal);
    case 'stall-choice-refused':
      return t`Not chosen: ${stallRefusalText(refusal.refused)}.`;
    case 'unknown-server': {
      const names = refusal.suggestions;
      return sentences(
        checkReasonOf(refusal.check),
        names.length ? t`Did you mean ${names.join(t`, `)}?` : t`Check the name, or use the server ID.`,
      );
    }
    case 'unknown-destination': {
      const names = refusal.suggestions;
      return names.length
        ? t`${refusal.host} is not a compute host of this cloud. Did you mean ${names.join(t`, `)}? Nothing was requested.`
        : t`${refusal.host} is not a compute host of this cloud: name one as openstack compute service list shows it (host names are case-sensitive), or leave the destination out and Ferry picks one. Nothing was requested.`;
    }
  }
}

/** The action as the lead of a sentence names it ("Nova refused to abort"). */
function actionWord(action: RunAction): string {
  switch (action) {
    case 'abort':
      return t`abort`;
    case 'force-complete':
      return t`force complete`;
    case 'confirm':
      return t`confirm`;
    case 'revert':
      return t`revert`;
  }
}

/** What the cloud did with an operator's action, before the cloud's own words (which the edge escapes). */
export function cloudActionLead(error: Pick<CloudActionError, 'action' | 'answer'>): string {
  const what = actionWord(error.action);
  switch (error.answer) {
    case 'unknown':
      return t`Nova did not answer the request to ${what}, so whether it was done is unknown; look at the server before trying again`;
    case 'refused':
      return t`Nova refused to ${what}`;
    case 'unreachable':
      return t`Could not reach Nova to ${what}`;
  }
}

/** A choice pressed after the stall policy's grace period: what happened instead; nothing changed. */
function stallDecidedText(refusal: Extract<RunRefusal, { code: 'stall-policy-decided' }>): string {
  if (refusal.state === null) return t`No stall policy decision waits on this migration.`;
  const action = refusal.action && stallActionWord(refusal.action);
  if (action)
    switch (refusal.state) {
      case 'pending':
      case 'acting':
        return t`Too late: the grace period is over, and the stall policy carries out ${action} now. Nothing was changed.`;
      case 'acted':
        return t`Too late: the stall policy carried out ${action} when the grace period ended. Nothing was changed.`;
      case 'failed':
        return t`Too late: the stall policy tried ${action} when the grace period ended and failed (its thread says why); on-call decides with Abort or Force complete. Nothing was changed.`;
      case 'moot':
        return t`Too late: on-call aborted it or forced it to complete first. Nothing was changed.`;
      case 'left':
        break;
    }
  return t`The stall policy can no longer be changed: it is ${stallStateWord(refusal.state)}.`;
}
