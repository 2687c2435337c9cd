import type { EvacuationItemState, EvacuationRecord, RunRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { itemNote } from '../messages/evacuation.ts';
import { outcomeText } from '../messages/runs.ts';
import { stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { code, destinationText, escapeMrkdwn, type Rendered, section } from './render.ts';

/** What the owners read in their project's channel (owners.ts decides when): no buttons, names escaped. */

export function runApproved(
  run: RunRecord,
  requester: string,
  approver: string,
  project: string | undefined,
): Rendered {
  return {
    text: escapeMrkdwn(t`Ferry is moving ${run.serverName}`),
    blocks: [
      section(
        t`🚚 Ferry is moving ${code(run.serverName)}${project ? t` of project *${escapeMrkdwn(project)}*` : ''} from ${code(run.source)} to ${destinationText(run.destination, t`the scheduler's choice`)} (${run.mode === 'live' ? t`live: it keeps running` : t`cold: it restarts`}). Asked by <@${escapeMrkdwn(requester)}>, approved by <@${escapeMrkdwn(approver)}>.`,
      ),
    ],
  };
}

export function runEnded(
  run: RunRecord,
  kind: string,
  message: string,
  durationMs: number | undefined,
  /** completed, but one of its proofs failed: ⚠️, not ✅ */
  unproven = false,
): Rendered {
  const done = kind === 'completed';
  return {
    text: escapeMrkdwn(t`${run.serverName}: ${stateWord(kind)}`),
    blocks: [
      section(
        done
          ? unproven
            ? t`⚠️ ${code(run.serverName)} moved in ${formatDuration(durationMs)}, not proven: ${escapeMrkdwn(message)}`
            : t`✅ ${code(run.serverName)} moved in ${formatDuration(durationMs)}: ${escapeMrkdwn(message)}`
          : t`❌ The move of ${code(run.serverName)} ended *${escapeMrkdwn(kind)}*: ${escapeMrkdwn(message)}`,
      ),
    ],
  };
}

export function evacuationStarted(
  request: EvacuationRecord,
  items: EvacuationItemState[],
  project: string | undefined,
): Rendered {
  const state = request.evacuation;
  const moving = items.filter((item) => item.mode !== null);
  const staying = items.filter((item) => item.mode === null);
  const what = state.returnOf
    ? t`moving servers back onto ${code(state.host)} after its maintenance`
    : t`emptying ${code(state.host)} for maintenance`;
  const lines = [
    t`🚚 Ferry is ${what} (${code(request.id)}, asked by <@${escapeMrkdwn(request.requestedBy)}>, approved by <@${escapeMrkdwn(request.decidedBy ?? '?')}>). ${project ? t`Servers of project *${escapeMrkdwn(project)}*` : t`Your servers`}:`,
    ...moving.map(
      (item) =>
        t`• ${code(item.serverName)}: ${item.mode === 'live' ? t`moves live, keeps running` : t`moves cold, restarts`}`,
    ),
    ...staying.map(
      (item) => t`• ${code(item.serverName)}: stays (${escapeMrkdwn(itemNote(item) ?? t`cannot move`)})`,
    ),
  ];
  return {
    text: escapeMrkdwn(t`Ferry is ${state.returnOf ? t`moving servers back` : t`emptying`} ${state.host}`),
    blocks: [section(lines.join('\n'))],
  };
}

export function evacuationEnded(
  request: EvacuationRecord,
  items: EvacuationItemState[],
  now: number,
): Rendered {
  const state = request.evacuation;
  const line = (item: EvacuationItemState) => {
    const outcome = item.outcome;
    if (outcome?.kind === 'completed') return `• ${code(item.serverName)} → ${code(outcome.host ?? '?')}`;
    if (outcome)
      return t`• ${code(item.serverName)}: ${stateWord(outcome.kind)}: ${escapeMrkdwn(outcomeText(outcome))}`;
    const note = itemNote(item);
    return t`• ${code(item.serverName)}: not moved${note ? ` (${escapeMrkdwn(note)})` : ''}`;
  };
  const took = state.startedAt ? t` in ${formatDuration(now - state.startedAt)}` : '';
  return {
    text: escapeMrkdwn(t`${state.returnOf ? t`Move back` : t`Evacuation`} ${request.id} done`),
    blocks: [
      section(
        [
          t`🏁 ${state.returnOf ? t`Moving back onto` : t`Emptying`} ${code(state.host)} (${code(request.id)}) is done${took}:`,
          ...items.map(line),
        ].join('\n'),
      ),
    ],
  };
}
