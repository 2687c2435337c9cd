import { loadavg } from 'node:os';
import { type Clock, FakeClock, systemClock } from '../src/clock.ts';
import { planMove } from '../src/core/move/plan.ts';
import { MigrationRunner } from '../src/core/move/runner.ts';
import type { CloudApi } from '../src/core/ports/cloud.ts';
import { RequestBook } from '../src/core/requests.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import { applyFault, startSandbox } from '../src/sandbox/index.ts';
import { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';
import { countWaves } from '../test/helpers/waves.ts';
import { sandboxClients } from './sandbox-clients.ts';

/**
 * Issue 3's numbers: precondition evaluation while the sandbox answers every request after 100 ms,
 * the same reads done one after another, and Nova requests per minute while a migration runs.
 */

const everyone = { refusal: () => null };

async function connect(clock: Clock) {
  const sandbox = await startSandbox({ clock, speed: 1 });
  const clients = await sandboxClients(sandbox, { clock });
  await clients.session.token();
  return { sandbox, clients, cloud: cloudApiFrom(clients) };
}

/** The same reads as takeSnapshot, awaited one at a time: what a straightforward script would do. */
async function sequentialReads(cloud: CloudApi, server: string, destination: string): Promise<void> {
  const found = await cloud.findServer(server);
  const hypervisors = await cloud.listHypervisors();
  await cloud.listComputeServices();
  await cloud.credentialRoles();
  const target = hypervisors.find((h) => h.serviceHost === destination);
  if (target) {
    await cloud.capacity(target.id);
    await cloud.capacity(target.id); // capacity is two reads (inventories, usages); done apart here
  }
  const groupIds = found.serverGroupIds ?? [];
  for (const id of groupIds) await cloud.getServerGroup(id);
  if (groupIds.length) await cloud.serversOnHost(destination);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] as number };
}

export async function benchPreconditions(): Promise<void> {
  const clock = systemClock;
  const { sandbox, cloud } = await connect(clock);
  applyFault(sandbox.cloud, { type: 'slow', ms: 100 });
  const rounds = 10;
  for (const [server, destination] of [
    ['server-x', 'compute2'],
    ['web-1', 'compute3'],
  ] as const) {
    const parallel: number[] = [];
    const sequential: number[] = [];
    // the process's CPU during one evaluation: Ferry's client, its checks and the in-process sandbox on
    // one thread, which is most of the time beyond two waves of 100 ms on an idle machine
    const cpu: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let started = performance.now();
      const cpuBefore = process.cpuUsage();
      const plan = await planMove(
        { cloud, clock, access: everyone },
        { server, destination, mode: 'live', requestedBy: 'bench' },
      );
      parallel.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
      if (plan.checks.length < 5) throw new Error('plan incomplete');
      started = performance.now();
      await sequentialReads(cloud, server, destination);
      sequential.push(performance.now() - started);
    }
    const p = stats(parallel);
    const s = stats(sequential);
    console.log(
      `preconditions ${server} → ${destination} (every answer after 100 ms, ${rounds} rounds): ` +
        `concurrent p50 ${p.p50.toFixed(0)} ms (target ≤ 220 ms: two waves), p95 ${p.p95.toFixed(0)} ms, max ${p.max.toFixed(0)} ms, ` +
        `CPU p50 ${stats(cpu).p50.toFixed(1)} ms (Ferry and the sandbox, one process) | sequential p50 ${s.p50.toFixed(0)} ms | load ${loadavg()[0]?.toFixed(1)}`,
    );
  }
  await sandbox.close();
  await benchWaves();
}

/**
 * How many waves of requests one evaluation makes on each path: the sandbox holds every answer until
 * Ferry's client can send nothing more, then answers all at once (test/helpers/waves.ts); no clock
 * decides, so a busy machine does not change the count.
 */
async function benchWaves(): Promise<void> {
  const clock = systemClock;
  const { sandbox, clients, cloud } = await connect(clock);
  const waves = async (server: string, destination?: string): Promise<number> => {
    const counted = await countWaves(sandbox.cloud, () =>
      planMove(
        { cloud, clock, access: everyone },
        { server, ...(destination ? { destination } : {}), mode: 'live', requestedBy: 'bench' },
      ),
    );
    return counted.waves;
  };
  const serverX = (await clients.nova.listServers({ name: '^server-x$' }))[0]?.id as string;
  const line = [
    `by ID ${await waves(serverX, 'compute2')}`,
    `by a unique name first seen ${await waves('web-2', 'compute3')}`,
    `by a unique name already known ${await waves('web-2', 'compute3')}`,
    `by an ambiguous name ${await waves('worker', 'compute2')}`,
    `scheduler's choice for a server in an anti-affinity group, by a known name ${await waves('web-2')}`,
  ];
  // the groups' members are read by ID once the groups are known: after the server, unless its groups
  // were seen before (any read of it by ID, or a listing of every group)
  const firstSeen = `scheduler's choice for one whose groups Ferry has not seen, by a name first seen ${await waves('web-1')}`;
  console.log(
    `preconditions: waves of requests per evaluation (target 2): ${line.join('; ')} | ${firstSeen}`,
  );
  await sandbox.close();
}

export async function benchPollingRate(): Promise<void> {
  const clock = new FakeClock();
  const { sandbox, cloud } = await connect(clock);
  const calls: number[] = [];
  const counting = new Proxy(cloud, {
    get(target, key) {
      const value = target[key as keyof CloudApi];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(clock.now());
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const store = LowdbStore.memory();
  const book = new RequestBook({
    store,
    clock,
    ttlMs: 60_000,
    approvers: { isApprover: async () => true, describe: () => 'anyone' },
  });
  const runner = new MigrationRunner({ cloud: counting, clock, store, events: { emit: () => {} } });
  const plan = await planMove(
    { cloud, clock, access: everyone },
    { server: 'server-x', destination: 'compute2', mode: 'live', requestedBy: 'a' },
  );
  const request = await book.submit(plan);
  await book.approve(request.id, 'b');
  calls.length = 0;
  const run = await runner.start(request.id);
  await runner.idle();
  const done = store.getRun(run.id);
  const minutes = (done?.outcome?.durationMs ?? 0) / 60_000;
  // capacity() is two HTTP requests; count them as such
  console.log(
    `polling: live block migration of server-x (88 GiB at sandbox speed 1) took ${minutes.toFixed(1)} simulated minutes, ` +
      `${calls.length} Nova calls = ${(calls.length / minutes).toFixed(1)} requests per minute per running migration (outcome ${done?.outcome?.kind})`,
  );
  await sandbox.close();
}
