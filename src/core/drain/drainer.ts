import { isCloudError } from '../cloud-errors.ts';
import { DrivenLoops, type Next } from '../driven-loops.ts';
import { movesLanded } from '../evacuation/runs.ts';
import type { FerryEvent } from '../events.ts';
import { HeldEvents, tellAlone, telling } from '../journal.ts';
import type { ComputeService } from '../model/cloud.ts';
import type { DrainHostState, DrainRecord } from '../model/records.ts';
import { HoldError } from '../move/service-guard.ts';
import { DrainEmptying } from './emptying.ts';
import { DrainGates } from './gates.ts';
import {
  BUSY,
  type DrainDeps,
  disabledBefore,
  drainProving,
  HELD_OUT,
  hostOf,
  hostsInPlay,
  SETTLED,
  stepCount,
  stepHosts,
  windowEnded,
} from './hosts.ts';
import { HoldReads, REBOOT_LOOK_MS, shared } from './look-pace.ts';
import { DrainReboots, rebooting } from './reboot.ts';
import { DrainRefused } from './refusals.ts';
import { DrainReturn } from './return.ts';
import { DrainSilencing } from './silencing.ts';
import { stepStillFits } from './step-fit.ts';
import { StepReads } from './step-reads.ts';

/** the views show a drain's steps as the drainer walks them */
export { stepCount, stepHosts } from './hosts.ts';

/**
 * Runs an approved drain, one step (batch of hosts) at a time: each host is emptied by an evacuation of its
 * own (disabled in the drain's name, the same sliding window and per-destination cap), then waits for its
 * maintenance; once it is back (the button, or nova-compute seen down then up again) it is enabled and,
 * with `returnHome`, its servers go back, before the next step starts. Before each step the rest of the
 * walk is planned again: a step that no longer fits holds the drain for a fresh approval. Every state is
 * in the store, so a restart (or another replica) carries on from it.
 */
export class Drainer {
  /** every 5 s at the latest: how a host coming back without the button is noticed (nova-compute is read) */
  private readonly loops: DrivenLoops;
  private readonly holdReads: HoldReads; // look-pace.ts
  private readonly emptying: DrainEmptying;
  private readonly back: DrainReturn;
  readonly gates: DrainGates; // #30: health gates before each step (Resume anyway is theirs)
  private readonly silencing: DrainSilencing;
  private readonly reboots: DrainReboots; // `--reboot`: the empty hosts rebooted and verified by Ferry
  /** drains taken up again here (after a restart or from another replica): their first look reads the hosts again */
  private readonly resumed = new Set<string>();
  private readonly troubled = new Map<string, number>(); // drains whose looks fail, since when (wall time)
  private readonly soon = new Map<string, () => void>(); // drains waiting for a rebooted host: its look's cancel

  constructor(private readonly deps: DrainDeps) {
    this.loops = new DrivenLoops(
      deps.scheduler,
      (id) => this.look(id),
      undefined,
      (id, error) => deps.log?.(`driving ${id} failed; looking again shortly`, error),
      () => deps.store.writeFailure() !== null,
    );
    this.holdReads = new HoldReads(deps.scheduler);
    this.emptying = new DrainEmptying(deps);
    this.back = new DrainReturn(deps, (id) => this.wake(id));
    this.gates = new DrainGates(deps, (id) => this.wake(id));
    this.silencing = new DrainSilencing(deps);
    this.reboots = new DrainReboots(deps, (id, host, by) => this.back.markBack(id, host, by));
  }

  /** Empties one host with an evacuation of its own ("Continue" empties a host not empty again). */
  startHost(id: string, host: DrainHostState, continueApprovedBy?: string): Promise<void> {
    return this.emptying.startHost(id, host, continueApprovedBy);
  }

  /** "Host is back" (or nova-compute seen coming back): enabled and its servers home once it is up. */
  markBack(id: string, host: string, by: string): Promise<DrainRecord> {
    return this.back.markBack(id, host, by);
  }

  /** Starts an approved drain: its first step begins at once (after the re-plan of the walk). */
  async start(id: string): Promise<DrainRecord> {
    const drain = this.deps.store.getDrain(id);
    if (!drain) throw new DrainRefused({ code: 'no-drain', id });
    if (drain.status !== 'approved')
      throw new DrainRefused({ code: 'not-approved', id, status: drain.status });
    if (drain.drain.phase !== 'planned') return drain;
    const now = this.deps.clock.now();
    const started = await this.deps.store.updateDrain(
      id,
      (d) => {
        if (d.drain.phase !== 'planned') return;
        d.drain.phase = 'running';
        d.drain.startedAt = now;
      },
      telling(this.deps.events, now, (request) => [{ kind: 'drain.started', request }]),
    );
    this.loops.launch(id);
    return started;
  }

  /** A change someone made (pause, resume, host back…): the loop looks at once. */
  wake(id: string): void {
    this.loops.wake(id);
  }

  /**
   * Nova recorded one of a drain's moves completed (the runner's onLanded): the drain looks at once, as
   * its host may be empty, or its servers home, while Ferry still proves the move.
   */
  onLanded(runId: string): void {
    const run = this.deps.store.getRun(runId);
    const parent = run ? this.deps.store.getMove(run.requestId)?.parentId : undefined;
    const drainId = parent ? this.deps.store.getEvacuation(parent)?.evacuation.drainId : undefined;
    if (drainId) this.wake(drainId);
  }

  /** One of a drain's evacuations moved a server or ended: the drain looks at once. */
  onEvent(event: FerryEvent): void {
    if (event.kind !== 'evacuation.item-ended' && event.kind !== 'evacuation.finished') return;
    const drainId = event.request.evacuation.drainId;
    if (!drainId) return;
    const failed =
      event.kind === 'evacuation.item-ended' &&
      event.item.outcome !== undefined &&
      event.item.outcome.kind !== 'completed';
    // A host that keeps a server must not be rebooted: its other servers wait for the operator's word.
    if (failed && event.request.evacuation.phase === 'running' && !event.request.evacuation.returnOf)
      void this.deps.evacuator.stop(event.request.id, 'ferry', false).catch(() => undefined);
    this.wake(drainId);
  }

  /** Drives a drain in flight that nobody in this process drives; true when it is driven now. */
  resume(id: string): boolean {
    const phase = this.deps.store.getDrain(id)?.drain.phase;
    if (!phase || phase === 'planned' || phase === 'done' || this.loops.has(id)) return false;
    this.resumed.add(id);
    this.loops.launch(id);
    return true;
  }

  /** Stops driving one drain without ending it: another replica holds it now. */
  release(id: string): void {
    this.troubled.delete(id);
    this.soon.get(id)?.();
    this.soon.delete(id);
    this.loops.release(id);
  }

  driving(): string[] {
    return this.loops.ids();
  }
  shutdown(): void {
    for (const cancel of this.soon.values()) cancel();
    this.soon.clear();
    this.loops.shutdown();
  }
  idle(): Promise<void> {
    return this.loops.idle();
  }

  /**
   * No look runs and none is due, and no drain's looks are failing: what the drains have to say now is
   * said. A drain held by an outage looks again shortly and says it goes on: it still runs (/wait waits).
   */
  quiet(): boolean {
    return this.loops.quiet() && this.troubled.size === 0;
  }

  /**
   * One look; a failure of the cloud or the store is tried again at the next wake-up, and said once
   * when it begins (an outage fails one call, then another: one trouble), and once when it is over.
   */
  private async look(id: string): Promise<Next> {
    let next: Next;
    try {
      next = await this.advance(id);
    } catch (error) {
      // journaled once when the trouble begins (a restart tells what was not yet said), not every look
      if (!this.troubled.has(id)) {
        this.troubled.set(id, this.deps.clock.now());
        const request = this.deps.store.getDrain(id) as DrainRecord;
        await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
          {
            kind: 'drain.trouble',
            request,
            // the cloud's errors and a host it could not keep disabled in Ferry's words; Ferry's own as said
            message:
              (isCloudError(error) || error instanceof HoldError) && this.deps.explain
                ? this.deps.explain(error)
                : (error as Error).message,
          },
        ]);
      }
      return 'wait';
    }
    const since = this.troubled.get(id);
    if (since === undefined) return next;
    this.troubled.delete(id);
    const request = this.deps.store.getDrain(id);
    // the look that went through may have ended the drain: its report is the last word, not "goes on"
    if (request && request.drain.phase !== 'done') {
      await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
        { kind: 'drain.trouble-over', request, since },
      ]);
    }
    return next;
  }

  /** One look at the drain: settle what ended, act on what is due; say whether to look again at once. */
  private async advance(id: string): Promise<Next> {
    const drain = this.deps.store.getDrain(id);
    if (!drain || drain.drain.phase === 'done' || drain.drain.phase === 'planned') return 'over';
    const afterRestart = this.resumed.delete(id);
    let services: ComputeService[] | undefined;
    const serviceOf = async (host: string) => {
      // the moves' watch takes this answer for its look at nova-compute (look-pace.ts)
      services ??= await shared(this.deps, this.deps.cloud.listComputeServices());
      return services.find((s) => s.host === host && s.binary === 'nova-compute');
    };
    // the hosts it holds out of service are read every 20 s, not at each look a move's end wakes
    const readHolds =
      hostsInPlay(drain.drain).some((h) => HELD_OUT.includes(h.phase)) &&
      this.holdReads.due(id, drain.drain, afterRestart);
    for (const host of hostsInPlay(drain.drain)) {
      const current = hostOf(this.deps.store, id, host.host);
      if (current.phase === 'evacuating') await this.emptying.settleEvacuation(id, current);
      else if (current.phase === 'returning') await this.back.settleReturn(id, current);
      const phase = this.deps.store.getDrain(id)?.drain.phase;
      if (phase !== 'running' && phase !== 'stopping') continue;
      const now = hostOf(this.deps.store, id, host.host);
      // a host the drain holds out of service and someone enabled again (a restart reads it at once)
      if (readHolds && HELD_OUT.includes(now.phase) && (await serviceOf(now.host))?.status === 'enabled')
        await this.emptying.disableAgain(id, now.host);
      // going on with a host was approved and the process stopped before its evacuation was recorded
      if (afterRestart && phase === 'running' && now.phase === 'not-empty' && now.continueAsk?.approvedBy)
        await this.emptying.startHost(id, now, now.continueAsk.approvedBy);
      if (now.phase === 'empty' && (await this.emptying.stillEmpty(id, now, afterRestart)))
        if (drain.drain.reboot && !disabledBefore(now))
          // --reboot: Ferry reboots the empty host and verifies it (reboot.ts) instead of waiting for it;
          // never a host someone else disabled before the drain: it waits for them, as without --reboot
          await this.reboots.drive(id, now.host, phase, () => serviceOf(now.host));
        else await this.back.watchForBack(id, now, await serviceOf(now.host));
      if (hostOf(this.deps.store, id, host.host).phase === 'coming-back')
        await this.back.bringBack(id, hostOf(this.deps.store, id, host.host), await serviceOf(now.host));
    }
    await this.silencing.sync(id); // #30 silences: leases renewed, hosts enabled again unsilenced
    const state = (this.deps.store.getDrain(id) as DrainRecord).drain;
    if (state.phase === 'paused' || state.phase === 'held') return 'wait';
    const hosts = stepHosts(state);
    // a rebooted host is looked at every second until it is verified: it answers between 5-s looks
    if (hosts.some(rebooting)) this.lookSoon(id);
    if (state.phase === 'stopping') {
      if (hostsInPlay(state).some((h) => BUSY.includes(h.phase)) || drainProving(this.deps.store, id))
        return 'wait';
      await this.finish(id);
      return 'over';
    }
    const waiting = hosts.filter((h) => h.phase === 'waiting');
    if (waiting.length) {
      const ended = windowEnded(this.deps, state);
      if (ended) {
        await this.stopAll(id, 'ferry', ended);
        return 'wait';
      }
      // the step's plans share what nothing between them changes, for this look only (step-reads.ts)
      const reads = new StepReads(this.deps.cloud, waiting);
      const starting = await this.emptying.settleIdle(id, waiting, reads.beforeDisable);
      if (starting.length === 0) return 'again';
      if (!(await stepStillFits({ ...this.deps, cloud: reads.beforeDisable }, id))) return 'wait';
      if (!(await this.gates.passes(id))) return 'wait'; // #30 health gates
      await this.disableStep(id, starting);
      for (const host of starting) await this.emptying.startHost(id, host, undefined, reads.afterDisable);
      return 'wait';
    }
    // the next step starts once this one's servers are home as Nova says, their proofs still running
    if (!hosts.every((h) => SETTLED.includes(h.phase) || this.homeLanded(h))) return 'wait';
    if (state.step + 1 >= stepCount(state)) {
      // the report waits for every move's outcome: a proof that fails late is in it
      if (!hosts.every((h) => SETTLED.includes(h.phase)) || drainProving(this.deps.store, id)) return 'wait';
      await this.finish(id);
      return 'over';
    }
    // the next step and the edit of the drain's message that shows it, in one write
    await this.deps.store.updateDrain(
      id,
      (d) => {
        if (d.drain.step === state.step) d.drain.step += 1;
      },
      telling(this.deps.events, this.deps.clock.now(), (request) => [{ kind: 'drain.changed', request }]),
    );
    return 'again';
  }

  /** A host whose servers' moves home all landed in Nova (known here only: after a restart, once done). */
  private homeLanded(host: DrainHostState): boolean {
    if (host.phase !== 'returning' || !host.returnId) return false;
    return movesLanded(this.deps.store, host.returnId, this.deps.landed ?? (() => false));
  }

  /** The drain's next look in REBOOT_LOOK_MS, unless one is due already. */
  private lookSoon(id: string): void {
    if (this.soon.has(id)) return;
    this.soon.set(
      id,
      this.deps.scheduler.after(REBOOT_LOOK_MS, () => {
        this.soon.delete(id);
        this.wake(id);
      }),
    );
  }

  /**
   * The step's hosts go out of service together before any is planned, so that no host's servers are
   * sent to another host of the same step. A host someone else disabled keeps their reason.
   */
  private async disableStep(id: string, hosts: DrainHostState[]): Promise<void> {
    // a locked write first: no cloud action unless the store takes writes (and this replica holds it)
    const drain = await this.deps.store.updateDrain(id, () => undefined);
    const services = await this.deps.cloud.listComputeServices();
    for (const host of hosts) {
      const service = services.find((s) => s.host === host.host && s.binary === 'nova-compute');
      if (service?.status !== 'enabled') continue;
      await this.silencing.beforeDisable(id, host.host); // #30 silences
      await this.deps.cloud.setServiceEnabled(
        service.id,
        false,
        `Ferry drain ${id} (step ${drain.drain.step + 1}): requested by ${drain.requestedBy}, approved by ${drain.decidedBy ?? '?'}`,
      );
    }
  }

  /** No new host starts; moves in flight finish. Hosts already empty stay disabled for their work. */
  async stopAll(id: string, by: string, windowEnded?: string): Promise<DrainRecord> {
    // the drain's message shows it stopping (its buttons gone) even if Ferry stops before telling it:
    // journaled with the write, published once its evacuations are told to stop and the audit written
    const held = new HeldEvents(this.deps.events);
    const stopping = await this.deps.store.updateDrain(
      id,
      (d) => {
        if (!['running', 'paused', 'held'].includes(d.drain.phase))
          throw new DrainRefused({ code: 'nothing-to-stop', id, phase: d.drain.phase });
        d.drain.phase = 'stopping';
        d.drain.stoppedBy = by;
        if (windowEnded) d.drain.stoppedAtWindowEnd = windowEnded;
        for (const host of d.drain.hosts) if (host.phase === 'waiting') host.phase = 'not-started';
      },
      telling(held, this.deps.clock.now(), (request) => [{ kind: 'drain.changed', request }]),
    );
    for (const host of stepHosts(stopping.drain)) {
      const evacuationId = host.phase === 'evacuating' ? host.evacuationIds.at(-1) : undefined;
      if (evacuationId && this.deps.store.getEvacuation(evacuationId)?.evacuation.phase === 'running')
        await this.deps.evacuator.stop(evacuationId, by, false).catch(() => undefined);
      if (host.evacuationIds.length) this.deps.evacuator.nudge(host.evacuationIds.at(-1) as string);
    }
    await this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor: by,
      action: 'drain-stop',
      subject: id,
    });
    held.release();
    this.wake(id);
    return stopping;
  }

  private async finish(id: string): Promise<void> {
    const now = this.deps.clock.now();
    // told once the claims are let go and the end is in the audit trail, as the listeners expect
    const held = new HeldEvents(this.deps.events);
    const done = await this.deps.store.updateDrain(
      id,
      (d) => {
        d.drain.phase = 'done';
        d.drain.endedAt = now;
      },
      telling(held, now, (request) => [{ kind: 'drain.finished', request }]),
    );
    await this.silencing.sync(id); // #30 silences: none outlives the drain
    await this.deps.store.releaseClaims(id);
    await this.emptying.dropUnstarted(id);
    const count = (phase: DrainHostState['phase']) =>
      done.drain.hosts.filter((h) => h.phase === phase).length;
    await this.deps.store.recordAudit({
      at: now,
      actor: 'ferry',
      action: 'drain-done',
      subject: id,
      // the audit trail keeps the counts as data (the report in the thread words them)
      detail: JSON.stringify({
        done: count('done'),
        skipped: count('skipped'),
        notStarted: count('not-started'),
      }),
    });
    held.release();
  }
}
