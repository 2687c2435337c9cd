import type { MaintenanceRefusal } from '../core/maintenance/maintenance.ts';
import { t } from '../i18n/index.ts';

/** How a maintenance window's refusals read, in the reader's words. */
export function maintenanceRefusalText(refusal: MaintenanceRefusal): string {
  switch (refusal.code) {
    case 'not-a-duration':
      return t`"${refusal.label}" is not a duration like 24h, 1h or 10m`;
    case 'no-date':
      return t`Cannot read a date in "${refusal.text}"; try "saturday 02:00" or "2026-12-05T02:00".`;
    case 'time-passed':
      return t`That time has already passed.`;
    case 'too-far-ahead':
      return t`That is more than a year ahead; schedule windows within the next twelve months.`;
    case 'not-a-host':
      return t`${refusal.host} is not a compute host; known: ${refusal.known.join(t`, `)}.`;
    case 'overlapping':
      return t`${refusal.host} already has window ${refusal.window} overlapping that time.`;
    case 'no-window':
      return t`No maintenance window ${refusal.id}.`;
    case 'unknown-window':
      return t`There is no maintenance window ${refusal.id}; /maintenance list shows them.`;
    case 'already-cancelled':
      return t`Window ${refusal.id} is already cancelled.`;
    case 'window-of-other-host':
      return t`Window ${refusal.id} is for ${refusal.windowHost}, not ${refusal.host}: an evacuation can only start with its own host's window.`;
    case 'window-not-in-drain':
      return t`Window ${refusal.id} is for ${refusal.windowHost}, which this drain does not empty (${refusal.hosts.join(t`, `)}): a drain can only start with a window of one of its hosts.`;
    case 'window-over':
      return refusal.cancelled
        ? t`Window ${refusal.id} is cancelled; schedule a new one with /maintenance.`
        : t`Window ${refusal.id} is over; schedule a new one with /maintenance.`;
  }
}
