import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/model/records.ts';
import { outcomeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A cell database that does not answer for a while: Nova's lists across cells skip its records, and
 * its servers' own requests fail. Meanwhile another move keeps Nova's list changing, so the shared
 * feed's "changes since" moves on past the end of cache-1's migration.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  // cache-1's copy takes about six minutes: long enough to be seen running however slow the machine
  applyFault(fx.sandbox.cloud, { type: 'nova-conf', host: 'compute2', migration_network_gbps: 0.1 });
  const serverX = fx.sandbox.cloud.resolveServer('server-x');
  await fx.clients.nova.liveMigrate(serverX.id, { host: 'compute2', blockMigration: 'auto' });
});
afterEach(async () => {
  await fx.close();
});

function expectCompletedAsNovaSays(run: RunRecord | undefined, texts: string[]): void {
  expect(run?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
  const record = fx.sandbox.cloud.migrations.find((m) => m.uuid === run?.migrationUuid);
  expect(record?.status).toBe('completed');
  expect(contradictionsWithNova(run ? [run] : [], fx.sandbox.cloud, texts)).toEqual([]);
}

describe('a record the lists do not show for a while', () => {
  it('is read fresh when the feed missed its end, and the run ends as Nova recorded it', async () => {
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await until(() => h.store.getRun(run.id)?.state === 'running', 'cache-1 running');
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['cache-1'], seconds: 600 });
    await h.runner.idle();
    const texts = h.events.flatMap((e) => (e.kind === 'run.outcome' ? [outcomeText(e.outcome)] : []));
    expectCompletedAsNovaSays(h.store.getRun(run.id), texts);
  });

  it('is not called gone after a restart during the blip: only a 404 and a fresh list without it say so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await first.runner.start(
      await first.approved({ server: 'cache-1', destination: 'compute1' }),
    );
    await until(() => first.store.getRun(run.id)?.state === 'running', 'cache-1 running');
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['cache-1'], seconds: 600 });

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    const texts = second.events.flatMap((e) => (e.kind === 'run.outcome' ? [outcomeText(e.outcome)] : []));
    expect(texts.join('\n')).not.toMatch(/no longer has the record/);
    expectCompletedAsNovaSays(second.store.getRun(run.id), texts);
  });
});
