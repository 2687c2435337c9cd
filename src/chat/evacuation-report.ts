import type { EvacuationItemState, EvacuationRecord, ServiceSeen } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { blackoutFigure } from '../messages/blackout.ts';
import { serversCount } from '../messages/counted.ts';
import { unlistedText } from '../messages/drain.ts';
import { itemNote, notBackNote } from '../messages/evacuation.ts';
import { failedProofsText, outcomeUnproven } from '../messages/proofs.ts';
import {
  type ColdOutcomeOf,
  coldAfterStallModeWord,
  type StalledMove,
  stallTally,
} from '../messages/stall-policy.ts';
import { modeWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { counts, tally } from './evacuation-progress.ts';
import { EVACUATION_ACTIONS, verdictOf } from './evacuation-view.ts';
import { skippedByText } from './plan-edit-view.ts';
import type { Block } from './render.ts';
import {
  actorText,
  button,
  code,
  context,
  escapeMrkdwn,
  escapeNamingPeople,
  type Rendered,
  section,
  sectionsOf,
} from './render.ts';

/** An evacuation's report, and the move back it offers once the host is in service again. */

/**
 * The final report: each server's before and after host, mode, duration, outcome; who asked and
 * approved. Once a move back of it has ended (`movedBack`), it says so instead of offering one; while
 * one is asked for or under way (`asked`), it names that one and offers none.
 */
export function evacuationReport(
  request: EvacuationRecord,
  movedBack?: EvacuationRecord,
  asked?: EvacuationRecord,
  /** the stall policy's decisions on its moves that stopped converging */
  stalls: StalledMove[] = [],
  /** how the cold move abort-then-cold started ended (its request), for the tally */
  coldOutcome?: ColdOutcomeOf,
): Rendered {
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
    // a live move's measured blackout, beside its duration
    const blackout = blackoutFigure(outcome);
    const verdict = outcome
      ? outcomeUnproven(outcome)
        ? `⚠️ ${escapeMrkdwn(t`moved, not proven: ${failedProofsText(outcome.fact?.code === 'moved' ? outcome.fact.proofs : undefined)}`)}`
        : `${outcome.kind === 'unknown' ? '❓ ' : ''}${escapeMrkdwn(verdictOf(outcome))}`
      : item.state === 'skipped'
        ? t`not moved: ${skippedByText(item.reason) ?? escapeNamingPeople(itemNote(item) ?? t`skipped`)}`
        : // a movable server's note is its plan's ("moves by cold migration"), not why it did not start
          itemNote(item) && !item.mode
          ? t`not started: ${escapeNamingPeople(itemNote(item) ?? '')}`
          : t`not started`;
    // only a server that moved has an arrow; the others say where they are
    const where =
      item.hostAtEnd === null && !outcome
        ? t`no longer exists`
        : outcome?.kind === 'unknown' && outcome.host === null
          ? `${code(before)} → ?`
          : after !== before
            ? `${code(before)} → ${code(after)}`
            : t`stays on ${code(after)}`;
    const mode = item.stalledRunId ? coldAfterStallModeWord() : item.mode ? modeWord(item.mode) : '—';
    return `${code(item.serverName)} ${where} · ${mode} · ${duration}${blackout ? ` · ${blackout}` : ''} · ${verdict}`;
  });
  const head = t`*${state.returnOf ? t`Move-back report` : t`Evacuation report`}* ${code(request.id)} ${state.returnOf ? t`to` : t`of`} ${code(state.host)}: ${tally(c)}${
    state.startedAt && state.endedAt ? t` in ${formatDuration(state.endedAt - state.startedAt)}` : ''
  }. Requested by <@${escapeMrkdwn(request.requestedBy)}>, approved by <@${escapeMrkdwn(request.decidedBy ?? '?')}>${state.stoppedBy ? t`, stopped by ${actorText(state.stoppedBy)}` : ''}.`;
  // read when it ended (a host disabled as Ferry left it keeps the lines below)
  const service =
    state.serviceAtEnd && state.serviceAtEnd !== 'disabled'
      ? serviceAtEndLine(state.host, state.serviceAtEnd, state.drainId)
      : state.drainId
        ? stillOn(state)
          ? t`nova-compute on ${code(state.host)} stays disabled; servers are still on it, so drain ${code(state.drainId)} waits (its thread says what for): do not start its maintenance.`
          : t`nova-compute on ${code(state.host)} stays disabled for its maintenance; drain ${code(state.drainId)} enables it once the host is back.`
        : state.serviceDisabled
          ? t`nova-compute on ${code(state.host)} stays *disabled*; re-enable it after the maintenance: \`openstack compute service set --enable ${escapeMrkdwn(state.host)} nova-compute\`.`
          : t`nova-compute on ${code(state.host)} is enabled again.`;
  const blocks: Block[] = [section(head), ...sectionsOf(lines)];
  const stalled = stallTally(stalls, coldOutcome);
  if (stalled) blocks.push(context(escapeMrkdwn(stalled)));
  // Nova's list of the host skipped them (a cell down): the host is not empty, whatever the tally says
  if (state.unlistedAtEnd?.length)
    blocks.push(
      section(
        t`⚠️ ${code(state.host)} is not empty: ${escapeMrkdwn(unlistedText(state.unlistedAtEnd))}. Do not start its maintenance while they are on it.`,
      ),
    );
  if (state.unlistedAtEnd === null)
    blocks.push(
      section(
        t`⚠️ Ferry could not check whether Nova's list of the servers on ${code(state.host)} leaves some out (Nova or Placement did not answer that check): make sure it is empty before its maintenance.`,
      ),
    );
  if (!state.returnOf) blocks.push(context(service));
  const back = movedBack && counts(movedBack.evacuation.items);
  if (movedBack && back)
    blocks.push(
      context(t`↩️ Move back ${code(movedBack.id)} ended: ${tally(back)}; its report is in its thread.`),
    );
  // enabled at its end (--reenable, or enabled outside Ferry): the service line said so, the offer does not again
  const enabledAtEnd =
    state.serviceAtEnd === 'enabled' ||
    ((!state.serviceAtEnd || state.serviceAtEnd === 'disabled') && !state.serviceDisabled);
  if (!state.returnOf && !state.drainId)
    blocks.push(...(asked ? [context(askedLine(asked))] : moveBackOffer(request, movedBack, enabledAtEnd)));
  return {
    text: escapeMrkdwn(
      `${state.returnOf ? t`Move-back report` : t`Evacuation report`} ${request.id}: ${tally(c)}`,
    ),
    blocks: blocks.slice(0, 50),
  };
}

/**
 * Whether servers are still on the host at the end: one not moved (skipped, not started, failed)
 * where Nova last showed it there, or one Nova's list left out. A drain then holds the host as not
 * empty (its thread says "Do not reboot it"), so the report does not invite its maintenance (operator
 * trial: the two threads contradicted each other).
 */
function stillOn(state: EvacuationRecord['evacuation']): boolean {
  if (state.unlistedAtEnd?.length) return true;
  return state.items.some((item) => {
    // gone, or an end Ferry did not see with no host known: not said to be there
    if (item.hostAtEnd === null && !item.outcome) return false;
    if (item.outcome?.kind === 'unknown' && item.outcome.host === null) return false;
    return (item.outcome?.host ?? item.hostAtEnd ?? item.source ?? state.host) === state.host;
  });
}

/**
 * What left can come home once the host is in service again (on-call's call): only the servers that
 * can go back are offered and counted, each that cannot is listed with why, and with none to offer
 * there is no button. After a move back, only what it left elsewhere: a server gone or home is not offered.
 */
function moveBackOffer(
  request: EvacuationRecord,
  movedBack: EvacuationRecord | undefined,
  enabledAtEnd: boolean,
): Block[] {
  const state = request.evacuation;
  const left = movedBack
    ? movedBack.evacuation.items.filter((i) => stillAway(i, state.host))
    : state.items.filter((i) => i.outcome?.kind === 'completed');
  const leftIds = new Set(left.map((i) => i.serverId));
  const cannot = state.items.filter((i) => notBackNote(i) && leftIds.has(i.serverId));
  const away = left.length - cannot.length;
  const back = movedBack && counts(movedBack.evacuation.items);
  const blocks: Block[] = [];
  if (back && back.failed + back.reverted + back.notMoved > 0 && left.length === 0)
    blocks.push(
      context(t`None of the servers the move back left behind can go back: each is gone or already home.`),
    );
  if (away > 0 && enabledAtEnd)
    blocks.push(
      context(
        cannot.length
          ? t`On-call can move ${away} of its ${serversCount(left.length)} back: live where they can, cold only those that left cold or are stopped. ${cannot.length} cannot (listed with the reason):`
          : away === 1
            ? t`On-call can move its one server back: live if it can, cold only if it left cold or is stopped.`
            : t`On-call can move its ${away} servers back: live where they can, cold only those that left cold or are stopped.`,
      ),
    );
  else if (away > 0)
    blocks.push(
      context(
        cannot.length
          ? t`After the maintenance, with ${code(state.host)} enabled again, on-call can move ${away} of its ${serversCount(left.length)} back: live where they can, cold only those that left cold or are stopped. ${cannot.length} cannot (listed with the reason):`
          : away === 1
            ? t`After the maintenance, with ${code(state.host)} enabled again, on-call can move its one server back: live if it can, cold only if it left cold or is stopped.`
            : t`After the maintenance, with ${code(state.host)} enabled again, on-call can move its ${away} servers back: live where they can, cold only those that left cold or are stopped.`,
      ),
    );
  else if (cannot.length)
    blocks.push(
      context(
        cannot.length === 1
          ? t`The one server that left ${code(state.host)} cannot go back, so Ferry offers no move back (listed with the reason):`
          : t`None of the ${cannot.length} servers that left ${code(state.host)} can go back, so Ferry offers no move back (listed with the reason):`,
      ),
    );
  blocks.push(
    ...sectionsOf(
      cannot.map((i) => t`↪️ ${code(i.serverName)} cannot go back: ${escapeMrkdwn(notBackNote(i) ?? '')}`),
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
            // a dialog is drawn once, with the report: no count here that a server moved by hand makes stale
            text: t`Ferry checks each server that left ${code(state.host)} where it is now, and posts the move back's plan: nothing moves before another on-call person approves it.`,
            confirm: t`Move back`,
          },
        }),
      ],
    });
  return blocks;
}

/** The move back asked for, in place of the offer: its own message has its buttons. */
function askedLine(asked: EvacuationRecord): string {
  const by = `<@${escapeMrkdwn(asked.requestedBy)}>`;
  return asked.status === 'pending'
    ? t`↩️ ${by} asked to move them back: ${code(asked.id)} waits for approval in its own message.`
    : t`↩️ Move back ${code(asked.id)}, asked by ${by}, is under way: its own message tells how it goes.`;
}

/** A server a move back left where it was, as Nova said at its end: neither gone nor home. */
function stillAway(item: EvacuationItemState, home: string): boolean {
  if (item.outcome) return item.outcome.kind !== 'completed' && item.outcome.host !== home;
  return item.hostAtEnd !== null && item.hostAtEnd !== home;
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
