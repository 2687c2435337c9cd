import type { MissingRoom, NoRoom, StaysAway } from '../core/model/drain.ts';
import type { DrainHostReason, DrainHostState, DrainState } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { hostBlockersText, itemNote } from './evacuation.ts';
import { blockersText } from './fit.ts';

/**
 * How a drain's facts read: why a step's server has no room, why a server cannot go back, why a host
 * was not emptied or how it ended. Worded at render time, in the current language.
 */

/** "web-1 (m1.large): needs 8192 MB, …; it could move cold (a restart) if you choose" */
export function missingRoomText(missing: MissingRoom): string {
  return t`${missing.server} (${missing.flavor}): ${noRoomText(missing.why)}${missing.coldWould ? t`; it could move cold (a restart) if you choose` : ''}`;
}

export function noRoomText(why: NoRoom): string {
  switch (why.code) {
    case 'no-host-in-service':
      return t`no other host is in service`;
    case 'roomiest':
      return t`needs ${why.need.MEMORY_MB} MB, ${why.need.VCPU} vCPU, ${why.need.DISK_GB} GB disk; the roomiest host in service (${why.host}) has ${why.free.MEMORY_MB} MB, ${why.free.VCPU} vCPU, ${why.free.DISK_GB} GB free`;
    case 'ruled-out':
      return t`the hosts with room rule it out: ${why.hosts.map(hostBlockersText).join(t`; `)}${why.more > 0 ? t`; and ${why.more} more host(s)` : ''}`;
  }
}

/** "web-1 cannot go back to compute1: …" */
export function staysAwayText(away: StaysAway): string {
  const why =
    away.why.code === 'disabled-before'
      ? t`${away.home} was disabled before the drain and stays disabled`
      : blockersText(away.why.blockers);
  return t`${away.server} cannot go back to ${away.home}: ${why}`;
}

export function drainHostReasonText(reason: DrainHostReason): string {
  switch (reason.code) {
    case 'plan-failed':
      return reason.checks.map((check) => check.reason).join(' ');
    case 'not-moved':
      return reason.failed.length
        ? reason.failed
            .map(({ server, outcome }) => t`${server}: ${outcome.message ?? outcome.kind}`)
            .join(t`; `)
        : t`servers that could not be moved stayed`;
    case 'servers-came':
      return reason.afterRestart
        ? t`Ferry looked at ${reason.host} again after a restart and found ${reason.count} server(s) on it`
        : t`${reason.count} server(s) came onto ${reason.host} while it waited for its maintenance`;
    case 'not-back':
      return t`not back: ${reason.servers.join(t`, `)} (the move back's report says why)`;
    case 'no-record':
      return t`nothing moved back: Ferry no longer has the record of what left ${reason.host}`;
    case 'none-can-go-back':
      return t`nothing moved back: none of the ${reason.count} server(s) that left ${reason.host} can go back (the drain report says why)`;
    case 'nothing-moved-back':
      return t`nothing moved back: ${reason.checks.map((check) => check.reason).join(' ')}`;
  }
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

/** A held drain's servers without room, one line each ("step 2: web-1 (m1.large): …"), or the lines stored. */
export function heldMissingLines(held: NonNullable<DrainState['held']>): string[] {
  if (held.missingAt)
    return held.missingAt.map(({ step, missing }) => t`step ${step}: ${missingRoomText(missing)}`);
  return held.missing ?? [];
}

/** Why a held drain's plan no longer holds: its failed checks, or the sentence stored. */
export function heldReason(held: NonNullable<DrainState['held']>): string {
  return held.failed ? held.failed.map((check) => check.reason).join(' ') : (held.reason ?? '');
}
