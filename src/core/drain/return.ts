import { planMoveBack } from '../evacuation/move-back.ts';
import { HeldEvents, tellAlone } from '../journal.ts';
import type { ComputeService } from '../model/cloud.ts';
import type { DrainHostState, DrainRecord, EvacuationRecord } from '../model/records.ts';
import type { CheckResult } from '../model/types.ts';
import { passedThrough } from './home.ts';
import { type DrainDeps, disabledByDrain, setHost, stillProven, tellHost } from './hosts.ts';

/**
 * A drain's host coming back from its maintenance: noticed (the button, or nova-compute seen down then
 * up), enabled once nova-compute reports up, then (with --return) its servers moved back home.
 */
export class DrainReturn {
  constructor(
    private readonly deps: DrainDeps,
    /** the drain's loop looks at once */
    private readonly wake: (id: string) => void,
  ) {}

  async settleReturn(id: string, host: DrainHostState): Promise<void> {
    const back = this.deps.store.getEvacuation(host.returnId ?? '');
    // a kill (or a failed start) between the host's write and its start left the move back planned:
    // it starts now, at any look until it does
    if (back?.evacuation.phase === 'planned') await this.deps.evacuator.start(back.id);
    if (back?.evacuation.phase !== 'done') return;
    // "its servers are back" is said only when each of them is: a move back that failed is named
    const away = back.evacuation.items.filter(
      (item) => item.outcome?.kind !== 'completed' && !(!item.outcome && item.hostAtEnd === item.destination),
    );
    await this.markDone(
      id,
      host.host,
      away.length ? { reason: { code: 'not-back', servers: away.map((item) => item.serverName) } } : {},
    );
  }

  /** An empty host whose nova-compute went down and came up again is back, button or not. */
  async watchForBack(id: string, host: DrainHostState, service: ComputeService | undefined) {
    if (!service) return;
    const up = service.state === 'up' && !service.forcedDown;
    if (!up && !host.sawDown) await setHost(this.deps.store, id, host.host, { sawDown: true });
    else if (up && host.sawDown) await this.markBack(id, host.host, 'ferry');
  }

  /** "Host is back" (or nova-compute seen coming back): enabled and its servers home once it is up. */
  async markBack(id: string, host: string, by: string): Promise<DrainRecord> {
    // told once the press is in the audit trail, as before
    const told = new HeldEvents(this.deps.events);
    const updated = await setHost(
      this.deps.store,
      id,
      host,
      { phase: 'coming-back', backBy: by, backAt: this.deps.clock.now() },
      (h) => h.phase === 'empty',
      tellHost({ ...this.deps, events: told }, (request) => ({ kind: 'drain.host-back', request, host, by })),
    );
    await this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor: by,
      action: 'drain-host-back',
      subject: id,
      detail: host,
    });
    told.release();
    this.wake(id);
    return updated;
  }

  /**
   * The host check's lines that fail for a host about to take servers again, live or cold (with SSH set
   * up: none without); a check that could not reach it counts, as nothing was checked.
   */
  private async hostCheckFails(host: string): Promise<CheckResult[]> {
    const config = this.deps.hostConfig;
    if (!config) return [];
    const [live, cold] = await Promise.all([
      config.findings(host, null, 'live', true),
      config.findings(host, null, 'cold', true),
    ]);
    const fails = (check: CheckResult) =>
      check.status === 'fail' || check.fact?.code === 'host-check-unreachable';
    // a host it could not reach is said once, not for each mode
    return [...live.filter(fails), ...cold.filter((c) => c.status === 'fail')];
  }

  /** A host said to be back: once nova-compute reports up it is enabled, then its servers return. */
  async bringBack(id: string, host: DrainHostState, service: ComputeService | undefined) {
    if (service?.state !== 'up' || service.forcedDown) return;
    // emptied when its moves landed, their proofs may still run: the host is enabled, and its servers
    // planned home, once each has its outcome (a server is not moved again while proven where it went;
    // the evacuation's end would disable an enabled host again); its end wakes the drain
    if (stillProven(this.deps.store, host)) return;
    if (disabledByDrain(service, id)) {
      // the SSH host check as a host moves go to, read before it takes servers again (operator trial:
      // a host whose check failed was enabled without a word); what fails is said, not silently enabled
      const failing = await this.hostCheckFails(host.host);
      // a locked write first: no cloud action unless the store takes writes (and this replica holds it)
      await this.deps.store.updateDrain(id, () => undefined);
      await this.deps.cloud.setServiceEnabled(service.id, true);
      if (failing.length) {
        const request = this.deps.store.getDrain(id) as DrainRecord;
        await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
          { kind: 'drain.host-check-fails', request, host: host.host, failing },
        ]);
      }
    } else if (service.status === 'disabled')
      // someone else disabled it before the drain: it stays as they left it, and the end says so
      await setHost(this.deps.store, id, host.host, {
        leftDisabled: true,
        ...(service.disabledReason ? { disabledReason: service.disabledReason } : {}),
      });
    const drain = this.deps.store.getDrain(id) as DrainRecord;
    if (!drain.drain.returnHome) {
      await this.markDone(id, host.host);
      return;
    }
    const evacuations = host.evacuationIds.flatMap((e) => this.deps.store.getEvacuation(e) ?? []);
    const last = evacuations.at(-1);
    if (!last) {
      // its evacuations' records are gone (past the store's retention): where its servers came from is unknown
      await this.markDone(id, host.host, { reason: { code: 'no-record', host: host.host } });
      return;
    }
    // a kill between asking for the move back and the host's write: the move back asked is followed
    // (settleReturn starts it if still planned), never planned again from servers already home
    const asked = this.deps.store
      .evacuations()
      .find(
        (r) => r.evacuation.drainId === id && r.evacuation.returnOf === last.id && r.status === 'approved',
      );
    if (asked) {
      await setHost(this.deps.store, id, host.host, { phase: 'returning', returnId: asked.id });
      return;
    }
    // what every evacuation of this host took off it (a "Continue" makes a second one), but for the
    // servers that only passed through it: their home is the host they started the drain on
    const passed = passedThrough(drain, host, (e) => this.deps.store.getEvacuation(e));
    const all = evacuations.flatMap((e) => e.evacuation.items);
    const items = all.filter((i) => !passed.has(i.serverId));
    // every server that left only passed through; a host none left is said so by the move back's plan
    if (items.length === 0 && all.length > 0) {
      const reason = { code: 'passed-through' as const, host: host.host, count: all.length };
      await this.markDone(id, host.host, { reason });
      return;
    }
    const whole: EvacuationRecord = { ...last, evacuation: { ...last.evacuation, items } };
    const plan = await planMoveBack(this.deps.cloud, whole, this.deps.groupBudgets);
    if (!plan.ready || !plan.items.some((item) => item.state === 'waiting')) {
      const staying = plan.items.filter((item) => item.state === 'skipped').length;
      await this.markDone(id, host.host, {
        // none can go back: the report lists each with why (`notBackReasons`); a line alone says where
        reason:
          staying > 0 && staying === plan.items.length
            ? { code: 'none-can-go-back', host: host.host, count: staying }
            : { code: 'nothing-moved-back', checks: plan.checks.filter((check) => check.status !== 'pass') },
        notBackReasons: Object.fromEntries(
          plan.items.flatMap((i) => (i.state === 'skipped' && i.reason ? [[i.serverId, i.reason]] : [])),
        ),
      });
      return;
    }
    const back = await this.deps.book.submitMoveBack(whole, plan, drain.requestedBy, id, {
      ...(drain.decidedBy ? { by: drain.decidedBy } : {}),
      ...(drain.decidedAt !== undefined ? { at: drain.decidedAt } : {}),
    });
    await setHost(this.deps.store, id, host.host, { phase: 'returning', returnId: back.id });
    await this.deps.evacuator.start(back.id);
  }

  /** The host's part of the drain is over: recorded done, and said with the same write. */
  private markDone(id: string, host: string, details: Partial<DrainHostState> = {}): Promise<DrainRecord> {
    return setHost(
      this.deps.store,
      id,
      host,
      { ...details, phase: 'done', endedAt: this.deps.clock.now() },
      undefined,
      tellHost(this.deps, (request) => ({ kind: 'drain.host-done', request, host })),
    );
  }
}
