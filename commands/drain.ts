/**
 * /drain — a rolling drain of many hosts: the plan, one approval, then host after host.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { drainPlanMessage } from '../src/chat/drain-plan-view.ts';
import { drainLine } from '../src/chat/drain-view.ts';
import { nameList, nameProblem } from '../src/chat/names.ts';
import { OptionReader, repeatedOption, wholeNumber } from '../src/chat/options.ts';
import { postedCause } from '../src/chat/recovery.ts';
import { type FerryServices, timed } from '../src/chat/services.ts';
import { showRequest } from '../src/chat/shown-request.ts';
import type { DrainInput } from '../src/core/drain/drains.ts';
import type { DrainRequest } from '../src/core/model/drain.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { closest } from '../src/messages/closest.ts';
import { skippedStaysAwayText } from '../src/messages/drain.ts';
import { sentences } from '../src/messages/units.ts';
import { controlDrain, drainButtons } from './drain/buttons.ts';

export const GRAMMAR = {
  command: '/drain',
  description: k`Drain many compute hosts a few at a time for maintenance, servers back home after`,
  usage:
    '/drain <host> [<host>…] | --zone <zone> | --aggregate <name> [--hosts-at-once N] [--concurrency M] [--return] [--max-copy <GB>] [--cold-fallback] [--skip <server,…>] [--skip-project <project,…>] [--window <w-…>] [--reboot [--kernel <version>] [--max-failures N]] [--dry-run] | list | <d-…> [skip <host>]',
  summary: k`Empty hosts a few at a time for their maintenance. The plan shows each step with its servers, how each moves, and whether the hosts still in service can hold them (memory, vCPU, disk, hypervisors, server groups); one on-call approval covers the walk. Each host is disabled and emptied, then waits for you to press Host is back (a reboot is noticed too); it is enabled again, with --return its servers come home, and the next step starts. Pause, Resume, Stop and Skip host are buttons; /drain d-… skip <host> leaves out a host whose turn has not come (on-call). /drain list shows the drains, /drain d-… one of them.`,
  flags: {
    '--zone': k`every compute host of this availability zone, by name`,
    '--aggregate': k`every compute host of this host aggregate (a rack, a hardware generation), by name`,
    '--hosts-at-once': k`hosts emptied together in one step (default 1, at most 20)`,
    '--concurrency': k`moves at once per host (default 2, at most 10)`,
    '--return': k`each step puts the servers back on their host once it is back, before the next step`,
    '--max-copy': k`the most local disk (GB) one move may copy; a server with more stays and is named in the plan`,
    '--cold-fallback': k`if a live move stops converging, the stall policy may abort it and migrate the server cold (it is stopped)`,
    '--skip': k`leave these servers on their hosts (names or IDs, comma-separated): a host keeping one is not declared empty, and the drain stops there for Continue or Skip host`,
    '--skip-project': k`leave every server of these projects on its host (names or IDs, comma-separated), as --skip`,
    '--window': k`start with this maintenance window (approved ahead); no new host starts after it ends`,
    '--reboot': k`Ferry reboots each emptied host (FERRY_REBOOT_COMMAND over SSH, or the BMC) and checks it came back before enabling it; a zone or aggregate goes longest-up first`,
    '--kernel': k`with --reboot: the kernel (uname -r) each host must run after; hosts already on it are left out`,
    '--max-failures': k`with --reboot: this many hosts failing their reboot pause the drain (default 1)`,
    '--dry-run': k`show the plan only: nothing is requested`,
  },
  examples: [
    '/drain compute1 compute2 compute3',
    '/drain --zone az1 --hosts-at-once 2 --return',
    '/drain --aggregate rack-a --dry-run',
    '/drain --zone az1 --return --reboot --kernel 6.1.0-28-amd64',
    '/drain list',
  ],
} as const;

const MAX_HOSTS_AT_ONCE = 20;
const MAX_CONCURRENCY = 10;
/** Slack's text field holds far more, but a drain of more hosts than this belongs in several drains */
const MAX_HOSTS = 500;
/** `--max-copy`, in GB: a petabyte is beyond any local disk */
const MAX_COPY_GB = 1_000_000;
/** `--max-failures`: more failed reboots than this is no longer a campaign */
const MAX_FAILURES = 100;
/** a kernel release as `uname -r` prints it (6.1.0-28-amd64, 5.14.0-427.13.1.el9_4.x86_64) */
const KERNEL = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$/;

export type DrainCommand =
  | { kind: 'help' }
  | ({ kind: 'plan'; dryRun: boolean; windowId?: string; skip?: string[]; skipProjects?: string[] } & Omit<
      DrainRequest,
      'requestedBy' | 'edits'
    >)
  | { kind: 'list' }
  | { kind: 'show'; id: string }
  | { kind: 'skip'; id: string; host: string }
  | { kind: 'error'; message: string };

// Ferry's IDs are made in lower case; one typed in upper case is the same ID
const DRAIN_ID = /^d-[0-9a-f]{6}$/i;
const WINDOW_ID = /^w-[0-9a-f]{6}$/i;

export function helpText(): string {
  const flags = Object.entries(GRAMMAR.flags)
    .map(([flag, text]) => `  ${flag.padEnd(17)} ${translated(text)}`)
    .join('\n');
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${flags}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseDrain(text: string): DrainCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || (tokens.length === 1 && ['help', '--help', '-h'].includes(tokens[0] as string)))
    return { kind: 'help' };
  if (tokens.length === 1 && tokens[0] === 'list') return { kind: 'list' };
  if (tokens.length === 1 && DRAIN_ID.test(tokens[0] as string))
    return { kind: 'show', id: (tokens[0] as string).toLowerCase() };
  // `/drain <id> skip <host>` with a mistyped ID is no drain of hosts named "skip" and the ID
  if (tokens[1] === 'skip' && !DRAIN_ID.test(tokens[0] as string) && /^d-/i.test(tokens[0] as string))
    return {
      kind: 'error',
      message: t`${tokens[0] as string} is not a drain ID (d- and 6 hex digits; /drain list shows them). Usage: /drain <d-…> skip <host>`,
    };
  if (DRAIN_ID.test(tokens[0] as string)) {
    const [typed, verb, host] = tokens as [string, string?, string?];
    const id = typed.toLowerCase();
    const problem = host ? nameProblem('host', host) : t`name the host`;
    if (verb !== 'skip' || tokens.length !== 3 || problem)
      return {
        kind: 'error',
        message: t`${problem && verb === 'skip' ? t`Cannot skip that host: ${problem}. ` : ''}Usage: /drain ${id} skip <host>`,
      };
    return { kind: 'skip', id, host: host as string };
  }
  const error = (message: string): DrainCommand => ({
    kind: 'error',
    message: t`${message}\nUsage: ${GRAMMAR.usage} (try /drain help)`,
  });
  const hosts: string[] = [];
  let zone: string | undefined;
  let aggregate: string | undefined;
  let hostsAtOnce = 1;
  let concurrency = 2;
  let returnHome = false;
  let dryRun = false;
  let windowId: string | undefined;
  let maxCopyGb: number | undefined;
  let coldFallback = false;
  let reboot = false;
  let kernel: string | undefined;
  let maxFailures: number | undefined;
  const skip: string[] = [];
  const skipProjects: string[] = [];
  const repeated = repeatedOption(tokens, GRAMMAR.flags);
  if (repeated) return error(repeated);
  const words = new OptionReader(tokens);
  for (let flag = words.next(); flag !== undefined; flag = words.next()) {
    if (!flag.startsWith('--')) {
      const problem = nameProblem('host', flag);
      if (problem) return error(t`Cannot use that host: ${problem}.`);
      // a host said twice is a typo for another host or a paste twice: which was meant is not guessed
      if (hosts.includes(flag)) return error(t`${flag} is given twice: name each host once.`);
      hosts.push(flag);
      continue;
    }
    if (flag === '--return') returnHome = true;
    else if (flag === '--cold-fallback') coldFallback = true;
    else if (flag === '--dry-run') dryRun = true;
    else if (flag === '--skip' || flag === '--skip-project') {
      const names = nameList(flag, words.list());
      if ('problem' in names) return error(names.problem);
      (flag === '--skip' ? skip : skipProjects).push(...names);
    } else if (flag === '--window') {
      const id = words.value();
      if (!id || !WINDOW_ID.test(id))
        return error(
          t`--window takes a maintenance window ID such as w-1a2b3c (see /maintenance list), got "${id ?? ''}".`,
        );
      windowId = id.toLowerCase();
    } else if (flag === '--zone') {
      const name = words.value();
      if (!name || name.startsWith('--')) return error(t`--zone takes an availability zone name.`);
      const problem = nameProblem('zone', name);
      if (problem) return error(t`Cannot use that zone: ${problem}.`);
      zone = name;
    } else if (flag === '--aggregate') {
      const name = words.value();
      if (!name || name.startsWith('--')) return error(t`--aggregate takes a host aggregate name.`);
      const problem = nameProblem('zone', name);
      if (problem) return error(t`Cannot use that aggregate: ${problem}.`);
      aggregate = name;
    } else if (flag === '--hosts-at-once') {
      const parsed = wholeNumber(flag, words.value(), MAX_HOSTS_AT_ONCE);
      if (typeof parsed === 'string') return error(parsed);
      hostsAtOnce = parsed;
    } else if (flag === '--concurrency') {
      const parsed = wholeNumber(flag, words.value(), MAX_CONCURRENCY);
      if (typeof parsed === 'string') return error(parsed);
      concurrency = parsed;
    } else if (flag === '--reboot') reboot = true;
    else if (flag === '--kernel') {
      const version = words.value();
      if (!version || !KERNEL.test(version))
        return error(t`--kernel takes a kernel release as uname -r prints it, such as 6.1.0-28-amd64.`);
      kernel = version;
    } else if (flag === '--max-failures') {
      const parsed = wholeNumber(flag, words.value(), MAX_FAILURES);
      if (typeof parsed === 'string') return error(parsed);
      maxFailures = parsed;
    } else if (flag === '--max-copy') {
      const parsed = wholeNumber(flag, words.value(), MAX_COPY_GB);
      if (typeof parsed === 'string') return error(parsed);
      maxCopyGb = parsed;
    } else {
      const guess = closest(flag, Object.keys(GRAMMAR.flags), 1)[0];
      return error(t`Unknown option ${flag}.${guess ? t` Did you mean ${guess}?` : ''}`);
    }
    const unread = words.unread();
    if (unread) return error(unread);
  }
  if ([hosts.length > 0, zone, aggregate].filter(Boolean).length > 1)
    return error(t`Name hosts, a zone or an aggregate: one of them.`);
  if (!zone && !aggregate && hosts.length === 0)
    return error(t`Name the hosts to drain, or --zone <zone>, or --aggregate <name>.`);
  if (hosts.length > MAX_HOSTS) return error(t`At most ${MAX_HOSTS} hosts in one drain.`);
  if (!reboot && (kernel !== undefined || maxFailures !== undefined))
    return error(t`--kernel and --max-failures go with --reboot.`);
  return {
    kind: 'plan',
    hosts,
    ...(zone ? { zone } : {}),
    ...(aggregate ? { aggregate } : {}),
    hostsAtOnce,
    concurrency,
    returnHome,
    dryRun,
    ...(windowId ? { windowId } : {}),
    ...(maxCopyGb !== undefined ? { maxCopyGb } : {}),
    ...(coldFallback ? { coldFallback: true as const } : {}),
    ...(skip.length ? { skip } : {}),
    ...(skipProjects.length ? { skipProjects } : {}),
    ...(reboot
      ? { reboot: { maxFailures: maxFailures ?? 1, ...(kernel !== undefined ? { kernel } : {}) } }
      : {}),
  };
}

/**
 * A rolling drain: a dry run's plan is posted alone; a request gets its one message (status and
 * buttons, updated in place until the end) with the plan as the first post of its thread.
 */
export async function submitDrain(
  services: FerryServices,
  ask: DrainInput,
  channel: string,
  reply: (say: () => string) => Promise<void>,
): Promise<void> {
  const { poster, threads } = services;
  const { request, plan } = await timed(services, '/drain', () => services.core.drains.ask(ask));
  const notPosted = () =>
    reply(
      () =>
        t`Ferry could not post the drain in this channel. Is the Ferry app a member of it? (/invite @ferry)`,
    );
  if (request.status === 'dry-run') {
    if (!(await poster.post(channel, drainPlanMessage(plan, ask.user)))) await notPosted();
    return;
  }
  const posted = poster.post(channel, threads.requestView(request), {
    remember: { subject: request.id, field: 'ts' },
    cause: postedCause(request.id),
  });
  // the plan is written now, to follow the drain's message once that is sent: a Ferry killed before
  // it read Slack's answer to that message still leaves the plan for the next one to send
  const planned = poster.post(channel, drainPlanMessage(plan, ask.user, true), { threadOf: request.id });
  if (!(await posted)) return notPosted();
  await planned;
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseDrain,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    const { drains, permissions } = services.core;
    if (parsed.kind === 'show')
      return showRequest(services, command.user_id, reply, () => drains.get(parsed.id));
    if (parsed.kind === 'list') {
      await permissions.mustRead(command.user_id);
      return reply(() => {
        const listed = drains.list().slice(0, 20);
        if (listed.length === 0) return t`No drain has been asked for.`;
        return t`*Drains*\n${listed.map((d) => drainLine(d, services.timeZone)).join('\n')}`;
      });
    }
    if (parsed.kind === 'skip') {
      const drain = await controlDrain(services, 'skip', `${parsed.id}:${parsed.host}`, command.user_id);
      const skipped = drain.drain.hosts.find((h) => h.host === parsed.host)?.skipped;
      return reply(() =>
        sentences(t`Skipped ${parsed.host} in drain ${parsed.id}.`, skippedStaysAwayText(skipped)),
      );
    }
    if (parsed.kind !== 'plan') return;
    // the parsed command is the drain's ask itself
    const { kind: _, ...ask } = parsed;
    await submitDrain(services, { ...ask, user: command.user_id }, command.channel_id, reply);
  },
  buttons: drainButtons,
});
