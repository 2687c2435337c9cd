import type { MaintenanceEvent } from '../core/events.ts';
import { t } from '../i18n/index.ts';
import { reminderMessage } from './maintenance-view.ts';
import type { SlackPoster } from './poster.ts';
import { code, escapeMrkdwn, section } from './render.ts';
import type { ReportSettings } from './threads.ts';

/**
 * A maintenance window's reminders, start and end, posted in its channel; `told` is the journal entry
 * it tells (the post's cause: after a restart or a takeover it is not posted again).
 */
export async function reportWindow(
  deps: { poster: SlackPoster; settings: ReportSettings },
  event: MaintenanceEvent,
  told?: string,
): Promise<void> {
  const options = told ? { cause: told } : {};
  const channel = deps.settings.channel ?? event.window.channel;
  if (!channel) return;
  const tz = deps.settings.timeZone;
  if (event.kind === 'window.reminder') {
    await deps.poster.post(
      channel,
      reminderMessage(event.window, {
        label: event.reminder.label,
        late: event.late,
        servers: event.servers,
        cannotLive: event.cannotLive,
        timeZone: tz,
      }),
      options,
    );
    return;
  }
  await deps.poster.post(
    channel,
    { text: escapeMrkdwn(t`Maintenance window ${event.window.id}`), blocks: [section(windowLine(event))] },
    options,
  );
}

/** A window's start, its start waiting for the cloud, or its end, in one line. */
function windowLine(event: Exclude<MaintenanceEvent, { kind: 'window.reminder' }>): string {
  if (event.kind === 'window.start-waits')
    return t`⏳ Maintenance window ${code(event.window.id)} of ${code(event.window.host)} is due, but its evacuation could not check its plan: ${escapeMrkdwn(event.message)} Nothing was started and no host was disabled. Ferry tries again each minute and says when the window starts.`;
  const evacuation = event.evacuation;
  return event.kind === 'window.started'
    ? t`🔧 Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has started${
        evacuation
          ? t`; evacuation ${code(evacuation.id)} ${evacuation.evacuation?.phase === 'superseded' ? t`no longer matches the cloud: a new plan awaits approval` : t`is starting`}`
          : ''
      }.`
    : t`✅ Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has ended${
        evacuation?.evacuation?.phase === 'stopping'
          ? t`; evacuation ${code(evacuation.id)} starts no new moves, those in flight finish`
          : ''
      }. Re-enable the host when it is healthy.`;
}
