import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
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
/** DEFAULT_REMINDERS as the core keeps reminders, for a core built without settings read */
export const DEFAULT_REMINDER_TIMES: Reminder[] = [
  { label: '24h', beforeMs: 24 * 3_600_000 },
  { label: '1h', beforeMs: 3_600_000 },
  { label: '10m', beforeMs: 10 * 60_000 },
];
export const DEFAULT_DIGEST_CRON = '0 9 * * 1-5';

/**
 * Why a maintenance window cannot be scheduled, found, cancelled or used, as data;
 * src/messages/maintenance.ts words it at the edge.
 */
export type MaintenanceRefusal =
  /** FERRY_REMINDERS or a /maintenance duration that is not one */
  | { code: 'not-a-duration'; label: string }
  /** /maintenance's time that no date can be read from */
  | { code: 'no-date'; text: string }
  | { code: 'time-passed' }
  | { code: 'too-far-ahead' }
  | { code: 'not-a-host'; host: string; known: string[] }
  | { code: 'overlapping'; host: string; window: string }
  | { code: 'no-window'; id: string }
  /** a window an evacuation or drain names that does not exist: /maintenance list shows them */
  | { code: 'unknown-window'; id: string }
  | { code: 'already-cancelled'; id: string }
  | { code: 'window-of-other-host'; id: string; windowHost: string; host: string }
  | { code: 'window-not-in-drain'; id: string; windowHost: string; hosts: string[] }
  | { code: 'window-over'; id: string; cancelled: boolean };

/** A maintenance window refused: `refusal` says why (the edge words it). */
export class MaintenanceError extends Error {
  override readonly name = 'MaintenanceError';
  constructor(readonly refusal: MaintenanceRefusal) {
    super(refusal.code);
  }
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

  /**
   * A window from `start` (read from the person's words at the edge, in Ferry's time zone) for
   * `durationMs`; `reason` null: "maintenance".
   */
  async schedule(input: {
    host: string;
    start: number;
    durationMs: number;
    reason: string | null;
    user: string;
    channel?: string;
  }): Promise<WindowRecord> {
    const { clock, store, cloud } = this.deps;
    await this.deps.permissions.mayRequest(input.user);
    const now = clock.now();
    const { start } = input;
    if (start <= now) throw new MaintenanceError({ code: 'time-passed' });
    // A window more than a year ahead is almost always a typo in the year.
    if (start > now + 366 * 86_400_000) throw new MaintenanceError({ code: 'too-far-ahead' });
    const hosts = new Set((await cloud.listComputeServices()).map((service) => service.host));
    if (!hosts.has(input.host))
      throw new MaintenanceError({ code: 'not-a-host', host: input.host, known: [...hosts] });
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
      throw new MaintenanceError({ code: 'overlapping', host: input.host, window: overlapping.id });
    const reminders: WindowRecord['reminders'] = {};
    // A reminder whose moment is already past when the window is made is not owed.
    for (const reminder of this.deps.reminders)
      if (start - reminder.beforeMs <= now) reminders[reminder.label] = { skipped: true };
    return store.addWindow({
      id: `w-${randomBytes(3).toString('hex')}`,
      host: input.host,
      start,
      end: start + input.durationMs,
      reason: input.reason ?? 'maintenance',
      ...(input.channel ? { channel: input.channel } : {}),
      createdBy: input.user,
      createdAt: now,
      status: 'scheduled',
      reminders,
    });
  }

  async cancel(id: string, user: string): Promise<WindowRecord> {
    const window = this.deps.store.getWindow(id);
    if (!window) throw new MaintenanceError({ code: 'no-window', id });
    await this.deps.permissions.mustBeOwnerOrOnCall(user, window.createdBy, 'cancel-window');
    if (window.status === 'cancelled') throw new MaintenanceError({ code: 'already-cancelled', id });
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
