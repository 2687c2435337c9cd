import type { WindowRecord } from '../core/model.ts';
import type { Block } from './fake-slack.ts';
import { button, code, context, escapeMrkdwn, type Rendered, section } from './render.ts';

export const MAINTENANCE_ACTIONS = { evacuate: 'ferry_window_evacuate' } as const;

export function windowSpan(window: WindowRecord, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return `${day.format(window.start)}–${time.format(window.end)}`;
}

export function windowLine(window: WindowRecord, timeZone: string): string {
  return `${code(window.id)} ${code(window.host)} ${windowSpan(window, timeZone)}: ${escapeMrkdwn(window.reason)}`;
}

export function reminderMessage(
  window: WindowRecord,
  options: { label: string; late: boolean; servers: number; cannotLive: number; timeZone: string },
): Rendered {
  const lateNote = options.late ? ' (sent late: Ferry was not running when it was due)' : '';
  const head = `⏰ *Maintenance of ${code(window.host)} in ${escapeMrkdwn(options.label)}*${lateNote}\n${windowSpan(window, options.timeZone)}: ${escapeMrkdwn(window.reason)}`;
  const load =
    options.servers === 0
      ? `${code(window.host)} is already empty.`
      : `${options.servers} server(s) still on ${code(window.host)}; ${options.cannotLive} of them cannot be live-migrated (stopped, locked or nowhere to go).`;
  const blocks: Block[] = [section(head), section(load)];
  if (options.servers > 0) {
    blocks.push({
      type: 'actions',
      block_id: `window:${window.id}`,
      elements: [button('Evacuate now', MAINTENANCE_ACTIONS.evacuate, window.id, { style: 'primary' })],
    });
  }
  blocks.push(context(`Window ${code(window.id)}; /maintenance cancel ${window.id} to call it off.`));
  return {
    text: escapeMrkdwn(`Maintenance of ${window.host} in ${options.label}${options.late ? ' (late)' : ''}`),
    blocks,
  };
}

export function digestMessage(
  upcoming: WindowRecord[],
  stillDisabled: { window: WindowRecord; reason: string | null }[],
  timeZone: string,
): Rendered | null {
  if (upcoming.length === 0 && stillDisabled.length === 0) return null;
  const blocks: Block[] = [];
  if (upcoming.length)
    blocks.push(
      section(`*Upcoming maintenance*\n${upcoming.map((w) => windowLine(w, timeZone)).join('\n')}`),
    );
  if (stillDisabled.length) {
    blocks.push(
      section(
        `*Still disabled after their window*\n${stillDisabled
          .map(
            ({ window, reason }) =>
              `${code(window.host)} (window ${code(window.id)} ended)${reason ? `: ${escapeMrkdwn(reason)}` : ''}`,
          )
          .join('\n')}`,
      ),
    );
  }
  return {
    text: `Maintenance digest: ${upcoming.length} upcoming, ${stillDisabled.length} host(s) still disabled`,
    blocks,
  };
}
