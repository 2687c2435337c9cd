import { systemClock } from '../src/clock.ts';
import { planMove } from '../src/core/move/plan.ts';
import { MigrationRunner } from '../src/core/move/runner.ts';
import { RequestBook } from '../src/core/requests.ts';
import { createOpenStackClients } from '../src/openstack/client.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import { loadCloudConfig } from '../src/openstack/cloud-config.ts';
import { applyFault, startSandbox } from '../src/sandbox/index.ts';
import { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';

/**
 * Twenty live migrations running at once: how many requests Nova gets per minute for all of them
 * together (counted by the sandbox), and how long after Nova records each end Ferry notices it (the
 * sandbox's record time against the run's end).
 */
export async function benchSharedPoll(): Promise<void> {
  const clock = systemClock;
  const sandbox = await startSandbox({ clock, speed: 0.5 });
  const sim = sandbox.cloud;
  for (let h = 1; h <= 4; h++)
    sim.addHost({
      name: `pool${h}`,
      memoryMb: 262_144,
      vcpus: 64,
      diskGb: 4_000,
      hypervisorVersion: 8_002_000,
    });
  // every host runs up to 20 live migrations at once, on a network that does not slow them down
  applyFault(sim, { type: 'nova-conf', max_concurrent_live_migrations: 20, migration_network_gbps: 400 });
  const names: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const name = `poll-${String(i).padStart(2, '0')}`;
    // 2 to 16 GiB at half speed: ends spread over about four minutes
    sim.addServer({
      name,
      host: i % 2 ? 'pool1' : 'pool2',
      flavor: ['m1.small', 'm1.medium', 'm1.large', 'm1.xlarge'][i % 4] as string,
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
    names.push(name);
  }
  const config = loadCloudConfig(sandbox.env, { cwd: '/nonexistent', home: '/nonexistent' });
  if (!config) throw new Error('no config');
  const clients = createOpenStackClients(config, { clock });
  const cloud = cloudApiFrom(clients);
  const store = LowdbStore.memory();
  const book = new RequestBook({
    store,
    clock,
    ttlMs: 600_000,
    approvers: { isApprover: async () => true, describe: () => 'anyone' },
  });
  const runner = new MigrationRunner({ cloud, clock, store, events: { emit: () => {} } });
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const plan = await planMove(
      { cloud, clock, access: { refusal: () => null } },
      { server: name, destination: i % 2 ? 'pool3' : 'pool4', mode: 'live', requestedBy: 'bench' },
    );
    const request = await book.submit(plan);
    await book.approve(request.id, 'approver');
    ids.push(request.id);
  }
  const before = sim.requestsServed;
  const started = Date.now();
  const runs = await Promise.all(ids.map((id) => runner.start(id)));
  // the steady state: from when all twenty copy bytes until the first ends
  let window: { from: number; at: number; to?: number; until?: number } | null = null;
  const sampler = setInterval(() => {
    const states = runs.map((run) => store.getRun(run.id)?.state);
    if (!window && states.every((state) => state === 'running'))
      window = { from: sim.requestsServed, at: Date.now() };
    if (window && window.to === undefined && states.some((state) => state === 'done')) {
      window.to = sim.requestsServed;
      window.until = Date.now();
    }
  }, 100);
  await runner.idle();
  clearInterval(sampler);
  const steady = window as { from: number; at: number; to?: number; until?: number } | null;
  const steadyRate =
    steady?.to !== undefined && steady.until !== undefined
      ? ((steady.to - steady.from) / ((steady.until - steady.at) / 60_000)).toFixed(1)
      : 'n/a';
  const minutes = (Date.now() - started) / 60_000;
  const requests = sim.requestsServed - before;
  const lags = runs.map((run) => {
    const done = store.getRun(run.id);
    const record = sim.migrations.find((m) => m.uuid === done?.migrationUuid);
    return (done?.endedAt ?? 0) - (record?.updatedAt ?? 0);
  });
  const sorted = [...lags].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))] as number;
  const completed = runs.filter((run) => store.getRun(run.id)?.outcome?.kind === 'completed').length;
  console.log(
    `shared poll: 20 live migrations at once: while all twenty copy, ${steadyRate} Nova requests per minute for all of them (target ≤ 60); over the whole ${minutes.toFixed(1)} min, starts and ends included, ${requests} = ${(requests / minutes).toFixed(1)} per minute; ` +
      `end noticed after Nova recorded it: p50 ${((sorted[10] as number) / 1000).toFixed(1)} s, p95 ${(p95 / 1000).toFixed(1)} s (target p95 ≤ 2 s); ${completed}/20 completed`,
  );
  await sandbox.close();
}
