import { z } from 'zod';
import type { SandboxCloud } from './cloud.ts';
import type { SandboxMigration } from './model.ts';
import { novaConfChange, novaConfLines, resetNovaConf } from './nova-conf-options.ts';
import { clearRebootFaults, rebootFault } from './ssh-reboot.ts';

/**
 * Faults on demand, the same JSON whether it comes from a test, the console (`/sandbox fault …`) or
 * `POST /sandbox/faults` on the standalone sandbox. Documented in README "Sandbox faults".
 */
export const FaultSpec = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('fail-migration'),
    server: z.string().optional(),
    stage: z.enum([
      'scheduler',
      'pre-live-migration',
      'transfer',
      'driver-error',
      'completed-not-moved',
      'moved-but-error',
      'resize',
    ]),
    message: z.string().optional(),
  }),
  z.object({ type: z.literal('stall'), server: z.string(), ratio: z.number().min(1).default(1.5) }),
  z.object({ type: z.literal('converge'), server: z.string() }),
  z.object({ type: z.literal('service-down'), host: z.string() }),
  z.object({ type: z.literal('service-up'), host: z.string() }),
  z.object({
    type: z.literal('api-error'),
    status: z.number().int().min(500).max(599).default(500),
    count: z.number().int().min(1).default(1),
    path: z.string().optional(),
  }),
  z.object({ type: z.literal('slow'), ms: z.number().int().min(0).max(60_000) }),
  /** Placement keeps a finished move's source allocation this long after Nova's record says it ended */
  z.object({ type: z.literal('slow-release'), seconds: z.number().min(0).max(600) }),
  /** the next matching request is carried out, then its answer is dropped or sent late */
  z.object({
    type: z.literal('lose-answer'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
    path: z.string().optional(),
    how: z.enum(['drop', 'delay']).default('drop'),
    ms: z.number().int().min(0).max(120_000).default(10_000),
    count: z.number().int().min(1).default(1),
  }),
  /** Nova (the compute API) unreachable for a while of the sandbox's clock: 5xx, or answers late */
  z.object({
    type: z.literal('outage'),
    seconds: z.number().positive().max(86_400),
    answer: z.enum(['error', 'late']).default('error'),
    status: z.number().int().min(500).max(599).default(503),
    lateMs: z.number().int().min(0).max(120_000).default(10_000),
  }),
  /** the cell database holding these servers does not answer for a while */
  z.object({
    type: z.literal('cell-down'),
    servers: z.array(z.string()).min(1),
    seconds: z.number().positive().max(86_400),
  }),
  /** Nova's database loses a server's newest migration record (restored from a backup taken before it) */
  z.object({ type: z.literal('forget-migration'), server: z.string() }),
  z.object({ type: z.literal('expire-tokens') }),
  z.object({ type: z.literal('conflict') }),
  /** nova.conf of one compute host (or all), as `nova-compute` would read it after a restart */
  z.object({
    type: z.literal('nova-conf'),
    host: z.string().optional(),
    max_concurrent_live_migrations: z.number().int().min(1).max(64).optional(),
    migration_network_gbps: z.number().positive().optional(),
    live_migration_bandwidth: z.number().nonnegative().optional(),
    live_migration_completion_timeout: z.number().int().min(0).optional(),
    live_migration_timeout_action: z.enum(['abort', 'force_complete']).optional(),
    live_migration_permit_post_copy: z.boolean().optional(),
  }),
  /** the server's ports stay bound to the host it is on now, wherever it moves */
  z.object({ type: z.literal('port-stays-bound'), server: z.string() }),
  /** the server's guest does not come up after its next cold move: its console stops growing */
  z.object({ type: z.literal('guest-hangs'), server: z.string() }),
  /** the server's addresses answer no reachability probe (FERRY_PROBE), wherever it runs */
  z.object({ type: z.literal('guest-unreachable'), server: z.string() }),
  /** the host's next reboot does not come back (SSH refused, nova-compute down), not even by its BMC */
  z.object({ type: z.literal('reboot-hangs'), host: z.string() }),
  /** the host's next reboots come back on the kernel it runs now, not the one installed */
  z.object({ type: z.literal('reboot-old-kernel'), host: z.string() }),
  z.object({ type: z.literal('clear') }),
]);

export type FaultSpec = z.input<typeof FaultSpec>;

/** Applies one fault; throws with a readable message when the spec or a name in it is wrong. */
export function applyFault(cloud: SandboxCloud, input: unknown): string {
  const parsed = FaultSpec.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `bad fault: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'type'}: ${issue.message}`).join('; ')}`,
    );
  }
  const spec = parsed.data;
  switch (spec.type) {
    case 'fail-migration':
      cloud.failNextMigration({
        stage: spec.stage,
        ...(spec.server ? { server: spec.server } : {}),
        ...(spec.message ? { message: spec.message } : {}),
      });
      return `the next migration${spec.server ? ` of ${spec.server}` : ''} fails at ${spec.stage}`;
    case 'stall':
      cloud.setDirtyRatio(spec.server, spec.ratio);
      return `${spec.server} now dirties memory faster than it can be copied: live migration will not converge`;
    case 'converge':
      cloud.setDirtyRatio(spec.server, 0);
      return `${spec.server} dirties no memory now`;
    case 'service-down':
      cloud.setServiceDown(spec.host, true);
      return `nova-compute on ${spec.host} is down`;
    case 'service-up':
      cloud.setServiceDown(spec.host, false);
      return `nova-compute on ${spec.host} is up`;
    case 'api-error':
      cloud.faults.api.push({
        status: spec.status,
        count: spec.count,
        ...(spec.path ? { pathContains: spec.path } : {}),
      });
      return `the next ${spec.count === 1 ? 'request' : `${spec.count} requests`}${spec.path ? ` to paths containing ${spec.path}` : ''} ${spec.count === 1 ? 'answers' : 'answer'} ${spec.status}`;
    case 'slow':
      cloud.faults.slowMs = spec.ms;
      return `every answer now waits ${spec.ms} ms`;
    case 'slow-release':
      cloud.faults.releaseSeconds = spec.seconds;
      return `Placement frees a finished move's source ${spec.seconds} s after Nova's record says it ended`;
    case 'lose-answer':
      cloud.faults.lostAnswers.push({
        how: spec.how,
        ms: spec.ms,
        count: spec.count,
        ...(spec.method ? { method: spec.method } : {}),
        ...(spec.path ? { pathContains: spec.path } : {}),
      });
      return `the next ${spec.count === 1 ? '' : `${spec.count} `}${spec.method ? `${spec.method} ` : ''}${spec.count === 1 ? 'request' : 'requests'}${spec.path ? ` to paths containing ${spec.path}` : ''} ${spec.count === 1 ? 'is' : 'are'} carried out, then the answer is ${spec.how === 'drop' ? 'dropped' : `sent ${spec.ms} ms late`}`;
    case 'outage':
      cloud.faults.outage = {
        until: cloud.clock.now() + spec.seconds * 1000,
        answer: spec.answer,
        status: spec.status,
        lateMs: spec.lateMs,
      };
      return `Nova ${spec.answer === 'error' ? `answers ${spec.status}` : `answers ${spec.lateMs} ms late`} for the next ${spec.seconds} s`;
    case 'cell-down':
      cloud.faults.cellDown = {
        serverIds: new Set(spec.servers.map((ref) => cloud.resolveServer(ref).id)),
        until: cloud.clock.now() + spec.seconds * 1000,
      };
      return `the cell database of ${spec.servers.join(', ')} does not answer for ${spec.seconds} s: their requests answer 500, migration lists and server lists with a filter skip their records`;
    case 'forget-migration': {
      const newest = newestMigrationOf(cloud, spec.server);
      if (!newest) throw new Error(`bad fault: ${spec.server} has no migration record to forget`);
      cloud.migrations.splice(cloud.migrations.indexOf(newest), 1);
      return `Nova no longer has migration ${newest.id} of ${spec.server}: os-migrations and the server's migrations do not list it, and reading it answers 404`;
    }
    case 'expire-tokens':
      cloud.expireTokens();
      return 'every issued token is now rejected with 401';
    case 'conflict':
      cloud.faults.conflictNextAction = true;
      return 'the next server action answers 409 (a task is already running)';
    case 'nova-conf': {
      const hosts = spec.host ? [cloud.hostOrThrow(spec.host)] : [...cloud.hosts.values()];
      const change = novaConfChange(spec);
      for (const host of hosts) Object.assign(host.novaConf, change);
      return `nova.conf of ${spec.host ?? 'every compute host'}: ${novaConfLines(spec).join(', ') || 'nothing changed'}`;
    }
    case 'port-stays-bound': {
      const server = cloud.resolveServer(spec.server);
      for (const port of server.ports) port.boundHost = server.host;
      return `the ports of ${spec.server} stay bound to ${server.host}, wherever it moves`;
    }
    case 'guest-hangs':
      cloud.resolveServer(spec.server).hangsAfterColdMove = true;
      return `the guest of ${spec.server} hangs after its next cold move: its console stops growing`;
    case 'guest-unreachable':
      cloud.resolveServer(spec.server).unreachable = true;
      return `the addresses of ${spec.server} answer no probe (TCP or ICMP)`;
    case 'reboot-hangs':
      rebootFault(cloud, spec.host, 'hangs');
      return `${spec.host} does not come back from its next reboot`;
    case 'reboot-old-kernel':
      rebootFault(cloud, spec.host, 'old-kernel');
      return `${spec.host} comes back from its reboots on the kernel it runs now`;
    case 'clear':
      clearAllFaults(cloud);
      return 'faults cleared, nova.conf back to its defaults';
  }
}

/**
 * Every fault removed, nova.conf back to its defaults. What stays is the cloud's state, not a fault:
 * a guest's memory workload (the sandbox seeds ledger as one that never converges; `converge` changes
 * it) and nova-compute down (a reboot takes it down too, and `service-up` completes what was evacuated).
 */
export function clearAllFaults(cloud: SandboxCloud): void {
  cloud.clearFaults();
  // ports follow their servers again, guests no longer hang (one hung already stays hung)
  for (const server of cloud.servers.values()) {
    server.hangsAfterColdMove = false;
    server.unreachable = false;
    for (const port of server.ports) delete port.boundHost;
  }
  for (const host of cloud.hosts.values()) resetNovaConf(host.novaConf);
  clearRebootFaults(cloud);
}

/** The migration record `forget-migration` takes away: the server's newest. */
export function newestMigrationOf(cloud: SandboxCloud, serverRef: string): SandboxMigration | undefined {
  const server = cloud.resolveServer(serverRef);
  return cloud.migrations.filter((m) => m.serverId === server.id).sort((a, b) => b.id - a.id)[0];
}
