import type { WindowRecord } from '../core/model/records.ts';
import { dateLocale, t } from '../i18n/index.ts';
import { hostsCount } from '../messages/counted.ts';
import type { Block } from './render.ts';
import { button, code, context, escapeMrkdwn, type Rendered, section } from './render.ts';

export const MAINTENANCE_ACTIONS = { evacuate: 'ferry_window_evacuate' } as const;

export function windowSpan(window: WindowRecord, timeZone: string): string {
  const day = new Intl.DateTimeFormat(dateLocale(), {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const time = new Intl.DateTimeFormat(dateLocale(), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  // the zone goes after the end in every language ("03:00–05:00 UTC"), where Chinese would put it first
  const parts = time.formatToParts(window.end);
  const end = parts
    .filter((part) => part.type !== 'timeZoneName')
    .map((part) => part.value)
    .join('')
    .trim();
  const zone = parts.find((part) => part.type === 'timeZoneName')?.value;
  return `${day.format(window.start)}–${end}${zone ? ` ${zone}` : ''}`;
}

export function windowLine(window: WindowRecord, timeZone: string): string {
  return t`${code(window.id)} ${code(window.host)} ${windowSpan(window, timeZone)}: ${escapeMrkdwn(window.reason)}`;
}

export function reminderMessage(
  window: WindowRecord,
  options: {
    label: string;
    late: boolean;
    servers: number | null;
    cannotLive: number | null;
    timeZone: string;
  },
): Rendered {
  const lateNote = options.late ? t` (sent late: Ferry was not running when it was due)` : '';
  const head = t`⏰ *Maintenance of ${code(window.host)} in ${escapeMrkdwn(options.label)}*${lateNote}\n${windowSpan(window, options.timeZone)}: ${escapeMrkdwn(window.reason)}`;
  const load =
    options.servers === null
      ? t`Ferry could not read which servers are still on ${code(window.host)}: Nova did not answer. Look before the window starts.`
      : options.servers === 0
        ? t`${code(window.host)} is already empty.`
        : options.servers === 1
          ? options.cannotLive
            ? t`1 server still on ${code(window.host)}; it cannot be live-migrated (stopped, locked or nowhere to go).`
            : t`1 server still on ${code(window.host)}; it can be live-migrated.`
          : t`${options.servers} servers still on ${code(window.host)}; ${options.cannotLive} of them cannot be live-migrated (stopped, locked or nowhere to go).`;
  const blocks: Block[] = [section(head), section(load)];
  if (options.servers !== 0) {
    blocks.push({
      type: 'actions',
      block_id: `window:${window.id}`,
      elements: [button(t`Evacuate now`, MAINTENANCE_ACTIONS.evacuate, window.id, { style: 'primary' })],
    });
  }
  blocks.push(context(t`Window ${code(window.id)}; /maintenance cancel ${window.id} to call it off.`));
  return {
    text: escapeMrkdwn(t`Maintenance of ${window.host} in ${options.label}${options.late ? t` (late)` : ''}`),
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
      section(t`*Upcoming maintenance*\n${upcoming.map((w) => windowLine(w, timeZone)).join('\n')}`),
    );
  if (stillDisabled.length) {
    blocks.push(
      section(
        t`*Still disabled after their window*\n${stillDisabled
          .map(({ window, reason }) =>
            reason
              ? t`${code(window.host)} (window ${code(window.id)} ended): ${escapeMrkdwn(reason)}`
              : t`${code(window.host)} (window ${code(window.id)} ended)`,
          )
          .join('\n')}`,
      ),
    );
  }
  return {
    text: t`Maintenance digest: ${upcoming.length} upcoming, ${hostsCount(stillDisabled.length)} still disabled`,
    blocks,
  };
}
