import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/** A person's mistake is answered, not logged as an error; the unexpected is logged under an ID the person gets. */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack.stop();
  await fx.close();
});

describe('errors at the edge', () => {
  it('sends nothing to Slack once stopped: what is written after the stop waits in the outbox', async () => {
    slack = await slackHarness(fx);
    const { ferry, fake } = slack;
    await ferry.stop();
    slack = { ...slack, stop: () => fake.stop() };
    // a listener that ends after the stop (the console's last press) must not reach a Slack that is gone
    const ts = await ferry.poster.post(CHANNEL, { text: 'said after the stop', blocks: [] });
    expect(ts).toBeUndefined();
    expect(fake.messages.some((m) => m.text === 'said after the stop')).toBe(false);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('answers a routine mistake without logging an error', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo),
      'request',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => slack.store.runs()[0]?.state === 'done', 'run ended', 15_000);
    const runId = slack.store.runs()[0]?.id as string;
    await slack.command('U_BOB', '/migrations', `abort ${runId}`);
    await waitFor(
      () =>
        slack.privately('U_BOB').includes('nothing to abort') || slack.privately('U_BOB').includes('ended'),
      'answer',
    );
    expect(slack.logged.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('logs the unexpected at error level under an incident ID, and gives the person that ID', async () => {
    const checker = new HostChecker({
      shell: () => {
        throw new Error('a bug nobody foresaw');
      },
      knownHosts: async () => ['compute1', 'compute2'],
      clock: fx.clock,
    });
    slack = await slackHarness(fx, { hostChecker: checker });
    await slack.command('U_ALICE', '/hostcheck', 'compute1');
    const answer = await waitFor(
      () => /incident (e-[0-9a-f]{6})/.exec(slack.privately('U_ALICE')),
      'incident answer',
    );
    const incident = answer[1] as string;
    expect(slack.privately('U_ALICE')).not.toMatch(/a bug nobody foresaw|at .*\.ts:\d+/);
    const logged = slack.logged.filter((line) => line.level === 'error' && line.text.includes(incident));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.text).toMatch(/\/hostcheck compute1 failed unexpectedly .*a bug nobody foresaw/s);
  });
});
