import type { AuditEntry, MoveRecord, NovaOutage, Outcome, RunRecord } from '../core/model/records.ts';
import { POLICY_ACTOR } from '../core/move/stall-policy.ts';
import { t } from '../i18n/index.ts';
import { outcomeText, transitionNoteText } from '../messages/runs.ts';
import { stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { clockTime, code, context, escapeMrkdwn, type Rendered, section } from './render.ts';
import { runSummaryLine } from './run-view.ts';

/** `/migrations m-…`: one run, who asked for it, its outcome and its history. */

/**
 * Whether a run's duration (the one figure its outcome, status line and reports give) is Nova's and
 * differs from the span of Ferry's own times in its history (from before it asked Nova to the end it saw
 * and proved): Ferry's count is that span, so a figure that differs is Nova's record's (created_at →
 * updated_at). The history then says whose figure it is (operator trial: 45 s in the outcome, 1m 13s
 * between the history's first and last times).
 */
function novaFigureDiffers(run: RunRecord, outcome: Outcome): boolean {
  if (outcome.durationMs === undefined || run.endedAt === undefined) return false;
  return formatDuration(outcome.durationMs) !== formatDuration(run.endedAt - run.startedAt);
}

export function runDetail(
  run: RunRecord,
  request: MoveRecord | undefined,
  timeZone: string,
  outage: NovaOutage | null = null,
  /** what was asked of it while it ran (Queries.runControls), in its history by time */
  controls: readonly AuditEntry[] = [],
): Rendered {
  const history = [
    ...run.transitions.map((transition) => ({
      at: transition.at,
      line: t`${clockTime(transition.at, timeZone)} ${stateWord(transition.state)}${transition.note ? ` — ${escapeMrkdwn(transitionNoteText(transition.note))}` : ''}`,
    })),
    ...controls.map((entry) => ({
      at: entry.at,
      line: `${clockTime(entry.at, timeZone)} ${controlText(entry)}`,
    })),
  ]
    // stable: a control asked in the same second as a phase change comes after it
    .sort((a, b) => a.at - b.at)
    .map(({ line }) => line)
    .join('\n');
  const lines = [
    runSummaryLine(run, { outage, timeZone }),
    request
      ? t`Requested by <@${escapeMrkdwn(request.requestedBy)}>${request.decidedBy ? t`, approved by <@${escapeMrkdwn(request.decidedBy)}>` : ''} (${code(request.id)})`
      : '',
    run.novaRequestIds.length ? t`Nova request IDs: ${run.novaRequestIds.map(code).join(t`, `)}` : '',
    run.outcome ? t`Outcome: ${escapeMrkdwn(outcomeText(run.outcome))}` : '',
  ].filter(Boolean);
  // the history's times are Ferry's: a duration Nova's record gives otherwise is said with them
  const took =
    run.outcome && novaFigureDiffers(run, run.outcome)
      ? [
          context(
            t`It took ${formatDuration(run.outcome.durationMs)} by Nova's record (from its start to its end); the times above are Ferry's, from before it asked Nova to after it saw the end and checked it.`,
          ),
        ]
      : [];
  return {
    text: t`Migration ${run.id}`,
    blocks: [section(lines.join('\n')), section(t`*History*\n${history}`), ...took],
  };
}

/** A control in a run's history: who asked for it (the stall policy by name, a person as a mention). */
function controlText(entry: AuditEntry): string {
  const by = entry.actor === POLICY_ACTOR ? t`the stall policy` : `<@${escapeMrkdwn(entry.actor)}>`;
  switch (entry.action) {
    case 'abort':
      return t`abort asked by ${by}`;
    case 'force-complete':
      return t`force complete asked by ${by}`;
    case 'confirm':
      return t`confirm asked by ${by}`;
    default:
      return t`revert asked by ${by}`;
  }
}
