import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain's moves are proven by the same runner as any other: its report's line of a move whose proof
 * failed keeps the ⚠️ and names the proof, as the evacuation's report does (operator trial of #29).
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

const { drainMessage, current, threadText, approve, hostBack } = drainFlowHelpers(() => ({ fx, slack }));

describe("a drain's report", () => {
  it('shows ⚠️ and the failed proof on the line of a move not proven, ✅ words on the others', async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'port-stays-bound', server: 'cache-2' });
    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await drainMessage();
    await approve(parent);
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    const report = threadText(parent).slice(threadText(parent).indexOf('Drain report'));
    const line = (name: string) => report.split('\n').find((l) => l.includes(`\`${name}\` `)) ?? '';
    expect(line('cache-2')).toMatch(
      /^ *`cache-2` ⚠️ → `compute\d` \(live, [^)]+\) · moved, not proven: .*port/,
    );
    expect(line('analytics-1')).toMatch(/^ *`analytics-1` → `compute\d` \(/);
    expect(line('analytics-1')).not.toContain('⚠️');
  });

  it("FERRY_PROOFS_OFF=console: the drain's own message says its moves had the console proof off", async () => {
    slack = await slackHarness(fx, { runner: { proofsOff: ['console'] } });
    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await drainMessage();
    expect(textOf(parent)).not.toContain('FERRY_PROOFS_OFF');
    await approve(parent);
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    const said = await waitFor(() => {
      const text = textOf(current(parent));
      return text.includes('Drain finished') ? text : undefined;
    }, 'the finished message');
    expect(said).toContain('Moves of this drain — console not proven: turned off by FERRY_PROOFS_OFF.');
  });
});
