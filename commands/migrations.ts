/**
 * /migrations — see and steer running migrations.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { evacuationSummary } from '../src/chat/evacuation-view.ts';
import { section } from '../src/chat/render.ts';
import { runDetail } from '../src/chat/run-detail.ts';
import { runSummaryLine } from '../src/chat/run-view.ts';
import type { RunRecord } from '../src/core/model/records.ts';
import type { Queries } from '../src/core/queries.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { closest } from '../src/messages/closest.ts';
import { stateWord } from '../src/messages/states.ts';
import { controlRun } from './migrate/buttons.ts';

export const GRAMMAR = {
  command: '/migrations',
  description: k`List, inspect, abort or force-complete migrations`,
  usage: '/migrations [<id> | abort <id> | force <id> | help]',
  summary: k`List active migrations, show one with its history, or abort / force-complete one (on-call only).`,
  verbs: {
    '(none)': k`active migrations, and the last five that ended`,
    '<id>': k`one migration (m-…), request (r-…) or evacuation (e-…) with its history`,
    'abort <id>': k`cancel a running live migration (the server stays where it was), or revert a cold one awaiting confirmation`,
    'force <id>': k`force a live migration to complete (Nova pauses the guest for the final copy)`,
  },
} as const;

export type MigrationsCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'show'; id: string }
  | { kind: 'abort' | 'force'; id: string }
  | { kind: 'error'; message: string };

// Ferry's IDs are made in lower case; one typed in upper case is the same ID
const ID = /^[mr]-[0-9a-f]{6}$/i;
const SHOWABLE = /^[mre]-[0-9a-f]{6}$/i;

export function helpText(): string {
  const verbs = Object.entries(GRAMMAR.verbs)
    .map(([verb, text]) => `  ${verb.padEnd(12)} ${translated(text)}`)
    .join('\n');
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${verbs}`;
}

export function parseMigrations(text: string): MigrationsCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const usage = t`Usage: ${GRAMMAR.usage}`;
  if (tokens.length === 0) return { kind: 'list' };
  const [first, second, ...rest] = tokens as [string, string | undefined, ...string[]];
  if (tokens.length === 1 && ['help', '--help', '-h'].includes(first)) return { kind: 'help' };
  // an ID with a word after it: the word is too many, not the ID unknown (operator trial)
  if (rest.length > 0 || (/^[mre]-/i.test(first) && second !== undefined))
    return { kind: 'error', message: t`Too many words.\n${usage}` };
  if (first === 'abort' || first === 'force') {
    if (!second)
      return {
        kind: 'error',
        message: t`Name the migration to ${first}, e.g. /migrations ${first} m-1a2b3c.\n${usage}`,
      };
    if (!ID.test(second)) return { kind: 'error', message: `${notAnId(second, 'm')}\n${usage}` };
    return { kind: first, id: second.toLowerCase() };
  }
  if (second === undefined && SHOWABLE.test(first)) return { kind: 'show', id: first.toLowerCase() };
  // what looks like one of Ferry's IDs but is not one is said so, as /drain says of a d-… (not "Unknown")
  const prefix = /^([mre])-/i.exec(first)?.[1]?.toLowerCase();
  if (second === undefined && prefix)
    return { kind: 'error', message: `${notAnId(first, prefix)}\n${usage}` };
  const guess = closest(first, ['abort', 'force', 'help'], 1)[0];
  return {
    kind: 'error',
    message: t`Unknown "${first}".${guess ? t` Did you mean ${guess}?` : ''}\n${usage}`,
  };
}

/** An ID mistyped, in the words of the kind its prefix names (`/migrations` shows all three). */
function notAnId(typed: string, prefix: string): string {
  if (prefix === 'r')
    return t`${typed} is not a request ID (r- and 6 hex digits; /migrations <r-…> shows one).`;
  if (prefix === 'e')
    return t`${typed} is not an evacuation ID (e- and 6 hex digits; /migrations <e-…> shows one).`;
  return t`${typed} is not a migration ID (m- and 6 hex digits; /migrations lists them).`;
}

type Answer = { text: string; blocks?: unknown[] };

/** The runs under way (each with the Nova outage its thread was told of, while it lasts), and the last ended. */
function listView(queries: Queries, timeZone: string, autoConfirm: boolean | undefined): Answer {
  const active = queries.activeRuns();
  const activeLine = (run: RunRecord) =>
    runSummaryLine(run, {
      outage: queries.novaOutageOf(run.id),
      timeZone,
      ...(autoConfirm === undefined ? {} : { autoConfirm }),
    });
  const allEnded = queries.endedRuns();
  const ended = allEnded.slice(0, 5);
  const more = allEnded.length - ended.length;
  const lines = [
    active.length
      ? t`*Active (${active.length})*\n${active.map(activeLine).join('\n')}`
      : t`*No migration is running.*`,
    ended.length ? t`*Recently ended*\n${ended.map((run) => runSummaryLine(run)).join('\n')}` : '',
    more ? t`…and ${more} more ended before these; \`/migrations <ID>\` shows any of them.` : '',
  ].filter(Boolean);
  return {
    text: active.length === 1 ? t`1 active migration` : t`${active.length} active migrations`,
    blocks: lines.map((line) => section(line)),
  };
}

function showView(queries: Queries, id: string, timeZone: string): Answer {
  if (id.startsWith('e-')) {
    const evacuation = queries.evacuation(id);
    return evacuation
      ? evacuationSummary(evacuation, { outage: queries.novaOutageOf(evacuation.id), timeZone })
      : { text: t`No evacuation ${id}.` };
  }
  const run = queries.run(id);
  if (!run) {
    const request = queries.request(id);
    return {
      text: request
        ? t`Request ${id} is ${stateWord(request.status)}; it has not started a migration.`
        : t`No migration or request ${id}.`,
    };
  }
  return runDetail(
    run,
    queries.move(run.requestId),
    timeZone,
    queries.novaOutageOf(run.id),
    queries.runControls(run.id),
  );
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseMigrations,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    const { queries } = services.core;
    const { timeZone } = services;
    switch (parsed.kind) {
      case 'list':
      case 'show':
        await services.core.permissions.mustRead(command.user_id);
        // answered only to the person who asked: in their language
        await reply(() =>
          parsed.kind === 'list'
            ? listView(queries, timeZone, services.autoConfirm)
            : showView(queries, parsed.id, timeZone),
        );
        return;
      case 'abort':
      case 'force': {
        const run = queries.run(parsed.id);
        if (!run) {
          await reply(() => t`No migration ${parsed.id}.`);
          return;
        }
        await reply(await controlRun(services, parsed.kind, run.id, command.user_id));
        return;
      }
    }
  },
});
