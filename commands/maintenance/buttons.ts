/** The "Evacuate now" button of a maintenance reminder: an evacuation request for the window's host. */
import type { OnButton } from '../../src/chat/buttons.ts';
import { channelOf } from '../../src/chat/buttons.ts';
import { MAINTENANCE_ACTIONS } from '../../src/chat/maintenance-view.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import { showEvacuation } from '../evacuate/buttons.ts';

export function maintenanceButtons(onButton: OnButton, services: FerryServices): void {
  onButton(MAINTENANCE_ACTIONS.evacuate, async (windowId, body) => {
    const channel = channelOf(body);
    if (!channel) throw new Error('no channel');
    const asked = await services.core.evacuations.forWindow(windowId, body.user.id);
    await showEvacuation(services, asked, channel, async () => {});
  });
}
