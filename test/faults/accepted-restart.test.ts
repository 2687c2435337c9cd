import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/**
 * A Ferry that stopped right after Nova's 202, before its watch saw the migration record: the run is
 * stored accepted, with Nova's request ID and no record.
 */
async function acceptedThenStopped(file: string) {
  const first = harness(fx, {}, await LowdbStore.open(file));
  const run = await first.runner.start(await first.approved({ server: 'server-x', destination: 'compute2' }));
  first.runner.stop();
  await first.runner.idle();
  await first.store.flush();
  const stored = first.store.getRun(run.id);
  expect(stored).toMatchObject({ state: 'accepted', novaRequestIds: [expect.stringMatching(/^req-/)] });
  expect(stored?.migrationUuid).toBeUndefined();
  return { runId: run.id, requestId: stored?.novaRequestIds[0] as string };
}

describe('a move Nova accepted before a restart, whose record Ferry had not seen', () => {
  it('says Nova no longer has the request when the cloud was reset with the process, not that Nova never started', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const { runId, requestId } = await acceptedThenStopped(file);
    // the built-in sandbox after a restart: a fresh cloud with the same servers, no actions, no records
    const fresh = await sandboxFixture();
    try {
      const second = harness(fresh, {}, await LowdbStore.open(file));
      await second.runner.resumeAll();
      await second.runner.idle();
      const outcome = second.store.getRun(runId)?.outcome;
      expect(outcome).toMatchObject({ kind: 'unknown', host: 'compute1' });
      expect(outcome?.durationMs).toBeUndefined();
      expect(outcomeText(outcome)).toBe(
        `Nova accepted the request (${requestId}) but no longer has any record of it, neither its instance action nor a migration (was the cloud reset or restored?), not even whether the move ran. server-x is ACTIVE on compute1; check it before asking again.`,
      );
    } finally {
      await fresh.close();
    }
  });

  it('says Nova shows no migration for an accepted request whose record is gone, and where the server is', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const { runId, requestId } = await acceptedThenStopped(file);
    // the move runs on while Ferry is down, then Nova's database loses its record (a restored backup);
    // the instance action stays, with every step a success, and the server has no task any more
    fx.clock.advance(30 * 60_000);
    expect((await fx.clients.nova.findServer('server-x')).host).toBe('compute2');
    applyFault(fx.sandbox.cloud, { type: 'forget-migration', server: 'server-x' });

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    const outcome = second.store.getRun(runId)?.outcome;
    expect(outcome).toMatchObject({ kind: 'unknown', host: 'compute2' });
    expect(outcomeText(outcome)).toMatch(
      new RegExp(
        `^Nova accepted the request \\(${requestId}\\) but shows no migration for it after 2m \\d\\ds: no migration record, no failed step, no task on the server\\. server-x is ACTIVE on compute2, no longer on compute1; Ferry stopped watching\\.`,
      ),
    );
    expect(contradictionsWithNova(second.store.runs(), fx.sandbox.cloud)).toEqual([]);
  });
});
