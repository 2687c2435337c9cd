import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `/drain compute3` while the cell database of analytics-1, on compute3, does not answer: Nova's lists
 * filtered by host skip that cell without an error (servers.py `_is_cell_down_supported`, `[api]
 * list_records_by_skipping_down_cells` true by default), so Nova lists compute3 without it once the
 * others have left. Placement, which no cell holds, still holds compute3 for it: Ferry must not call
 * the host empty (its maintenance, a reboot, would take analytics-1 down), and says why.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, threadText, approve, drainOf } = drainFlowHelpers(() => ({ fx, slack }));

describe('a drain while the cell of a server on its host does not answer', () => {
  it('does not call the host empty while Placement holds it for a server Nova cannot read, and names it', {
    timeout: 120_000,
  }, async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 86_000 });
    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 1'), 'the plan');
    // the approver reads it before approving: the plan's checks, on the drain's message
    const id = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'analytics-1')?.id;
    expect(textOf(current(parent))).toContain(
      `Nova's list of the servers on compute3 leaves out ${id}, which Placement still holds there and Nova could not read (it answered 500: the database of their cell may not answer). The plan cannot move them, and the host is not called empty while they are on it.`,
    );
    await approve(parent);
    // either verdict ends the wait: without the check against Placement, "compute3 is empty"
    await waitFor(
      () => /compute3 is (not )?empty/.test(threadText(parent)),
      'the verdict on compute3',
      60_000,
    );
    const onCompute3 = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');
    expect(onCompute3.map((s) => s.name)).toEqual(['analytics-1']);
    // Nova cannot read it, and the drain's plan never listed it: it is named by its ID
    expect(onCompute3[0]?.id).toBe(id);
    const thread = threadText(parent);
    expect(thread).not.toContain('compute3 is empty');
    expect(thread).toContain(
      `Placement still holds room on it for ${id}, which Nova's list of its servers leaves out and Nova could not read (it answered 500: the database of their cell may not answer)`,
    );
    // named once: the reason names it, so no "Still on it" names it again (operator trial)
    const post = thread.split('\n').find((line) => line.includes('is *not empty*')) ?? '';
    expect(post.split(id as string).length - 1).toBe(1);
    expect(post).toContain('the database of their cell may not answer). Do not reboot it.');
    expect(drainOf().drain.hosts[0]?.phase).toBe('not-empty');
  });
});
