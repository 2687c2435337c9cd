/**
 * /maintenance — schedule a host's maintenance window; Ferry reminds the channel before it.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { parseDuration, readWhen } from '../src/chat/maintenance-input.ts';
import { windowLine } from '../src/chat/maintenance-view.ts';
import { nameProblem } from '../src/chat/names.ts';
import { escapeMrkdwn, section } from '../src/chat/render.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { closest } from '../src/messages/closest.ts';
import { maintenanceButtons } from './maintenance/buttons.ts';

export const GRAMMAR = {
  command: '/maintenance',
  description: k`Schedule a host's maintenance window; Ferry reminds the channel before it`,
  usage: '/maintenance <host> <when> [for <duration>] [reason] | list | cancel <id> | help',
  summary: k`Schedule a maintenance window; reminders go to the channel before it, with an "Evacuate now" button.`,
  verbs: {
    '<host> <when> …': k`<when> in plain words or ISO, in FERRY_TZ: "saturday 02:00", "2026-12-05T02:00"; duration like 2h or 90m (default 2h)`,
    list: k`upcoming windows`,
    'cancel <id>': k`cancel a window (w-…)`,
  },
  examples: [
    '/maintenance compute1 saturday 02:00 for 3h kernel upgrade',
    '/maintenance compute2 2026-12-05T02:00 DIMM swap',
  ],
} as const;

const DEFAULT_DURATION_MS = 2 * 3_600_000;

export type MaintenanceCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'cancel'; id: string }
  | { kind: 'schedule'; host: string; when: string; durationMs: number; reason: string | null }
  | { kind: 'error'; message: string };

export function helpText(): string {
  const verbs = Object.entries(GRAMMAR.verbs)
    .map(([verb, text]) => `  ${verb.padEnd(16)} ${translated(text)}`)
    .join('\n');
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${verbs}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseMaintenance(text: string): MaintenanceCommand {
  const error = (message: string): MaintenanceCommand => ({
    kind: 'error',
    message: `${message}\n${t`Usage: ${GRAMMAR.usage}`}`,
  });
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  if (!trimmed || ['help', '--help', '-h'].includes(first)) return { kind: 'help' };
  if (first === 'list') return rest.length ? error(t`"list" takes nothing after it.`) : { kind: 'list' };
  if (first === 'cancel') {
    const [id, ...extra] = rest;
    if (!id) return error(t`Name the window to cancel, e.g. /maintenance cancel w-1a2b3c.`);
    if (extra.length) return error(t`"cancel" takes one window ID.`);
    // Ferry's IDs are made in lower case; one typed in upper case is the same ID
    if (!/^w-[0-9a-f]{6}$/i.test(id))
      return error(t`"${id}" is not a window ID (they look like w-1a2b3c); /maintenance list shows them.`);
    return { kind: 'cancel', id: id.toLowerCase() };
  }
  const problem = nameProblem('host', first);
  if (problem) {
    const guess = closest(first, ['list', 'cancel', 'help'], 1)[0];
    return error(t`Cannot use that host: ${problem}.${guess ? t` Did you mean ${guess}?` : ''}`);
  }
  if (rest.length === 0) return error(t`Say when, e.g. "saturday 02:00".`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused, not matched
  if (/[\u0000-\u001f<>`]/.test(rest.join(' ')))
    return error(t`The time and reason cannot contain control characters, <, > or backticks.`);
  const words = rest.join(' ');
  // "for 3h", "for 2 hours", "for 1 hour 30 minutes": the duration ends where its number-unit pairs end
  const forMatch =
    /^(.*?)\s+for\s+((?:\d+\s*(?:d|days?|h|hrs?|hours?|m|mins?|minutes?)(?![a-z])(?:\s*(?:and\s+)?)?)+)(?:\s+(.*))?$/i.exec(
      words,
    ) ?? /^(.*?)\s+for\s+(\S+)(?:\s+(.*))?$/.exec(words);
  if (forMatch) {
    const durationMs = parseDuration(forMatch[2] as string);
    if (durationMs === null)
      return error(t`"${forMatch[2]}" is not a duration like 2h, 90m, 1h30m or "2 hours".`);
    if (durationMs > 7 * 86_400_000) return error(t`A window lasts at most 7 days.`);
    return {
      kind: 'schedule',
      host: first,
      when: forMatch[1] as string,
      durationMs,
      reason: forMatch[3]?.trim() || null,
    };
  }
  return { kind: 'schedule', host: first, when: words, durationMs: DEFAULT_DURATION_MS, reason: null };
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseMaintenance,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    const { maintenance, permissions } = services.core;
    const { timeZone } = services;
    if (parsed.kind === 'list') {
      await permissions.mustRead(command.user_id);
      await reply(() => {
        const upcoming = maintenance.upcoming();
        if (upcoming.length === 0) return t`No maintenance window is scheduled.`;
        return t`*Upcoming maintenance*\n${upcoming.map((w) => windowLine(w, timeZone)).join('\n')}`;
      });
    } else if (parsed.kind === 'cancel') {
      const cancelled = await maintenance.cancel(parsed.id, command.user_id);
      await reply(() => t`Cancelled ${windowLine(cancelled, timeZone)}.`);
    } else if (parsed.kind === 'schedule') {
      const { kind: _, ...ask } = parsed;
      // the person's words are read here, in Ferry's time zone: the core gets the instant
      const { start, rest } = await readWhen(ask.when, services.clock.now(), timeZone, () =>
        permissions.mayRequest(command.user_id),
      );
      const window = await maintenance.schedule({
        ...ask,
        start,
        reason: ask.reason ?? (rest || null),
        user: command.user_id,
        channel: command.channel_id,
      });
      const where = services.channel ? `<#${escapeMrkdwn(services.channel)}>` : t`this channel`;
      await services.poster.post(command.channel_id, {
        text: escapeMrkdwn(t`Maintenance window ${window.id} for ${window.host}`),
        blocks: [
          section(
            t`🗓️ <@${escapeMrkdwn(command.user_id)}> scheduled maintenance: ${windowLine(window, timeZone)}`,
          ),
          section(
            t`Reminders go to ${where} before it. To have the host emptied when it starts, ask now and get it approved ahead: \`/evacuate ${escapeMrkdwn(window.host)} --window ${window.id}\`.`,
          ),
        ],
      });
    }
  },
  buttons: maintenanceButtons,
});
