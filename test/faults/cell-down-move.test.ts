import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNoticeText } from '../../src/messages/runs.ts';
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
    const notes = h.events.flatMap((e) => (e.kind === 'run.notice' ? [runNoticeText(e)] : []));
    expect(notes.join('\n')).not.toMatch(/Cannot reach Nova|Nova is not available since|Nova answers again/);
    // said after the server's name in the thread: "`cache-1`: Nova cannot read it now", never the name twice
    expect(notes.filter((note) => /Nova cannot read/.test(note))).toEqual([
      expect.stringMatching(
        /^Nova cannot read it now: it answers 500 for this server alone \(as it does when the database of the server's cell does not answer\) and answers for the rest\. Ferry keeps looking, and says how the move ends\.$/,
      ),
    ]);
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
  });

  // the operator trial: an outage's last 503 on the server's read, its hypervisor read just after
  // answered, was said as this server's alone; a 503 is the proxy finding no Nova at all
  it('says a 503 for the server alone as Nova not available, never as its cell', async () => {
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await until(() => h.store.getRun(run.id)?.state === 'running', 'cache-1 running');
    const id = fx.sandbox.cloud.resolveServer('cache-1').id;
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 3, path: `/servers/${id}` });
    await h.runner.idle();
    const notes = h.events.flatMap((e) => (e.kind === 'run.notice' ? [runNoticeText(e)] : []));
    expect(notes.join('\n')).not.toMatch(/Nova cannot read/);
    expect(notes.join('\n')).toMatch(/Nova is not available since \d\d:\d\d:\d\d UTC \(it answers 503\)/);
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
  });
});
