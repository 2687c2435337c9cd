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

/** The outcome's sentence about the blackout; null when there is nothing to say. */
export function blackoutText(blackout: Blackout | undefined, forced = false): string | null {
  if (!blackout) return null;
  // libvirt counts only QEMU's final pause: the time force-complete held the guest is not in it
  if (blackout.code === 'measured' && forced)
    return t`libvirt on ${blackout.host} counts a final pause of ${downtimeFigure(blackout.downtimeMs)}; the guest stood still longer while force-complete held it.`;
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
  if (outcome?.forced || fact.force !== undefined) {
    const how =
      fact.force === 'post-copy'
        ? t`force-complete switched it to post-copy`
        : fact.force === 'paused'
          ? t`force-complete paused the guest`
          : t`force-complete was asked`;
    return t`blackout not known: ${how}, and libvirt counts only the final switch-over`;
  }
  return t`blackout ${downtimeFigure(fact.blackout.downtimeMs)}`;
}
