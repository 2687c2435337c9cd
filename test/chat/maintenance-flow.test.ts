import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMaintenance } from '../../commands/maintenance.ts';
import { MAINTENANCE_ACTIONS } from '../../src/chat/maintenance-view.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  fx.clock.advance(Date.parse('2026-12-03T02:00:00Z') - fx.clock.now());
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

describe('/maintenance grammar', () => {
  it('splits host, time, duration and reason, and refuses nonsense', () => {
    expect(parseMaintenance('compute1 saturday 02:00 for 3h kernel upgrade')).toEqual({
      kind: 'schedule',
      host: 'compute1',
      when: 'saturday 02:00',
      durationMs: 3 * 3_600_000,
      reason: 'kernel upgrade',
    });
    expect(parseMaintenance('compute1 2026-12-05T02:00 DIMM swap')).toEqual({
      kind: 'schedule',
      host: 'compute1',
      when: '2026-12-05T02:00 DIMM swap',
      durationMs: 7_200_000,
      reason: null,
    });
    expect(parseMaintenance('list')).toEqual({ kind: 'list' });
    expect(parseMaintenance('cancel w-1a2b3c')).toEqual({ kind: 'cancel', id: 'w-1a2b3c' });
    expect(parseMaintenance('compute1 saturday for ever')).toMatchObject({ kind: 'error' });
    // durations in words, like the time
    expect(parseMaintenance('compute1 saturday 02:00 for 2 hours kernel upgrade')).toMatchObject({
      when: 'saturday 02:00',
      durationMs: 2 * 3_600_000,
      reason: 'kernel upgrade',
    });
    expect(parseMaintenance('compute1 tomorrow 01:00 for 1 hour and 30 minutes')).toMatchObject({
      when: 'tomorrow 01:00',
      durationMs: 90 * 60_000,
      reason: null,
    });
    // a malformed ID is not "name the window"
    expect(parseMaintenance('cancel w-doesnotexist')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^"w-doesnotexist" is not a window ID \(they look like w-1a2b3c\)/),
    });
    expect(parseMaintenance('compute1 monday <!channel>')).toMatchObject({ kind: 'error' });
  });
});

describe('/maintenance through Slack', () => {
  it('schedules, reminds with an Evacuate now button, and turns the press into an evacuation request', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-05T02:00 for 3h kernel upgrade');
    const scheduled = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-')),
      'window message',
    );
    expect(textOf(scheduled)).toMatch(/`compute1` Sat, 05 Dec 2026, 02:00–05:00 UTC: kernel upgrade/);
    const windowId = /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
    await slack.command('U_ALICE', '/maintenance', 'list');
    await waitFor(() => slack.privately('U_ALICE').includes('Upcoming maintenance'), 'list');
    fx.clock.advance(24 * 3_600_000);
    await slack.ferry.maintenance.tick();
    const reminder = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance of compute1 in 24h')),
      'reminder',
    );
    expect(textOf(reminder)).toMatch(/7 servers still on `compute1`; 3 of them cannot be live-migrated/);
    await slack.ferry.maintenance.tick();
    expect(slack.fake.messages.filter((m) => m.text.startsWith('Maintenance of compute1'))).toHaveLength(1);
    await slack.press('U_CAROL', reminder.ts, MAINTENANCE_ACTIONS.evacuate, windowId);
    await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Evacuation') && m.text.includes('compute1')),
      'evacuation request',
    );
    expect(slack.store.evacuations()[0]?.evacuation?.windowId).toBe(windowId);
    await slack.command('U_DAVE', '/maintenance', `cancel ${windowId}`);
    await waitFor(() => slack.privately('U_DAVE').includes('Only whoever scheduled'), 'cancel refused');
    await slack.command('U_ALICE', '/maintenance', `cancel ${windowId}`);
    await waitFor(() => slack.privately('U_ALICE').includes('Cancelled'), 'cancelled');
    await slack.command('U_ALICE', '/maintenance', 'compute1 2126-12-05T02:00 typo in the year');
    await waitFor(() => slack.privately('U_ALICE').includes('more than a year ahead'), 'far future refused');
  });
});

describe('/maintenance under a wall-clock step', () => {
  it('starts a window on time after the wall clock stepped back, from the scheduled jobs', async () => {
    // After a step back, node-cron holds a cron job until the wall clock reaches the minute it expected
    // again (test/core/scheduler.test.ts): here, for the hour after the step, only interval jobs fire.
    const intervals: (() => void)[] = [];
    const scheduler: Scheduler = {
      every: (_ms, task) => intervals.push(task),
      cron: () => {},
      after: (ms, task) => {
        const timer = setTimeout(task, ms);
        return () => clearTimeout(timer);
      },
      stop: async () => {},
    };
    slack = await slackHarness(fx, { scheduler });
    fx.clock.step(-3_600_000);
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-03T01:20 for 1h firmware');
    await waitFor(
      () => slack.fake.messages.some((m) => m.text.startsWith('Maintenance window w-')),
      'window',
    );
    for (let minute = 0; minute < 25; minute++) {
      fx.clock.advance(60_000);
      for (const job of intervals) job();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const said = () =>
      slack.fake.messages.map((m) => textOf(m)).filter((text) => !text.includes('for compute1'));
    await waitFor(() => said().some((text) => text.includes('has started')), 'window started');
    expect(said().map((text) => /in 10m|has started/.exec(text)?.[0])).toEqual(['in 10m', 'has started']);
  });
});
