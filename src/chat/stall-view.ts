import type { RunRecord } from '../core/model/records.ts';
import {
  STALL_ACTIONS,
  type StallAction,
  type StallDecision,
  type StallStep,
} from '../core/model/stall-policy.ts';
import type { RunRefusal } from '../core/move/run-errors.ts';
import { t } from '../i18n/index.ts';
import { runRefusalText } from '../messages/run-refusals.ts';
import { stallActionWord, stallDecisionText, stallDoneText } from '../messages/stall-policy.ts';
import { formatDuration } from '../messages/units.ts';
import { forcePauseClause } from './force-words.ts';
import {
  ACTIONS,
  actorText,
  type Block,
  button,
  clockTime,
  code,
  context,
  escapeMrkdwn,
  type Rendered,
  section,
} from './render.ts';

/**
 * A stalled live migration's warning with the stall policy's decision (#29 part 4), the buttons that
 * choose otherwise within the grace period, and what the policy then did.
 */

/** The button's value: the run and the action chosen. */
export function stallChoiceValue(runId: string, action: StallAction): string {
  return `${runId} ${action}`;
}

/** Whether the warning says anything of a policy: not for the default "ask" (as before the policy). */
export function policySpeaks(stall: StallDecision | undefined): stall is StallDecision {
  return !!stall && !(stall.chosen === 'ask' && stall.rule.kind === 'default');
}

/**
 * The policy's sentence: what on-call chose instead, by whom and when it is carried out (the original
 * deadline), or the policy's own decision.
 */
function decisionSentence(stall: StallDecision, timeZone: string): string {
  if (!stall.overriddenBy || stall.action === 'ask' || stall.refused)
    return escapeMrkdwn(stallDecisionText(stall));
  const head = t`Policy: ${escapeMrkdwn(stallActionWord(stall.action))}, chosen by ${actorText(stall.overriddenBy)} instead of ${escapeMrkdwn(stall.chosen)}`;
  const done = stallDoneText(stall);
  return done ? t`${head}. ${escapeMrkdwn(done)}` : t`${head}; at ${clockTime(stall.deadline, timeZone)}.`;
}

/** The policy's sentence and, while it waits, the choices on-call has instead of it. */
export function stallPolicyBlocks(
  run: RunRecord,
  stall: StallDecision | undefined,
  onCall: string,
  timeZone = 'UTC',
): Block[] {
  if (!policySpeaks(stall)) return [];
  const blocks: Block[] = [section(decisionSentence(stall, timeZone))];
  // the choices last while the policy waits on a running move; then they go (read from the store)
  if (stall.state !== 'pending' || run.state === 'done') return blocks;
  const others = STALL_ACTIONS.filter((action) => action !== stall.action);
  blocks.push({
    type: 'actions',
    block_id: `stall:${run.id}`,
    elements: others.map((action) =>
      button(
        action === 'ask' ? t`Leave it running` : t`Instead: ${stallActionWord(action)}`,
        ACTIONS.stallChoice,
        stallChoiceValue(run.id, action),
      ),
    ),
  } as Block);
  blocks.push(context(t`Only on-call people may choose otherwise, before the grace period ends: ${onCall}.`));
  return blocks;
}

/**
 * The warning of a move with a thread of its own (its Abort / Force complete are on its controls
 * message). `stalledForMs` null: rendered again from the store once the policy decided or the move
 * ended, its choices gone.
 */
export function stallWarning(
  run: RunRecord,
  stalledForMs: number | null,
  stall: StallDecision | undefined,
  onCall: string,
  timeZone = 'UTC',
): Rendered {
  const head =
    stalledForMs === null
      ? t`⚠️ ${code(run.serverName)} stopped converging: the guest dirtied memory as fast as it was copied.`
      : t`⚠️ ${code(run.serverName)} is not converging: ${formatDuration(stalledForMs)} without progress, the guest dirties memory as fast as it is copied. ` +
        t`On-call can *Force complete* (${forcePauseClause(run)}) or *Abort* (it stays where it is).`;
  return {
    text: escapeMrkdwn(t`${run.serverName} is not converging`),
    blocks: [section(head), ...stallPolicyBlocks(run, stall, onCall, timeZone)],
  };
}

/** What the policy did after its warning, for the thread. */
export function stallStepMessage(
  run: RunRecord,
  step: StallStep,
  stall: StallDecision,
  by?: string,
  refusal?: RunRefusal,
): Rendered {
  const name = code(run.serverName);
  const action = escapeMrkdwn(stallActionWord(stall.action));
  const line = (() => {
    switch (step) {
      case 'overridden':
        return stall.action === 'ask'
          ? t`${actorText(by ?? '?')} chose to leave ${name} running: the stall policy does nothing.`
          : t`${actorText(by ?? '?')} chose instead for ${name}: *${action}* when the grace period ends.`;
      case 'acting':
        if (stall.overriddenBy)
          return t`🤖 Grace period over: Ferry carries out ${actorText(stall.overriddenBy)}'s choice and asks Nova to *${action}* ${name}.`;
        return t`🤖 Grace period over, nobody acted: Ferry asks Nova to *${action}* ${name} (stall policy).`;
      case 'acted':
        return stall.action === 'force-complete'
          ? t`🤖 Nova accepted the force-complete of ${name}: Nova switches to post-copy where it is permitted, else pauses the guest until the copy ends.`
          : t`🤖 Nova accepted the abort of ${name}.`;
      case 'failed':
        return t`⚠️ The stall policy could not *${action}* ${name}: ${escapeMrkdwn(refusal ? runRefusalText(refusal) : (stall.failure ?? '?'))}. It is left to on-call.`;
      case 'unknown':
        return t`⚠️ Ferry asked Nova to *${action}* ${name} and has no answer: Nova's record tells what happened. Ferry does not ask again.`;
      case 'cold-started':
        return t`🤖 ${name} is back on ${code(run.source)}: Ferry migrates it cold now (it is stopped, and starts again where Nova's scheduler puts it), as its request allowed.`;
      case 'cold-not-started':
        return stall.cold?.state === 'not-started' && stall.cold.why === 'not-on-source'
          ? t`⚠️ ${name} is not ACTIVE on ${code(run.source)} after the abort: Ferry starts no cold migration.`
          : t`⚠️ The cold migration of ${name} could not be started: it is left to on-call.`;
    }
  })();
  return { text: escapeMrkdwn(t`${run.serverName}: stall policy`), blocks: [section(line)] };
}
