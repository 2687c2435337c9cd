import { showEvacuation } from '../commands/evacuate/buttons.ts';
import { systemClock } from '../src/clock.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { benchFerry } from './ferry.ts';

const DONE = new Set(['completed', 'error', 'failed', 'cancelled', 'done', 'confirmed', 'reverted']);

/**
 * Disruption budgets (#28): one host with 10 anti-affinity groups of 3 evacuated through the real chat
 * flow. Sampled every 100 ms from the sandbox's own migration records: no group ever has two members
 * in flight. The yardstick comes from the sandbox too: the budget-respecting ideal is the larger of the
 * source host's slot time (Nova's max_concurrent_live_migrations = 1: every move holds its one slot in
 * turn) and the longest group's members one after the other (each from leaving `queued` to its end).
 */
export async function benchBudgets(): Promise<void> {
  const clock = systemClock;
  const speed = 10;
  const sandbox = await startSandbox({ clock, speed });
  const { cloud: sim } = sandbox;
  for (const name of ['compute5', 'compute6', 'compute7', 'compute8', 'compute9'])
    sim.addHost({ name, memoryMb: 262_144, vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 });
  const source = 'compute9';
  const groupOf = new Map<string, string>();
  for (let g = 1; g <= 10; g++) {
    const group = `cluster-${String(g).padStart(2, '0')}`;
    sim.addGroup(group, 'anti-affinity', 'web');
    for (let k = 1; k <= 3; k++) {
      const server = sim.addServer({
        name: `${group}-${k}`,
        host: source,
        flavor: 'm1.medium',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
        group,
      });
      groupOf.set(server.id, group);
    }
  }
  const cordoned = sim.hostOrThrow(source);
  cordoned.status = 'disabled';
  cordoned.disabledReason = 'kernel update';
  let most = 0;
  const sampler = setInterval(() => {
    const inFlight = new Map<string, number>();
    for (const m of sim.migrations) {
      const group = groupOf.get(m.serverId);
      if (group && !DONE.has(m.status)) inFlight.set(group, (inFlight.get(group) ?? 0) + 1);
    }
    most = Math.max(most, 0, ...inFlight.values());
  }, 100);
  const { ferry, store, stop } = await benchFerry(sandbox, 10_000);
  const started = Date.now();
  const asked = await ferry.core.evacuations.ask({
    user: 'U_ALICE',
    host: source,
    concurrency: 4,
    reenable: false,
    dryRun: false,
  });
  await showEvacuation(ferry.edge.services, asked, 'C0BENCH', async () => {});
  const request = asked.request;
  await ferry.core.approvals.approve(
    `${request.id}@${request.evacuation.fingerprint}`,
    'U_BOB',
    ferry.edge.services.news,
  );
  await ferry.evacuator.idle();
  await ferry.runner.idle();
  const wall = Date.now() - started;
  clearInterval(sampler);
  await ferry.poster.drain();
  const items = store.getEvacuation(request.id)?.evacuation.items ?? [];
  const held = (m: { slotSince: number | null; createdAt: number; updatedAt: number }) =>
    m.updatedAt - (m.slotSince ?? m.createdAt);
  const ours = sim.migrations.filter((m) => groupOf.has(m.serverId));
  const slot = ours.reduce((total, m) => total + held(m), 0);
  const perGroup = new Map<string, number>();
  for (const m of ours) {
    const group = groupOf.get(m.serverId) as string;
    perGroup.set(group, (perGroup.get(group) ?? 0) + held(m));
  }
  const ideal = Math.max(slot, ...perGroup.values());
  const completed = items.filter((i) => i.outcome?.kind === 'completed').length;
  console.log(
    `budgets: 10 anti-affinity groups × 3 on one host at speed ${speed}, concurrency 4: most members of one group in flight together ${most} (sampled every 100 ms from the sandbox's records; budget 1); ` +
      `${(wall / 1000).toFixed(1)} s wall vs budget-respecting ideal ${(ideal / 1000).toFixed(1)} s from the sandbox's records (slot ${(slot / 1000).toFixed(1)} s, longest group ${(Math.max(...perGroup.values()) / 1000).toFixed(1)} s) = ${(wall / ideal).toFixed(3)}× (target ≤ 1.15×); ${completed}/30 completed`,
  );
  await stop();
}
