/**
 * /whereis — which compute host a server is on, and its state, as Nova says now (read-only).
 *
 * Grammar, help, listener and renderer in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { nameProblem } from '../src/chat/names.ts';
import { code, escapeMrkdwn } from '../src/chat/render.ts';
import type { WhereIs } from '../src/core/queries.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { sentences } from '../src/messages/units.ts';

export const GRAMMAR = {
  command: '/whereis',
  description: k`Which compute host a server is on, and its state`,
  usage: '/whereis <server>',
  summary: k`Say which compute host a server (name or ID) is on, with its status, task state and power state as Nova says now.`,
  examples: ['/whereis server-x', '/whereis 6f1c0e0e-2b7a-4c39-9a53-2f0c1d4e5a6b'],
} as const;

export type WhereisCommand =
  | { kind: 'help' }
  | { kind: 'where'; server: string }
  | { kind: 'error'; message: string };

export function helpText(): string {
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseWhereis(text: string): WhereisCommand {
  const [server, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!server || ['help', '--help', '-h'].includes(server)) return { kind: 'help' };
  if (rest.length) return { kind: 'error', message: t`Too many words.\nUsage: ${GRAMMAR.usage}` };
  const problem = nameProblem('server', server);
  if (problem)
    return { kind: 'error', message: t`Cannot use that server: ${problem}.\nUsage: ${GRAMMAR.usage}` };
  return { kind: 'where', server };
}

/** Nova's power states (nova/compute/power_state.py), by their number. */
const POWER_STATES: Record<number, string> = {
  0: 'NOSTATE',
  1: 'RUNNING',
  3: 'PAUSED',
  4: 'SHUTDOWN',
  6: 'CRASHED',
  7: 'SUSPENDED',
};

/** The answer: the host and the states, or no such server with the names it may mean. */
export function whereisText(where: WhereIs): string {
  if (where.kind === 'not-found') {
    const names = where.suggestions;
    return sentences(
      t`No server named or with ID "${escapeMrkdwn(where.query)}" exists in any project.`,
      names.length
        ? t`Did you mean ${names.map(escapeMrkdwn).join(t`, `)}?`
        : t`Check the name, or use the server ID.`,
    );
  }
  const { server } = where;
  const name = `*${escapeMrkdwn(server.name)}* (${code(server.id)})`;
  const place = server.host
    ? t`${name} is on compute host ${code(server.host)}.`
    : t`${name} is on no compute host: Nova names none (shelved, or never scheduled).`;
  const power = POWER_STATES[server.powerState] ?? String(server.powerState);
  // Nova's task state is null when no task runs: said so, not as a made-up value
  const states = server.taskState
    ? t`Status ${code(server.status)}, task state ${code(server.taskState)}, power state ${code(power)}.`
    : t`Status ${code(server.status)}, no task running, power state ${code(power)}.`;
  return `${place}\n${states}`;
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseWhereis,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    if (parsed.kind !== 'where') return;
    // servers and hosts are not for everyone in the workspace: those who may read the lists
    await services.core.permissions.mustRead(command.user_id);
    const where = await services.core.queries.whereIs(parsed.server);
    // answered only to the person who asked: in their language
    await reply(() => whereisText(where));
  },
});
