import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectedFailure } from '../../src/chat/fake-slack.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness } from '../helpers/slack.ts';
import {
  compute4Back,
  conversation,
  drainOf,
  faultFreeDrain,
  finished,
  hostBack,
  startDrain,
} from './drain-run.ts';

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

/** The drain, Slack failing `times` calls of chat.postMessage in a row as compute3's step begins. */
async function drainWith(fault?: { failure: InjectedFailure; times: number }): Promise<string[][]> {
  slack = await slackHarness(fx);
  const parent = await startDrain(slack);
  await hostBack(slack, parent, 'compute2');
  if (fault) slack.fake.failNext('chat.postMessage', fault.failure, fault.times);
  await hostBack(slack, parent, 'compute3');
  await finished(slack, parent);
  expect(drainOf(slack)?.drain.hosts.map((host) => host.phase)).toEqual(['done', 'done']);
  for (const host of ['compute2', 'compute3'])
    expect(fx.sandbox.cloud.hosts.get(host)?.status).toBe('enabled');
  return conversation(slack);
}

describe('Slack failing chat.postMessage during /drain compute2 compute3 --return (issue 24, item 2)', () => {
  let faultFree: string[][];
  beforeAll(async () => {
    faultFree = await faultFreeDrain();
  });

  it('posts every message of the fault-free run, in the same order per thread, after two 5xx', async () => {
    const shown = await drainWith({ failure: { status: 503, error: 'service_unavailable' }, times: 2 });
    expect(shown).toEqual(faultFree);
    expect(slack.fake.callsOf('chat.postMessage').length).toBeGreaterThan(2);
  });

  it('posts every message of the fault-free run, in the same order per thread, after three 429s', async () => {
    const shown = await drainWith({ failure: { status: 429, retryAfterSeconds: 2 }, times: 3 });
    expect(shown).toEqual(faultFree);
  });

  it('posts every message after Slack does not answer twice (connection cut)', async () => {
    const shown = await drainWith({ failure: { network: true }, times: 2 });
    expect(shown).toEqual(faultFree);
  });
});

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
