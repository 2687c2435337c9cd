import type { DrainRefusal } from '../core/drain/refusals.ts';
import type { MissingRoom, NoRoom, StaysAway } from '../core/model/drain.ts';
import type {
  DrainHostReason,
  DrainHostState,
  DrainState,
  EvacuationItemState,
  EvacuationRecord,
} from '../core/model/records.ts';
import type { CheckResult } from '../core/model/types.ts';
import { t } from '../i18n/index.ts';
import { checkFix, checkReason } from './checks.ts';
import { serversCount } from './counted.ts';
import { hostBlockersText, itemNote } from './evacuation.ts';
import { blockersText } from './fit.ts';
import { outcomeText } from './runs.ts';
import { stateWord } from './states.ts';
import { sentences } from './units.ts';

/**
 * How a drain's facts read: why a step's server has no room, why a server cannot go back, why a host
 * was not emptied or how it ended. Worded at render time, in the current language.
 */

/** A check's reason as the reader reads it (the one place here that words a check). */
const reasonOf = (check: CheckResult): string => checkReason(check);

/** "web-1 (m1.large): needs 8192 MB, …; it could move cold (a restart) if you choose" */
export function missingRoomText(missing: MissingRoom | string): string {
  // a plan journaled (drain.held) by Ferry before facts holds sentences
  if (typeof missing === 'string') return missing;
  return missing.coldWould
    ? t`${missing.server} (${missing.flavor}): ${noRoomText(missing.why)}; it could move cold (a restart) if you choose`
    : t`${missing.server} (${missing.flavor}): ${noRoomText(missing.why)}`;
}

export function noRoomText(why: NoRoom): string {
  switch (why.code) {
    case 'no-host-in-service':
      return t`no other host is in service`;
    case 'roomiest':
      return t`needs ${why.need.MEMORY_MB} MB, ${why.need.VCPU} vCPU, ${why.need.DISK_GB} GB disk; the roomiest host in service (${why.host}) has ${why.free.MEMORY_MB} MB, ${why.free.VCPU} vCPU, ${why.free.DISK_GB} GB free`;
    case 'ruled-out': {
      const hosts = why.hosts.map(hostBlockersText).join(t`; `);
      const ruled =
        why.more === 1
          ? t`the hosts with room rule it out: ${hosts}; and 1 more host`
          : why.more > 0
            ? t`the hosts with room rule it out: ${hosts}; and ${why.more} more hosts`
            : t`the hosts with room rule it out: ${hosts}`;
      // the hosts only room keeps it from, first: room is then a reason too (operator trial)
      if (!why.short?.length) return ruled;
      const short = why.short.map(hostBlockersText).join(t`; `);
      return [
        why.shortMore === 1
          ? t`the hosts that could take it have no room: ${short}; and 1 more host`
          : why.shortMore
            ? t`the hosts that could take it have no room: ${short}; and ${why.shortMore} more hosts`
            : t`the hosts that could take it have no room: ${short}`,
        ruled,
      ].join(t`; `);
    }
  }
}

/** "web-1 cannot go back to compute1: …" */
export function staysAwayText(away: StaysAway | string): string {
  if (typeof away === 'string') return away;
  const why =
    away.why.code === 'disabled-before'
      ? t`${away.home} was disabled before the drain and stays disabled`
      : blockersText(away.why.blockers);
  return t`${away.server} cannot go back to ${away.home}: ${why}`;
}

/**
 * A host whose evacuation's plan failed. The plan's room check counts only the servers not skipped;
 * here every server on the host is counted, and each that stays is named, with why it cannot move.
 */
function planFailedText(reason: Extract<DrainHostReason, { code: 'plan-failed' }>): string {
  const { servers, staying } = reason;
  const others = reason.checks.filter((check) => check.fact?.code !== 'evacuation-room').map(reasonOf);
  // nova-compute down on the host: no live or cold move can leave it (planEvacuation's check), so none
  // of its servers can move, whatever the room (operator trial: "6 of 8 can move" beside it)
  if (servers !== undefined && reason.checks.some((check) => check.fact?.code === 'evacuated-host-down'))
    return sentences(
      servers === 1 ? t`its one server cannot move.` : t`none of the ${servers} servers on it can move.`,
      ...others,
    );
  // a drain from before these were kept: the checks as they are
  if (servers === undefined || !staying?.length) return sentences(...reason.checks.map(reasonOf));
  const skipped = staying.filter((s) => s.reason?.code === 'skipped-by').map((s) => s.server);
  const cannot = staying
    .filter((s) => s.reason?.code !== 'skipped-by')
    .map((s) => {
      const why = s.reason ? itemNote({ reason: s.reason }) : undefined;
      return why ? t`${s.server} (${why})` : s.server;
    });
  const parts = [
    t`${servers - staying.length} of ${serversCount(servers)} on it can move`,
    ...(cannot.length ? [t`${cannot.length} cannot: ${cannot.join(t`; `)}`] : []),
    ...(skipped.length === 1
      ? [t`1 stays as the plan skipped it: ${skipped.join(t`, `)}`]
      : skipped.length
        ? [t`${skipped.length} stay as the plan skipped them: ${skipped.join(t`, `)}`]
        : []),
  ];
  return sentences(t`${parts.join(t`; `)}.`, ...others);
}

export function drainHostReasonText(reason: DrainHostReason): string {
  switch (reason.code) {
    case 'plan-failed':
      return planFailedText(reason);
    case 'not-moved':
      return reason.failed.length
        ? reason.failed.map(({ server, outcome }) => t`${server}: ${outcomeText(outcome)}`).join(t`; `)
        : t`servers not moved stayed on it`;
    case 'skipped-stay':
      return t`only servers skipped in the plan stay on it (${reason.servers.map((s) => s.server).join(t`, `)}), so it is not declared empty: move them and press Continue, or Skip host`;
    case 'servers-came':
      return reason.afterRestart
        ? t`Ferry looked at ${reason.host} again after a restart and found ${serversCount(reason.count)} on it`
        : t`${serversCount(reason.count)} came onto ${reason.host} while it waited for its maintenance`;
    case 'unlisted':
      return unlistedText(reason.servers);
    case 'not-back':
      return t`not back: ${reason.servers.join(t`, `)} (the move back's report says why)`;
    case 'no-record':
      return t`nothing moved back: Ferry no longer has the record of what left ${reason.host}`;
    case 'none-can-go-back':
      return reason.count === 1
        ? t`nothing moved back: the one server that left ${reason.host} cannot go back (the drain report says why)`
        : t`nothing moved back: none of the ${reason.count} servers that left ${reason.host} can go back (the drain report says why)`;
    case 'passed-through':
      return reason.count === 1
        ? t`nothing moved back: the one server that left ${reason.host} had only passed through it (an earlier step of the drain moved it there), so it does not go home to it`
        : t`nothing moved back: the ${reason.count} servers that left ${reason.host} had only passed through it (an earlier step of the drain moved them there), so none goes home to it`;
    case 'nothing-moved-back':
      return t`nothing moved back: ${sentences(...reason.checks.map(reasonOf))}`;
    case 'nothing-to-do':
      return t`nothing to do on ${reason.host}: no server was on it, so Ferry did not empty it or wait for its maintenance`;
  }
}

/** Servers Nova's list of a host left out, found through Placement: why the host is not called empty. */
export function unlistedText(servers: { server: string; status?: number }[]): string {
  const read = servers.filter((s) => s.status === undefined).map((s) => s.server);
  const unreadable = servers.filter((s) => s.status !== undefined);
  const parts = [
    ...(read.length
      ? [
          t`Nova's list of its servers leaves out ${read.join(t`, `)}, yet Nova places them on it when asked by ID`,
        ]
      : []),
    ...(unreadable.length
      ? [
          t`Placement still holds room on it for ${unreadable.map((s) => s.server).join(t`, `)}, which Nova's list of its servers leaves out and Nova could not read (it answered ${unreadable[0]?.status}: the database of their cell may not answer)`,
        ]
      : []),
  ];
  return parts.join(t`; `);
}

/** A host's note: its fact worded, or the sentence an earlier Ferry stored; a journaled sentence as it is. */
export function drainHostNote(host: { reason?: DrainHostReason; note?: string } | DrainHostReason | string) {
  if (typeof host === 'string') return host;
  if ('code' in host) return drainHostReasonText(host);
  return host.reason ? drainHostReasonText(host.reason) : host.note;
}

/** Why a server of a drained host stays where it went (with --return): the fact worded, or the stored sentence. */
export function drainNotBack(host: Pick<DrainHostState, 'notBackReasons' | 'notBack'>, serverId: string) {
  const reason = host.notBackReasons?.[serverId];
  return reason ? itemNote({ reason }) : host.notBack?.[serverId];
}

/**
 * The servers of a host that did not come back, each with why, as its move back recorded it ("not
 * back: web-1 (No valid host was found)"). Null when there are none, or that record is gone.
 */
export function notBackWhy(
  host: Pick<DrainHostState, 'reason' | 'returnId'>,
  lookup: (id: string) => EvacuationRecord | undefined,
): string | null {
  const names = host.reason?.code === 'not-back' ? host.reason.servers : [];
  const away = (lookup(host.returnId ?? '')?.evacuation.items ?? []).filter((item) =>
    names.includes(item.serverName),
  );
  if (away.length === 0) return null;
  const why = (item: EvacuationItemState) =>
    t`${item.serverName} (${item.outcome ? outcomeText(item.outcome) : (itemNote(item) ?? stateWord(item.state))})`;
  return t`not back: ${away.map(why).join(t`; `)}`;
}

/** A held drain's servers without room, one line each ("step 2: web-1 (m1.large): …"), or the lines stored. */
export function heldMissingLines(held: NonNullable<DrainState['held']>): string[] {
  if (held.missingAt)
    return held.missingAt.map(({ step, missing }) => t`step ${step}: ${missingRoomText(missing)}`);
  return held.missing ?? [];
}

/** Why a held drain's plan no longer holds: its failed checks, or the sentence stored. */
export function heldReason(held: NonNullable<DrainState['held']>): string {
  return held.failed ? sentences(...held.failed.map(reasonOf)) : (held.reason ?? '');
}

/**
 * Why a held drain is held, in a few words for its status lines, from its new plan's failed checks:
 * nova-compute down on a host of the step (no server can leave it, whatever the room), a step without
 * room, or another check (operator trial: "the plan no longer fits" was said of nova-compute down).
 */
export function heldCauseText(held: DrainState['held']): string {
  const facts = held?.failed?.map((check) => check.fact) ?? [];
  const down = facts.flatMap((fact) => (fact?.code === 'drain-hosts-down' ? fact.hosts : []));
  const short = facts.find((fact) => fact?.code === 'drain-step-short');
  // "no room" only when room is all that keeps them: else the hosts with room rule them out (operator trial)
  if (down.length && short)
    return short.blockedBy.every((kind) => kind === 'capacity')
      ? t`nova-compute is down on ${down.join(t`, `)}, and the rest of the step has no room`
      : t`nova-compute is down on ${down.join(t`, `)}, and the hosts still in service cannot take the rest of the step`;
  if (down.length) return t`nova-compute is down on ${down.join(t`, `)}`;
  // a hold from before facts says only that its plan no longer fits
  if (short || !held?.failed) return t`the plan no longer fits`;
  return t`a check of its new plan fails`;
}

/** Who stopped a drain: the end of its window (a fact), else the person or Ferry as `actor` names them. */
export function stoppedByText(
  state: Pick<DrainState, 'stoppedBy' | 'stoppedAtWindowEnd'>,
  actor: (who: string) => string,
): string {
  if (state.stoppedAtWindowEnd) return t`the end of maintenance window ${state.stoppedAtWindowEnd}`;
  return actor(state.stoppedBy ?? '');
}

/** With --return, what a skip leaves of a host's servers that had left it (empty when none had). */
export function skippedStaysAwayText(skipped: { staysAway?: number } | undefined): string {
  const count = skipped?.staysAway ?? 0;
  if (count === 1)
    return t`Its one server that left it stays where it went: a skipped host's servers are not moved home.`;
  return count > 0
    ? t`Its ${count} servers that left it stay where they went: a skipped host's servers are not moved home.`
    : '';
}

/** Why an action on a drain was refused, in the reader's words. */
export function drainRefusalText(refused: DrainRefusal): string {
  switch (refused.code) {
    case 'no-drain':
      return t`No drain ${refused.id}.`;
    case 'unknown-drain':
      return t`There is no drain ${refused.id}; /drain list shows them.`;
    case 'not-approved':
      return t`Drain ${refused.id} is ${stateWord(refused.status)}, not approved.`;
    case 'nothing-to-stop':
      return t`Drain ${refused.id} is ${stateWord(refused.phase)}; there is nothing to stop.`;
    case 'not-running':
      return t`Drain ${refused.id} is ${stateWord(refused.phase)}, not running.`;
    case 'not-paused':
      return t`Drain ${refused.id} is ${stateWord(refused.phase)}, not paused.`;
    case 'resume-first':
      return t`Drain ${refused.id} is ${stateWord(refused.phase)}; resume it first.`;
    case 'no-host':
      return t`Drain ${refused.id} has no host ${refused.host}.`;
    case 'host-is':
      return t`${refused.host} is ${stateWord(refused.phase)} in drain ${refused.id}.`;
    case 'not-waiting':
      return t`${refused.host} is not waiting for a decision in drain ${refused.id}.`;
    case 'continue-approved':
      return t`Going on with ${refused.host} was already approved by ${refused.approvedBy}.`;
    case 'continue-four-eyes':
      return t`You asked to go on with ${refused.host}, so someone else on call must approve it (four-eyes rule): ${refused.approvers}.`;
    case 'answer-too-late': {
      const { id, host, phase } = refused;
      if (!phase)
        return refused.ended
          ? t`Drain ${id} has ended: nothing waits for this answer any more.`
          : t`Drain ${id} is stopping: nothing waits for this answer any more.`;
      return refused.ended
        ? t`Drain ${id} has ended; ${host} is ${stateWord(phase)}: nothing waits for this answer any more.`
        : t`Drain ${id} is stopping; ${host} is ${stateWord(phase)}: nothing waits for this answer any more.`;
    }
    case 'cannot-skip':
      return refused.phase
        ? t`${refused.host} cannot be skipped in drain ${refused.id} (it is ${stateWord(refused.phase)}).`
        : t`${refused.host} cannot be skipped in drain ${refused.id}.`;
    case 'host-changed':
      return t`${refused.host} changed meanwhile; look again.`;
    case 'still-proven':
      return t`${refused.host} is empty, and Ferry is still proving the moves off it; skip it again in a few seconds.`;
    case 'reapprove-four-eyes':
      return t`You asked for this drain, so someone else must approve its new plan (four-eyes rule): ${refused.approvers}.`;
    case 'reapprove-on-call-only':
      return t`Only on-call staff may approve drains: ${refused.approvers}.`;
    case 'waits-for-no-approval':
      return t`Drain ${refused.id} is ${stateWord(refused.phase)}; it waits for no approval.`;
    case 'plan-changed':
      return t`The plan of ${refused.id} changed after it was shown to you; nothing was approved. Read the newer plan in the thread.`;
    case 'not-gate-held':
      return t`Health gates no longer hold ${refused.id}; nothing changed.`;
    case 'no-hosts': {
      const why = refused.onKernel
        ? [t`Every host left already runs ${refused.onKernel.kernel}: ${refused.onKernel.hosts.join(t`, `)}.`]
        : refused.failed.map((check) => t`${checkReason(check)} ${checkFix(check) ?? ''}`.trim());
      // sentences one after the other, as each language writes them (no space between Chinese ones)
      return t`Nothing to drain: ${why.reduce((said, next) => (said ? t`${said} ${next}` : next), '')} Nothing was requested, disabled or moved.`;
    }
    case 'nothing-to-drain':
      return refused.hosts.length === 1
        ? t`${refused.hosts[0]} runs no servers and nova-compute there is disabled already: a drain would have nothing to do (Ferry neither empties, enables nor reboots a host someone else disabled). Nothing was requested (--dry-run shows the plan).`
        : t`${refused.hosts.join(t`, `)} run no servers and nova-compute on each is disabled already: a drain would have nothing to do (Ferry neither empties, enables nor reboots a host someone else disabled). Nothing was requested (--dry-run shows the plan).`;
    case 'no-reboot':
      return t`Ferry cannot reboot hosts here: --reboot needs SSH to the compute hosts (FERRY_SSH_USER and its settings; see README "Patch campaigns").`;
  }
}
