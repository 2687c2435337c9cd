import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WindowRecord } from '../../src/core/model/records.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
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

  it('keeps one second between two posts in a channel when the clock steps forward between them', async () => {
    slack = await slackHarness(fx);
    // paced on the monotonic clock: a wall clock set forward an hour is no hour passed
    const arrived: number[] = [];
    slack.fake.on('event', (event: { kind: string }) => {
      if (event.kind === 'posted') arrived.push(fx.clock.monotonic());
    });
    await slack.ferry.poster.post(CHANNEL, { text: 'before the step', blocks: [] });
    fx.clock.step(3_600_000);
    await slack.ferry.poster.post(CHANNEL, { text: 'after the step', blocks: [] });
    expect((arrived[1] as number) - (arrived[0] as number)).toBeGreaterThanOrEqual(1_000);
  });
});

describe('a clock stepped either way (issue 24, item 8: timeouts on steady time)', () => {
  it('does not time a move out when the wall clock jumps past its limit', async () => {
    const h = harness(fx, { timeoutMs: 30 * 60_000, stallAfterMs: 60 * 60_000 });
    let stepped = false;
    const run = await h.runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    // the move is watched; the wall clock then jumps two hours ahead (the limit is half an hour)
    await until(
      () => h.events.some((e) => e.kind === 'run.progress' || e.kind === 'run.outcome'),
      'progress',
    );
    if (!h.store.getRun(run.id)?.outcome) {
      fx.clock.step(2 * 3_600_000);
      stepped = true;
    }
    await h.runner.idle();
    expect(stepped).toBe(true);
    expect(h.store.getRun(run.id)?.outcome?.kind).toBe('completed');
  });
});

describe('a maintenance window under wall-clock steps (issue 24, item 8: schedule)', () => {
  let h: SlackHarness;
  const said = () =>
    h.fake.messages
      .map((m) => textOf(m))
      .map((text) => /in 10m|has started|has ended/.exec(text)?.[0])
      .filter(Boolean);
  const schedule = async () => {
    const when = new Date(fx.clock.now() + 20 * 60_000).toISOString().slice(0, 16);
    await h.command('U_ALICE', '/maintenance', `compute3 ${when} for 1h firmware`);
    await waitFor(() => h.store.windows()[0], 'the window');
    return h.store.windows()[0] as WindowRecord;
  };
  const tick = async () => {
    await h.ferry.maintenance.tick();
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
  };

  it('says the start, not the reminder it overtook, after a jump past both', async () => {
    slack = await slackHarness(fx);
    h = slack;
    const window = await schedule();
    // 5 minutes before the reminder, the clock jumps 25 minutes ahead: past the reminder and the start
    fx.clock.step(window.start - 15 * 60_000 - fx.clock.now() + 25 * 60_000);
    await tick();
    expect(said()).toEqual(['has started']);
    // and NTP takes it back: the reminder is still not owed (the window has started)
    fx.clock.step(-25 * 60_000);
    for (let minute = 0; minute < 80; minute++) {
      fx.clock.advance(60_000);
      await tick();
    }
    expect(said()).toEqual(['has started', 'has ended']);
  });

  it('does not say a reminder again after the clock steps back, nor the start twice', async () => {
    slack = await slackHarness(fx);
    h = slack;
    const window = await schedule();
    fx.clock.advance(window.start - 10 * 60_000 - fx.clock.now());
    await tick();
    expect(said()).toEqual(['in 10m']);
    fx.clock.step(-30 * 60_000);
    for (let minute = 0; minute < 45; minute++) {
      fx.clock.advance(60_000);
      await tick();
    }
    expect(said()).toEqual(['in 10m', 'has started']);
    fx.clock.step(-30 * 60_000);
    for (let minute = 0; minute < 100; minute++) {
      fx.clock.advance(60_000);
      await tick();
    }
    expect(said()).toEqual(['in 10m', 'has started', 'has ended']);
  });
});
