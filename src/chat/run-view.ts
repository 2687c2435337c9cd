import { isGatewayStatus } from '../core/cloud-errors.ts';
import { gateProofs, type ProofFact } from '../core/model/proof-facts.ts';
import type { NovaOutage, Outcome, ProgressSnapshot, RunRecord } from '../core/model/records.ts';
import type { QueueAhead } from '../core/model/run-facts.ts';
import type { StallDecision } from '../core/model/stall-policy.ts';
import { isLanded } from '../core/move/in-flight.ts';
import { k, t, translated } from '../i18n/index.ts';
import { gatewayAnswerText } from '../messages/cloud.ts';
import { outcomeUnproven, proofsText } from '../messages/proofs.ts';
import { outcomeText } from '../messages/runs.ts';
import { type ColdOutcomeOf, coldFollowsText, stallTally } from '../messages/stall-policy.ts';
import { modeWord, runStateWord, serverStatusWord, stateWord } from '../messages/states.ts';
import { formatBytes, formatDuration } from '../messages/units.ts';
import { forcePauseClause, forceWords } from './force-words.ts';
import type { Block } from './render.ts';
import {
  ACTIONS,
  button,
  clockTime,
  code,
  context,
  destinationText,
  escapeMrkdwn,
  type Rendered,
  section,
} from './render.ts';
import { stallPolicyBlocks } from './stall-view.ts';

/**
 * A run's progress line for its thread. While it waits to be sent (behind Slack's pace, or a Slack
 * outage), a newer line of the same run and phase takes its place instead of queueing behind it: it
 * only says how far the move got, the newer says it better. A new phase gets a line of its own, so
 * no line shows a phase before the post that says it began.
 */
export function progressPost(
  run: RunRecord,
  progress: ProgressSnapshot,
): { message: Rendered; group: { key: string; parts: string[]; merge: (parts: string[]) => Rendered } } {
  const merge = (parts: string[]): Rendered => ({
    text: escapeMrkdwn(t`${run.serverName} progress`),
    blocks: [section(parts[parts.length - 1] ?? '')],
  });
  const line = progressText(run, progress);
  return {
    message: merge([line]),
    group: { key: `progress:${run.id}:${progress.phase}`, parts: [line], merge },
  };
}

/** A migration run's messages: its progress, outcome, controls and history. */
export function progressBar(percent: number | null, width = 20): string {
  if (percent === null) return `[${'·'.repeat(width)}]`;
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return `[${'▓'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent.toFixed(0)}%`;
}

/** What the run entered `queued` behind on its source (its note's queue), if Ferry saw anything ahead. */
function queuedBehind(run: RunRecord): QueueAhead | null {
  const entered = run.transitions.findLast((transition) => transition.state === 'queued');
  return typeof entered?.note === 'object' && entered.note.code === 'nova-status'
    ? (entered.note.queue ?? null)
    : null;
}

export function progressText(run: RunRecord, progress: ProgressSnapshot): string {
  // queued by Nova: nothing moves yet, so no bar, no share done. Every live move passes through
  // `queued`: it waits for a slot only when Ferry saw another from its source ahead of it
  if (progress.phase === 'queued') {
    const queue = queuedBehind(run);
    const elapsed = formatDuration(progress.elapsedMs);
    if (!queue) return t`${code(run.serverName)} is queued by Nova · elapsed ${elapsed}`;
    // the moves of Ferry's that the feed showed holding the source's slot, named (queue-position.ts)
    if ('ferrys' in queue)
      return queue.ferrys.length === 1
        ? t`${code(run.serverName)} is queued by Nova: it waits for a free live-migration slot on ${code(run.source)}, behind Ferry's move of ${code(queue.ferrys[0] as string)} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed ${elapsed}`
        : t`${code(run.serverName)} is queued by Nova: it waits for a free live-migration slot on ${code(run.source)}, behind Ferry's moves of ${queue.ferrys.map(code).join(t`, `)} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed ${elapsed}`;
    return t`${code(run.serverName)} is queued by Nova: it waits for a free live-migration slot on ${code(run.source)} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed ${elapsed}`;
  }
  const parts = [
    `${progressBar(progress.percent)} ${escapeMrkdwn(stateWord(progress.migrationStatus ?? progress.phase))}`,
  ];
  if (progress.bytesRemaining !== null && progress.bytesTotal)
    parts.push(
      progress.memoryOnly
        ? t`memory ${formatBytes(progress.bytesRemaining)} of ${formatBytes(progress.bytesTotal)} left`
        : t`${formatBytes(progress.bytesRemaining)} of ${formatBytes(progress.bytesTotal)} left`,
    );
  // Nova's record carries no disk figures for libvirt's NBD copy: say so rather than imply it is done
  if (progress.memoryOnly && run.mode === 'block') parts.push(t`disks: Nova reports no figures`);
  if (progress.stalled && progress.rate !== null)
    parts.push(t`${formatBytes(progress.rate)}/s sent, but what is left does not shrink`);
  else if (progress.rate !== null) parts.push(`${formatBytes(progress.rate)}/s`);
  // the pace may read as before the force (a disk copy goes on): Nova's records would not show a pause
  if (run.forceRequested && !run.forceSeen && progress.phase === 'running')
    parts.push(t`force-complete asked: Nova shows no post-copy, and would not show the guest paused`);
  if (progress.etaMs !== null) parts.push(t`ETA ${formatDuration(progress.etaMs)}`);
  else if (progress.bytesTotal) parts.push(t`ETA unknown`);
  parts.push(t`elapsed ${formatDuration(progress.elapsedMs)}`);
  return `${code(run.serverName)} ${parts.join(' · ')}`;
}

export const OUTCOME_ICON: Record<Outcome['kind'], string> = {
  completed: '✅',
  'rolled-back': '↩️',
  failed: '❌',
  aborted: '🛑',
  reverted: '↩️',
  'timed-out': '⏱️',
  unknown: '❓',
};

/** The icon of an outcome: a completed move one of whose proofs failed is ⚠️, never ✅. */
export function outcomeIcon(outcome: Pick<Outcome, 'kind' | 'fact'>): string {
  return outcomeUnproven(outcome) ? '⚠️' : OUTCOME_ICON[outcome.kind];
}

const OUTCOME_LABEL: Record<Outcome['kind'], string> = {
  completed: k`Completed`,
  'rolled-back': k`Rolled back`,
  failed: k`Failed`,
  aborted: k`Aborted`,
  reverted: k`Reverted`,
  'timed-out': k`Timed out`,
  unknown: k`How it ended is unknown`,
};

const NEXT_STEP: Partial<Record<Outcome['kind'], string>> = {
  'rolled-back': k`Nothing moved. Read the reason, fix it, and ask again with /migrate.`,
  failed: k`Look at the server before retrying; /migrations shows the history.`,
  'timed-out': k`Ferry stopped watching; the migration was left running. Check it with openstack server migration list.`,
};

/**
 * What to do next: a move rolled back with no reason from Nova is not told to "read the reason"
 * (operator trial): where the cause may be found instead, or only that nothing moved.
 */
function nextStepOf(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'rolled-back') return NEXT_STEP[outcome.kind];
  const fact = outcome.fact;
  // an outcome stored as prose before facts: its text carried the reason
  if (!fact) return NEXT_STEP['rolled-back'];
  if (fact.code !== 'rolled-back')
    return k`Nothing moved. Ask again with /migrate once you know why it stopped.`;
  return fact.reason.code === 'last-step-seen'
    ? k`Nothing moved. Find the cause in nova-compute's log as said, fix it, and ask again with /migrate.`
    : NEXT_STEP['rolled-back'];
}

/**
 * A run's outcome in its thread, with what the stall policy did: `stall` is the run's own decision, or
 * for the cold move abort-then-cold started, the aborted live move's (`coldOutcome` finds how the cold
 * move ended).
 */
export function outcomeMessage(
  run: RunRecord,
  outcome: Outcome,
  stall: StallDecision | undefined = run.stall,
  coldOutcome?: ColdOutcomeOf,
): Rendered {
  const icon = outcomeIcon(outcome);
  const label = outcomeUnproven(outcome) ? t`Moved, not proven` : translated(OUTCOME_LABEL[outcome.kind]);
  const fact = outcome.fact;
  // abort-then-cold's live move, aborted by the policy: it is on its source only until the cold move
  const coldFollows =
    run.mode !== 'cold' &&
    outcome.kind === 'aborted' &&
    fact?.code === 'stays' &&
    stall?.action === 'abort-then-cold' &&
    stall.state === 'acted' &&
    stall.cold?.state !== 'not-started';
  const said = coldFollows
    ? coldFollowsText(fact.server, fact.host ?? run.source, serverStatusWord(fact.status))
    : outcomeText(outcome);
  // an end Ferry did not see has no duration to tell; a move not proven: its duration is the move's,
  // not the proofs' (each failed proof says how long it waited), so said as "moved in" (operator trial)
  const head =
    outcome.kind === 'unknown' || (outcomeUnproven(outcome) && outcome.durationMs === undefined)
      ? `${icon} *${label}*: ${escapeMrkdwn(said)}`
      : outcomeUnproven(outcome)
        ? t`${icon} *${label}* (moved in ${formatDuration(outcome.durationMs)}): ${escapeMrkdwn(said)}`
        : t`${icon} *${label}* after ${formatDuration(outcome.durationMs)}: ${escapeMrkdwn(said)}`;
  const nextStep = nextStepOf(outcome);
  const next = nextStep && translated(nextStep);
  // the run's own stall ends with this outcome; the aborted live move's (abort-then-cold) with its own
  const stalled = stall
    ? stallTally([{ stall, ...(stall === run.stall ? { outcome } : {}) }], coldOutcome)
    : null;
  return {
    text: escapeMrkdwn(t`${run.serverName}: ${stateWord(outcome.kind)} (${said})`),
    blocks: [
      section(head),
      ...(next ? [context(escapeMrkdwn(next))] : []),
      ...(stalled ? [context(escapeMrkdwn(stalled))] : []),
    ],
  };
}

/** Abort / Force complete while a live migration runs; Confirm / Revert while a cold one waits. */
export function controlsMessage(
  run: RunRecord,
  onCall: string,
  // the cold gate's, as written on the run (an evacuation's move, or one rebuilt after a restart)
  proofs: readonly ProofFact[] | undefined = gateProofs(run),
): Rendered {
  if (run.state === 'awaiting-confirmation') {
    return {
      text: escapeMrkdwn(
        t`${run.serverName} waits in VERIFY_RESIZE on ${run.destination}: confirm or revert`,
      ),
      blocks: [
        section(
          // only a server that ran before comes up running: a stopped one stays stopped there
          run.serverBefore?.status === 'ACTIVE'
            ? t`${code(run.serverName)} now runs on ${code(run.destination ?? '?')} and waits for confirmation (VERIFY_RESIZE). Check it, then confirm to free ${code(run.source)}, or revert.`
            : t`${code(run.serverName)} is now on ${code(run.destination ?? '?')} and waits for confirmation (VERIFY_RESIZE). Check it, then confirm to free ${code(run.source)}, or revert.`,
        ),
        // what Ferry proved of it there, before anyone decides
        ...(proofs ? [section(escapeMrkdwn(proofsText(proofs)))] : []),
        {
          type: 'actions',
          block_id: `controls:${run.id}`,
          elements: [
            button(t`Confirm`, ACTIONS.confirm, run.id, { style: 'primary' }),
            button(t`Revert`, ACTIONS.revert, run.id, {
              style: 'danger',
              confirm: {
                title: t`Revert the migration?`,
                text: t`Move ${code(run.serverName)} back to ${code(run.source)}?`,
                confirm: t`Revert`,
              },
            }),
          ],
        },
        context(t`Only on-call people may confirm or revert it: ${onCall}.`),
      ],
    };
  }
  const live = run.mode !== 'cold';
  return {
    text: escapeMrkdwn(t`${run.serverName} is migrating (${run.id})`),
    blocks: [
      section(
        t`Migration ${code(run.id)} of ${code(run.serverName)} started: ${code(run.source)} → ${destinationText(run.destination)}.`,
      ),
      ...(live ? liveControls(run, onCall) : []),
    ],
  };
}

/**
 * A cold move's Confirm / Revert question once one of them was sent: its buttons go, as nothing is left
 * to choose (a press still on its way is refused: run-actions.ts).
 */
export function decidedControls(run: RunRecord, phase: 'confirming' | 'reverting'): Rendered {
  const said =
    phase === 'confirming'
      ? t`${code(run.serverName)} on ${code(run.destination ?? '?')}: confirmation sent; Nova confirms the move, which frees ${code(run.source)}.`
      : t`${code(run.serverName)} on ${code(run.destination ?? '?')}: revert sent; Nova moves it back to ${code(run.source)}.`;
  return { text: escapeMrkdwn(t`${run.serverName}: ${stateWord(phase)}`), blocks: [section(said)] };
}

/** The evacuation a move belongs to, for its Abort to say what becomes of the rest. */
export interface MoveOf {
  id: string;
  host: string;
  drainId?: string;
  /** a move back (of an evacuation, or of a drain's step) */
  moveBack?: boolean;
}

/**
 * What Abort does, said before it is pressed: the move alone; an evacuation goes on with its other
 * servers, while a drain's step stops starting moves, as after any move that does not complete (its
 * host is not empty). An operator at 3 a.m. must not find out afterwards (operator trial).
 */
export function abortWords(run: RunRecord, of?: MoveOf): { title: string; text: string } {
  const stays = t`${code(run.serverName)} stays on ${code(run.source)}; Nova cancels this copy.`;
  if (!of) return { title: t`Abort the migration?`, text: stays };
  return {
    title: t`Abort this move only?`,
    text: of.moveBack
      ? t`${stays} Move back ${code(of.id)} goes on with its other servers; to stop it too, use the buttons on its message.`
      : of.drainId
        ? t`${stays} ${code(of.host)} is then not empty: evacuation ${code(of.id)} starts no new moves (those in flight finish) and drain ${code(of.drainId)} asks on-call to Continue.`
        : t`${stays} Evacuation ${code(of.id)} goes on with its other servers; to stop it too, use the buttons on its message.`,
  };
}

/** Abort and Force complete for a running live migration, and who may press them. */
function liveControls(run: RunRecord, onCall: string, of?: MoveOf): Block[] {
  return [
    {
      type: 'actions',
      block_id: `controls:${run.id}`,
      elements: [
        button(t`Abort`, ACTIONS.abort, run.id, {
          style: 'danger',
          confirm: { ...abortWords(run, of), confirm: t`Abort` },
        }),
        button(t`Force complete`, ACTIONS.force, run.id, {
          confirm: { ...forceWords(run), confirm: t`Force complete` },
        }),
      ],
    } as Block,
    context(t`Only on-call people may abort it or force it to complete: ${onCall}.`),
  ];
}

/**
 * An evacuation's live move that stopped converging, said in the evacuation's thread (it has no
 * thread of its own) with its own Abort and Force complete: stopping the whole evacuation is not the
 * only way out.
 */
export function evacuationStallMessage(
  run: RunRecord,
  stalledForMs: number | null,
  onCall: string,
  stall: StallDecision | undefined,
  timeZone: string,
  of: MoveOf,
): Rendered {
  // once the policy acted (or on-call did first), or the move ended: what happened, and no buttons
  const over =
    run.state === 'done' ||
    (stall !== undefined && ['acting', 'acted', 'moot'].includes(stall.state) && !stall.refused);
  // null: rendered again from the store once the stall policy decided
  const stalled = stalledForMs === null ? '' : t`${formatDuration(stalledForMs)} without progress, `;
  const head = over
    ? t`⚠️ ${code(run.serverName)} stopped converging: the guest dirtied memory as fast as it was copied.`
    : t`⚠️ ${code(run.serverName)} is not converging: ${stalled}the guest dirties memory as fast as it is copied. ` +
      t`On-call can *Force complete* (${forcePauseClause(run)}) or *Abort* (it stays where it is) this move, or stop the evacuation (the buttons on its message).`;
  return {
    text: escapeMrkdwn(t`${run.serverName} is not converging`),
    blocks: [
      section(head),
      ...(over ? [] : liveControls(run, onCall, of)),
      ...stallPolicyBlocks(run, stall, onCall, timeZone),
    ],
  };
}

export function endedControls(run: RunRecord): Rendered {
  return {
    text: escapeMrkdwn(t`Migration ${run.id} ended: ${stateWord(run.outcome?.kind ?? run.state)}`),
    blocks: [
      section(
        t`Migration ${code(run.id)} of ${code(run.serverName)} ended: *${stateWord(run.outcome?.kind ?? run.state)}*.`,
      ),
    ],
  };
}

/**
 * Nova not answering a run, in the words its thread used (run-notices.ts): shown beside the run's
 * state while the outage lasts, so a list does not say a plain "running" through it.
 */
export function outageWords({ since, status }: NovaOutage, timeZone: string): string {
  const at = clockTime(since, timeZone);
  if (status === undefined) return t`Nova not answering since ${at}`;
  const gateway = gatewayAnswerText(status);
  if (gateway) return t`Nova not available since ${at} (${gateway})`;
  return isGatewayStatus(status)
    ? t`Nova not available since ${at} (it answers ${status})`
    : t`Nova failing Ferry's reads since ${at} (it answers ${status})`;
}

/**
 * A run's state as a view says it, with the progress read in it: one Nova recorded completed while
 * Ferry proves it is said so beside its 100%, whatever phase Ferry saw last (operator trial: "queued
 * … 100%" of a move Nova ran between two reads at speed 50); a bar read in an earlier phase says
 * nothing of this one.
 */
export function runStage(
  run: RunRecord,
  autoConfirm?: boolean,
): { word: string; progress: ProgressSnapshot | undefined } {
  if (isLanded(run)) return { word: t`moved, Ferry proves it`, progress: run.lastProgress };
  return {
    word: runStateWord(run.state, autoConfirm),
    progress: run.lastProgress?.phase === run.state ? run.lastProgress : undefined,
  };
}

/** A run on one line; `nova`: the Nova outage its thread was told of, while it lasts. */
export function runSummaryLine(
  run: RunRecord,
  nova?: { outage: NovaOutage | null; timeZone: string; autoConfirm?: boolean },
): string {
  const where = `${code(run.source)} → ${destinationText(run.destination)}`;
  const stage = runStage(run, nova?.autoConfirm);
  const state = run.outcome ? `${outcomeIcon(run.outcome)} ${stateWord(run.outcome.kind)}` : stage.word;
  const last = stage.progress;
  const progress =
    last?.percent !== null && last?.percent !== undefined && !run.outcome
      ? ` ${progressBar(last.percent, 10)}`
      : '';
  const outage = nova?.outage && !run.outcome ? ` · ${outageWords(nova.outage, nova.timeZone)}` : '';
  return `${code(run.id)} ${code(run.serverName)} ${where} ${modeWord(run.mode)} · *${escapeMrkdwn(state)}*${progress}${outage}`;
}
