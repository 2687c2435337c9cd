import { rebootedByFerry } from '../core/drain/hosts.ts';
import type { DrainRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { drainQuestion } from '../messages/drain-waits.ts';

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

/** The drains that wait for a person now, each with what it waits for ("d-1 waits for … "). */
export function drainsWaitingForPerson(drains: DrainRecord[]): string[] {
  return live(drains).flatMap((drain) => {
    const question = drainQuestion(drain);
    return question ? [t`${drain.id} waits for ${question}`] : [];
  });
}
