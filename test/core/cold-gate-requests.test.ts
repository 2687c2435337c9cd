import { afterEach, beforeEach, expect, it } from 'vitest';
import { harness, watchedRunner } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A cold move's reads of its server (#31 target 5): in VERIFY_RESIZE the proofs read the server on the
 * destination, and the automatic confirmation goes by that read rather than asking again a second later.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

it("confirms a cold move by the proofs' own read of the server, without a second read before the confirm", async () => {
  const h = harness(fx);
  const asked: string[] = [];
  const runner = watchedRunner(fx, h.store, (call) => asked.push(call));
  const run = await runner.start(
    await h.approved({ server: 'batch-7', destination: 'compute2', mode: 'cold' }),
  );
  await runner.idle();
  expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
  const confirm = asked.indexOf('confirmResize');
  const proofs = asked.indexOf('portsOf');
  expect(proofs).toBeGreaterThan(0);
  expect(confirm).toBeGreaterThan(proofs);
  // the start's read (how the server stood before), the proofs' read in VERIFY_RESIZE; none between
  // the proofs and the confirm
  expect(asked.slice(0, confirm).filter((m) => m === 'getServer')).toHaveLength(2);
  expect(asked.slice(proofs, confirm)).not.toContain('getServer');
  // the end is concluded from a read made after Nova's record ended (confirmed)
  expect(asked.slice(confirm).filter((m) => m === 'getServer')).toHaveLength(1);
});
