import { isHomeAlready } from '../core/evacuation/move-back.ts';
import { movesAtOnce } from '../core/evacuation/plan.ts';
import type { EvacuationItemState, EvacuationRecord } from '../core/model/records.ts';
import { waitsForGroup } from '../core/move/budgets.ts';
import { t } from '../i18n/index.ts';
import { movesAtATime, movesCount, serversCount } from '../messages/counted.ts';
import { groupWaitText, itemNote } from '../messages/evacuation.ts';
import { impactSummaryText } from '../messages/impact.ts';
import { outcomeUnproven, proofsOffCaveat } from '../messages/proofs.ts';
import { outcomeText } from '../messages/runs.ts';
import { coldAfterStallModeWord, coldFallbackText } from '../messages/stall-policy.ts';
import { modeWord, stateWord } from '../messages/states.ts';
import {
  counts,
  type EvacuationNova,
  type RunsSeen,
  revertedByPerson,
  revertedPart,
  stageOf,
  tally,
  unknownPart,
} from './evacuation-progress.ts';
import { editPlanButton, editsSection, skippedByText } from './plan-edit-view.ts';
import type { Block } from './render.ts';
import {
  approvalActions,
  button,
  clockTime,
  code,
  context,
  escapeMrkdwn,
  escapeNamingPeople,
  type Rendered,
  requestCheckBlocks,
  section,
  sectionsOf,
} from './render.ts';
import { outageWords } from './run-view.ts';

/** Block Kit for evacuations: the plan with its per-server lines, the consolidated progress, the report. */

export const EVACUATION_ACTIONS = {
  cold: 'ferry_evac_cold',
  stop: 'ferry_evac_stop',
  abort: 'ferry_evac_abort',
  moveBack: 'ferry_evac_move_back',
} as const;

const ITEM_ICON: Record<EvacuationItemState['state'], string> = {
  waiting: '⏳',
  running: '🚚',
  done: '✅',
  skipped: '⏭️',
  'not-started': '⏹️',
};

/** `wait`: why a waiting item has not started, when its server group holds it back (groupWaitText) */
export function itemLine(item: EvacuationItemState, wait?: string | null): string {
  // a person's revert is their choice: said as reverted, not as a failure with its reason
  const reverted = revertedByPerson(item.outcome);
  const failed = item.outcome && item.outcome.kind !== 'completed' && !reverted;
  const icon =
    item.outcome?.kind === 'aborted'
      ? '⏹️'
      : reverted
        ? '↩️'
        : item.outcome && outcomeUnproven(item.outcome)
          ? '⚠️'
          : item.outcome?.kind === 'unknown'
            ? '❓'
            : failed
              ? '❌'
              : ITEM_ICON[item.state];
  // a move back's server home already stays, as the report says: not a server that cannot move
  const home = !item.outcome && isHomeAlready(item);
  const skipped = skippedByText(item.reason);
  const route = item.mode
    ? `${item.stalledRunId ? coldAfterStallModeWord() : modeWord(item.mode)} → ${item.destination ? code(item.destination) : t`scheduler's choice`}`
    : home
      ? t`not moved: already on ${code(item.destination ?? '')}`
      : skipped
        ? t`stays`
        : t`cannot move`;
  const why = home
    ? ''
    : skipped && !item.outcome
      ? ` — ${skipped}`
      : item.outcome
        ? ` — ${escapeMrkdwn(verdictOf(item.outcome))}${failed ? `: ${escapeMrkdwn(outcomeText(item.outcome))}` : ''}`
        : itemNote(item)
          ? ` — ${escapeNamingPeople(itemNote(item) ?? '')}`
          : '';
  const waits = wait && item.state === 'waiting' ? ` — ${escapeMrkdwn(wait)}` : '';
  return t`${icon} ${code(item.serverName)} ${escapeMrkdwn(item.status)} ${escapeMrkdwn(item.flavor)} (${item.ramMb} MB) · ${route}${why}${waits}`;
}

/** How an ended move is named: an abort is an operator's choice, not a failure; a forced completion says so. */
export function verdictOf(outcome: NonNullable<EvacuationItemState['outcome']>): string {
  return outcome.kind === 'completed' && outcome.forced
    ? t`completed (force-completed)`
    : stateWord(outcome.kind);
}

/** A waiting member of a server group whose budget others hold (operator trial: no line said why it waits). */
function groupWait(
  item: EvacuationItemState,
  state: EvacuationRecord['evacuation'],
  seen: RunsSeen | undefined,
): string | null {
  if (item.state !== 'waiting' || state.phase !== 'running' || !state.groups?.length || !seen?.inFlight)
    return null;
  const wait = waitsForGroup(item.serverId, state.groups, seen.inFlight());
  return wait ? groupWaitText(wait) : null;
}

/**
 * "2 at a time"; fewer than were asked for says why: the plan's destinations, each taking at most
 * `perDestination` moves at once.
 */
function atOnceText(state: EvacuationRecord['evacuation']): string {
  const atOnce = movesAtOnce(state.items, state.concurrency, state.perDestination);
  if (atOnce >= state.concurrency) return movesAtATime(atOnce);
  const destinations = new Set(state.items.flatMap((i) => (i.mode && i.destination ? [i.destination] : [])))
    .size;
  return destinations === 1
    ? t`${movesAtATime(atOnce)} (of ${state.concurrency} asked: 1 destination host, taking at most ${movesCount(state.perDestination)} at once)`
    : t`${movesAtATime(atOnce)} (of ${state.concurrency} asked: ${destinations} destination hosts, each taking at most ${movesCount(state.perDestination)} at once)`;
}

/**
 * "no servers on `compute4`; nova-compute there is disabled already": an empty host, with its service
 * (disabled by someone before the plan, by Ferry since, or in service).
 */
function emptyHostText(request: EvacuationRecord): string {
  const state = request.evacuation;
  const host = code(state.host);
  // no nova-compute service by that name: no host to be empty or enabled (its check says which exist)
  if (state.serviceId === null) return t`${host} is not a compute host of this cloud`;
  // the plan stopped at this refusal before reading the host's servers: none listed is not none there
  if (request.checks.some((check) => check.fact?.code === 'evacuation-onto-itself'))
    return t`${host} cannot be evacuated onto itself`;
  return state.disabledAlready
    ? t`no servers on ${host}; nova-compute there is disabled already`
    : state.serviceDisabled
      ? t`no servers on ${host}; nova-compute there is disabled`
      : t`no servers on ${host}; nova-compute there is enabled`;
}

export interface EvacuationView {
  /** the runs under way: one Nova ended while Ferry still proves it is said apart (isLanded) */
  seen?: RunsSeen;
  approvers: string;
  expiresAt: number;
  timeZone: string;
  status: string;
}

export function evacuationMessage(request: EvacuationRecord, view: EvacuationView): Rendered {
  const state = request.evacuation;
  const c = counts(
    state.items,
    stageOf((runId) => view.seen?.runOf(runId)),
  );
  const atOnce = atOnceText(state);
  // a host with no servers: what is on it and its service, no talk of moves at a time (operator trial)
  const empty = state.items.length === 0 && !state.returnOf ? emptyHostText(request) : null;
  const head = empty
    ? state.drainId
      ? t`*Evacuation* ${code(request.id)}: drain ${code(state.drainId)} empties ${code(state.host)} — ${empty}`
      : t`*${request.status === 'dry-run' ? t`Dry run: evacuation` : t`Evacuation`}* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> asks to empty ${code(state.host)} — ${empty}`
    : state.returnOf
      ? t`*Move back* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> moves the servers evacuation ${code(state.returnOf)} took off ${code(state.host)} back onto it — ${c.movable} of ${serversCount(state.items.length)}, ${atOnce}`
      : state.drainId
        ? t`*Evacuation* ${code(request.id)}: drain ${code(state.drainId)} empties ${code(state.host)} — ${serversCount(state.items.length)}, ${c.movable} movable, ${atOnce}, at most ${movesCount(state.perDestination)} per destination`
        : t`*${request.status === 'dry-run' ? t`Dry run: evacuation` : t`Evacuation`}* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> asks to empty ${code(state.host)}${
            state.destination ? t` onto ${code(state.destination)}` : ''
          } — ${serversCount(state.items.length)}, ${c.movable} movable, ${atOnce}, at most ${movesCount(state.perDestination)} per destination${state.reenable ? t`, service re-enabled afterwards` : ''}`;
  const impact = state.returnOf ? null : impactSummaryText(state.items);
  const proofsOff = proofsOffCaveat(state.items.map((item) => item.outcome));
  const blocks: Block[] = [
    section(head, 'summary'),
    ...requestCheckBlocks(request.checks, request.status, request.evaluatedAt, view.timeZone),
    ...(impact ? [section(escapeMrkdwn(impact), 'impact')] : []),
    ...sectionsOf(state.items.map((item) => itemLine(item, groupWait(item, state, view.seen)))),
    // its ✅ moves with proofs turned off say so here, as each move's outcome does (operator trial)
    ...(proofsOff ? [context(escapeMrkdwn(t`Moves marked ✅ — ${proofsOff}.`))] : []),
    // a drain's step carries the drain's edits: it lists those about its own servers
    ...editsSection(state.edits, state.items, state.drainId !== undefined),
    ...(state.coldFallback && !state.returnOf ? [context(coldFallbackText())] : []),
  ];
  blocks.push(section(view.status, 'status'));
  if (request.status === 'pending') {
    const offered = state.items.filter((i) => i.alternative === 'cold' && i.mode === null).slice(0, 5);
    if (offered.length) {
      blocks.push(
        context(
          t`Some servers cannot move live. Cold-migrate them (they restart on the new host), or leave them where they are:`,
        ),
      );
      blocks.push({
        type: 'actions',
        block_id: `choices:${request.id}`,
        elements: offered.map((item) =>
          button(
            t`Cold-migrate ${item.serverName}`,
            `${EVACUATION_ACTIONS.cold}:${item.serverId}`,
            `${request.id}:${item.serverId}`,
          ),
        ),
      });
    }
    blocks.push(
      context(
        // the approval holds its servers and how each moves (its fingerprint); destinations are placed
        // again at the start where there is room then, without asking (start.ts replanAtStart)
        t`One approval covers exactly this plan: if its servers or how each moves change, Ferry asks again.${state.destination ? '' : t` Destinations are a preview: each server goes where there is room when the evacuation starts.`} Needs ${view.approvers}. Expires ${clockTime(view.expiresAt, view.timeZone)}.`,
      ),
    );
    blocks.push(evacuationApproval(request));
    // the requester may edit a plan they asked for (not a move back, not a drain's step)
    if (!state.returnOf && !state.drainId && state.items.length)
      blocks.push({
        type: 'actions',
        block_id: `edit:${request.id}`,
        elements: [editPlanButton(request.id)],
      });
  }
  if (state.phase === 'running') {
    blocks.push({
      type: 'actions',
      block_id: `evacuation:${request.id}`,
      elements: [
        button(t`Stop starting new moves`, EVACUATION_ACTIONS.stop, request.id, {
          confirm: {
            title: t`Stop the evacuation?`,
            text: t`Moves in flight finish; no new ones start.`,
            confirm: t`Stop`,
          },
        }),
        button(t`Stop and abort running`, EVACUATION_ACTIONS.abort, request.id, {
          style: 'danger',
          confirm: {
            title: t`Abort the evacuation?`,
            text: t`No new moves start and running live migrations are cancelled (servers stay where they are).`,
            confirm: t`Abort`,
          },
        }),
      ],
    });
  }
  const text = t`${state.returnOf ? t`Move back` : t`Evacuation`} ${request.id} ${state.returnOf ? t`to` : t`of`} ${state.host}: ${c.done} moved, ${c.running} running${c.queued ? t`, ${c.queued} queued by Nova` : ''}${c.proving ? t`, ${c.proving} proving` : ''}, ${c.failed} failed${`${revertedPart(c.reverted)}${c.aborted ? t`, ${c.aborted} aborted` : ''}`}${unknownPart(c.unknown)}, ${c.left} left`;
  return { text: escapeMrkdwn(text), blocks: blocks.slice(0, 50) };
}

/** Approve and Reject for an evacuation's exact plan, with the dialog the channel and App Home both show. */
export function evacuationApproval(request: EvacuationRecord): Block {
  const state = request.evacuation;
  const movable = counts(state.items).movable;
  const atOnce = atOnceText(state);
  return approvalActions(
    request.id,
    state.returnOf
      ? {
          title: t`Approve this move back?`,
          text: t`Move ${serversCount(movable)} back onto ${code(state.host)}, ${atOnce}. nova-compute there stays as it is.`,
        }
      : { title: t`Approve this evacuation?`, text: evacuationDialog(state, movable, atOnce) },
    state.fingerprint,
  );
}

/** What approving does, in words that fit the plan: no "disable" of a host disabled already, no "move 0". */
function evacuationDialog(state: EvacuationRecord['evacuation'], movable: number, atOnce: string): string {
  const host = code(state.host);
  if (state.items.length === 0)
    return state.disabledAlready
      ? t`${host} runs no servers and nova-compute there is disabled already: approving changes nothing.`
      : t`Disable nova-compute on ${host}. It runs no servers, so nothing moves.`;
  return state.disabledAlready
    ? t`Move ${serversCount(movable)} off ${host}, ${atOnce}. nova-compute there is disabled already and stays so.`
    : t`Disable nova-compute on ${host} and move ${serversCount(movable)}, ${atOnce}.`;
}

/** /migrations e-…: where an evacuation stands, one line per server (with Nova's outage while it lasts). */
export function evacuationSummary(request: EvacuationRecord, nova?: EvacuationNova): Rendered {
  const state = request.evacuation;
  const outage = nova?.outage && state.phase !== 'done' ? nova.outage : null;
  const stands = `${stateWord(request.status === 'approved' ? state.phase : request.status)}${
    outage ? ` · ${outageWords(outage, nova?.timeZone ?? 'UTC')}` : ''
  }`;
  const head = t`*${state.returnOf ? t`Move back` : t`Evacuation`}* ${code(request.id)} ${state.returnOf ? t`to` : t`of`} ${code(state.host)}: ${stands} · ${tally(counts(state.items))}. Requested by <@${escapeMrkdwn(request.requestedBy)}>${
    request.decidedBy ? decidedBy(request.status, request.decidedBy) : ''
  }.`;
  return {
    text: escapeMrkdwn(t`Evacuation ${request.id} of ${state.host}: ${stateWord(state.phase)}`),
    blocks: [section(head), ...sectionsOf(state.items.map((item) => itemLine(item)))].slice(0, 50),
  };
}

/** ", approved by <@U…>": whole words per decision, as a translation needs them. */
function decidedBy(status: EvacuationRecord['status'], by: string): string {
  if (status === 'rejected') return t`, rejected by <@${escapeMrkdwn(by)}>`;
  if (status === 'approved') return t`, approved by <@${escapeMrkdwn(by)}>`;
  return t`, ${stateWord(status)} by <@${escapeMrkdwn(by)}>`;
}
