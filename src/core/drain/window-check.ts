import type { Clock } from '../../clock.ts';
import { MaintenanceError } from '../maintenance/maintenance.ts';
import type { WindowsPort } from '../ports/windows.ts';

/**
 * A window named by a drain must exist, not be over or cancelled, and be a window of one of its
 * `hosts` (null: not known before the zone or aggregate is read).
 */
export function usableWindow(
  deps: { store: WindowsPort; clock: Clock },
  windowId: string,
  hosts: string[] | null,
): void {
  const window = deps.store.getWindow(windowId);
  if (!window) throw new MaintenanceError({ code: 'unknown-window', id: windowId });
  if (hosts && !hosts.includes(window.host))
    throw new MaintenanceError({
      code: 'window-not-in-drain',
      id: windowId,
      windowHost: window.host,
      hosts,
    });
  if (window.status === 'cancelled' || window.end <= deps.clock.now())
    throw new MaintenanceError({
      code: 'window-over',
      id: windowId,
      cancelled: window.status === 'cancelled',
    });
}
