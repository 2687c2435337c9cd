import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

// Slack failing during a drain, at each phase: matrix-drain.test.ts (slack-5xx, slack-429, slack-cut).

describe('a final no from Slack', () => {
  it('is logged, counted on /metrics and shown on App Home, and the channel goes on', async () => {
    slack = await slackHarness(fx);
    slack.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const refused = await slack.ferry.poster.post(CHANNEL, { text: 'nowhere to go', blocks: [] });
    expect(refused).toBeUndefined();
    expect(await slack.ferry.poster.post(CHANNEL, { text: 'next one', blocks: [] })).toBeTruthy();
    expect(slack.fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(slack.logged.map((line) => line.text).join('\n')).toContain('channel_not_found');
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /ferry_slack_messages_refused_total\{method="chat.postMessage",error="channel_not_found"\} 1/,
    );
    const home = JSON.stringify(await slack.ferry.home.render('U_BOB'));
    expect(home).toContain('Messages Slack refused');
    expect(home).toContain('nowhere to go');
  });
});
