import type { Blackout } from '../core/model/blackout.ts';
import type { Outcome } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';

/**
 * A live move's blackout in the reader's language: how long the guest stood still and who measured
 * it, or why it was not measured. Nothing is said without SSH (Ferry could not have measured it).
 */

/** 70 → "70 ms", 1234 → "1.23 s" */
export function downtimeFigure(ms: number): string {
  return ms < 1000 ? t`${ms} ms` : t`${(ms / 1000).toFixed(2)} s`;
}

/**
 * The outcome's sentence about the blackout; null when there is nothing to say. `force`: what Ferry saw
 * of a requested force-complete. libvirt counts only QEMU's final pause, not the time force-complete
 * held the guest (or post-copy ran it while its memory came over), so its figure is not the blackout:
 * the sentence says why it is not known, and claims no pause Ferry did not see (operator trial: a
 * force never seen to take effect was followed by "the guest stood still longer … 0 ms").
 */
export function blackoutText(blackout: Blackout | undefined, force?: ForceSeen): string | null {
  if (!blackout) return null;
  if (blackout.code === 'measured' && force)
    return t`Blackout not known: ${forceHow(force)}, and libvirt counts only the final switch-over.`;
  if (blackout.code === 'measured')
    return t`Blackout ${downtimeFigure(blackout.downtimeMs)} (measured by libvirt on ${blackout.host}).`;
  switch (blackout.reason) {
    case 'no-ssh':
      return null;
    case 'no-job':
      return t`Blackout not measured: libvirt on ${blackout.host ?? '?'} kept no completed job for it.`;
    case 'unreachable':
      return t`Blackout not measured: libvirt on ${blackout.host ?? '?'} could not be read (${blackout.detail ?? '?'}).`;
    case 'no-domain':
      return t`Blackout not measured: Nova did not give the server's libvirt domain name.`;
  }
}

/**
 * The short figure a report line carries beside a move ("blackout 70 ms"); null when not measured. A
 * forced completion's figure is libvirt's final switch-over only, not how long the guest stood still
 * (force-complete paused it, or post-copy ran it on the destination while its memory came over): the
 * line says what is known instead of a figure that reads as the blackout (operator trial: "0 ms").
 */
export function blackoutFigure(
  outcome: (Pick<Outcome, 'fact'> & Partial<Pick<Outcome, 'forced'>>) | undefined,
): string | null {
  const fact = outcome?.fact;
  if (fact?.code !== 'moved' || fact.blackout?.code !== 'measured') return null;
  if (outcome?.forced || fact.force !== undefined)
    return t`blackout not known: ${forceHow(fact.force ?? 'unseen')}, and libvirt counts only the final switch-over`;
  return t`blackout ${downtimeFigure(fact.blackout.downtimeMs)}`;
}

type ForceSeen = 'post-copy' | 'unseen';

/** What a requested force-complete did, as far as Ferry saw: only what it saw is said. */
function forceHow(force: ForceSeen): string {
  if (force === 'post-copy') return t`force-complete switched it to post-copy`;
  return t`force-complete was asked`;
}
