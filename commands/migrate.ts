/**
 * /migrate — ask to move one server to another compute host.
 *
 * Grammar, help and listener in one place: the help text is generated from GRAMMAR, which is also
 * what the parser reads, so the two cannot drift apart.
 */
import { defineCommand } from '../src/chat/command.ts';
import { nameProblem } from '../src/chat/names.ts';
import { OptionReader, repeatedOption, wholeNumber } from '../src/chat/options.ts';
import { postedCause } from '../src/chat/recovery.ts';
import { section } from '../src/chat/render.ts';
import { timed } from '../src/chat/services.ts';
import type { MoveMode } from '../src/core/model/types.ts';
import { k, t, translated } from '../src/i18n/index.ts';
import { closest } from '../src/messages/closest.ts';
import { runButtons } from './migrate/buttons.ts';

export const GRAMMAR = {
  command: '/migrate',
  description: k`Check and request a server move (needs on-call approval)`,
  usage:
    '/migrate <server> [to <host>] [--live | --block-migration | --cold] [--max-copy <GB>] [--cold-fallback] [--dry-run]',
  summary: k`Check every precondition of moving a server, then ask on-call to approve it.`,
  flags: {
    '--live': k`live migration, the default: Nova copies local disks only if they are not on shared storage`,
    '--block-migration': k`live migration that always copies the local disks (alias --block)`,
    '--block': k`same as --block-migration`,
    '--cold': k`cold migration: the server restarts on the new host, then Ferry confirms it`,
    '--max-copy': k`the most local disk (GB) the move may copy; a server with more is refused, and its check says so`,
    '--cold-fallback': k`if the live migration stops converging, the stall policy may abort it and migrate the server cold (it is stopped)`,
    '--dry-run': k`only show the checks; nothing is requested`,
  },
  examples: [
    '/migrate server-x to compute2',
    '/migrate db-primary --dry-run',
    '/migrate batch-7 to compute3 --cold',
    '/migrate big-db to compute2 --max-copy 200',
  ],
} as const;

type Flag = keyof typeof GRAMMAR.flags;

/** a petabyte: beyond it a typed number is a mistake, not a limit */
const MAX_COPY_GB = 1_000_000;

const MODE_OF: Partial<Record<Flag, MoveMode>> = {
  '--live': 'live',
  '--block-migration': 'block',
  '--block': 'block',
  '--cold': 'cold',
};

export type MigrateCommand =
  | { kind: 'help' }
  | {
      kind: 'move';
      server: string;
      destination?: string;
      mode: MoveMode;
      dryRun: boolean;
      maxCopyGb?: number;
      coldFallback?: true;
    }
  | { kind: 'error'; message: string };

export function helpText(): string {
  const flags = Object.entries(GRAMMAR.flags)
    .map(([flag, text]) => `  ${flag.padEnd(18)} ${translated(text)}`)
    .join('\n');
  return `${translated(GRAMMAR.summary)}\n${t`Usage: ${GRAMMAR.usage}`}\n${flags}\n${t`Examples:`}\n${GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

export function parseMigrate(text: string): MigrateCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (
    tokens.length === 0 ||
    (tokens.length === 1 && ['help', '--help', '-h'].includes(tokens[0] as string))
  ) {
    return { kind: 'help' };
  }
  const repeated = repeatedOption(tokens, GRAMMAR.flags);
  if (repeated) return error(repeated);
  const positional: string[] = [];
  const modes = new Set<MoveMode>();
  let dryRun = false;
  let maxCopyGb: number | undefined;
  let coldFallback = false;
  const words = new OptionReader(tokens);
  for (let token = words.next(); token !== undefined; token = words.next()) {
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    if (!(token in GRAMMAR.flags)) {
      const guess = closest(token, Object.keys(GRAMMAR.flags), 1)[0];
      return error(t`Unknown option ${token}.${guess ? t` Did you mean ${guess}?` : ''}`);
    }
    if (token === '--max-copy') {
      const value = wholeNumber(token, words.value(), MAX_COPY_GB);
      if (typeof value === 'string') return error(value);
      maxCopyGb = value;
    } else if (token === '--dry-run') dryRun = true;
    else if (token === '--cold-fallback') coldFallback = true;
    else modes.add(MODE_OF[token as Flag] as MoveMode);
    const unread = words.unread();
    if (unread) return error(unread);
  }
  if (modes.size > 1)
    return error(
      t`Choose one way to move: ${[...modes].map((m) => `--${m === 'block' ? 'block-migration' : m}`).join(' or ')}.`,
    );
  if (coldFallback && modes.has('cold'))
    return error(t`--cold-fallback is for a live move: --cold moves it cold already.`);
  const [server, keyword, destination, ...rest] = positional;
  if (!server) return error(t`Name the server to move.`);
  const serverProblem = nameProblem('server', server);
  if (serverProblem) return error(t`Cannot use that server: ${serverProblem}.`);
  if (keyword !== undefined && keyword !== 'to')
    return error(t`Expected "to <host>" after the server, got "${keyword}".`);
  if (keyword === 'to' && !destination) return error(t`Name the host after "to".`);
  if (rest.length > 0) return error(t`Unexpected "${rest.join(' ')}".`);
  if (destination) {
    const hostProblem = nameProblem('host', destination);
    if (hostProblem) return error(t`Cannot use that host: ${hostProblem}.`);
  }
  return {
    kind: 'move',
    server,
    ...(destination ? { destination } : {}),
    mode: [...modes][0] ?? 'live',
    dryRun,
    ...(maxCopyGb !== undefined ? { maxCopyGb } : {}),
    ...(coldFallback ? { coldFallback: true as const } : {}),
  };
}

function error(message: string): MigrateCommand {
  return { kind: 'error', message: t`${message}\nUsage: ${GRAMMAR.usage} (try /migrate help)` };
}

export const command = defineCommand({
  name: GRAMMAR.command,
  usage: GRAMMAR.usage,
  description: GRAMMAR.description,
  parse: parseMigrate,
  help: helpText,
  run: async (parsed, command, reply, services) => {
    if (parsed.kind !== 'move') return;
    const { poster, threads } = services;
    const channel = command.channel_id;
    const { request: record, plan } = await timed(services, '/migrate', () =>
      services.core.moves.ask({
        user: command.user_id,
        server: parsed.server,
        ...(parsed.destination ? { destination: parsed.destination } : {}),
        mode: parsed.mode,
        dryRun: parsed.dryRun,
        ...(parsed.maxCopyGb !== undefined ? { maxCopyGb: parsed.maxCopyGb } : {}),
        ...(parsed.coldFallback ? { coldFallback: true as const } : {}),
      }),
    );
    const posted = poster.post(channel, threads.requestView(record), {
      remember: { subject: record.id, field: 'ts' },
      cause: postedCause(record.id),
    });
    // its first reply is written now, to follow the request once that is sent: a Ferry killed before it
    // read Slack's answer to the request still leaves the reply for the next one to send. A blocked
    // move's failed checks are said with their fixes in its message alone, not again here
    const first =
      plan.ready && record.status !== 'dry-run'
        ? {
            text: t`Waiting for approval`,
            blocks: [section(t`Waiting for approval by ${services.approvers.describe(record.requestedBy)}.`)],
          }
        : undefined;
    const replied = first && poster.post(channel, first, { threadOf: record.id });
    if (!(await posted)) {
      await reply(
        () =>
          t`Ferry could not post request ${record.id} in this channel. Is the Ferry app a member of it? (/invite @ferry)`,
      );
      return;
    }
    await replied;
  },
  buttons: runButtons,
});
