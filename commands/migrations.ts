/**
 * /migrations — see and steer running migrations.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { evacuationSummary } from '../src/chat/evacuation-view.ts';
import { closest } from '../src/chat/names.ts';
import { runDetail, runSummaryLine, section } from '../src/chat/render.ts';
import type { RunRecord } from '../src/core/model.ts';
import type { FerryStore } from '../src/store/ferry-store.ts';

export const GRAMMAR = {
  command: '/migrations',
  description: 'List, inspect, abort or force-complete migrations',
  usage: '/migrations [<id> | abort <id> | force <id> | help]',
  summary: 'List active migrations, show one with its history, or abort / force-complete one (on-call only).',
  verbs: {
    '(none)': 'active migrations, and the last five that ended',
    '<id>': 'one migration (m-…), request (r-…) or evacuation (e-…) with its history',
    'abort <id>':
      'cancel a running live migration (the server stays where it was), or revert a cold one awaiting confirmation',
    'force <id>': 'force a live migration to complete (Nova pauses the guest for the final copy)',
  },
} as const;

export type MigrationsCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'show'; id: string }
  | { kind: 'abort' | 'force'; id: string }
  | { kind: 'error'; message: string };

const ID = /^[mr]-[0-9a-f]{6}$/;
const SHOWABLE = /^[mre]-[0-9a-f]{6}$/;

export function helpText(): string {
  const verbs = Object.entries(GRAMMAR.verbs)
    .map(([verb, text]) => `  ${verb.padEnd(12)} ${text}`)
    .join('\n');
  return `${GRAMMAR.summary}\nUsage: ${GRAMMAR.usage}\n${verbs}`;
}

export function parseMigrations(text: string): MigrationsCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const usage = `Usage: ${GRAMMAR.usage}`;
  if (tokens.length === 0) return { kind: 'list' };
  const [first, second, ...rest] = tokens as [string, string | undefined, ...string[]];
  if (tokens.length === 1 && ['help', '--help', '-h'].includes(first)) return { kind: 'help' };
  if (rest.length > 0) return { kind: 'error', message: `Too many words.\n${usage}` };
  if (first === 'abort' || first === 'force') {
    if (!second)
      return {
        kind: 'error',
        message: `Name the migration to ${first}, e.g. /migrations ${first} m-1a2b3c.\n${usage}`,
      };
    if (!ID.test(second))
      return { kind: 'error', message: `"${second}" is not a migration ID (m-…, six hex digits).\n${usage}` };
    return { kind: first, id: second };
  }
  if (second === undefined && SHOWABLE.test(first)) return { kind: 'show', id: first };
  const guess = closest(first, ['abort', 'force', 'help'], 1)[0];
  return { kind: 'error', message: `Unknown "${first}".${guess ? ` Did you mean ${guess}?` : ''}\n${usage}` };
}

function findRun(store: FerryStore, id: string): RunRecord | undefined {
  if (id.startsWith('r-')) {
    const runId = store.getMove(id)?.runId;
    return runId ? store.getRun(runId) : undefined;
  }
  return store.getRun(id);
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseMigrations,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    const { store } = services;
    switch (parsed.kind) {
      case 'list': {
        const active = store.activeRuns();
        const ended = store
          .runs()
          .filter((run) => run.state === 'done')
          .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
          .slice(0, 5);
        const lines = [
          active.length
            ? `*Active (${active.length})*\n${active.map(runSummaryLine).join('\n')}`
            : '*No migration is running.*',
          ended.length ? `*Recently ended*\n${ended.map(runSummaryLine).join('\n')}` : '',
        ].filter(Boolean);
        await reply(
          `${active.length} active migration(s)`,
          lines.map((line) => section(line)),
        );
        return;
      }
      case 'show': {
        const evacuation = parsed.id.startsWith('e-') ? store.getEvacuation(parsed.id) : undefined;
        if (parsed.id.startsWith('e-')) {
          if (!evacuation) {
            await reply(`No evacuation ${parsed.id}.`);
            return;
          }
          const view = evacuationSummary(evacuation);
          await reply(view.text, view.blocks);
          return;
        }
        const run = findRun(store, parsed.id);
        if (!run) {
          const request = store.getRequest(parsed.id);
          await reply(
            request
              ? `Request ${parsed.id} is ${request.status}; it has not started a migration.`
              : `No migration or request ${parsed.id}.`,
          );
          return;
        }
        const view = runDetail(run, store.getMove(run.requestId), services.timeZone);
        await reply(view.text, view.blocks);
        return;
      }
      case 'abort':
      case 'force': {
        const run = findRun(store, parsed.id);
        if (!run) {
          await reply(`No migration ${parsed.id}.`);
          return;
        }
        await reply(await services.flow.control(parsed.kind, run.id, command.user_id));
        return;
      }
    }
  },
});
