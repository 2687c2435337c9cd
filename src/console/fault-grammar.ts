import { k, t, translated } from '../i18n/index.ts';
import type { FaultSpec } from '../sandbox/faults.ts';

/**
 * /fault — the console's sandbox faults: grammar, help and parsing in one place, as a slash command's
 * (commands/whereis.ts); the help text is generated from FAULT_GRAMMAR.
 */
export const FAULT_GRAMMAR = {
  command: '/fault',
  description: k`Make the built-in sandbox cloud fail on purpose, to rehearse what Ferry says`,
  usage: '/fault <json> | /fault help',
  summary: k`Make the built-in sandbox cloud misbehave as a real cloud can (a migration that fails, a host that goes down, Nova answering errors or not at all), then watch what Ferry says and does. A fault is JSON naming its "type" and what it applies to; {"type":"clear"} removes them. README "Sandbox faults" lists every field.`,
  faults: {
    'fail-migration': k`the next migration (of "server", if named) fails at "stage": scheduler, pre-live-migration, transfer, driver-error, completed-not-moved, moved-but-error, resize`,
    stall: k`"server" dirties memory faster than it is copied: its live migration stops converging`,
    converge: k`"server" copies normally again`,
    'service-down': k`nova-compute on "host" stops reporting: Nova sees the host down`,
    'service-up': k`nova-compute on "host" reports again`,
    'api-error': k`the next "count" requests (to paths containing "path", if given) answer "status" (500, or 502-504 from the load balancer)`,
    slow: k`every answer waits "ms" milliseconds`,
    'slow-release': k`Placement frees a finished move's source "seconds" after Nova's record says it ended (the lab: 0.3 s)`,
    'lose-answer': k`the next request (of "method", to "path") is carried out, then its answer is lost: "how" is drop or delay`,
    outage: k`Nova is out for "seconds": every request answers "status", or with "answer":"late" is answered late`,
    'cell-down': k`the database of the cell of "servers" does not answer for "seconds"`,
    'forget-migration': k`Nova loses the newest migration record of "server"`,
    'expire-tokens': k`every login token Keystone gave is refused (401)`,
    conflict: k`the next server action answers 409: a task is already running`,
    'nova-conf': k`nova.conf of "host" (or every host): max_concurrent_live_migrations and the other live-migration options`,
    'port-stays-bound': k`the network ports of "server" stay bound to its old host after it moves`,
    'guest-hangs': k`the guest of "server" hangs after its next cold move`,
    'guest-unreachable': k`the addresses of "server" answer no probe`,
    'reboot-hangs': k`"host" does not come back from its next reboot`,
    'reboot-old-kernel': k`"host" comes back from its reboots on the kernel it runs now`,
    clear: k`remove every fault and set nova.conf back to its defaults; a host's nova-compute down and a guest dirtying memory faster than it is copied are the cloud's state and stay (service-up, converge undo them): clear names them`,
  } satisfies Record<FaultSpec['type'], string>,
  /** one of each, named where a fault of that type is typed wrong */
  exampleOf: {
    'fail-migration': '/fault {"type":"fail-migration","server":"cache-1","stage":"transfer"}',
    stall: '/fault {"type":"stall","server":"ledger"}',
    converge: '/fault {"type":"converge","server":"ledger"}',
    'service-down': '/fault {"type":"service-down","host":"compute2"}',
    'service-up': '/fault {"type":"service-up","host":"compute2"}',
    'api-error': '/fault {"type":"api-error","status":503,"count":3}',
    slow: '/fault {"type":"slow","ms":500}',
    'slow-release': '/fault {"type":"slow-release","seconds":5}',
    'lose-answer': '/fault {"type":"lose-answer","method":"POST","path":"/action","how":"drop"}',
    outage: '/fault {"type":"outage","seconds":40,"status":503}',
    'cell-down': '/fault {"type":"cell-down","servers":["cache-1"],"seconds":60}',
    'forget-migration': '/fault {"type":"forget-migration","server":"cache-1"}',
    'expire-tokens': '/fault {"type":"expire-tokens"}',
    conflict: '/fault {"type":"conflict"}',
    'nova-conf': '/fault {"type":"nova-conf","host":"compute1","live_migration_bandwidth":20}',
    'port-stays-bound': '/fault {"type":"port-stays-bound","server":"cache-1"}',
    'guest-hangs': '/fault {"type":"guest-hangs","server":"cache-1"}',
    'guest-unreachable': '/fault {"type":"guest-unreachable","server":"cache-1"}',
    'reboot-hangs': '/fault {"type":"reboot-hangs","host":"compute2"}',
    'reboot-old-kernel': '/fault {"type":"reboot-old-kernel","host":"compute2"}',
    clear: '/fault {"type":"clear"}',
  } satisfies Record<FaultSpec['type'], string>,
  examples: [
    '/fault {"type":"stall","server":"ledger"}',
    '/fault {"type":"api-error","status":503,"count":3}',
    '/fault {"type":"lose-answer","method":"POST","path":"/action","how":"drop"}',
    '/fault {"type":"clear"}',
  ],
} as const;

export type FaultCommand =
  | { kind: 'help' }
  | { kind: 'fault'; input: unknown }
  | { kind: 'error'; message: string };

export function faultHelpText(): string {
  const width = Math.max(...Object.keys(FAULT_GRAMMAR.faults).map((type) => type.length)) + 2;
  const faults = Object.entries(FAULT_GRAMMAR.faults)
    .map(([type, words]) => `  ${type.padEnd(width)} ${translated(words)}`)
    .join('\n');
  return `${translated(FAULT_GRAMMAR.summary)}\n${t`Usage: ${FAULT_GRAMMAR.usage}`}\n${t`Faults:`}\n${faults}\n${t`Examples:`}\n${FAULT_GRAMMAR.examples.map((e) => `  ${e}`).join('\n')}`;
}

/** The console's help line for /fault, as the slash commands' lines are made. */
export function faultHelpLine(): string {
  const command = { name: FAULT_GRAMMAR.command };
  return `  ${`${command.name} help`.padEnd(25)} ${translated(FAULT_GRAMMAR.description)}`;
}

export function parseFault(text: string): FaultCommand {
  const spec = text.trim();
  if (!spec || ['help', '--help', '-h'].includes(spec)) return { kind: 'help' };
  try {
    return { kind: 'fault', input: JSON.parse(spec) };
  } catch {
    return {
      kind: 'error',
      message: t`A fault is JSON, e.g. ${FAULT_GRAMMAR.examples[0]}; /fault help lists them.\nUsage: ${FAULT_GRAMMAR.usage}`,
    };
  }
}
