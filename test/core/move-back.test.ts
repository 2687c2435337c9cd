import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EvacuationRecord } from '../../src/core/model.ts';
import { planMoveBack } from '../../src/core/move-back.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

// "None of the N server(s) … can go back (no longer exists)" was said of servers Nova did not answer for
it('takes a server Nova does not answer for as unread, never as gone; once Nova answers it goes back', {
  timeout: 60_000,
}, async () => {
  const harness = evacuationHarness(fx);
  const id = await harness.approved({ host: 'compute2' });
  await harness.evacuator.start(id);
  await harness.evacuator.idle();
  await harness.runner.idle();
  const { cloud } = plannerFor(fx);
  const compute2 = (await cloud.listComputeServices()).find((s) => s.host === 'compute2');
  await cloud.setServiceEnabled(compute2?.id ?? '', true);
  const done = harness.store.getEvacuation(id) as EvacuationRecord;
  const moved = done.evacuation.items.find((item) => item.outcome?.kind === 'completed');
  if (!moved) throw new Error('nothing moved');

  applyFault(fx.sandbox.cloud, {
    type: 'api-error',
    status: 500,
    count: 20,
    path: `/servers/${moved.serverId}`,
  });
  const unread = await planMoveBack(cloud, done);
  expect(unread.items.find((item) => item.serverId === moved.serverId)).toMatchObject({
    state: 'skipped',
    note: expect.stringMatching(/^Nova could not read it \(it answered 500\)/),
  });
  applyFault(fx.sandbox.cloud, { type: 'clear' });
  const plan = await planMoveBack(cloud, done);
  expect(plan.items.find((item) => item.serverId === moved.serverId)?.state).toBe('waiting');

  // deleted, Nova says 404: that one is gone
  fx.sandbox.cloud.servers.delete(moved.serverId);
  const without = await planMoveBack(cloud, done);
  expect(without.items.find((item) => item.serverId === moved.serverId)).toMatchObject({
    state: 'skipped',
    note: 'no longer exists',
  });
});
