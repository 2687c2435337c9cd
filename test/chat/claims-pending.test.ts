import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A second /migrate of a server a first request waiting for approval names too (operator trial: it
 * showed ✅ "No other operation holds them" and opened a second request): the check warns, naming the
 * first, and once one is approved the other's approval is refused.
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

const requests = () =>
  slack.fake.messages.filter((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Migration request'));

describe('two requests waiting for approval for one server', () => {
  it('warns on the second, naming the first, and approving one refuses the other', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const first = await waitFor(() => requests()[0], 'the first request');
    const firstId = /r-[0-9a-f]{6}/.exec(first.text)?.[0] as string;
    expect(textOf(first)).toContain('✅ *No other operation holds them*');

    await slack.command('U_CAROL', '/migrate', 'server-x to compute2');
    const second = await waitFor(() => requests()[1], 'the second request');
    const secondId = /r-[0-9a-f]{6}/.exec(second.text)?.[0] as string;
    expect(textOf(second)).toContain(
      `⚠️ *No other operation holds them*: No running or approved operation holds them, but ${firstId} waits for approval for server-x too`,
    );

    // the first move does not converge: it holds server-x until a person acts
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'server-x' });
    await slack.press('U_BOB', first.ts, ACTIONS.approve, buttonValue(first, ACTIONS.approve));
    await waitFor(() => slack.store.runs().find((r) => r.requestId === firstId), 'the first move started');
    await slack.press('U_BOB', second.ts, ACTIONS.approve, buttonValue(second, ACTIONS.approve));
    await waitFor(
      () => slack.fake.messages.find((m) => m.text.includes(`server-x is being moved by ${firstId}`)),
      'the second refused, naming the first',
    );
    expect(slack.store.getMove(secondId)?.status).not.toBe('approved');
  }, 30_000);
});
