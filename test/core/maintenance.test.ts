import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  parseDuration,
  parseReminders,
  parseWhen,
  readWhen,
  wallTimeToInstant,
} from '../../src/chat/maintenance-input.ts';
import { reminderMessage } from '../../src/chat/maintenance-view.ts';
import type { MaintenanceEvent } from '../../src/core/events.ts';
import { MaintenanceError, MaintenanceService } from '../../src/core/maintenance/maintenance.ts';
import type { WindowRecord } from '../../src/core/model/records.ts';
import { Permissions } from '../../src/core/permissions.ts';
import { maintenanceRefusalText } from '../../src/messages/maintenance.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { everyone, plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { recordedStream } from '../helpers/events.ts';
import { onCall } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/** The refusal `work` throws, as the person reads it (src/messages words the core's fact). */
async function refusalOf(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (error instanceof MaintenanceError) return maintenanceRefusalText(error.refusal);
    throw error;
  }
  throw new Error('not refused');
}

function service(
  store: LowdbStore,
  timeZone = 'UTC',
  evacuator = evacuationHarness(fx, {}, store).evacuator,
) {
  const events: MaintenanceEvent[] = [];
  const stream = recordedStream().events;
  const sent: string[] = [];
  const maintenance = new MaintenanceService({
    cloud: plannerFor(fx).cloud,
    clock: fx.clock,
    store,
    evacuator,
    access: everyone,
    permissions: new Permissions({
      access: everyone,
      approvers: { isApprover: async (user) => onCall.has(user), describe: () => 'on-call' },
    }),
    reminders: parseReminders('24h,1h,10m'),
    timeZone,
    events: stream,
  });
  stream.subscribe((event) => {
    if (event.kind.startsWith('window.')) events.push(event as MaintenanceEvent);
    if (event.kind === 'window.reminder')
      sent.push(
        `${event.reminder.label}${event.late ? ' late' : ''}@${new Date(fx.clock.now()).toISOString()}`,
      );
  });
  const reminders = () => sent;
  /** as /maintenance schedules: the person's `when` read at the edge, in the time zone, as an instant */
  const schedule = async (input: {
    host: string;
    when: string;
    durationMs: number;
    reason: string | null;
    user: string;
  }) => {
    const { start, rest } = await readWhen(input.when, fx.clock.now(), timeZone, async () => {});
    return maintenance.schedule({ ...input, start, reason: input.reason ?? (rest || null) });
  };
  return { maintenance, events, reminders, schedule };
}

/** Moves the clock minute by minute, as the cron tick would, calling tick each minute. */
async function runMinutes(maintenance: MaintenanceService, minutes: number): Promise<void> {
  for (let i = 0; i < minutes; i++) {
    fx.clock.advance(60_000);
    await maintenance.tick();
  }
}

describe('parsing windows', () => {
  it('reads durations and reminder lists', async () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('soon')).toBeNull();
    expect(parseReminders('10m,24h,1h').map((r) => r.label)).toEqual(['24h', '1h', '10m']);
    expect(await refusalOf(() => parseReminders('24h,tomorrow'))).toMatch(/not a duration/);
  });

  it('reads natural language and ISO in the configured zone, across a DST change', async () => {
    const now = Date.parse('2026-03-27T12:00:00Z'); // Friday; Europe/Berlin leaves CET on Sunday 29 March
    expect(new Date(parseWhen('sunday 09:00 kernel upgrade', now, 'Europe/Berlin').start).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(parseWhen('sunday 09:00 kernel upgrade', now, 'Europe/Berlin').rest).toBe('kernel upgrade');
    expect(new Date(parseWhen('saturday 09:00', now, 'Europe/Berlin').start).toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(new Date(parseWhen('2026-12-05T02:00', now, 'America/New_York').start).toISOString()).toBe(
      '2026-12-05T07:00:00.000Z',
    );
    // 02:30 does not exist in Berlin on that day; it moves forward to 03:30 CEST
    expect(new Date(wallTimeToInstant(2026, 3, 29, 2, 30, 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(await refusalOf(() => parseWhen('whenever suits', now, 'UTC'))).toMatch(/Cannot read a date/);
  });
});

describe('reminders', () => {
  it('sends each reminder once, at its time', async () => {
    const store = LowdbStore.memory();
    const { maintenance, reminders, schedule } = service(store);
    fx.clock.advance(Date.parse('2026-12-03T02:00:00Z') - fx.clock.now());
    await schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 7_200_000,
      reason: 'kernel upgrade',
      user: 'U_ALICE',
    });
    await runMinutes(maintenance, 48 * 60 + 30);
    expect(reminders()).toEqual([
      '24h@2026-12-04T02:00:00.000Z',
      '1h@2026-12-05T01:00:00.000Z',
      '10m@2026-12-05T01:50:00.000Z',
    ]);
  });

  it('never calls a host empty when Nova did not answer as the reminder was decided', async () => {
    const store = LowdbStore.memory();
    const { maintenance, events, schedule } = service(store);
    await schedule({
      host: 'compute1',
      when: new Date(fx.clock.now() + 20 * 60_000).toISOString().slice(0, 16),
      durationMs: 3_600_000,
      reason: 'kernel upgrade',
      user: 'U_ALICE',
    });
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 3_600, status: 503 });
    await runMinutes(maintenance, 12);
    const reminder = events.find((e) => e.kind === 'window.reminder');
    expect(reminder).toMatchObject({ servers: null, cannotLive: null });
    const shown = reminderMessage(store.windows()[0] as WindowRecord, {
      label: '10m',
      late: false,
      servers: null,
      cannotLive: null,
      timeZone: 'UTC',
    });
    expect(JSON.stringify(shown)).not.toMatch(/already empty/);
    expect(JSON.stringify(shown)).toMatch(/could not read which servers are still on/);
  });

  it('keeps its timing across a DST change in the configured zone', async () => {
    const store = LowdbStore.memory();
    const { maintenance, events, reminders, schedule } = service(store, 'Europe/Berlin');
    fx.clock.advance(Date.parse('2026-03-27T12:00:00Z') - fx.clock.now());
    await schedule({
      host: 'compute2',
      when: 'sunday 09:00',
      durationMs: 3_600_000,
      reason: 'BIOS update',
      user: 'U_ALICE',
    });
    await runMinutes(maintenance, 2 * 24 * 60);
    // 24 hours before 09:00 CEST on Sunday is 08:00 CET on Saturday: an absolute day, not a wall-clock one
    expect(reminders()).toEqual([
      '24h@2026-03-28T07:00:00.000Z',
      '1h@2026-03-29T06:00:00.000Z',
      '10m@2026-03-29T06:50:00.000Z',
    ]);
    const reminder = events.find((e) => e.kind === 'window.reminder');
    expect(reminder?.kind === 'window.reminder' && reminder.servers).toBe(4);
  });

  it('sends a reminder that fell due while Ferry was down once, late, and none twice', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-window-')), 'ferry.json');
    const first = service(await LowdbStore.open(file));
    fx.clock.advance(Date.parse('2026-12-03T02:00:00Z') - fx.clock.now());
    await first.schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 7_200_000,
      reason: 'kernel upgrade',
      user: 'U_ALICE',
    });
    await runMinutes(first.maintenance, 24 * 60);
    expect(first.reminders()).toEqual(['24h@2026-12-04T02:00:00.000Z']);
    // Ferry is down until 01:30 on the day: the 1h reminder (due 01:00) is missed
    fx.clock.advance(Date.parse('2026-12-05T01:29:00Z') - fx.clock.now());
    const second = service(await LowdbStore.open(file));
    await runMinutes(second.maintenance, 25);
    expect(second.reminders()).toEqual(['1h late@2026-12-05T01:30:00.000Z', '10m@2026-12-05T01:50:00.000Z']);
    const third = service(await LowdbStore.open(file));
    await third.maintenance.tick();
    expect(third.reminders()).toEqual([]);
  });

  it('keeps reminders in order, each once, when the wall clock steps either way', async () => {
    const { maintenance, events, schedule } = service(LowdbStore.memory());
    fx.clock.advance(Date.parse('2026-12-05T00:30:00Z') - fx.clock.now());
    await schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 7_200_000,
      reason: 'r',
      user: 'U_ALICE',
    });
    const said = () =>
      events.map((e) => (e.kind === 'window.reminder' ? `reminder ${e.reminder.label}` : e.kind));
    await runMinutes(maintenance, 75); // 01:45: the 1h reminder is out
    // NTP steps the clock 20 minutes ahead, then back again
    fx.clock.step(20 * 60_000);
    await maintenance.tick();
    fx.clock.step(-20 * 60_000);
    await runMinutes(maintenance, 20);
    expect(said()).toEqual(['reminder 1h', 'window.started']);

    const second = service(LowdbStore.memory());
    await second.schedule({
      host: 'compute2',
      when: '2026-12-06T02:00',
      durationMs: 7_200_000,
      reason: 'r',
      user: 'U_ALICE',
    });
    fx.clock.advance(Date.parse('2026-12-06T01:52:00Z') - fx.clock.now());
    await second.maintenance.tick();
    // a step back past the 10m and 1h reminders' moments sends neither again
    fx.clock.step(-75 * 60_000);
    await second.maintenance.tick();
    await runMinutes(second.maintenance, 90);
    expect(
      second.events.map((e) => (e.kind === 'window.reminder' ? `reminder ${e.reminder.label}` : e.kind)),
    ).toEqual(['reminder 10m', 'window.started']);
  });

  it('never lets a window start overtake a reminder still being prepared', async () => {
    const { maintenance, events, schedule } = service(LowdbStore.memory());
    fx.clock.advance(Date.parse('2026-12-05T01:30:00Z') - fx.clock.now());
    await schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 7_200_000,
      reason: 'r',
      user: 'U_ALICE',
    });
    // a slow tick at 01:50 (its reminder reads the cloud) is still running when the 02:00 one comes
    await Promise.all([
      maintenance.tick(Date.parse('2026-12-05T01:50:00Z')),
      maintenance.tick(Date.parse('2026-12-05T02:00:00Z')),
    ]);
    expect(
      events.map((e) => (e.kind === 'window.reminder' ? `reminder ${e.reminder.label}` : e.kind)),
    ).toEqual(['reminder 10m', 'window.started']);
  });

  it('owes no reminder whose moment passed before the window was scheduled', async () => {
    const { maintenance, reminders, schedule } = service(LowdbStore.memory());
    fx.clock.advance(Date.parse('2026-12-05T01:30:00Z') - fx.clock.now());
    await schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 7_200_000,
      reason: 'r',
      user: 'U_ALICE',
    });
    await runMinutes(maintenance, 30);
    expect(reminders()).toEqual(['10m@2026-12-05T01:50:00.000Z']);
  });

  it('refuses unknown hosts, past times and overlaps', async () => {
    const { schedule } = service(LowdbStore.memory());
    expect(
      await refusalOf(() =>
        schedule({
          host: 'compute9',
          when: 'tomorrow 02:00',
          durationMs: 3_600_000,
          reason: null,
          user: 'U',
        }),
      ),
    ).toMatch(/not a compute host/);
    await schedule({
      host: 'compute1',
      when: 'tomorrow 02:00',
      durationMs: 3_600_000,
      reason: null,
      user: 'U',
    });
    expect(
      await refusalOf(() =>
        schedule({
          host: 'compute1',
          when: 'tomorrow 02:30',
          durationMs: 3_600_000,
          reason: null,
          user: 'U',
        }),
      ),
    ).toMatch(/overlapping/);
  });
});

describe('an evacuation approved ahead for a window', () => {
  it('starts at the window start and starts nothing new after the window ends', async () => {
    applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
    const store = LowdbStore.memory();
    const h = evacuationHarness(fx, {}, store);
    const { maintenance, events, schedule } = service(store, 'UTC', h.evacuator);
    fx.clock.advance(Date.parse('2026-12-05T01:00:00Z') - fx.clock.now());
    const window = await schedule({
      host: 'compute1',
      when: '2026-12-05T02:00',
      durationMs: 60_000,
      reason: 'r',
      user: 'U_ALICE',
    });
    const plan = await h.plan({ host: 'compute1', concurrency: 1 });
    const record = await h.book.submitEvacuation(plan, { windowId: window.id });
    await h.book.approve(record.id, 'U_BOB', plan.fingerprint);
    await runMinutes(maintenance, 59);
    expect(store.getEvacuation(record.id)?.evacuation.phase).toBe('planned');
    await runMinutes(maintenance, 1);
    expect(events.find((e) => e.kind === 'window.started')).toBeDefined();
    expect(['running', 'stopping', 'done']).toContain(store.getEvacuation(record.id)?.evacuation.phase);
    await runMinutes(maintenance, 2);
    await h.evacuator.idle();
    await h.runner.idle();
    const items = store.getEvacuation(record.id)?.evacuation.items ?? [];
    expect(events.find((e) => e.kind === 'window.ended')).toBeDefined();
    expect(items.some((i) => i.state === 'not-started')).toBe(true);
  });
});
