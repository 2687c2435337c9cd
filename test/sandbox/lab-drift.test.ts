import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abortMigration,
  coldMigrate,
  confirmResize,
  forceComplete,
  liveMigrate,
  revertResize,
} from '../../src/sandbox/server-actions.ts';
import {
  firstSeen,
  type LabRecording,
  labRecording,
  recordsOf,
  transferOf,
} from '../helpers/lab-evidence.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Every rate and timing the sandbox models, measured on the sandbox configured as the lab is (3 MiB/s
 * live_migration_bandwidth, post-copy permitted) and on the lab's recordings
 * (test/fixtures/lab-migrations). Each figure has a tolerance; where the sandbox differs on purpose
 * the tolerance is the stated difference and README "What the lab taught the sandbox" says why.
 * The test fails when either side drifts out of it: a new recording or a change of the model.
 */

interface Figure {
  name: string;
  lab: number;
  sandbox: number;
  /** sandbox / lab must lie in [min, max] */
  ratio: [number, number];
}

let fx: SandboxFixture;
const figures: Figure[] = [];
const MIB = 1024 * 1024;

/** The sandbox's move of `server`, sampled once a fake second as the recorder samples the lab. */
async function sandboxMove(
  server: string,
  start: () => void,
  act?: { at: (status: string, t: number) => boolean; run: () => void },
  ends = ['completed', 'cancelled', 'error', 'failed', 'finished', 'confirmed', 'reverted'],
) {
  const cloud = fx.sandbox.cloud;
  const t0 = fx.clock.now();
  start();
  const seen = new Map<string, number>();
  const transfer: { t: number; processed: number; remaining: number }[] = [];
  let acted: number | null = null;
  for (let i = 0; i < 3_600; i++) {
    cloud.sync();
    const t = (fx.clock.now() - t0) / 1000;
    const migration = cloud.migrations.filter((m) => m.serverId === cloud.resolveServer(server).id).at(-1);
    if (!migration) throw new Error(`no migration of ${server}`);
    if (!seen.has(migration.status)) seen.set(migration.status, t);
    if (migration.status === 'running' && migration.memoryProcessed > 0)
      transfer.push({ t, processed: migration.memoryProcessed, remaining: migration.memoryRemaining });
    if (act && acted === null && act.at(migration.status, t)) {
      act.run();
      acted = t;
      continue;
    }
    if (ends.includes(migration.status)) return { seen, transfer, acted };
    fx.clock.advance(1_000);
  }
  throw new Error(`${server} did not end`);
}

const slope = (points: { t: number; processed: number }[]) => {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || last.t <= first.t) return Number.NaN;
  return (last.processed - first.processed) / (last.t - first.t);
};

/** The lab's seconds from one record status (or a recorded action) to another. */
function labSpan(recording: LabRecording, from: string, to: string): number {
  const action = recording.samples.find((s) => s.what === from);
  const start = action ? action.t : firstSeen(recording, from);
  const end = firstSeen(recording, to);
  if (start === null || start === undefined || end === null)
    throw new Error(`${recording.scenario}: no ${from} → ${to}`);
  return end - start;
}

beforeAll(async () => {
  fx = await sandboxFixture();
  const cloud = fx.sandbox.cloud;
  for (const host of cloud.hosts.values())
    Object.assign(host.novaConf, { bandwidthBytesPerSecond: 3 * MIB, permitPostCopy: true });
  const caller = { userId: 'admin', projectId: cloud.resolveServer('cache-1').projectId } as never;

  const live = labRecording('live');
  const ours = await sandboxMove('cache-1', () =>
    liveMigrate(cloud, cloud.resolveServer('cache-1'), 'compute1', 'auto', caller),
  );
  const labTransfer = transferOf(live);
  figures.push({
    name: 'memory bytes sent per second under a 3 MiB/s cap (memory_processed_bytes)',
    lab: slope(labTransfer),
    sandbox: slope(ours.transfer),
    ratio: [0.9, 1.1],
  });
  figures.push({
    name: 'seconds from the request to running (accepted, queued, preparing)',
    lab: labSpan(live, 'live migrate', 'running'),
    sandbox: ours.seen.get('running') as number,
    // the lab's pre_live_migration takes 11–15 s on TCG on two loaded cores: the sandbox keeps 2.5 s
    ratio: [0.05, 0.4],
  });

  const abort = labRecording('abort');
  const aborted = await sandboxMove(
    'server-x',
    () => liveMigrate(cloud, cloud.resolveServer('server-x'), 'compute2', 'auto', caller),
    {
      at: (status, t) => status === 'running' && t >= 20,
      run: () => {
        const server = cloud.resolveServer('server-x');
        const migration = cloud.migrations.filter((m) => m.serverId === server.id).at(-1);
        abortMigration(cloud, server, migration?.id as number, caller, [2, 93]);
      },
    },
  );
  figures.push({
    name: 'seconds from DELETE (abort) to cancelled',
    lab: labSpan(abort, 'abort', 'cancelled'),
    sandbox: (aborted.seen.get('cancelled') as number) - (aborted.acted as number),
    // the sandbox cancels at once; the lab's QEMU on TCG took 19–49 s (README)
    ratio: [0, 0.1],
  });

  const force = labRecording('force');
  cloud.setDirtyRatio('ledger', 1.2);
  // ledger's memory at 3 MiB/s would take hours: the switch's timing does not depend on the cap
  cloud.hostOrThrow(cloud.resolveServer('ledger').host).novaConf.bandwidthBytesPerSecond = 0;
  const forced = await sandboxMove(
    'ledger',
    () => liveMigrate(cloud, cloud.resolveServer('ledger'), 'compute2', 'auto', caller),
    {
      at: (status, t) => status === 'running' && t >= 25,
      run: () => {
        const server = cloud.resolveServer('ledger');
        const migration = cloud.migrations.filter((m) => m.serverId === server.id).at(-1);
        forceComplete(cloud, server, migration?.id as number, caller);
      },
    },
  );
  figures.push({
    name: 'seconds from Force complete to running (post-copy)',
    lab: labSpan(force, 'force complete', 'running (post-copy)'),
    sandbox: (forced.seen.get('running (post-copy)') as number) - (forced.acted as number),
    // the sandbox switches at once; the lab's record said post-copy 60 s after the 202 (README)
    ratio: [0, 0.1],
  });

  const cold = labRecording('cold-confirm');
  const moved = await sandboxMove(
    'db-replica',
    () => coldMigrate(cloud, cloud.resolveServer('db-replica'), 'compute1', caller),
    {
      at: (status) => status === 'finished',
      run: () => confirmResize(cloud, cloud.resolveServer('db-replica'), caller),
    },
    ['confirmed', 'error'],
  );
  figures.push({
    name: 'seconds of a cold migration, request to finished',
    lab: labSpan(cold, 'cold migrate', 'finished'),
    sandbox: moved.seen.get('finished') as number,
    // the lab's fixed costs (power-off, the copy's SSH, QEMU's start on TCG) are ~16 s for a 200 KiB
    // disk; the sandbox's phases are 1 s each plus the disk at 150 MiB/s (README)
    ratio: [0.1, 1],
  });
  figures.push({
    name: 'seconds from confirm to confirmed',
    lab: labSpan(cold, 'confirm', 'confirmed'),
    sandbox: (moved.seen.get('confirmed') as number) - (moved.acted as number),
    ratio: [0.3, 3],
  });

  const revert = labRecording('cold-revert');
  const reverted = await sandboxMove(
    'web-1',
    () => coldMigrate(cloud, cloud.resolveServer('web-1'), 'compute3', caller),
    {
      at: (status) => status === 'finished',
      run: () => revertResize(cloud, cloud.resolveServer('web-1'), caller),
    },
    ['reverted', 'error'],
  );
  figures.push({
    name: 'seconds from revert to reverted',
    lab: labSpan(revert, 'revert', 'reverted'),
    sandbox: (reverted.seen.get('reverted') as number) - (reverted.acted as number),
    // the lab's revert starts the guest again on its source (QEMU on TCG): 3.9 s against 1.5 s
    ratio: [0.2, 1.5],
  });
});

afterAll(async () => {
  await fx?.close();
});

describe("the sandbox's rates and timings against the lab's", () => {
  it('each within its stated tolerance', () => {
    const report = figures.map((f) => ({ ...f, actual: Number((f.sandbox / f.lab).toFixed(3)) }));
    console.log(
      report
        .map((f) => `${f.name}: lab ${f.lab.toFixed(1)}, sandbox ${f.sandbox.toFixed(1)} (×${f.actual})`)
        .join('\n'),
    );
    const out = report.filter((f) => !(f.actual >= f.ratio[0] && f.actual <= f.ratio[1]));
    expect(out).toEqual([]);
  });

  it("reads the lab's records as they are: counters saved every 5 s, disks never counted", () => {
    const live = labRecording('live');
    const transfer = transferOf(live);
    expect(transfer.length).toBeGreaterThan(1);
    for (const { record } of recordsOf(live)) expect(record.dest_host).toBeNull();
    const details = live.samples
      .filter((s) => s.what === 'server migration' && s.status === 200)
      .map((s) => (s.body as { migration: Record<string, unknown> }).migration);
    expect(details.every((m) => !m.disk_total_bytes)).toBe(true);
  });
});
