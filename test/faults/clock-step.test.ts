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

describe('a clock stepped back (issue 24, item 8: pacing)', () => {
  it('does not hold the next post in a channel for the size of the step', async () => {
    slack = await slackHarness(fx);
    const arrived = new Map<string, number>();
    slack.fake.on('event', (event: { kind: string; message?: { text: string } }) => {
      if (event.kind === 'posted' && event.message) arrived.set(event.message.text, fx.clock.now());
    });
    await slack.ferry.poster.post(CHANNEL, { text: 'before the step', blocks: [] });
    // NTP (or an operator) sets the clock back an hour
    fx.clock.advance(-3_600_000);
    const asked = fx.clock.now();
    await slack.ferry.poster.post(CHANNEL, { text: 'after the step', blocks: [] });
    // paced one second apart at most, not an hour and a second
    expect((arrived.get('after the step') as number) - asked).toBeLessThanOrEqual(1_000);
  });

  it('still keeps one second between two posts in a channel when the clock runs on', async () => {
    slack = await slackHarness(fx);
    const arrived: number[] = [];
    slack.fake.on('event', (event: { kind: string }) => {
      if (event.kind === 'posted') arrived.push(fx.clock.now());
    });
    await Promise.all([
      slack.ferry.poster.post(CHANNEL, { text: 'one', blocks: [] }),
      slack.ferry.poster.post(CHANNEL, { text: 'two', blocks: [] }),
    ]);
    expect((arrived[1] as number) - (arrived[0] as number)).toBeGreaterThanOrEqual(1_000);
  });
});
