import { controlDrain } from '../commands/drain/buttons.ts';
import { submitDrain } from '../commands/drain.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord } from '../src/core/model/records.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { SandboxMigration } from '../src/sandbox/model.ts';
import { hostCapacity, hostUsage } from '../src/sandbox/placement-and-scheduling.ts';
import { drainFleet } from './drain-fleet.ts';
import { benchFerry } from './ferry.ts';
import { afterEnds, type CloudCall, slotTimeline } from './pace.ts';

const SERVERS_PER_HOST = 2;
const CONCURRENCY = 2;

/**
 * A 10-host drain with --return through the real chat flow, every host "coming back" the moment it is
 * empty. The yardstick is the sandbox's own migration records: Nova lets a source host run one live
 * migration at a time (max_concurrent_live_migrations = 1), so a step's emptying takes at least the sum
 * of the times its migrations held the host's slot, and its return at least the larger of the busiest
 * source's slot time and all the return's slot time spread over the concurrency. The ideal is the sum
 * over the steps. Sampled every 100 ms meanwhile: no host's Placement usage over its capacity, and the
 * moves in flight all belonging to one step.
 */
export async function benchDrain(): Promise<void> {
  const clock = systemClock;
  // FERRY_DRAIN_SPEED 1 (with fewer FERRY_DRAIN_HOSTS): Ferry's own time is not magnified by the speed
  const speed = Number(process.env.FERRY_DRAIN_SPEED ?? 10);
  const HOSTS = Number(process.env.FERRY_DRAIN_HOSTS ?? 10);
  const sandbox = await startSandbox({ clock, speed });
  const { cloud: sim } = sandbox;
  const { drained, home } = drainFleet(sim, 'dr', HOSTS, SERVERS_PER_HOST);
  const cloudCalls: CloudCall[] = [];
  const { ferry, store, stop } = await benchFerry(sandbox, 10_000, {}, {}, cloudCalls);

  const planned = Date.now();
  await submitDrain(
    ferry.edge.services,
    {
      user: 'U_ALICE',
      hosts: drained,
      hostsAtOnce: 1,
      concurrency: CONCURRENCY,
      returnHome: true,
      dryRun: false,
    },
    'C0BENCH',
    async (text: () => string) => console.log(`  ${text()}`),
  );
  const planMs = Date.now() - planned;
  const drain = () => store.drains()[0] as DrainRecord;
  if (drain().status !== 'pending') throw new Error(`the drain plan is ${drain().status}`);
  const started = Date.now();
  await ferry.core.approvals.approve(
    `${drain().id}@${drain().drain.fingerprint}`,
    'U_BOB',
    ferry.edge.services.news,
  );

  // the operator: every host is back the moment it is empty; and the sampler, every 100 ms
  let overcommitted = 0;
  let samples = 0;
  let mixedSteps = 0;
  const pressed = new Set<string>();
  const stepOf = (host: string) => drained.indexOf(host);
  const timer = setInterval(() => {
    samples += 1;
    for (const host of sim.hosts.values()) {
      const used = hostUsage(sim, host.name);
      const capacity = hostCapacity(host);
      for (const key of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) {
        const { total, reserved, ratio } = capacity[key];
        if (used[key] > Math.floor((total - reserved) * ratio)) overcommitted += 1;
      }
    }
    const moving = sim.migrations.filter((m) => sim.isInProgressLive(m) || m.status === 'queued');
    const steps = new Set(
      moving.flatMap((m) => (home.has(m.serverId) ? [stepOf(home.get(m.serverId) as string)] : [])),
    );
    if (steps.size > 1) mixedSteps += 1;
  }, 100);
  const operator = setInterval(() => {
    for (const host of drain().drain.hosts)
      if (host.phase === 'empty' && !pressed.has(host.host)) {
        pressed.add(host.host);
        void controlDrain(ferry.edge.services, 'host-back', `${drain().id}:${host.host}`, 'U_BOB');
      }
  }, 20);
  while (drain().drain.phase !== 'done') await new Promise((resolve) => setTimeout(resolve, 50));
  const wall = Date.now() - started;
  clearInterval(timer);
  clearInterval(operator);

  // the yardstick, from the sandbox's records of every move
  const slot = (m: SandboxMigration) => (m.slotSince === null ? 0 : m.updatedAt - m.slotSince);
  let ideal = 0;
  const phases: string[] = [];
  for (const host of drained) {
    const mine = sim.migrations.filter((m) => home.get(m.serverId) === host);
    const leaving = mine.filter((m) => m.source === host);
    const returning = mine.filter((m) => m.dest === host);
    const emptying = leaving.reduce((sum, m) => sum + slot(m), 0);
    const bySource = new Map<string, number>();
    for (const m of returning) bySource.set(m.source, (bySource.get(m.source) ?? 0) + slot(m));
    const back = Math.max(
      0,
      ...bySource.values(),
      returning.reduce((sum, m) => sum + slot(m), 0) / CONCURRENCY,
    );
    ideal += emptying + back;
    phases.push(`${((emptying + back) / 1000).toFixed(1)}`);
  }
  // where the time beyond the ideal went, per step on average (Ferry's timestamps against Nova's)
  // (the drain goes on once Nova ended its moves: the proofs of the last moves out are waited for only
  // by the move home (outProofs, inside backToMoves), those of the moves home only by the report)
  const gaps = {
    start: 0,
    emptyNoticed: 0,
    backToMoves: 0,
    outProofs: 0,
    homeToNextStep: 0,
    returnProven: 0,
  };
  // the drained host's slot while it empties, and the return's busiest source while it fills again
  const slots = {
    emptyingIdle: 0,
    emptyingLead: 0,
    emptyingTail: 0,
    returnIdle: 0,
    returnLead: 0,
    returnTail: 0,
  };
  const hosts = drain().drain.hosts;
  hosts.forEach((host, i) => {
    const mine = sim.migrations.filter((m) => home.get(m.serverId) === host.host);
    const leaving = mine.filter((m) => m.source === host.host);
    const returning = mine.filter((m) => m.dest === host.host);
    const first = (ms: SandboxMigration[]) => Math.min(...ms.map((m) => m.createdAt));
    const last = (ms: SandboxMigration[]) => Math.max(...ms.map((m) => m.updatedAt));
    gaps.start += first(leaving) - (host.startedAt as number);
    const out = slotTimeline(leaving, host.host, host.startedAt as number, host.emptyAt as number);
    slots.emptyingLead += out.lead;
    slots.emptyingIdle += out.idle;
    slots.emptyingTail += out.tail;
    const back = [...new Set(returning.map((m) => m.source))]
      .map((source) => slotTimeline(returning, source, host.backAt as number, host.endedAt as number))
      .sort((a, b) => b.busy - a.busy)[0];
    if (back) {
      slots.returnLead += back.lead;
      slots.returnIdle += back.idle;
      slots.returnTail += back.tail;
    }
    gaps.emptyNoticed += (host.emptyAt as number) - last(leaving);
    gaps.backToMoves += first(returning) - (host.backAt as number);
    const outEnded = host.evacuationIds.map((e) => store.getEvacuation(e)?.evacuation.endedAt ?? 0);
    gaps.outProofs += Math.max(0, Math.max(...outEnded) - (host.backAt as number));
    gaps.returnProven += (host.endedAt as number) - last(returning);
    const next = hosts[i + 1];
    if (next) gaps.homeToNextStep += (next.startedAt as number) - last(returning);
  });
  const perStep = Object.entries(gaps)
    .map(([name, ms]) => `${name} ${(ms / HOSTS).toFixed(0)} ms`)
    .join(', ');
  const all = [...home.keys()];
  const backHome = all.filter((id) => sim.servers.get(id)?.host === home.get(id)).length;
  const completed = sim.migrations.filter((m) => m.status === 'completed').length;
  console.log(
    `drain: ${HOSTS} hosts × ${SERVERS_PER_HOST} servers with --return at speed ${speed}, one host at a time, ${CONCURRENCY} moves at once: plan ${planMs} ms; ` +
      `${(wall / 1000).toFixed(1)} s wall vs ideal ${(ideal / 1000).toFixed(1)} s from the sandbox's records (per step ${phases.join(', ')} s) = ${(wall / ideal).toFixed(3)}× (target ≤ 1.05×, #31); ` +
      `Ferry's time per step beyond Nova's (returnProven is off the path: the next step does not wait for it): ${perStep}; ${completed} migrations completed, ${backHome}/${all.length} servers back home; ${samples} samples every 100 ms: ${overcommitted} over capacity, ${mixedSteps} with two steps moving at once (targets 0, 0)`,
  );
  const perStepSlots = Object.entries(slots)
    .map(([name, ms]) => `${name} ${(ms / HOSTS).toFixed(0)} ms`)
    .join(', ');
  console.log(`  source slots per step on average: ${perStepSlots}`);
  console.log(`  ${afterEnds(sim.migrations, cloudCalls, store.runs())}`);
  await stop();
}
