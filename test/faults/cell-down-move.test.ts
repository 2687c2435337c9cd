import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * The cell database of one server does not answer during its /migrate: Nova answers for everything
 * else (the shared list, hypervisors, other servers), while the server's own requests answer 500 and
 * the lists skip its records. Nova did not go away: the thread says Nova cannot read this server, once.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  // cache-1's copy takes minutes: long enough to be running when its cell goes down
  applyFault(fx.sandbox.cloud, { type: 'nova-conf', host: 'compute2', migration_network_gbps: 0.1 });
});
afterEach(async () => {
  await fx.close();
});

describe("a move whose server's cell does not answer", () => {
  it('says once that Nova cannot read the server, never that Nova cannot be reached', async () => {
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await until(() => h.store.getRun(run.id)?.state === 'running', 'cache-1 running');
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['cache-1'], seconds: 35 });
    await h.runner.idle();
    const notes = h.events.flatMap((e) => (e.kind === 'run.notice' ? [e.note] : []));
    expect(notes.join('\n')).not.toMatch(/Cannot reach Nova|Nova is not available since|Nova answers again/);
    // said after the server's name in the thread: "`cache-1`: Nova cannot read it now", never the name twice
    expect(notes.filter((note) => /Nova cannot read/.test(note))).toEqual([
      expect.stringMatching(
        /^Nova cannot read it now: it answers 500 for this server alone \(as it does when the database of the server's cell does not answer\) and answers for the rest\. Ferry keeps looking, and says how the move ends\.$/,
      ),
    ]);
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
  });
});
