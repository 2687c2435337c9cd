import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain held before a step whose only host is then skipped (operator trial: it waited on an empty
 * plan forever). The step has no host left: it is dropped, the thread says so, the held question
 * says how it was answered, and the drain goes on with the next step, or ends with the last.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, thread, threadText, drainOf, emptyPost, approve, hostBack } = drainFlowHelpers(
  () => ({ fx, slack }),
);

/** The drain of `hosts` held before step 2: nova-compute on compute3 went down while step 1 ran. */
async function heldBeforeCompute3(hosts: string): Promise<{ parent: StoredMessage; held: StoredMessage }> {
  slack = await slackHarness(fx);
  await slack.command('U_ALICE', '/drain', hosts);
  const parent = await drainMessage();
  await approve(parent);
  await emptyPost(parent, 'compute2');
  applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute3' });
  await hostBack(parent, 'compute2');
  const held = await waitFor(
    () => thread(parent).find((m) => m.text.startsWith('The drain is held')),
    'held',
    30_000,
  );
  expect(drainOf().drain.phase).toBe('held');
  return { parent, held };
}

describe("a held drain whose step's only host is skipped", () => {
  it('drops the step, says so, and goes on with the next step', async () => {
    const { parent, held } = await heldBeforeCompute3('compute2 compute3 compute4');
    const id = drainOf().id;
    await slack.command('U_BOB', '/drain', `${id} skip compute3`);
    await waitFor(
      () =>
        threadText(parent).includes(
          '⏭️ Step 2 has no host left: it is dropped, and the drain goes on with step 3.',
        ),
      'the step dropped',
    );
    // the drain is no longer held on the empty step: step 3 is planned (and started, or held on its own)
    await waitFor(() => drainOf().drain.step === 2, 'step 3 reached', 30_000);
    expect(
      drainOf()
        .drain.hosts.map((h) => h.phase)
        .slice(0, 2),
    ).toEqual(['done', 'skipped']);
    // the held question is answered as it was: no Approve new plan left to press
    const answer =
      "⏭️ Answered: <@U_BOB> skipped `compute3`, the step's last host: the step was dropped with its new plan.";
    await waitFor(() => textOf(current(held)).includes(answer), 'the held question answered');
    expect(() => buttonValue(current(held), DRAIN_ACTIONS.reapprove)).toThrow();
  }, 60_000);

  it('drops the last step and ends the drain with its report', async () => {
    const { parent } = await heldBeforeCompute3('compute2 compute3');
    await slack.command('U_BOB', '/drain', `${drainOf().id} skip compute3`);
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(threadText(parent)).toContain(
      '⏭️ Step 2 has no host left: it is dropped, and as it was the last step the drain ends.',
    );
    expect(drainOf().drain.phase).toBe('done');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'skipped']);
    expect(textOf(current(parent))).not.toContain('*Held*');
  }, 60_000);
});
