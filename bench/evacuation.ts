import { showEvacuation } from '../commands/evacuate/buttons.ts';
import { systemClock } from '../src/clock.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { KINDS, slackBudget, slackKinds } from './evacuation-budget.ts';
import { benchFerry } from './ferry.ts';
import { afterEnds, type CloudCall, describeTimeline, slotTimeline } from './pace.ts';
import { SlackTally } from './slack-tally.ts';

/**
 * Two hosts of 20 servers each evacuated at once through the real chat flow, with Nova's default
 * max_concurrent_live_migrations = 1 per source host. The yardstick comes from the sandbox's own
 * migration records, not from Ferry: a source host can finish no sooner than the sum of the times its
 * migrations held its one slot (Nova-side, from leaving `queued` to the end), so the ideal wall time is
 * the larger of the two hosts' sums.
 */
export async function benchEvacuation(): Promise<void> {
  const clock = systemClock;
  // FERRY_EVACUATION_SPEED 1: Ferry's own time (plans, polls, proofs) is not magnified by the speed
  const speed = Number(process.env.FERRY_EVACUATION_SPEED ?? 10);
  const sandbox = await startSandbox({ clock, speed });
  const { cloud: sim } = sandbox;
  for (const name of ['compute5', 'compute6', 'compute7', 'compute8', 'compute9']) {
    sim.addHost({ name, memoryMb: 262_144, vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 });
  }
  const sources = ['compute8', 'compute9'];
  for (let i = 1; i <= 40; i++) {
    sim.addServer({
      name: `bench-${String(i).padStart(2, '0')}`,
      host: sources[i % 2] as string,
      flavor: i % 3 === 0 ? 'm1.large' : 'm1.medium',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
  }
  // Both hosts cordoned before planning, as an operator would: neither is then a destination of the other.
  for (const host of sources) {
    const cordoned = sim.hostOrThrow(host);
    cordoned.status = 'disabled';
    cordoned.disabledReason = 'kernel update';
  }
  const progressIntervalMs = 10_000;
  const cloudCalls: CloudCall[] = [];
  const { ferry, store, fake, stop } = await benchFerry(sandbox, progressIntervalMs, {}, {}, cloudCalls);
  const tally = new SlackTally(fake);
  tally.begin();
  const callsBefore = fake.calls.length;
  const started = Date.now();
  // One after the other: each plan is made with the moves already under way, so it holds at its start.
  const requests = [];
  /** per source: when its plan was asked for, shown, and approved (ms after the start) */
  const steps: { asked: number; shown: number; approved: number }[] = [];
  for (const host of sources) {
    const askedAt = Date.now() - started;
    const asked = await ferry.core.evacuations.ask({
      user: 'U_ALICE',
      host,
      // two in flight per host: Nova queues the second, so the host's slot never waits for Ferry
      concurrency: 2,
      reenable: false,
      dryRun: false,
    });
    await showEvacuation(ferry.edge.services, asked, 'C0BENCH', async () => {});
    const shownAt = Date.now() - started;
    const request = asked.request;
    // as the Approve button sends it: the request and the fingerprint of the plan it shows
    await ferry.core.approvals.approve(
      `${request.id}@${request.evacuation.fingerprint}`,
      'U_BOB',
      ferry.edge.services.news,
    );
    requests.push(request);
    steps.push({ asked: askedAt, shown: shownAt, approved: Date.now() - started });
  }
  await ferry.evacuator.idle();
  await ferry.runner.idle();
  const ended = Date.now();
  const wall = ended - started;
  // Slack allows about one post per second per channel, so the thread trails the migrations.
  await ferry.poster.drain();
  const drained = Date.now() - started;
  const items = requests.flatMap((request) => store.getEvacuation(request.id)?.evacuation.items ?? []);
  for (const item of items.filter((i) => i.outcome?.kind !== 'completed'))
    console.log(
      `  not completed: ${item.serverName} (${item.outcome?.kind ?? item.state}: ${item.outcome?.message ?? item.note})`,
    );
  const perHost = sources.map((host) =>
    sim.migrations
      .filter((m) => m.source === host && m.slotSince !== null)
      .reduce((total, m) => total + (m.updatedAt - (m.slotSince as number)), 0),
  );
  const ideal = Math.max(...perHost);
  const calls = fake.calls.length - callsBefore;
  const intervals = Math.ceil(wall / progressIntervalMs);
  // by kind, each against its bound from Ferry's rules (evacuation-budget.ts)
  const kinds = slackKinds(fake.calls.slice(callsBefore));
  const bounds = slackBudget({ servers: 40, evacuations: 2, sources: sources.length, intervals });
  const budget = KINDS.reduce((sum, kind) => sum + bounds[kind], 0);
  const byKind = KINDS.map((kind) => `${kind} ${kinds[kind]} (≤ ${bounds[kind]})`).join(', ');
  console.log(
    `evacuation: 2 hosts × 20 servers at speed ${speed}, max_concurrent_live_migrations 1: ${(wall / 1000).toFixed(1)} s wall vs ideal ${(ideal / 1000).toFixed(1)} s from the sandbox's records (slot time per host ${perHost.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}) = ${(wall / ideal).toFixed(3)}× (target ≤ 1.03×, #31); last Slack post ${(drained / 1000).toFixed(1)} s after approval; ` +
      `${items.filter((i) => i.outcome?.kind === 'completed').length}/40 completed; Slack Web API calls ${calls} = ${(calls / 40).toFixed(2)} per server with ${intervals} progress interval(s) of ${progressIntervalMs / 1000} s (budget ${budget}: ${byKind}${kinds.other ? `; ${kinds.other} call(s) of no kind the budget counts` : ''})`,
  );
  // the same calls by method and by message (a thread's replies by their first line)
  tally.print();
  // where the time beyond the ideal went: each source's slot from approval to the end, and after each end
  for (const host of sources)
    console.log(`  ${host}'s slot: ${describeTimeline(slotTimeline(sim.migrations, host, started, ended))}`);
  console.log(`  ${afterEnds(sim.migrations, cloudCalls, store.runs())}`);
  const outcomes = Math.max(...store.runs().map((run) => run.endedAt ?? 0));
  const finished = Math.max(...requests.map((r) => store.getEvacuation(r.id)?.evacuation.endedAt ?? 0));
  console.log(`  last outcome → evacuation done ${finished - outcomes} ms`);
  // where each source's time beyond its slot time went: before its first move, and after its last
  for (const [i, host] of sources.entries()) {
    const ms = sim.migrations.filter((m) => m.source === host && m.slotSince !== null);
    const first = ms.reduce((a, b) => (a.createdAt <= b.createdAt ? a : b));
    const last = ms.reduce((a, b) => (a.updatedAt >= b.updatedAt ? a : b));
    const step = steps[i] as (typeof steps)[number];
    const seen = cloudCalls.find(
      (c) => c.method === 'listMigrations' && c.at >= last.updatedAt && Number.isFinite(c.answeredAt),
    );
    const react = cloudCalls.find((c) => c.server === last.serverId && c.at >= last.updatedAt);
    const run = store.runs().find((r) => r.migrationUuid === last.uuid);
    const done = store.getEvacuation(requests[i]?.id ?? '')?.evacuation.endedAt;
    const parts = [
      `plan asked ${step.asked} ms after the start, planned +${step.shown - step.asked} ms (and shown), approved +${step.approved - step.shown} ms, first move asked of Nova +${first.createdAt - started - step.approved} ms, held its slot +${(first.slotSince as number) - first.createdAt} ms`,
      `after the last migration's end: the shared poll's answer +${seen ? (seen.answeredAt - last.updatedAt).toFixed(0) : '?'} ms, Ferry's first call about it +${seen && react ? (react.at - seen.answeredAt).toFixed(0) : '?'} ms, its proofs to the outcome +${react && run?.endedAt ? (run.endedAt - react.at).toFixed(0) : '?'} ms, the evacuation done +${run?.endedAt && done ? done - run.endedAt : '?'} ms, the bench's end +${done ? ended - done : '?'} ms`,
    ];
    console.log(`  ${host}: ${parts.join('; ')}`);
  }
  // at speed 10 a minute of Nova's work passes in 6 s: the per-minute rate is the shared-poll figure's
  const during = cloudCalls.filter((c) => c.at >= started && c.at <= ended).length;
  console.log(
    `  cloud calls (Nova, Neutron, Placement) ${during} = ${(during / 40).toFixed(1)} per server moved`,
  );
  await stop();
}
