import { randomBytes } from 'node:crypto';
import * as chrono from 'chrono-node';
import type { Clock } from '../../clock.ts';
import { k, TranslatedError, t } from '../../i18n/index.ts';
import { waitingForWindow } from '../claims.ts';
import { isCloudUnanswered } from '../cloud-errors.ts';
import type { Evacuator } from '../evacuation/evacuator.ts';
import { planEvacuation } from '../evacuation/plan.ts';
import type { EventSink } from '../events.ts';
import { tellAlone, telling } from '../journal.ts';
import type { EvacuationRecord, Reminder, WindowRecord } from '../model/records.ts';
import type { AccessPolicy } from '../model/types.ts';
import { RunActionError } from '../move/run-errors.ts';
import type { Permissions } from '../permissions.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { WindowsPort } from '../ports/windows.ts';

/**
 * Maintenance windows: when a host will be worked on, reminders before it, a weekday digest, and an
 * evacuation approved ahead that starts with the window and stops starting moves when it ends.
 * `tick(now)` does everything that is due; a one-minute cron calls it, and state is in the store,
 * so a reminder due while Ferry was down goes out once, late, and none goes out twice.
 */

export const DEFAULT_REMINDERS = '24h,1h,10m';
export const DEFAULT_DIGEST_CRON = '0 9 * * 1-5';

export class MaintenanceError extends TranslatedError {
  override readonly name = 'MaintenanceError';
}

/** "24h,1h,10m" → reminders, longest first. */
export function parseReminders(text: string): Reminder[] {
  return text
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean)
    .map((label) => {
      const beforeMs = parseDuration(label);
      if (beforeMs === null)
        throw new MaintenanceError(() => t`"${label}" is not a duration like 24h, 1h or 10m`);
      return { label, beforeMs };
    })
    .sort((a, b) => b.beforeMs - a.beforeMs);
}

/** "2h", "90m", "1h30m", "1d" → milliseconds, or null. */
const DURATION_PART = /(\d+)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)(?![a-z])/gy;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** "2h", "1h30m", "90 minutes", "2 hours and 30 minutes", "1 day" */
export function parseDuration(text: string): number | null {
  const phrase = text
    .trim()
    .toLowerCase()
    .replace(/\band\b/g, ' ')
    .replace(/,/g, ' ');
  if (!phrase) return null;
  let ms = 0;
  let at = 0;
  DURATION_PART.lastIndex = 0;
  while (at < phrase.length) {
    while (phrase[at] === ' ') at += 1;
    if (at >= phrase.length) break;
    DURATION_PART.lastIndex = at;
    const part = DURATION_PART.exec(phrase);
    if (!part) return null;
    ms += Number(part[1]) * (UNIT_MS[(part[2] as string).charAt(0)] as number);
    at = DURATION_PART.lastIndex;
  }
  return ms > 0 ? ms : null;
}

/** The offset of `timeZone` from UTC at instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(ms / 1000) * 1000
  );
}

/** A wall-clock time in `timeZone` as an instant (a time skipped by a DST change moves forward). */
export function wallTimeToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** Parses `<when>` (natural language or ISO) in `timeZone`; answers the instant and the words after it. */
export function parseWhen(text: string, now: number, timeZone: string): { start: number; rest: string } {
  // chrono reads wall-clock components; the zone is applied here, DST included.
  const wallNow = new Date(now + offsetAt(now, timeZone));
  const [result] = chrono.parse(text, { instant: wallNow, timezone: 0 }, { forwardDate: true });
  if (result?.index !== 0)
    throw new MaintenanceError(
      () => t`Cannot read a date in "${text}"; try "saturday 02:00" or "2026-12-05T02:00".`,
    );
  const get = (unit: 'year' | 'month' | 'day' | 'hour' | 'minute') => result.start.get(unit) ?? 0;
  const start = wallTimeToInstant(
    get('year'),
    get('month'),
    get('day'),
    get('hour'),
    get('minute'),
    timeZone,
  );
  return { start, rest: text.slice(result.text.length).trim() };
}

export class MaintenanceService {
  constructor(
    private readonly deps: {
      cloud: CloudApi;
      clock: Clock;
      store: RequestsPort & ClaimsPort & WindowsPort & AuditPort & JournalPort;
      evacuator: Evacuator;
      /** drains approved ahead for a window start with it */
      drains?: { startWithWindow(windowId: string): Promise<unknown> };
      access: AccessPolicy;
      permissions: Permissions;
      reminders: Reminder[];
      timeZone: string;
      events: EventSink;
      /** the cloud's errors in Ferry's words, for the channel */
      explain?: (error: unknown) => string;
    },
  ) {}

  /** windows whose start waits for the cloud, said once each (a restart says it again, once) */
  private readonly startWaits = new Set<string>();

  async schedule(input: {
    host: string;
    when: string;
    durationMs: number;
    reason: string | null;
    user: string;
    channel?: string;
  }): Promise<WindowRecord> {
    const { clock, store, cloud } = this.deps;
    await this.deps.permissions.mayRequest(input.user);
    const now = clock.now();
    const { start, rest } = parseWhen(input.when, now, this.deps.timeZone);
    if (start <= now) throw new MaintenanceError(() => t`That time has already passed.`);
    // A window more than a year ahead is almost always a typo in the year.
    if (start > now + 366 * 86_400_000)
      throw new MaintenanceError(
        () => t`That is more than a year ahead; schedule windows within the next twelve months.`,
      );
    const hosts = new Set((await cloud.listComputeServices()).map((service) => service.host));
    if (!hosts.has(input.host))
      throw new MaintenanceError(
        () => t`${input.host} is not a compute host; known: ${[...hosts].join(t`, `)}.`,
      );
    const overlapping = store
      .windows()
      .find(
        (w) =>
          w.status === 'scheduled' &&
          w.host === input.host &&
          w.start < start + input.durationMs &&
          start < w.end,
      );
    if (overlapping)
      throw new MaintenanceError(
        () => t`${input.host} already has window ${overlapping.id} overlapping that time.`,
      );
    const reminders: WindowRecord['reminders'] = {};
    // A reminder whose moment is already past when the window is made is not owed.
    for (const reminder of this.deps.reminders)
      if (start - reminder.beforeMs <= now) reminders[reminder.label] = { skipped: true };
    return store.addWindow({
      id: `w-${randomBytes(3).toString('hex')}`,
      host: input.host,
      start,
      end: start + input.durationMs,
      reason: input.reason ?? (rest || 'maintenance'),
      ...(input.channel ? { channel: input.channel } : {}),
      createdBy: input.user,
      createdAt: now,
      status: 'scheduled',
      reminders,
    });
  }

  async cancel(id: string, user: string): Promise<WindowRecord> {
    const window = this.deps.store.getWindow(id);
    if (!window) throw new MaintenanceError(() => t`No maintenance window ${id}.`);
    await this.deps.permissions.mustBeOwnerOrOnCall(
      user,
      window.createdBy,
      k`Only whoever scheduled the window or on-call staff may cancel it.`,
    );
    if (window.status === 'cancelled')
      throw new MaintenanceError(() => t`Window ${id} is already cancelled.`);
    const cancelled = await this.deps.store.cancelWindow(id);
    // what was approved to start with it never will: the hosts and servers it held are free again
    for (const holder of waitingForWindow(this.deps.store, id)) await this.deps.store.releaseClaims(holder);
    await this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor: user,
      action: 'maintenance-cancel',
      subject: id,
    });
    return cancelled;
  }

  upcoming(now = this.deps.clock.now()): WindowRecord[] {
    return this.deps.store
      .windows()
      .filter((w) => w.status === 'scheduled' && w.end > now)
      .sort((a, b) => a.start - b.start);
  }

  /** Hosts whose window has ended but whose nova-compute is still disabled. */
  async stillDisabled(
    now = this.deps.clock.now(),
  ): Promise<{ window: WindowRecord; reason: string | null }[]> {
    const ended = this.deps.store.windows().filter((w) => w.status === 'scheduled' && w.end <= now);
    if (ended.length === 0) return [];
    const services = await this.deps.cloud.listComputeServices();
    return ended.flatMap((window) => {
      const service = services.find((s) => s.host === window.host);
      return service?.status === 'disabled' ? [{ window, reason: service.disabledReason }] : [];
    });
  }

  /** the tick in progress: ticks run one after another, so what they post stays in order */
  private ticking: Promise<void> = Promise.resolve();

  /**
   * Everything due at `now` (by default the wall time when this tick gets its turn): reminders (the
   * latest owed only, late if missed), window starts and ends. A tick that comes while another runs
   * waits for it: a reminder still being prepared is never overtaken by the window's start.
   */
  tick(now?: number): Promise<void> {
    const turn = this.ticking.then(() => this.due(now ?? this.deps.clock.now()));
    this.ticking = turn.catch(() => {});
    return turn;
  }

  private async due(now: number): Promise<void> {
    const { store } = this.deps;
    for (const window of store.windows().filter((w) => w.status === 'scheduled')) {
      await this.remind(window, now);
      if (!window.startHandled && now >= window.start) await this.startOrWait(window, now);
      if (!window.endHandled && now >= window.end) await this.windowEnd(window);
    }
  }

  private async remind(window: WindowRecord, now: number): Promise<void> {
    // A window that has started owes no reminder, even when the wall clock has since stepped back;
    // after a step forward past its start, the start is said and the reminder it overtook is not
    // ("in 10m" after "has started" would be false).
    if (window.startHandled || now >= window.start) return;
    const owed = this.deps.reminders.filter(
      (r) => !window.reminders[r.label] && window.start - r.beforeMs <= now,
    );
    if (owed.length === 0) return;
    // Of several owed (Ferry was down), only the nearest to the window is worth sending.
    const send = owed[owed.length - 1] as Reminder;
    const late = now - (window.start - send.beforeMs) > 120_000;
    // the figures are read before the write: the reminder is decided, recorded and journaled in one
    // write, so a restart neither repeats nor loses it, and of two replicas only the first writes it
    const plan = await planEvacuation(
      { cloud: this.deps.cloud, clock: this.deps.clock, access: this.deps.access },
      { host: window.host, concurrency: 2, requestedBy: 'ferry' },
    ).catch(() => null);
    // unread (Nova did not answer) is said as unread: never "already empty"
    const servers = plan ? plan.items.length : null;
    const cannotLive = plan ? plan.items.filter((item) => item.mode !== 'live').length : null;
    await this.deps.store.recordReminders(
      window.id,
      Object.fromEntries(
        owed.map((reminder) => [
          reminder.label,
          reminder === send ? { at: now, late } : { skipped: true as const },
        ]),
      ),
      telling(this.deps.events, now, (updated) => [
        { kind: 'window.reminder', window: updated, reminder: send, late, servers, cannotLive },
      ]),
    );
  }

  private linkedEvacuation(window: WindowRecord): EvacuationRecord | null {
    return (
      this.deps.store
        .evacuations()
        .find((r) => r.evacuation.windowId === window.id && r.status === 'approved') ?? null
    );
  }

  /**
   * A window's start whose evacuation could not check its plan because the cloud did not answer (a
   * 5xx, no answer) is not marked: the next tick (each minute) tries again. The channel hears it once.
   */
  private async startOrWait(window: WindowRecord, now: number): Promise<void> {
    try {
      await this.windowStart(window);
      this.startWaits.delete(window.id);
    } catch (error) {
      if (!isCloudUnanswered(error)) throw error;
      if (this.startWaits.has(window.id)) return;
      this.startWaits.add(window.id);
      const message = this.deps.explain ? this.deps.explain(error) : (error as Error).message;
      await tellAlone(this.deps.store, this.deps.events, now, [
        { kind: 'window.start-waits', window, message },
      ]);
    }
  }

  /**
   * What starts with the window starts first (each start is idempotent: an evacuation or drain already
   * started is left as it is), then the start is marked and told in one write: a restart in between
   * starts nothing twice and tells the start once.
   */
  private async windowStart(window: WindowRecord): Promise<void> {
    let evacuation = this.linkedEvacuation(window);
    if (evacuation?.evacuation.phase === 'planned')
      evacuation = await this.deps.evacuator.start(evacuation.id);
    await this.deps.drains?.startWithWindow(window.id);
    await this.deps.store.markWindowHandled(
      window.id,
      'start',
      telling(this.deps.events, this.deps.clock.now(), (updated) => [
        { kind: 'window.started', window: updated, evacuation },
      ]),
    );
  }

  private async windowEnd(window: WindowRecord): Promise<void> {
    let evacuation = this.linkedEvacuation(window);
    if (evacuation?.evacuation.phase === 'running') {
      evacuation = await this.deps.evacuator.stop(evacuation.id, 'ferry', false).catch((error) => {
        if (error instanceof RunActionError) return evacuation;
        throw error;
      });
    }
    await this.deps.store.markWindowHandled(
      window.id,
      'end',
      telling(this.deps.events, this.deps.clock.now(), (updated) => [
        { kind: 'window.ended', window: updated, evacuation },
      ]),
    );
  }
}
