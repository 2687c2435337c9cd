/**
 * /hostcheck — check a compute host's nova.conf, libvirtd.conf and migration connectivity over SSH,
 * optionally together with the peer it would migrate to.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { hostCheckMessage, privateFindingsText } from '../src/chat/hostcheck-view.ts';
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
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
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
    // who may ask is the core's (requesters and on call), as for /migrate
    const answer = await services.core.hostChecks.check(command.user_id, parsed.host, parsed.peer);
    if (answer.kind === 'no-ssh') {
      await reply(
        t`Host checks need SSH: set FERRY_SSH_USER (and FERRY_SSH_KEY, FERRY_SSH_KNOWN_HOSTS); see README "Host check".`,
      );
      return;
    }
    await services.poster.post(command.channel_id, hostCheckMessage(answer.report, command.user_id));
    const secret = privateFindingsText(answer.report);
    if (secret) await reply(secret);
  },
});
