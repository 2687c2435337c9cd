import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A migration record Nova no longer has (its database restored from a backup taken before the move):
 * the lists lack it and reading it answers 404. Ferry ends the run as unknown, with the server as Nova
 * shows it, instead of showing it running for good.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

function outcomeTexts(h: ReturnType<typeof harness>): string[] {
  return h.events.flatMap((e) => (e.kind === 'run.outcome' ? [outcomeText(e.outcome)] : []));
}

describe('a migration record that vanishes', () => {
  it('ends a running live migration as unknown, saying where the server is', async () => {
    // the copies take minutes: cache-1 is still running when its record goes, and server-x's record
    // changes at every answer, so the shared feed never asks for every record meanwhile
    applyFault(fx.sandbox.cloud, { type: 'nova-conf', migration_network_gbps: 0.1 });
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    const other = await h.runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    await until(() => h.store.getRun(run.id)?.state === 'running', 'cache-1 running');
    await until(() => h.store.getRun(other.id)?.state === 'running', 'server-x running');
    applyFault(fx.sandbox.cloud, { type: 'forget-migration', server: 'cache-1' });
    await h.runner.idle();
    // the guest stays where it was, its task never ended: Nova shows it MIGRATING on its source
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'unknown', host: 'compute2' });
    const text = outcomeText(h.store.getRun(run.id)?.outcome);
    expect(text).toContain('(was the cloud reset or restored?). cache-1 is MIGRATING on compute2');
    expect(text).not.toMatch(/fail/i);
  });

  it('ends a cold migration waiting for its confirmation as unknown once a full list lacks it', async () => {
    const h = harness(fx, { autoConfirm: false });
    const run = await h.runner.start(
      await h.approved({ server: 'batch-7', destination: 'compute2', mode: 'cold' }),
    );
    await until(() => h.store.getRun(run.id)?.state === 'awaiting-confirmation', 'batch-7 to confirm');
    applyFault(fx.sandbox.cloud, { type: 'forget-migration', server: 'batch-7' });
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'unknown', host: 'compute2' });
    expect(outcomeTexts(h)[0]).toContain(
      '(was the cloud reset or restored?). batch-7 is VERIFY_RESIZE on compute2',
    );
  });
});
