import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * Every live move passes through Nova's `queued` (the source sets it before it takes one of its
 * max_concurrent_live_migrations slots). A move alone on its source is said queued by Nova, never
 * waiting for a slot nothing holds (console trial: "it waits for a free live-migration slot on
 * compute2" with no other move on it).
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;

beforeEach(async () => {
  // slow enough that the watcher sees the move's half-second in `queued`
  fx = await sandboxFixture({ speed: 0.05 });
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

describe('a live move alone on its source, queued by Nova', () => {
  it('is said queued by Nova, not waiting for a free slot', async () => {
    slack = await slackHarness(fx, { progressIntervalMs: 1 });
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const harness = slack;
    const parent = await waitFor(
      () => harness.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('server-x')),
      'the request',
    );
    await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const queued = await waitFor(
      () =>
        harness.fake
          .threadOf(CHANNEL, parent.ts)
          .map(textOf)
          .find((text) => text.includes('is queued by Nova')),
      'its queued line',
      20_000,
    );
    expect(queued).toMatch(/^`server-x` is queued by Nova · elapsed \d+s$/m);
    expect(queued).not.toContain('slot');
  });
});
