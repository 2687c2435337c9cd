import { systemClock } from '../src/clock.ts';
import type { StallAction } from '../src/core/model/stall-policy.ts';
import type { MoveMode } from '../src/core/model/types.ts';
import type { SandboxCloud } from '../src/sandbox/cloud.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { benchFerry } from './ferry.ts';

/**
 * #29's figures. The yardstick is the sandbox's own migration records, sampled every 20 ms: when Nova's
 * record reached the end Ferry waits for (live: `completed`; cold: `finished`, the server in
 * VERIFY_RESIZE), and when Nova next heard from Ferry (a cold move's confirm: `confirming`).
 */

const SAMPLE_MS = 20;

/** The first time each migration record was seen in each status. */
function sampleStatuses(sim: SandboxCloud): { seen: Map<string, Map<string, number>>; stop(): void } {
  const seen = new Map<string, Map<string, number>>();
  const look = () => {
    const now = Date.now();
    for (const migration of sim.migrations) {
      const statuses = seen.get(migration.uuid) ?? new Map<string, number>();
      seen.set(migration.uuid, statuses);
      if (!statuses.has(migration.status)) statuses.set(migration.status, now);
      // a force-complete the source cannot do as post-copy pauses the guest: the record says `forced`
      if (migration.forced && !statuses.has('forced')) statuses.set('forced', now);
    }
  };
  const timer = setInterval(look, SAMPLE_MS);
  return { seen, stop: () => clearInterval(timer) };
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Proof time added to a move (target p95 ≤ 5 s): moves one after another on the sandbox at speed 10,
 * live and cold, with every proof the sandbox allows (Nova, ports, console). For a live move, from Nova's
 * record `completed` to Ferry's outcome on the run (detection and proofs); for a cold one, from
 * `finished` (VERIFY_RESIZE) to Nova's record `confirming` (detection, proofs and the confirm asked).
 */
export async function benchProofTime(): Promise<void> {
  const sandbox = await startSandbox({ clock: systemClock, speed: 10 });
  const sim = sandbox.cloud;
  for (const name of ['pf-1', 'pf-2'])
    sim.addHost({ name, memoryMb: 131_072, vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 });
  const moves: { name: string; mode: MoveMode }[] = [];
  for (let i = 1; i <= 12; i++) {
    const name = `pf-vm${String(i).padStart(2, '0')}`;
    sim.addServer({
      name,
      host: 'pf-1',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
    moves.push({ name, mode: i % 3 === 0 ? 'cold' : 'live' });
  }
  const { ferry, store, stop } = await benchFerry(sandbox, 10_000);
  const sampler = sampleStatuses(sim);
  const added: Record<MoveMode, number[]> = { live: [], block: [], cold: [] };
  const unproven: string[] = [];
  for (const move of moves) {
    const { request } = await ferry.core.moves.ask({
      user: 'U_ALICE',
      server: move.name,
      destination: 'pf-2',
      mode: move.mode,
      dryRun: false,
    });
    await ferry.core.approvals.approve(request.id, 'U_BOB', ferry.edge.services.news);
    await ferry.runner.idle();
    const run = store.runs().find((r) => r.requestId === request.id);
    const statuses = run?.migrationUuid ? sampler.seen.get(run.migrationUuid) : undefined;
    const ended = move.mode === 'cold' ? statuses?.get('finished') : statuses?.get('completed');
    const told = move.mode === 'cold' ? statuses?.get('confirming') : run?.endedAt;
    if (!run || ended === undefined || told === undefined) {
      unproven.push(`${move.name}: no end seen (${run?.state ?? 'no run'})`);
      continue;
    }
    if (run.outcome?.kind !== 'completed') unproven.push(`${move.name}: ${run.outcome?.kind ?? run.state}`);
    added[move.mode].push(told - ended);
  }
  sampler.stop();
  const all = [...added.live, ...added.cold];
  const p95 = percentile(all, 0.95);
  console.log(
    `proof time added to a move: ${all.length} moves on the sandbox (speed 10, one at a time; Nova, ports and console proven): ` +
      `p50 ${seconds(percentile(all, 0.5))}, p95 ${seconds(p95)} (target ≤ 5 s) ${p95 <= 5_000 ? 'met' : 'MISSED'}; ` +
      `live (record completed → outcome) p50 ${seconds(percentile(added.live, 0.5))} max ${seconds(Math.max(...added.live))}; ` +
      `cold (record finished → confirming) p50 ${seconds(percentile(added.cold, 0.5))} max ${seconds(Math.max(...added.cold))}` +
      `${unproven.length ? `; not completed: ${unproven.join(', ')}` : ''}`,
  );
  await stop();
}

/**
 * The stall policy acts within grace + 5 s: the sandbox's never-converging server (ledger), a short
 * grace period, each acting policy in turn. From Ferry's warning (the decision's time on the run) to the
 * sandbox's record showing the policy's act (abort: `cancelled`; force-complete: post-copy, or the
 * guest paused for the copy where the source permits no post-copy).
 */
export async function benchStallPolicy(): Promise<void> {
  const graceMs = 5_000;
  const rows: string[] = [];
  let worst = 0;
  for (const action of ['abort', 'force-complete'] as StallAction[]) {
    const sandbox = await startSandbox({ clock: systemClock, speed: 10 });
    const sim = sandbox.cloud;
    const { ferry, store, stop } = await benchFerry(
      sandbox,
      10_000,
      {},
      {
        runner: { stallAfterMs: 10_000, stallPolicy: { action, overrides: [], graceMs } },
      },
    );
    const sampler = sampleStatuses(sim);
    const { request } = await ferry.core.moves.ask({
      user: 'U_ALICE',
      server: 'ledger',
      destination: 'compute2',
      mode: 'live',
      dryRun: false,
    });
    await ferry.core.approvals.approve(request.id, 'U_BOB', ferry.edge.services.news);
    const targets = action === 'abort' ? ['cancelled'] : ['running (post-copy)', 'forced'];
    const deadline = Date.now() + 120_000;
    let acted: number | undefined;
    let warned: number | undefined;
    while (Date.now() < deadline && acted === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const run = store.runs().find((r) => r.requestId === request.id);
      warned = run?.stall?.at;
      const statuses = run?.migrationUuid ? sampler.seen.get(run.migrationUuid) : undefined;
      acted = targets.map((status) => statuses?.get(status)).find((at) => at !== undefined);
    }
    sampler.stop();
    if (warned === undefined || acted === undefined) rows.push(`${action}: did not act within 120 s`);
    else {
      worst = Math.max(worst, acted - warned);
      rows.push(`${action} ${seconds(acted - warned)}`);
    }
    await ferry.runner.idle();
    await stop();
  }
  const limit = graceMs + 5_000;
  console.log(
    `stall policy: warning → Nova's record shows the policy's act (grace ${seconds(graceMs)}): ${rows.join(', ')} ` +
      `(target ≤ grace + 5 s = ${seconds(limit)}) ${worst > 0 && worst <= limit && rows.every((r) => !r.includes('did not')) ? 'met' : 'MISSED'}`,
  );
}
