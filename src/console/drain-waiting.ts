import type { DrainHostState, DrainRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';

/**
 * `/wait` and drains: what Ferry itself does in a drain now (it waits on while Ferry acts), and what
 * holds a drain with nobody's move running (said, then /wait returns). Read from the drains' records,
 * as the drain's loop (src/core/drain/drainer.ts) reads them.
 */

const live = (drains: DrainRecord[]) =>
  drains.filter((d) => d.status === 'approved' && d.drain.phase !== 'done');

/** The drains approved and not done: /drain <d-…> shows each (/migrations shows no drain). */
export function drainsInFlight(drains: DrainRecord[]): string[] {
  return live(drains).map((drain) => drain.id);
}

/** someone else disabled the host before the drain: Ferry never reboots it (drainer.ts) */
const disabledBefore = (host: DrainHostState) =>
  host.planned?.disabledBefore === true || host.service === 'disabled-before';

/**
 * A --reboot drain's empty host that Ferry reboots now: the drain runs, someone else did not disable
 * the host, and its reboot is neither verified nor failed (src/core/drain/reboot.ts drives it).
 */
export function rebootedByFerry(drain: DrainRecord, host: DrainHostState): boolean {
  return (
    drain.drain.phase === 'running' &&
    drain.drain.reboot !== undefined &&
    host.phase === 'empty' &&
    !disabledBefore(host) &&
    !host.reboot?.failure &&
    host.reboot?.verifiedAt === undefined
  );
}

/** What Ferry itself is doing in these drains now, one line each: /wait waits on while there is any. */
export function drainsActing(drains: DrainRecord[]): string[] {
  return live(drains).flatMap((drain) =>
    drain.drain.phase !== 'running' && drain.drain.phase !== 'stopping'
      ? []
      : drain.drain.hosts.flatMap((host) => {
          if (rebootedByFerry(drain, host))
            return [t`${drain.id}: Ferry reboots ${host.host} and checks that it comes back`];
          if (host.phase === 'coming-back')
            return [
              t`${drain.id}: ${host.host} is back; Ferry waits for its nova-compute to report up, then enables it`,
            ];
          return [];
        }),
  );
}

/**
 * Drains whose step health gates hold: Ferry asks again and goes on by itself once they pass, which
 * may take long; /wait says so and returns.
 */
export function drainsGateHeld(drains: DrainRecord[]): string[] {
  return live(drains).flatMap((drain) => {
    const { gate, step, phase } = drain.drain;
    if (phase !== 'running' || gate?.step !== step || gate.results.length === 0) return [];
    const queries = gate.results.map((r) => r.query).join(t`, `);
    return [
      t`${drain.id} is held before step ${step + 1} by its health gates (${queries}): Ferry asks again every few seconds and goes on by itself once they pass, or on-call presses Resume anyway in its thread.`,
    ];
  });
}

/** What a drain waits for a person to say, if it does: its question in the thread, or its buttons. */
export function drainQuestion(drain: DrainRecord): string | undefined {
  const { phase, hosts } = drain.drain;
  if (phase === 'held') return t`on-call to press Approve new plan`;
  if (phase === 'paused') return t`someone to press Resume`;
  if (phase !== 'running') return undefined;
  // an empty host of a --reboot drain is Ferry's to reboot and verify: nobody need press Host is back
  const empty = hosts
    .filter((host) => host.phase === 'empty' && !rebootedByFerry(drain, host))
    .map((host) => host.host);
  const notEmpty = hosts.filter((host) => host.phase === 'not-empty').map((host) => host.host);
  const questions = [
    ...(empty.length ? [t`someone to press Host is back for ${empty.join(t`, `)}`] : []),
    ...notEmpty.map((host) => t`someone to press Continue with ${host} or Skip host`),
  ];
  return questions.length ? questions.join(t` and `) : undefined;
}

/** The drains that wait for a person now, each with what it waits for ("d-1 waits for … "). */
export function drainsWaitingForPerson(drains: DrainRecord[]): string[] {
  return live(drains).flatMap((drain) => {
    const question = drainQuestion(drain);
    return question ? [t`${drain.id} waits for ${question}`] : [];
  });
}
