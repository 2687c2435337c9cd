import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Block } from '../../src/chat/render.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * App Home and the moves and evacuations only a person ends (operator trial: a stalled live move
 * that only Force complete or Abort ends showed under *Moving now* as "live · running 78%", a cold
 * move awaiting Confirm as "moved, waiting for Confirm or Revert", and a standalone evacuation waiting
 * for a Confirm never showed under *Waiting for a person*): listed there, with what they wait for.
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

const { drainMessage, drainOf, approve } = drainFlowHelpers(() => ({ fx, slack }));

/** Bob's App Home once it says `expected`, as text. */
async function home(eventId: string, expected: string): Promise<string> {
  await appHomeOpened(slack, 'U_BOB', eventId);
  const text = () => textOf({ text: '', blocks: (slack.fake.homes.get('U_BOB')?.blocks ?? []) as Block[] });
  await waitFor(() => text().includes(expected), `App Home saying ${expected}: ${text()}`);
  return text();
}

/** What App Home lists under `heading`, up to the next heading. */
const under = (text: string, heading: string) => {
  const from = text.slice(text.indexOf(heading));
  return from.slice(0, from.indexOf('\n*', 1));
};

describe('App Home and what waits for a person', () => {
  it('lists a stalled live move left to on-call under Waiting for a person, with Force complete or Abort', async () => {
    slack = await slackHarness(fx, { runner: { stallAfterMs: 60_000 } });
    await slack.command('U_ALICE', '/migrate', 'ledger to compute2');
    const parent = await migrationRequest(slack);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    const run = await waitFor(
      () => slack.store.runs().find((r) => r.stall?.state === 'left'),
      'the stall left to on-call',
      15_000,
    );
    const text = await home('EvStall', '*Waiting for a person*');
    expect(under(text, '*Moving now*')).toBe('*Moving now*\nNothing is moving.');
    const waiting = under(text, '*Waiting for a person*');
    expect(waiting).toContain(`\`${run.id}\` \`ledger\` \`compute1\` → \`compute2\` live`);
    expect(waiting).toContain(
      ' · ⚠️ not converging, waiting for on-call to press Force complete or Abort: `ledger`',
    );
  }, 40_000);

  it('lists a drain whose move stalled under Waiting for a person, with what for', async () => {
    compute4Back(fx);
    slack = await slackHarness(fx, { runner: { stallAfterMs: 60_000 } });
    await slack.command('U_ALICE', '/drain', 'compute1');
    const parent = await drainMessage();
    await approve(parent);
    const id = drainOf().id;
    await waitFor(
      () => slack.store.runs().some((r) => r.serverName === 'ledger' && r.stall?.state === 'left'),
      "ledger's stall left to on-call",
      30_000,
    );
    const text = await home(
      'EvDrainStall',
      `\`${id}\` drain waits for on-call to press Force complete or Abort for ledger in its thread`,
    );
    // while its other moves run it is at work too (listed under both); the question is under Waiting
    expect(under(text, '*Waiting for a person*')).toContain(`\`${id}\` drain waits for on-call`);
  }, 60_000);

  it('lists a standalone evacuation whose cold move waits for Confirm under Waiting for a person, the move too', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --skip web-1,vault --concurrency 1');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const run = await waitFor(
      () => slack.store.runs().find((r) => r.serverName === 'batch-7' && r.state === 'awaiting-confirmation'),
      'batch-7 waiting for Confirm or Revert',
      30_000,
    );
    const id = slack.store.evacuations()[0]?.id as string;
    const text = await home('EvConfirm', '*Waiting for a person*');
    expect(under(text, '*Moving now*')).toBe('*Moving now*\nNothing is moving.');
    const waiting = under(text, '*Waiting for a person*');
    expect(waiting).toContain(`\`${run.id}\` \`batch-7\``);
    expect(waiting).toContain('moved, waiting for Confirm or Revert');
    expect(waiting).toContain(`\`${id}\` \`compute1\``);
    expect(waiting).toContain('⏳ waiting for a person to press Confirm or Revert: `batch-7`');
  }, 60_000);
});
