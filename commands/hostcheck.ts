/**
 * /hostcheck — check a compute host's nova.conf, libvirtd.conf and migration connectivity over SSH,
 * optionally together with the peer it would migrate to.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { nameProblem } from '../src/chat/names.ts';
import { k, t, translated } from '../src/i18n/index.ts';

export const GRAMMAR = {
  command: '/hostcheck',
  description: k`Check a compute host's nova.conf, libvirtd.conf and migration connectivity over SSH`,
  usage: '/hostcheck <host> [<peer>]',
  summary: k`Read a compute host's nova.conf and libvirtd.conf over SSH and test libvirt and nova-user SSH to its peer.`,
  examples: ['/hostcheck compute1', '/hostcheck compute1 compute2'],
} as const;

export type HostcheckCommand =
  | { kind: 'help' }
  | { kind: 'check'; host: string; peer?: string }
  | { kind: 'error'; message: string };

export function helpText(): string {
  return `${translated(GRAMMAR.summary)}\n${t`Usage:`} ${GRAMMAR.usage}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseHostcheck(text: string): HostcheckCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const [host, peer, ...rest] = tokens;
  if (!host || ['help', '--help', '-h'].includes(host)) return { kind: 'help' };
  if (rest.length) return { kind: 'error', message: t`Too many words.\nUsage: ${GRAMMAR.usage}` };
  for (const name of [host, peer].filter((n): n is string => Boolean(n))) {
    const problem = nameProblem('host', name);
    if (problem)
      return { kind: 'error', message: t`Cannot use that host: ${problem}.\nUsage: ${GRAMMAR.usage}` };
  }
  if (peer === host) return { kind: 'error', message: t`Name two different hosts, or one.` };
  return { kind: 'check', host, ...(peer ? { peer } : {}) };
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseHostcheck,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    if (parsed.kind !== 'check') return;
    await services.flow.hostCheck({
      host: parsed.host,
      ...(parsed.peer ? { peer: parsed.peer } : {}),
      channel: command.channel_id,
      user: command.user_id,
      reply,
    });
  },
});
