import type { z } from 'zod';
import { t } from '../i18n/index.ts';
import type { SandboxCloud } from '../sandbox/cloud.ts';
import { applyFault, FaultSpec, newestMigrationOf } from '../sandbox/faults.ts';
import { novaConfLines } from '../sandbox/nova-conf-options.ts';
import { FAULT_GRAMMAR, faultHelpText, parseFault } from './fault-grammar.ts';

/**
 * `/fault <json>` in the console: the fault applied and said in the reader's words, or what is wrong
 * with the JSON explained (which fault names exist, which field is missing or which values it takes),
 * never the validator's own text.
 */
export function consoleFault(sandbox: SandboxCloud, spec: string): string {
  const command = parseFault(spec);
  if (command.kind === 'help') return faultHelpText();
  if (command.kind === 'error') return command.message;
  const { input } = command;
  const parsed = FaultSpec.safeParse(input);
  if (!parsed.success) return explainBadFault(input, parsed.error.issues);
  const refused = unknownName(sandbox, parsed.data);
  if (refused) return t`The sandbox refused that fault: ${refused}.`;
  const fault = parsed.data;
  // the record forget-migration takes away, named before it is gone
  const forgotten =
    fault.type === 'forget-migration' ? newestMigrationOf(sandbox, fault.server)?.id : undefined;
  try {
    applyFault(sandbox, fault);
  } catch (error) {
    return t`The sandbox refused that fault: ${(error as Error).message}.`;
  }
  return t`Sandbox: ${faultSaid(sandbox, fault, forgotten)}.`;
}

/** A server or host the fault names that the sandbox lacks (or names twice), in the reader's words. */
function unknownName(sandbox: SandboxCloud, spec: z.output<typeof FaultSpec>): string | null {
  const servers = [
    ...('server' in spec && spec.server ? [spec.server] : []),
    ...('servers' in spec ? spec.servers : []),
  ];
  for (const ref of servers) {
    if (sandbox.servers.has(ref)) continue;
    const named = [...sandbox.servers.values()].filter((server) => server.name === ref).length;
    if (named === 0) return t`the sandbox has no server "${ref}"`;
    if (named > 1) return t`"${ref}" names ${named} servers; use the ID`;
  }
  if ('host' in spec && spec.host && !sandbox.hosts.has(spec.host))
    return t`the sandbox has no host "${spec.host}"`;
  if (spec.type === 'forget-migration' && !newestMigrationOf(sandbox, spec.server))
    return t`${spec.server} has no migration record to forget`;
  return null;
}

const FAULT_TYPES = FaultSpec.options.map((option) => option.shape.type.value);

function explainBadFault(input: unknown, issues: z.core.$ZodIssue[]): string {
  const exampleOf = (spec: string) => t`e.g. ${spec}; /fault help says what each fault does`;
  const type = (input as { type?: unknown } | null)?.type;
  if (!input || typeof input !== 'object' || Array.isArray(input) || !FAULT_TYPES.includes(type as never)) {
    const named =
      typeof type === 'string' ? t`There is no sandbox fault "${type}".` : t`A fault needs a "type".`;
    return t`${named} Faults: ${FAULT_TYPES.join(t`, `)}; ${exampleOf(FAULT_GRAMMAR.examples[0])}.`;
  }
  // an example of the fault typed, not of another
  const example = exampleOf(FAULT_GRAMMAR.exampleOf[type as FaultSpec['type']]);
  const problems = issues.map((issue) => {
    const field = issue.path.join('.');
    const given = (input as Record<string, unknown>)[field];
    if (given === undefined) return t`"${field}" is missing`;
    if (issue.code === 'invalid_value') return t`"${field}" is one of ${issue.values.join(t`, `)}`;
    if (issue.code === 'invalid_type') return t`"${field}" must be a ${issue.expected}`;
    if (issue.code === 'too_small') return t`"${field}" must be at least ${String(issue.minimum)}`;
    if (issue.code === 'too_big') return t`"${field}" must be at most ${String(issue.maximum)}`;
    return t`"${field}" cannot be ${JSON.stringify(given)}`;
  });
  return t`The fault "${type}" cannot be applied: ${problems.join(t`; `)}; ${example}.`;
}

/** What a fault does, in the reader's language: the same facts as applyFault's English sentence. */
function faultSaid(sandbox: SandboxCloud, spec: z.output<typeof FaultSpec>, forgotten?: number): string {
  switch (spec.type) {
    case 'fail-migration':
      return spec.server
        ? t`the next migration of ${spec.server} fails at ${spec.stage}`
        : t`the next migration fails at ${spec.stage}`;
    case 'stall':
      return t`${spec.server} now dirties memory faster than it can be copied: live migration will not converge`;
    case 'converge':
      return t`${spec.server} dirties no memory now`;
    case 'service-down':
      return t`nova-compute on ${spec.host} is down`;
    case 'service-up':
      return t`nova-compute on ${spec.host} is up`;
    case 'api-error':
      if (spec.count === 1)
        return spec.path
          ? t`the next request to paths containing ${spec.path} answers ${spec.status}`
          : t`the next request answers ${spec.status}`;
      return spec.path
        ? t`the next ${spec.count} requests to paths containing ${spec.path} answer ${spec.status}`
        : t`the next ${spec.count} requests answer ${spec.status}`;
    case 'slow':
      return t`every answer now waits ${spec.ms} ms`;
    case 'slow-release':
      return t`Placement frees a finished move's source ${spec.seconds} s after Nova's record says it ended`;
    case 'expire-tokens':
      return t`every issued token is now rejected with 401`;
    case 'conflict':
      return t`the next server action answers 409 (a task is already running)`;
    case 'lose-answer': {
      const where = spec.path ? t` to paths containing ${spec.path}` : '';
      const fate = spec.how === 'drop' ? t`dropped` : t`sent ${spec.ms} ms late`;
      if (spec.count === 1)
        return spec.method
          ? t`the next ${spec.method} request${where} is carried out, then the answer is ${fate}`
          : t`the next request${where} is carried out, then the answer is ${fate}`;
      const which = spec.method
        ? t`the next ${spec.count} ${spec.method} requests`
        : t`the next ${spec.count} requests`;
      return t`${which}${where} are carried out, then the answer is ${fate}`;
    }
    case 'outage':
      return spec.answer === 'error'
        ? t`Nova answers ${spec.status} for the next ${spec.seconds} s`
        : t`Nova answers ${spec.lateMs} ms late for the next ${spec.seconds} s`;
    case 'cell-down':
      return t`the cell database of ${spec.servers.join(t`, `)} does not answer for ${spec.seconds} s: their requests answer 500, migration lists and server lists with a filter skip their records`;
    case 'forget-migration':
      return t`Nova no longer has migration ${forgotten} of ${spec.server}: os-migrations and the server's migrations do not list it, and reading it answers 404`;
    case 'nova-conf': {
      const where = spec.host ?? t`every compute host`;
      const lines = novaConfLines(spec);
      return lines.length
        ? t`nova.conf of ${where}: ${lines.join(t`, `)}`
        : t`nova.conf of ${where}: no option given, nothing changed`;
    }
    case 'port-stays-bound':
      return t`the ports of ${spec.server} stay bound to ${sandbox.resolveServer(spec.server).host}, wherever it moves`;
    case 'guest-hangs':
      return t`the guest of ${spec.server} hangs after its next cold move: its console stops growing`;
    case 'guest-unreachable':
      return t`the addresses of ${spec.server} answer no probe (TCP or ICMP)`;
    case 'reboot-hangs':
      return t`${spec.host} does not come back from its next reboot`;
    case 'reboot-old-kernel':
      return t`${spec.host} comes back from its reboots on the kernel it runs now`;
    case 'clear': {
      const stays = cloudStateThatStays(sandbox);
      return stays.length
        ? t`faults cleared and nova.conf back to its defaults; what stays is the cloud's state, not a fault: ${stays.join(t`; `)}`
        : t`faults cleared and nova.conf back to its defaults`;
    }
  }
}

/** What `clear` leaves (clearAllFaults says why), each with the fault that undoes it. */
function cloudStateThatStays(sandbox: SandboxCloud): string[] {
  const servers = [...sandbox.servers.values()];
  const down = [...sandbox.hosts.values()].filter((host) => host.down);
  const stalled = servers.filter((server) => server.dirtyRatio >= 1);
  return [
    ...down.map(
      ({ name }) =>
        t`nova-compute on ${name} is down (/fault {"type":"service-up","host":"${name}"} brings it up)`,
    ),
    ...stalled.map((server) => {
      const ref = servers.filter((other) => other.name === server.name).length > 1 ? server.id : server.name;
      return t`${ref} dirties memory faster than it is copied (/fault {"type":"converge","server":"${ref}"} lets it converge)`;
    }),
  ];
}
