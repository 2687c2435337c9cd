import { afterEach, beforeEach, expect, it } from 'vitest';
import { itemLine } from '../../src/chat/evacuation-view.ts';
import { planMoveBack } from '../../src/core/evacuation/move-back.ts';
import type { EvacuationItemState, EvacuationRecord } from '../../src/core/model/records.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { plannerFor, worded } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { noted } from '../helpers/notes.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/** compute2 evacuated, the evacuation done and nova-compute there enabled again: a move back may go. */
async function compute2Evacuated() {
  const harness = evacuationHarness(fx);
  const id = await harness.approved({ host: 'compute2' });
  await harness.evacuator.start(id);
  await harness.evacuator.idle();
  await harness.runner.idle();
  const { cloud } = plannerFor(fx);
  const compute2 = (await cloud.listComputeServices()).find((s) => s.host === 'compute2');
  await cloud.setServiceEnabled(compute2?.id ?? '', true);
  return { cloud, done: harness.store.getEvacuation(id) as EvacuationRecord };
}

// "None of the N server(s) … can go back (no longer exists)" was said of servers Nova did not answer for
it('takes a server Nova does not answer for as unread, never as gone; once Nova answers it goes back', {
  timeout: 60_000,
}, async () => {
  const { cloud, done } = await compute2Evacuated();
  const moved = done.evacuation.items.find((item) => item.outcome?.kind === 'completed');
  if (!moved) throw new Error('nothing moved');

  applyFault(fx.sandbox.cloud, {
    type: 'api-error',
    status: 500,
    count: 20,
    path: `/servers/${moved.serverId}`,
  });
  const unread = await planMoveBack(cloud, done);
  expect(noted(unread.items.find((item) => item.serverId === moved.serverId))).toMatchObject({
    state: 'skipped',
    note: expect.stringMatching(/^Nova could not read it \(it answered 500\)/),
  });
  applyFault(fx.sandbox.cloud, { type: 'clear' });
  const plan = await planMoveBack(cloud, done);
  expect(plan.items.find((item) => item.serverId === moved.serverId)?.state).toBe('waiting');

  // deleted, Nova says 404: that one is gone
  fx.sandbox.cloud.servers.delete(moved.serverId);
  const without = await planMoveBack(cloud, done);
  expect(noted(without.items.find((item) => item.serverId === moved.serverId))).toMatchObject({
    state: 'skipped',
    note: 'no longer exists',
  });
});

// operator trial: one moved home by hand read "⏭️ `cache-1` … · cannot move — already on compute2" under a ⚠️
it('takes a server moved home by hand as home: no warning, and its line says it is home as the report does', {
  timeout: 60_000,
}, async () => {
  const { cloud, done } = await compute2Evacuated();
  const left = done.evacuation.items.filter((item) => item.outcome?.kind === 'completed');
  const byHand = left[0];
  if (!byHand || left.length < 2) throw new Error('too few moved');
  const server = fx.sandbox.cloud.servers.get(byHand.serverId);
  if (!server) throw new Error('no server');
  server.host = 'compute2';

  const plan = await planMoveBack(cloud, done);
  expect(plan.checks.map(worded).find((check) => check.id === 'capacity')).toMatchObject({
    status: 'pass',
    reason: `${left.length - 1} of ${left.length} servers that left go back to compute2; 1 already there.`,
  });
  const line = itemLine(plan.items.find((item) => item.serverId === byHand.serverId) as EvacuationItemState);
  expect(line).toMatch(/· not moved: already on `compute2`$/);
  expect(line).not.toMatch(/cannot move/);
});
