import { isGatewayStatus } from '../core/cloud-errors.ts';
import type { EvacuationRefusal } from '../core/evacuation/refusals.ts';
import type { EvacuationNotice, HostBlockers, ItemReason, Unusable } from '../core/model/evacuation.ts';
import type { Impact } from '../core/model/impact.ts';
import type { EvacuationItemState } from '../core/model/records.ts';
import type { GroupWait } from '../core/move/budgets.ts';
import { t } from '../i18n/index.ts';
import { checkFix, checkReason } from './checks.ts';
import { gatewayAnswerText } from './cloud.ts';
import { blockersText, outOfServiceText } from './fit.ts';
import { impactText } from './impact.ts';
import { serverStatusWord, stateWord } from './states.ts';
import { utcTime as clockTime, formatDuration } from './units.ts';

/**
 * How an evacuation's facts read: why a server cannot move (or moves cold, or moved elsewhere), why a
 * destination became unusable, why a server cannot go back. Worded at render time, in the current
 * language, so a record written while the channel spoke English reads in Chinese to a zh-CN reader.
 */

export function itemReasonText(reason: ItemReason): string {
  switch (reason.code) {
    case 'locked':
      return reason.reason ? t`locked ("${reason.reason}")` : t`locked`;
    case 'busy':
      return t`busy (task ${reason.task})`;
    case 'status':
      return t`${reason.raw ? reason.status : serverStatusWord(reason.status)}: neither live nor cold migration accepts it`;
    case 'no-room': {
      const perHost = [...reason.hosts.map(hostBlockersText), ...reason.outOfService.map(outOfServiceText)];
      const why = perHost.length ? perHost.join(t`; `) : t`no other enabled compute host`;
      return reason.live ? t`cannot move live: ${why}` : t`no host can take it: ${why}`;
    }
    case 'shut-off-cold':
      return t`shut off, so it moves by cold migration`;
    case 'cold-by-choice':
      return t`cold-migrated by choice (the server restarts on the new host)`;
    case 'skipped-by':
      return reason.projectId
        ? t`skipped with its project ${reason.projectId} by ${reason.by}: it stays where it is`
        : t`skipped by ${reason.by}: it stays where it is`;
    case 'pin-refused':
      return reason.blockers.length
        ? t`pinned to ${reason.host}, which cannot take it: ${blockersText(reason.blockers)}`
        : t`pinned to ${reason.host}, which is not in service`;
    case 'scheduler-chooses':
      return t`${reason.full} had no room left when its turn came; Nova's scheduler chooses the host`;
    case 'replanned':
      return t`planned again onto ${reason.onto}: ${reason.host} became unusable, as ${unusableText(reason.why)}`;
    case 'destination-unusable':
      return t`${reason.host} became unusable during the evacuation, as ${unusableText(reason.why)}`;
    case 'gone':
      return t`no longer exists`;
    case 'unreadable':
      return t`Nova could not read it (${reason.status === undefined ? t`it did not answer` : t`it answered ${reason.status}`}); it stays where it is: move it back with /migrate once Nova answers for it`;
    case 'home-already':
      return t`already on ${reason.host}`;
    case 'blocked':
      return blockersText(reason.blockers);
    case 'back-cold':
      return reason.left === 'cold' ? t`left cold: goes back cold` : t`stopped: goes back cold`;
    case 'affinity':
      return t`in affinity group "${reason.group}": Nova's scheduler keeps its members on one host and will not move one away`;
    case 'group-on-destination':
      return t`${reason.member} of anti-affinity group "${reason.group}" went to ${reason.host} meanwhile: Nova's scheduler chooses its destination`;
    case 'together':
      return t`in soft-affinity group "${reason.group}": its members move together or not at all, and ${reason.blocker} cannot move`;
    case 'no-room-in-step':
      return reason.roomOnly ? t`no room in this step` : t`no host in service can take it in this step`;
    case 'source-down':
      return t`nova-compute on ${reason.host} is down: a live or cold migration needs it running`;
    case 'impact':
      return impactText(reason.impact);
  }
}

/** "compute2: memory: needs 8192 MB, 1024 MB free" */
export function hostBlockersText({ host, blockers }: HostBlockers): string {
  return t`${host}: ${blockersText(blockers)}`;
}

/** Why Nova would refuse moves onto a destination; a sentence journaled before facts as it is. */
export function unusableText(why: Unusable | string): string {
  if (typeof why === 'string') return why;
  switch (why.code) {
    case 'service-gone':
      return t`its nova-compute service is gone`;
    case 'service-down':
      return t`its nova-compute went down`;
    case 'disabled':
      return why.reason ? t`it was disabled with the reason "${why.reason}"` : t`it was disabled`;
  }
}

/** An item's note: its fact worded, or the sentence an earlier Ferry stored; undefined when it has none. */
export function itemNote(item: { reason?: ItemReason; note?: string; impact?: Impact }): string | undefined {
  // what a move will do to it, unless its reason says it already or it simply moves live
  const impact =
    item.impact && item.impact.class !== 'live' && item.reason?.code !== 'impact'
      ? impactText(item.impact)
      : undefined;
  const note = item.reason ? itemReasonText(item.reason) : item.note;
  return note && impact ? t`${note}; ${impact}` : (note ?? impact);
}

/** Why a server that left cannot come back: its fact worded, or the sentence stored before facts. */
export function notBackNote(
  item: Pick<EvacuationItemState, 'notBackReason' | 'notBack'>,
): string | undefined {
  return item.notBackReason ? itemReasonText(item.notBackReason) : item.notBack;
}

/** Why an action on an evacuation was refused, in the reader's words. */
export function evacuationRefusalText(refused: EvacuationRefusal): string {
  switch (refused.code) {
    case 'no-evacuation':
      return t`No evacuation ${refused.id}.`;
    case 'not-a-host': {
      // `/evacuate e-…` names an evacuation unless a compute host has that name (operator trial: an
      // ID-shaped word was answered as a host, "e-000000" as an evacuation): neither, it says both
      const fact = refused.failed.fact;
      if (fact?.code === 'evacuated-host-unknown' && /^e-/i.test(fact.host))
        return t`No evacuation ${fact.host}, and no compute host of that name. ${checkFix(refused.failed) ?? ''} Nothing was requested, disabled or moved.`;
      return t`Nothing to evacuate: ${checkReason(refused.failed)} ${checkFix(refused.failed) ?? ''} Nothing was requested, disabled or moved.`;
    }
    case 'asked-already':
      return t`${refused.host} has evacuation ${refused.id} waiting for approval already, asked by <@${refused.requestedBy}>: ask again once it is decided or has expired (/migrations ${refused.id} shows it). Nothing new was requested.`;
    case 'nothing-to-evacuate':
      return t`${refused.host} runs no servers and nova-compute there is disabled already: there is nothing to evacuate. Nothing was requested (--dry-run shows the plan).`;
    case 'decided-already':
      return t`Evacuation ${refused.id} is already ${stateWord(refused.status)}.`;
    case 'no-cold-alternative':
      return t`That server has no cold-migration alternative.`;
    case 'not-approved':
      return t`Evacuation ${refused.id} is ${stateWord(refused.status)}, not approved.`;
    case 'nothing-to-stop':
      return t`Evacuation ${refused.id} is ${stateWord(refused.phase)}; there is nothing to stop.`;
    case 'nothing-to-move-back':
      return t`No evacuation ${refused.id} to move back.`;
    case 'drain-brings-back':
      return t`Evacuation ${refused.id} is a step of drain ${refused.drainId}, which brings its servers back (with --return).`;
    case 'not-finished':
      return t`Evacuation ${refused.id} has not finished; servers go back once it has.`;
    case 'move-back-asked':
      return t`A move back of ${refused.id} was asked already and waits for approval (${refused.pending}).`;
    case 'moving-back':
      return t`Servers of ${refused.id} are already moving back (${refused.running}).`;
    case 'nothing-moved-back':
      return [
        t`Nothing moved back: ${refused.failed ? checkReason(refused.failed) : t`the plan is not ready`} ${(refused.failed && checkFix(refused.failed)) ?? ''}`.trim(),
        ...refused.staying.map((item) => t`• ${item.server}: ${itemNote(item) ?? t`skipped`}`),
      ].join('\n');
  }
}

/** What an evacuation's thread hears of Nova meanwhile; a sentence journaled before facts as it is. */
export function evacuationNoticeText(notice: EvacuationNotice | string): string {
  if (typeof notice === 'string') return notice;
  const moves =
    notice.moves === 1
      ? t`still watching the move under way`
      : t`still watching the ${notice.moves} moves under way`;
  switch (notice.code) {
    case 'nova-out': {
      const at = clockTime(notice.since);
      const { status } = notice;
      if (status === undefined) return t`Cannot reach Nova since ${at}; ${moves}`;
      const gateway = gatewayAnswerText(status);
      if (gateway) return t`Nova is not available since ${at} (${gateway}); ${moves}`;
      return isGatewayStatus(status)
        ? t`Nova is not available since ${at} (it answers ${status}); ${moves}`
        : t`Nova fails Ferry's reads since ${at} (it answers ${status}); ${moves}`;
    }
    case 'nova-back':
      return t`Nova answers again (failing since ${clockTime(notice.since)}, for ${formatDuration(notice.forMs)}); ${moves}`;
  }
}

/** Why a waiting member of a server group has not started: its group's budget, and who holds it. */
export function groupWaitText(wait: GroupWait): string {
  return wait.budget === 1
    ? t`waits for its server group "${wait.group}", which lets one member move at a time: ${wait.holders.join(t`, `)} in flight now`
    : t`waits for its server group "${wait.group}", which lets ${wait.budget} members move at once: ${wait.holders.join(t`, `)} in flight now`;
}
