import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { IMPACT_FLAVORS } from '../../src/sandbox/seed.ts';
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

const { drainMessage, current, thread, threadText, approve, hostBack } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

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
    // a live move Nova recorded completed cannot go back: its failed proof leaves it where it went,
    // so the host could be called empty while it was still proven (console trial, item A)
    expect(fx.sandbox.cloud.resolveServer('cache-2').host).not.toBe('compute3');
    expect(line('analytics-1')).toMatch(/^ *`analytics-1` → `compute\d` \(/);
    expect(line('analytics-1')).not.toContain('⚠️');
  });

  it('a cold move whose proof fails is reverted onto its host: the host is never said empty meanwhile', async () => {
    // the one move Ferry may send back to its source after a failed proof: a cold one, from
    // VERIFY_RESIZE (a live one Nova recorded completed cannot go back). Such a move never counts as
    // landed, so the host waits for its outcome before it is called empty (and rebooted, with --reboot)
    slack = await slackHarness(fx);
    // a vTPM server moves cold only (the drain stops it for its move); its guest hangs on the
    // destination, so its console proof waits its minute in VERIFY_RESIZE and fails
    fx.sandbox.cloud.addFlavor(
      IMPACT_FLAVORS.find((f) => f.name === 't1.vtpm') as (typeof IMPACT_FLAVORS)[number],
    );
    fx.sandbox.cloud.addServer({
      name: 'cold-1',
      host: 'compute3',
      flavor: 't1.vtpm',
      project: 'web',
      user: 'admin',
    });
    applyFault(fx.sandbox.cloud, { type: 'guest-hangs', server: 'cold-1' });
    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => threadText(parent).includes('`compute3` is *not empty*'), 'not empty', 30_000);
    expect(threadText(parent)).toMatch(/`compute3` is \*not empty\*: .*Still on it: `cold-1`/);
    expect(thread(parent).some((m) => m.text === 'compute3 is empty')).toBe(false);
    expect(fx.sandbox.cloud.resolveServer('cold-1').host).toBe('compute3');
    const run = slack.store.runs().find((r) => r.serverName === 'cold-1');
    expect(run?.outcome?.kind).toBe('reverted');
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
