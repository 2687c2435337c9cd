import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

// CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

/** The unanswered and retried starts again, with the runs kept in PostgreSQL. */
describe.skipIf(!hasPostgres)('unanswered starts on PostgreSQL', () => {
  let server: RealPostgres;
  let fx: SandboxFixture;
  const opened: PostgresStore[] = [];
  const fresh = async () => {
    const store = await PostgresStore.open(await server.freshDatabase());
    opened.push(store);
    return store;
  };
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await server?.stop();
  });
  beforeEach(async () => {
    fx = await sandboxFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('finds the migration whose answer was dropped, and sends it once', async () => {
    const h = harness(fx, {}, await fresh());
    applyFault(fx.sandbox.cloud, { type: 'lose-answer', method: 'POST', path: '/action', how: 'drop' });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
    expect(fx.sandbox.cloud.migrations).toHaveLength(1);
    expect(contradictionsWithNova(h.store.runs(), fx.sandbox.cloud)).toEqual([]);
  });

  it("retries an evacuation's move after a 503 and empties the host", async () => {
    const h = evacuationHarness(fx, {}, await fresh());
    const id = await h.approved({ host: 'compute3', concurrency: 1 });
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 1, path: '/action' });
    await h.evacuator.start(id);
    await h.evacuator.idle();
    await h.runner.idle();
    const items = h.store.getEvacuation(id)?.evacuation?.items ?? [];
    expect(
      items.filter((item) => item.state !== 'skipped').every((item) => item.outcome?.kind === 'completed'),
    ).toBe(true);
    expect([...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3')).toEqual([]);
    expect(contradictionsWithNova(h.store.runs(), fx.sandbox.cloud)).toEqual([]);
  });
});
