import { movesAtOnce } from '../core/evacuation.ts';
import type { EvacuationItemState, EvacuationRecord, ServiceSeen } from '../core/model.ts';
import { formatDuration } from '../core/progress.ts';
import { modeWord, stateWord } from '../core/states.ts';
import { t } from '../i18n/index.ts';
import type { Block } from './render.ts';
import {
  actorText,
  approvalActions,
  button,
  checkLines,
  clockTime,
  code,
  context,
  escapeMrkdwn,
  type Rendered,
  section,
  sectionsOf,
} from './render.ts';
import { progressBar } from './run-view.ts';

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

export function itemLine(item: EvacuationItemState): string {
  const failed = item.outcome && item.outcome.kind !== 'completed';
  const icon =
    item.outcome?.kind === 'aborted'
      ? '⏹️'
      : item.outcome?.kind === 'unknown'
        ? '❓'
        : failed
          ? '❌'
          : ITEM_ICON[item.state];
  const route = item.mode
    ? `${modeWord(item.mode)} → ${item.destination ? code(item.destination) : t`scheduler's choice`}`
    : t`cannot move`;
  const why = item.outcome
    ? ` — ${escapeMrkdwn(verdictOf(item.outcome))}${failed ? `: ${escapeMrkdwn(item.outcome.message)}` : ''}`
    : item.note
      ? ` — ${escapeMrkdwn(item.note)}`
      : '';
  return t`${icon} ${code(item.serverName)} ${escapeMrkdwn(item.status)} ${escapeMrkdwn(item.flavor)} (${item.ramMb} MB) · ${route}${why}`;
}

/** How an ended move is named: an abort is an operator's choice, not a failure; a forced completion says so. */
export function verdictOf(outcome: NonNullable<EvacuationItemState['outcome']>): string {
  return outcome.kind === 'completed' && outcome.forced
    ? t`completed (force-completed)`
    : stateWord(outcome.kind);
}

export function counts(items: EvacuationItemState[]) {
  const done = items.filter((i) => i.outcome?.kind === 'completed').length;
  const aborted = items.filter((i) => i.outcome?.kind === 'aborted').length;
  // an end Ferry did not see is not a failure: it is counted, and shown, as unknown
  const unknown = items.filter((i) => i.outcome?.kind === 'unknown').length;
  const failed = items.filter(
    (i) =>
      i.outcome &&
      i.outcome.kind !== 'completed' &&
      i.outcome.kind !== 'aborted' &&
      i.outcome.kind !== 'unknown',
  ).length;
  const running = items.filter((i) => i.state === 'running').length;
  const left = items.filter((i) => i.state === 'waiting').length;
  const notMoved = items.filter((i) => i.state === 'skipped' || i.state === 'not-started').length;
  return {
    done,
    failed,
    aborted,
    unknown,
    running,
    left,
    notMoved,
    movable: items.filter((i) => i.mode !== null).length,
  };
}

/** "5 moved, 1 failed, 1 aborted, ❓ 1 unknown, 2 not moved": an abort is an abort, an unseen end unknown */
export function tally(c: ReturnType<typeof counts>): string {
  return t`${c.done} moved, ${c.failed} failed${c.aborted ? t`, ${c.aborted} aborted` : ''}${unknownPart(c.unknown)}, ${c.notMoved} not moved`;
}

/** ", ❓ 2 unknown" when some moves ended without Ferry seeing how; nothing otherwise. */
export function unknownPart(unknown: number): string {
  return unknown ? t`, ❓ ${unknown} unknown` : '';
}

/** ETA from the mean duration of the moves already ended, spread over the window. */
export function evacuationEta(items: EvacuationItemState[], concurrency: number): number | null {
  const ended = items.flatMap((i) => (i.outcome?.durationMs === undefined ? [] : [i.outcome.durationMs]));
  if (ended.length === 0) return null;
  const mean = ended.reduce((sum, ms) => sum + ms, 0) / ended.length;
  const remaining = items.filter((i) => i.state === 'waiting' || i.state === 'running').length;
  return (remaining / Math.max(1, concurrency)) * mean;
}

/**
 * "2 at a time"; fewer than were asked for says why: the plan's destinations, each taking at most
 * `perDestination` moves at once.
 */
function atOnceText(state: EvacuationRecord['evacuation']): string {
  const atOnce = movesAtOnce(state.items, state.concurrency, state.perDestination);
  if (atOnce >= state.concurrency) return t`${atOnce} at a time`;
  const destinations = new Set(state.items.flatMap((i) => (i.mode && i.destination ? [i.destination] : [])));
  return t`${atOnce} at a time (of ${state.concurrency} asked: ${destinations.size} destination host(s), each taking at most ${state.perDestination} at once)`;
}

export interface EvacuationView {
  approvers: string;
  expiresAt: number;
  timeZone: string;
  status: string;
}

export function evacuationMessage(request: EvacuationRecord, view: EvacuationView): Rendered {
  const state = request.evacuation;
  const c = counts(state.items);
  const atOnce = atOnceText(state);
  const head = state.returnOf
    ? t`*Move back* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> moves the servers evacuation ${code(state.returnOf)} took off ${code(state.host)} back onto it — ${c.movable} of ${state.items.length} server(s), ${atOnce}`
    : state.drainId
      ? t`*Evacuation* ${code(request.id)}: drain ${code(state.drainId)} empties ${code(state.host)} — ${state.items.length} server(s), ${c.movable} movable, ${atOnce}, at most ${state.perDestination} per destination`
      : t`*${request.status === 'dry-run' ? t`Dry run: evacuation` : t`Evacuation`}* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> asks to empty ${code(state.host)}${
          state.destination ? t` onto ${code(state.destination)}` : ''
        } — ${state.items.length} server(s), ${c.movable} movable, ${atOnce}, at most ${state.perDestination} per destination${state.reenable ? t`, service re-enabled afterwards` : ''}`;
  const blocks: Block[] = [
    section(head, 'summary'),
    ...sectionsOf(checkLines(request.checks)),
    ...sectionsOf(state.items.map(itemLine)),
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
        t`One approval covers exactly this plan; if the servers or destinations change, Ferry asks again. Needs ${view.approvers}. Expires ${clockTime(view.expiresAt, view.timeZone)}.`,
      ),
    );
    blocks.push(evacuationApproval(request));
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
  const text = t`${state.returnOf ? t`Move back` : t`Evacuation`} ${request.id} ${state.returnOf ? t`to` : t`of`} ${state.host}: ${c.done} moved, ${c.running} running, ${c.failed} failed${unknownPart(c.unknown)}, ${c.left} left`;
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
          text: t`Move ${movable} server(s) back onto ${code(state.host)}, ${atOnce}. nova-compute there stays as it is.`,
        }
      : {
          title: t`Approve this evacuation?`,
          text: t`Disable nova-compute on ${code(state.host)} and move ${movable} server(s), ${atOnce}.`,
        },
    state.fingerprint,
  );
}

export function evacuationProgressLine(request: EvacuationRecord): string {
  const state = request.evacuation;
  const c = counts(state.items);
  const total = c.movable || 1;
  const eta = evacuationEta(state.items, movesAtOnce(state.items, state.concurrency, state.perDestination));
  return t`🚚 *${state.returnOf ? t`Moving back` : t`Evacuating`}* ${progressBar(((c.done + c.failed + c.unknown) / total) * 100, 10)} ${c.done} done · ${c.running} running · ${c.failed} failed${c.unknown ? t` · ❓ ${c.unknown} unknown` : ''} · ${c.left} left${eta !== null && c.left + c.running > 0 ? t` · ETA ${formatDuration(eta)}` : ''}`;
}

/**
 * The final report: each server's before and after host, mode, duration, outcome; who asked and
 * approved. Once a move back of it has ended (`movedBack`), it says so instead of offering one.
 */
export function evacuationReport(request: EvacuationRecord, movedBack?: EvacuationRecord): Rendered {
  const state = request.evacuation;
  const c = counts(state.items);
  const lines = state.items.map((item) => {
    const outcome = item.outcome;
    // a move back starts from wherever each server is; an evacuation from its host
    const before = item.source ?? state.host;
    // where Nova said it was at the end; for a server not moved, read again when the evacuation ended
    const after = outcome?.host ?? item.hostAtEnd ?? before;
    // an end Ferry did not see has no duration to tell
    const duration = outcome?.durationMs !== undefined ? formatDuration(outcome.durationMs) : '—';
    const verdict = outcome
      ? `${outcome.kind === 'unknown' ? '❓ ' : ''}${escapeMrkdwn(verdictOf(outcome))}`
      : item.state === 'skipped'
        ? t`not moved: ${escapeMrkdwn(item.note ?? t`skipped`)}`
        : // a movable server's note is its plan's ("moves by cold migration"), not why it did not start
          t`not started${item.note && !item.mode ? `: ${escapeMrkdwn(item.note)}` : ''}`;
    // only a server that moved has an arrow; the others say where they are
    const where =
      item.hostAtEnd === null && !outcome
        ? t`no longer exists`
        : outcome?.kind === 'unknown' && outcome.host === null
          ? `${code(before)} → ?`
          : after !== before
            ? `${code(before)} → ${code(after)}`
            : t`stays on ${code(after)}`;
    return `${code(item.serverName)} ${where} · ${item.mode ? modeWord(item.mode) : '—'} · ${duration} · ${verdict}`;
  });
  const head = t`*${state.returnOf ? t`Move-back report` : t`Evacuation report`}* ${code(request.id)} ${state.returnOf ? t`to` : t`of`} ${code(state.host)}: ${tally(c)}${
    state.startedAt && state.endedAt ? t` in ${formatDuration(state.endedAt - state.startedAt)}` : ''
  }. Requested by <@${escapeMrkdwn(request.requestedBy)}>, approved by <@${escapeMrkdwn(request.decidedBy ?? '?')}>${state.stoppedBy ? t`, stopped by ${actorText(state.stoppedBy)}` : ''}.`;
  // read when it ended (a host disabled as Ferry left it keeps the lines below)
  const service =
    state.serviceAtEnd && state.serviceAtEnd !== 'disabled'
      ? serviceAtEndLine(state.host, state.serviceAtEnd, state.drainId)
      : state.drainId
        ? t`nova-compute on ${code(state.host)} stays disabled for its maintenance; drain ${code(state.drainId)} enables it once the host is back.`
        : state.serviceDisabled
          ? t`nova-compute on ${code(state.host)} stays *disabled*; re-enable it after the maintenance: \`openstack compute service set --enable ${escapeMrkdwn(state.host)} nova-compute\`.`
          : t`nova-compute on ${code(state.host)} is enabled again.`;
  const blocks: Block[] = [section(head), ...sectionsOf(lines)];
  if (!state.returnOf) blocks.push(context(service));
  const back = movedBack && counts(movedBack.evacuation.items);
  if (movedBack && back)
    blocks.push(
      context(t`↩️ Move back ${code(movedBack.id)} ended: ${tally(back)}; its report is in its thread.`),
    );
  if (!state.returnOf && !state.drainId) blocks.push(...moveBackOffer(request, movedBack));
  return {
    text: escapeMrkdwn(
      `${state.returnOf ? t`Move-back report` : t`Evacuation report`} ${request.id}: ${tally(c)}`,
    ),
    blocks: blocks.slice(0, 50),
  };
}

/**
 * What left can come home once the host is in service again (on-call's call): only the servers that
 * can go back are offered and counted, each that cannot is listed with why, and with none to offer
 * there is no button. After a move back, only what it left elsewhere: a server gone or home is not offered.
 */
function moveBackOffer(request: EvacuationRecord, movedBack: EvacuationRecord | undefined): Block[] {
  const state = request.evacuation;
  const left = movedBack
    ? movedBack.evacuation.items.filter((i) => stillAway(i, state.host))
    : state.items.filter((i) => i.outcome?.kind === 'completed');
  const leftIds = new Set(left.map((i) => i.serverId));
  const cannot = state.items.filter((i) => i.notBack && leftIds.has(i.serverId));
  const away = left.length - cannot.length;
  const back = movedBack && counts(movedBack.evacuation.items);
  const blocks: Block[] = [];
  if (back && back.failed + back.notMoved > 0 && left.length === 0)
    blocks.push(
      context(t`None of the servers the move back left behind can go back: each is gone or already home.`),
    );
  if (away > 0)
    blocks.push(
      context(
        cannot.length
          ? t`After the maintenance, with ${code(state.host)} enabled again, on-call can move ${away} of its ${left.length} server(s) back: live where they can, cold only those that left cold or are stopped. ${cannot.length} cannot (listed with the reason):`
          : t`After the maintenance, with ${code(state.host)} enabled again, on-call can move its ${away} server(s) back: live where they can, cold only those that left cold or are stopped.`,
      ),
    );
  else if (cannot.length)
    blocks.push(
      context(
        t`None of the ${cannot.length} server(s) that left ${code(state.host)} can go back, so Ferry offers no move back (listed with the reason):`,
      ),
    );
  blocks.push(
    ...sectionsOf(
      cannot.map((i) => t`↪️ ${code(i.serverName)} cannot go back: ${escapeMrkdwn(i.notBack ?? '')}`),
    ),
  );
  if (away > 0)
    blocks.push({
      type: 'actions',
      block_id: `move-back:${request.id}`,
      elements: [
        button(t`Move back to ${state.host}`, EVACUATION_ACTIONS.moveBack, request.id, {
          confirm: {
            title: t`Move the servers back?`,
            text: cannot.length
              ? t`Move the ${away} server(s) that can go back onto ${code(state.host)}; ${cannot.length} cannot (the report lists why).`
              : t`Move the ${away} server(s) that left ${code(state.host)} back onto it.`,
            confirm: t`Move back`,
          },
        }),
      ],
    });
  return blocks;
}

/** A server a move back left where it was, as Nova said at its end: neither gone nor home. */
function stillAway(item: EvacuationItemState, home: string): boolean {
  if (item.outcome) return item.outcome.kind !== 'completed' && item.outcome.host !== home;
  return item.hostAtEnd !== null && item.hostAtEnd !== home;
}

/** /migrations e-…: where an evacuation stands, one line per server. */
export function evacuationSummary(request: EvacuationRecord): Rendered {
  const state = request.evacuation;
  const head = t`*${state.returnOf ? t`Move back` : t`Evacuation`}* ${code(request.id)} ${state.returnOf ? t`to` : t`of`} ${code(state.host)}: ${escapeMrkdwn(
    request.status === 'approved' ? state.phase : request.status,
  )} · ${tally(counts(state.items))}. Requested by <@${escapeMrkdwn(request.requestedBy)}>${
    request.decidedBy ? t`, ${stateWord(request.status)} by <@${escapeMrkdwn(request.decidedBy)}>` : ''
  }.`;
  return {
    text: escapeMrkdwn(t`Evacuation ${request.id} of ${state.host}: ${stateWord(state.phase)}`),
    blocks: [section(head), ...sectionsOf(state.items.map(itemLine))].slice(0, 50),
  };
}

/** nova-compute on an evacuated host as Nova said when the evacuation ended (core/service-guard.ts). */
function serviceAtEndLine(
  host: string,
  seen: Exclude<ServiceSeen, 'disabled'> | 'enabled',
  drainId: string | undefined,
): string {
  const fix = t`re-enable it after the maintenance: \`openstack compute service set --enable ${escapeMrkdwn(host)} nova-compute\``;
  const after = drainId ? t`drain ${code(drainId)} enables it once the host is back` : fix;
  if (seen === 'enabled')
    return t`⚠️ nova-compute on ${code(host)} was enabled again outside Ferry, and Ferry could not disable it again: it is *enabled*.`;
  if (seen === 'disabled-before')
    return t`nova-compute on ${code(host)} stays disabled, as it was before${drainId ? t` the drain; Ferry does not enable it` : ''}.`;
  return t`${code(host)} was enabled again outside Ferry; Ferry disabled it again for its maintenance: ${after}.`;
}
