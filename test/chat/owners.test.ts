import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const inChannel = (channel: string) => slack.fake.messages.filter((m) => m.channel === channel).map(textOf);
const hasButtons = (message: StoredMessage) => message.blocks.some((b) => b.type === 'actions');

describe("owners told in their project's channel", () => {
  it('hears of a move when it is approved and when it ends (project named, no buttons)', async () => {
    slack = await slackHarness(fx, { projectChannels: [{ project: 'web', channel: 'C0WEB' }] });
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(
      () =>
        slack.fake.messages.find((m) => m.channel === CHANNEL && !m.threadTs && m.text.includes('server-x')),
      'the request',
    );
    expect(inChannel('C0WEB')).toEqual([]);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => inChannel('C0WEB').length === 2, 'two notices', 15_000);
    const [approved, ended] = inChannel('C0WEB');
    expect(approved).toContain(
      '🚚 Ferry is moving `server-x` of project *web* from `compute1` to `compute2` (live: it keeps running). Asked by <@U_ALICE>, approved by <@U_BOB>.',
    );
    expect(ended).toMatch(/✅ `server-x` moved in .*server-x now runs on compute2/);
    expect(slack.fake.messages.filter((m) => m.channel === 'C0WEB').some(hasButtons)).toBe(false);
  });

  it('hears of an evacuation once per project when it starts and ends, matched by project ID too', async () => {
    const analytics = fx.sandbox.cloud.projects.get('analytics')?.id as string;
    slack = await slackHarness(fx, {
      projectChannels: [
        { project: 'web', channel: 'C0WEB' },
        { project: analytics, channel: 'C0ANALYTICS' },
      ],
    });
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'the evacuation',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(
      () => inChannel('C0ANALYTICS').length === 2 && inChannel('C0WEB').length === 2,
      'notices',
      30_000,
    );
    const [started, done] = inChannel('C0ANALYTICS');
    expect(started).toMatch(
      /Ferry is emptying `compute3` for maintenance .*Servers of project \*analytics\*:/,
    );
    expect(started).toContain('• `worker`: moves live, keeps running');
    expect(started).toContain('• `analytics-1`');
    expect(started).not.toContain('cache-2');
    expect(done).toMatch(/🏁 Emptying `compute3` \(`e-[0-9a-f]{6}`\) is done/);
    expect(inChannel('C0WEB')[0]).toContain('• `cache-2`');
  });

  it('tells the requester once when a project channel cannot be posted to, and stops trying it', async () => {
    slack = await slackHarness(fx, { projectChannels: [{ project: 'web', channel: 'C0PRIVATE' }] });
    slack.fake.closedChannels.add('C0PRIVATE');
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(
      () =>
        slack.fake.messages.find((m) => m.channel === CHANNEL && !m.threadTs && m.text.includes('server-x')),
      'the request',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
    await waitFor(() => thread().includes('Completed'), 'the outcome', 15_000);
    await slack.ferry.reporter.idle();
    await waitFor(() => thread().includes('could not tell the owners'), 'the report');
    expect(thread()).toContain(
      '<@U_ALICE>, Ferry could not tell the owners in <#C0PRIVATE> (Slack: not_in_channel). Invite Ferry',
    );
    expect(thread().match(/could not tell the owners/g)).toHaveLength(1);
    // tried once (the approval notice); the outcome notice was not sent to it again
    const tries = slack.fake
      .callsOf('chat.postMessage')
      .filter((call) => call.params.channel === 'C0PRIVATE');
    expect(tries).toHaveLength(1);
  });
});
