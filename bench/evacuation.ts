import { LogLevel } from '@slack/bolt';
import { COMMANDS } from '../commands/index.ts';
import { FakeSlack } from '../src/chat/fake-slack.ts';
import { systemClock } from '../src/clock.ts';
import { ConsoleReceiver } from '../src/console/receiver.ts';
import { startFerry } from '../src/ferry.ts';
import { createOpenStackClients } from '../src/openstack/client.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import { loadCloudConfig } from '../src/openstack/cloud-config.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { systemScheduler } from '../src/scheduler.ts';
import { Store } from '../src/store/store.ts';

/**
 * Issue 6: evacuating 40 servers at sandbox speed 50 with concurrency 4, through the real chat flow.
 * Ideal time = sum of the per-server migration times (as Ferry measured each run) / concurrency.
 */
export async function benchEvacuation(): Promise<void> {
  const clock = systemClock;
  const sandbox = await startSandbox({ clock, speed: 50 });
  const { cloud: sim } = sandbox;
  for (const name of ['compute5', 'compute6', 'compute7', 'compute9']) {
    sim.addHost({ name, memoryMb: 262_144, vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 });
  }
  for (let i = 1; i <= 40; i++) {
    sim.addServer({
      name: `bench-${String(i).padStart(2, '0')}`,
      host: 'compute9',
      flavor: i % 3 === 0 ? 'm1.large' : 'm1.medium',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
  }
  const config = loadCloudConfig(sandbox.env, { cwd: '/nonexistent', home: '/nonexistent' });
  if (!config) throw new Error('no config');
  const clients = createOpenStackClients(config, { clock });
  await clients.nova.negotiate();
  const fake = new FakeSlack();
  await fake.start();
  const progressIntervalMs = 10_000;
  const store = Store.memory();
  const ferry = await startFerry({
    commands: COMMANDS,
    scheduler: systemScheduler({ recurring: false }),
    clock,
    cloud: cloudApiFrom(clients),
    store,
    slack: { mode: 'receiver', botToken: 'xoxb-bench', receiver: new ConsoleReceiver(), apiUrl: fake.apiUrl },
    oncallUsers: ['U_BOB'],
    access: { refusal: () => null },
    timeZone: 'UTC',
    progressIntervalMs,
    approvalTtlMs: 1_800_000,
    autoConfirm: true,
    logLevel: LogLevel.ERROR,
  });
  const request = await ferry.flow.submitEvacuation({
    channel: 'C0BENCH',
    user: 'U_ALICE',
    host: 'compute9',
    concurrency: 4,
    reenable: false,
    dryRun: false,
    respond: async () => {},
  });
  const callsBefore = fake.calls.length;
  const started = performance.now();
  // as the Approve button sends it: the request and the fingerprint of the plan it shows
  await ferry.flow.approve(`${request.id}@${request.evacuation.fingerprint}`, 'U_BOB');
  await ferry.evacuator.idle();
  await ferry.runner.idle();
  const wall = performance.now() - started;
  // Slack allows about one post per second per channel, so the thread trails the migrations.
  await ferry.poster.drain();
  const drained = performance.now() - started;
  const state = store.getEvacuation(request.id)?.evacuation;
  const items = state?.items ?? [];
  const sum = items.reduce((total, item) => total + (item.outcome?.durationMs ?? 0), 0);
  const ideal = sum / 4;
  const calls = fake.calls.length - callsBefore;
  const intervals = Math.ceil(wall / progressIntervalMs);
  console.log(
    `evacuation: 40 servers at speed 50, concurrency 4: ${(wall / 1000).toFixed(1)} s wall vs ideal ${(ideal / 1000).toFixed(1)} s (sum ${(sum / 1000).toFixed(1)} s / 4) = ${(wall / ideal).toFixed(3)}× (target ≤ 1.15×); last Slack post ${(drained / 1000).toFixed(1)} s after approval; ` +
      `${items.filter((i) => i.outcome?.kind === 'completed').length} completed; Slack Web API calls ${calls} = ${(calls / 40).toFixed(2)} per server with ${intervals} progress interval(s) of ${progressIntervalMs / 1000} s (budget ${3 * 40 + intervals})`,
  );
  await ferry.stop();
  await fake.stop();
  await sandbox.close();
}
