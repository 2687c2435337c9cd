import type { z } from 'zod';
import { t } from '../i18n/index.ts';
import type { SandboxCloud } from '../sandbox/cloud.ts';
import { applyFault, FaultSpec } from '../sandbox/faults.ts';

/**
 * `/fault <json>` in the console: the fault applied and said in the reader's words, or what is wrong
 * with the JSON explained (which fault names exist, which field is missing or which values it takes),
 * never the validator's own text.
 */
export function consoleFault(sandbox: SandboxCloud, spec: string): string {
  let input: unknown;
  try {
    input = JSON.parse(spec);
  } catch {
    return t`Give the fault as JSON, e.g. /fault {"type":"stall","server":"ledger"} (README: Sandbox faults).`;
  }
  const parsed = FaultSpec.safeParse(input);
  if (!parsed.success) return explainBadFault(input, parsed.error.issues);
  let english: string;
  try {
    english = applyFault(sandbox, parsed.data);
  } catch (error) {
    // a server or host the sandbox does not have
    return t`The sandbox refused that fault: ${(error as Error).message}.`;
  }
  return t`Sandbox: ${faultSaid(parsed.data) ?? english}.`;
}

const FAULT_TYPES = FaultSpec.options.map((option) => option.shape.type.value);

function explainBadFault(input: unknown, issues: z.core.$ZodIssue[]): string {
  const example = t`e.g. /fault {"type":"stall","server":"ledger"} (README: Sandbox faults)`;
  const type = (input as { type?: unknown } | null)?.type;
  if (!input || typeof input !== 'object' || Array.isArray(input) || !FAULT_TYPES.includes(type as never)) {
    const named =
      typeof type === 'string' ? t`There is no sandbox fault "${type}".` : t`A fault needs a "type".`;
    return t`${named} Faults: ${FAULT_TYPES.join(', ')}; ${example}.`;
  }
  const problems = issues.map((issue) => {
    const field = issue.path.join('.');
    const given = (input as Record<string, unknown>)[field];
    if (given === undefined) return t`"${field}" is missing`;
    if (issue.code === 'invalid_value') return t`"${field}" is one of ${issue.values.join(', ')}`;
    if (issue.code === 'invalid_type') return t`"${field}" must be a ${issue.expected}`;
    if (issue.code === 'too_small') return t`"${field}" must be at least ${String(issue.minimum)}`;
    if (issue.code === 'too_big') return t`"${field}" must be at most ${String(issue.maximum)}`;
    return t`"${field}" cannot be ${JSON.stringify(given)}`;
  });
  return t`The fault "${type}" cannot be applied: ${problems.join('; ')}; ${example}.`;
}

/** What a fault does, in the reader's language (applyFault's own sentence for any not listed here). */
function faultSaid(spec: z.output<typeof FaultSpec>): string | null {
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
      return spec.path
        ? t`the next ${spec.count} request(s) to paths containing ${spec.path} answer ${spec.status}`
        : t`the next ${spec.count} request(s) answer ${spec.status}`;
    case 'slow':
      return t`every answer now waits ${spec.ms} ms`;
    case 'expire-tokens':
      return t`every issued token is now rejected with 401`;
    case 'conflict':
      return t`the next server action answers 409 (a task is already running)`;
    case 'clear':
      return t`faults cleared`;
    default:
      return null;
  }
}
