/**
 * /evacuate — empty a compute host for maintenance, through the same approval flow as /migrate.
 *
 * Grammar, help and listener in one place; the help text is generated from GRAMMAR.
 */
import { defineCommand } from '../src/chat/command.ts';
import { nameList, nameProblem } from '../src/chat/names.ts';
import { OptionReader, repeatedOption, wholeNumber } from '../src/chat/options.ts';
import { timed } from '../src/chat/services.ts';
import { showRequest } from '../src/chat/shown-request.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { closest } from '../src/messages/closest.ts';
import { evacuationButtons, showEvacuation } from './evacuate/buttons.ts';

export const GRAMMAR = {
  command: '/evacuate',
  description: k`Plan and request emptying a compute host (needs on-call approval)`,
  usage:
    '/evacuate <host> [to <host>] [--concurrency N] [--reenable] [--max-copy <GB>] [--cold-fallback] [--skip <server,…>] [--skip-project <project,…>] [--window <id>] [--dry-run] | <e-…>',
  summary: k`Plan moving every server off a host, then (once approved) disable its nova-compute and move them a few at a time. /evacuate e-… shows an evacuation.`,
  flags: {
    '--concurrency': k`how many moves run at once (default 2, at most 10); never two onto one destination`,
    '--max-copy': k`the most local disk (GB) one move may copy; a server with more stays and is named in the plan`,
    '--cold-fallback': k`if a live move stops converging, the stall policy may abort it and migrate the server cold (it is stopped)`,
    '--reenable': k`re-enable the host's nova-compute when every server has moved`,
    '--skip': k`leave these servers where they are (names or IDs, comma-separated); shown in the plan and the report`,
    '--skip-project': k`leave every server of these projects where it is (names or IDs, comma-separated)`,
    '--window': k`approve ahead for a maintenance window (w-…): starts when it starts, starts no new moves after it ends`,
    '--dry-run': k`only show the plan; nothing is requested`,
  },
  examples: [
    '/evacuate compute1',
    '/evacuate compute1 to compute2 --concurrency 3',
    '/evacuate compute3 --dry-run',
    '/evacuate compute1 --skip db-1,db-2 --skip-project batch',
  ],
} as const;

export const MAX_CONCURRENCY = 10;
/** `--max-copy`, in GB: a petabyte is beyond any local disk */
const MAX_COPY_GB = 1_000_000;

export type EvacuateCommand =
  | { kind: 'help' }
  | {
      kind: 'evacuate';
      host: string;
      destination?: string;
      concurrency: number;
      reenable: boolean;
      dryRun: boolean;
      windowId?: string;
      maxCopyGb?: number;
      coldFallback?: true;
      skip?: string[];
      skipProjects?: string[];
    }
  | { kind: 'show'; id: string }
  | { kind: 'error'; message: string };

// Ferry's IDs are made in lower case; one typed in upper case is the same ID
const EVACUATION_ID = /^e-[0-9a-f]{6}$/i;

export function helpText(): string {
  const flags = Object.entries(GRAMMAR.flags)
    .map(([flag, text]) => `  ${flag.padEnd(15)} ${translated(text)}`)
    .join('\n');
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${flags}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseEvacuate(text: string): EvacuateCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || (tokens.length === 1 && ['help', '--help', '-h'].includes(tokens[0] as string)))
    return { kind: 'help' };
  const error = (message: string): EvacuateCommand => ({
    kind: 'error',
    message: t`${message}\nUsage: ${GRAMMAR.usage} (try /evacuate help)`,
  });
  // `/evacuate <e-…>` shows that evacuation, as `/drain <d-…>` shows a drain
  const [first, ...more] = tokens as [string, ...string[]];
  if (EVACUATION_ID.test(first)) {
    const id = first.toLowerCase();
    if (more.length)
      return error(t`${first} is an evacuation's ID: /evacuate ${id} shows it, with nothing after it.`);
    return { kind: 'show', id };
  }
  const repeated = repeatedOption(tokens, GRAMMAR.flags);
  if (repeated) return error(repeated);
  const positional: string[] = [];
  let concurrency = 2;
  let reenable = false;
  let dryRun = false;
  let windowId: string | undefined;
  let maxCopyGb: number | undefined;
  let coldFallback = false;
  const skip: string[] = [];
  const skipProjects: string[] = [];
  const words = new OptionReader(tokens);
  for (let token = words.next(); token !== undefined; token = words.next()) {
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    if (token === '--reenable') reenable = true;
    else if (token === '--cold-fallback') coldFallback = true;
    else if (token === '--dry-run') dryRun = true;
    else if (token === '--skip' || token === '--skip-project') {
      const names = nameList(token, words.list());
      if ('problem' in names) return error(names.problem);
      (token === '--skip' ? skip : skipProjects).push(...names);
    } else if (token === '--window') {
      const id = words.value();
      // Ferry's IDs are made in lower case; one typed in upper case is the same ID
      if (!id || !/^w-[0-9a-f]{6}$/i.test(id))
        return error(t`--window takes a window ID (w-…), got "${id ?? ''}".`);
      windowId = id.toLowerCase();
    } else if (token === '--concurrency' || token === '--max-copy') {
      const value = wholeNumber(
        token,
        words.value(),
        token === '--concurrency' ? MAX_CONCURRENCY : MAX_COPY_GB,
      );
      if (typeof value === 'string') return error(value);
      if (token === '--concurrency') concurrency = value;
      else maxCopyGb = value;
    } else {
      const guess = closest(token, Object.keys(GRAMMAR.flags), 1)[0];
      return error(t`Unknown option ${token}.${guess ? t` Did you mean ${guess}?` : ''}`);
    }
    const unread = words.unread();
    if (unread) return error(unread);
  }
  const [host, keyword, destination, ...rest] = positional;
  if (!host) return error(t`Name the host to empty.`);
  const hostProblem = nameProblem('host', host);
  if (hostProblem) return error(t`Cannot use that host: ${hostProblem}.`);
  if (keyword !== undefined && keyword !== 'to')
    return error(t`Expected "to <host>" after the host, got "${keyword}".`);
  if (keyword === 'to' && !destination) return error(t`Name the destination after "to".`);
  if (rest.length) return error(t`Unexpected "${rest.join(' ')}".`);
  if (destination) {
    const problem = nameProblem('host', destination);
    if (problem) return error(t`Cannot use that destination: ${problem}.`);
  }
  return {
    kind: 'evacuate',
    host,
    ...(destination ? { destination } : {}),
    concurrency,
    reenable,
    dryRun,
    ...(windowId ? { windowId } : {}),
    ...(maxCopyGb !== undefined ? { maxCopyGb } : {}),
    ...(coldFallback ? { coldFallback: true as const } : {}),
    ...(skip.length ? { skip } : {}),
    ...(skipProjects.length ? { skipProjects } : {}),
  };
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseEvacuate,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    if (parsed.kind === 'show')
      return showRequest(services, command.user_id, reply, () => services.core.evacuations.get(parsed.id));
    if (parsed.kind !== 'evacuate') return;
    const asked = await timed(services, '/evacuate', () =>
      services.core.evacuations.ask({
        user: command.user_id,
        host: parsed.host,
        ...(parsed.destination ? { destination: parsed.destination } : {}),
        concurrency: parsed.concurrency,
        reenable: parsed.reenable,
        dryRun: parsed.dryRun,
        ...(parsed.windowId ? { windowId: parsed.windowId } : {}),
        ...(parsed.maxCopyGb !== undefined ? { maxCopyGb: parsed.maxCopyGb } : {}),
        ...(parsed.coldFallback ? { coldFallback: true as const } : {}),
        ...(parsed.skip ? { skip: parsed.skip } : {}),
        ...(parsed.skipProjects ? { skipProjects: parsed.skipProjects } : {}),
      }),
    );
    await showEvacuation(services, asked, command.channel_id, reply);
  },
  buttons: evacuationButtons,
});
