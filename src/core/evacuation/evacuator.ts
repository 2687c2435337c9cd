import type { Clock } from '../../clock.ts';
import { DrivenLoops, type Next } from '../driven-loops.ts';
import type { EventSink, FerryEvent } from '../events.ts';
import { HeldEvents, telling } from '../journal.ts';
import type { EvacuationRecord } from '../model/records.ts';
import type { AccessPolicy, HostConfigProvider } from '../model/types.ts';
import type { MigrationRunner } from '../move/runner.ts';
import { holdReason, serviceAtEnd } from '../move/service-guard.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import { type DurabilityPort, StaleRecordError } from '../ports/store.ts';
import { markStarting, nextItem, StartTurns } from './budget-gate.ts';
import { dropIfUnusable } from './destinations.ts';
import { HypervisorReads } from './hypervisor-reads.ts';
import { readWhyNotBack } from './move-back.ts';
import { fingerprintOf } from './plan.ts';
import { EvacuationRefused } from './refusals.ts';
import { RoomKeeper } from './room.ts';
import { endedItems, readWhereUnmovedAre, startCutShort, startItemRun, unlistedAtEnd } from './runs.ts';
import { replanAtStart, supersede } from './start.ts';
import { EvacuationTroubles } from './troubles.ts';
import { UnreadableServers } from './unreadable.ts';

/**
 * Runs an approved evacuation: disables the host's nova-compute (like kubectl cordon), then moves its
 * servers through the migration runner with a sliding window of N in flight, at most `perDestination`
 * onto one host, carrying on past single failures. Survives a restart: state is in the store.
 */
export class Evacuator {
  /** a safety net of 5 s only: every child outcome wakes its evacuation directly */
  private readonly loops: DrivenLoops;
  private readonly room: RoomKeeper;
  private readonly unreadable: UnreadableServers;
  private readonly troubles: EvacuationTroubles;
  private readonly turns = new StartTurns();
  private readonly hypervisors: HypervisorReads;

  constructor(
    private readonly deps: {
      cloud: CloudApi;
      clock: Clock;
      store: RequestsPort & ClaimsPort & RunsPort & AuditPort & JournalPort & DurabilityPort;
      runner: MigrationRunner;
      access: AccessPolicy;
      hostConfig?: HostConfigProvider;
      scheduler: Scheduler;
      events: EventSink;
      /** a look that failed: the loop looks again after its safety interval */
      log?: (message: string, error?: unknown) => void;
      /** an evacuation that must start no new moves for now (its drain is paused or held) */
      holds?: (evacuation: EvacuationRecord) => boolean;
      /** a look's cloud error in Ferry's words, for the thread */
      explain?: (error: unknown) => string;
    },
  ) {
    this.hypervisors = new HypervisorReads(deps);
    this.loops = new DrivenLoops(
      deps.scheduler,
      (id) => this.look(id),
      undefined,
      (id, error) => deps.log?.(`driving ${id} failed; looking again shortly`, error),
      () => deps.store.writeFailure() !== null,
    );
    this.room = new RoomKeeper(deps);
    this.unreadable = new UnreadableServers(deps, this.room);
    this.troubles = new EvacuationTroubles(deps);
    // Nova finished one of its moves: the next may take the source's slot while this one is proven
    deps.runner.onLanded((runId) => {
      const run = deps.store.getRun(runId);
      const parent = run ? deps.store.getMove(run.requestId)?.parentId : undefined;
      if (parent) this.loops.wake(parent);
    });
  }

  /** Applies the operator's choice to cold-migrate an item that cannot move live. */
  async chooseCold(requestId: string, serverId: string): Promise<EvacuationRecord> {
    const request = this.deps.store.getEvacuation(requestId);
    const state = request?.evacuation;
    if (!request || !state) throw new EvacuationRefused({ code: 'no-evacuation', id: requestId });
    if (request.status !== 'pending')
      throw new EvacuationRefused({ code: 'decided-already', id: requestId, status: request.status });
    const item = state.items.find((candidate) => candidate.serverId === serverId);
    if (item?.alternative !== 'cold') throw new EvacuationRefused({ code: 'no-cold-alternative' });
    // the scheduler picks the destination of a chosen cold move
    const chosen = {
      mode: 'cold' as const,
      state: 'waiting' as const,
      reason: { code: 'cold-by-choice' as const },
      destination: null,
    };
    const items = state.items.map((candidate) =>
      candidate.serverId === serverId ? { ...candidate, ...chosen } : candidate,
    );
    return this.deps.store.updateEvacuationItems(requestId, [{ serverId, change: chosen }], {
      fingerprint: fingerprintOf(state.host, items, state.edits),
    });
  }

  /**
   * Starts an approved evacuation if the cloud still matches the approved plan; otherwise marks it
   * superseded and answers the new plan, which needs a fresh approval. `rechecked` hears whether the
   * plan holds once the cloud answered every read, before anything is written to it.
   */
  async start(requestId: string, rechecked?: (ready: boolean) => Promise<void>): Promise<EvacuationRecord> {
    const { store, clock, cloud } = this.deps;
    const request = store.getEvacuation(requestId);
    const state = request?.evacuation;
    if (!request || !state) throw new EvacuationRefused({ code: 'no-evacuation', id: requestId });
    if (request.status !== 'approved')
      throw new EvacuationRefused({ code: 'not-approved', id: requestId, status: request.status });
    if (state.phase !== 'planned') return request;
    // A move back was planned the moment on-call asked for it, a drain's step the moment before
    // (its drain disabled the host): each starts as planned.
    if (state.returnOf || state.drainId)
      return this.run(requestId, { serviceDisabled: false, startedAt: clock.now() });

    const fresh = await replanAtStart(this.deps, request);
    // a host someone else disabled keeps their reason, and is not enabled by Ferry afterwards
    const service =
      !fresh && state.serviceId
        ? (await cloud.listComputeServices()).find((s) => s.id === state.serviceId)
        : undefined;
    await rechecked?.(fresh === null);
    if (fresh) return supersede(this.deps, requestId, fresh);
    const disabling = service !== undefined && service.status === 'enabled';
    // a locked write first: no cloud action unless the store takes writes (and this replica holds it)
    if (disabling) await store.updateEvacuationItems(requestId, []);
    if (disabling && state.serviceId)
      await cloud.setServiceEnabled(state.serviceId, false, holdReason(request));
    return this.run(requestId, { serviceDisabled: disabling, startedAt: clock.now() });
  }

  private async run(
    requestId: string,
    details: { serviceDisabled: boolean; startedAt: number },
  ): Promise<EvacuationRecord> {
    const running = await this.deps.store
      .setEvacuationPhase(
        requestId,
        'running',
        details,
        telling(this.deps.events, this.deps.clock.now(), (request) => [
          { kind: 'evacuation.started', request },
        ]),
      )
      // started a moment ago by another caller, who said so and drives it
      .catch((error: unknown) => (error instanceof StaleRecordError ? undefined : Promise.reject(error)));
    if (!running) return this.deps.store.getEvacuation(requestId) as EvacuationRecord;
    this.loops.launch(requestId);
    return running;
  }

  /** Stops starting new migrations; with `abortRunning`, also aborts those in flight. */
  async stop(requestId: string, actor: string, abortRunning: boolean): Promise<EvacuationRecord> {
    const { store, runner, clock } = this.deps;
    const current = store.getEvacuation(requestId)?.evacuation;
    if (!current) throw new EvacuationRefused({ code: 'no-evacuation', id: requestId });
    if (current.phase !== 'running')
      throw new EvacuationRefused({ code: 'nothing-to-stop', id: requestId, phase: current.phase });
    // the phase first: a loop that finds nothing waiting must not finish before it reads 'stopping'
    await store.setEvacuationPhase(requestId, 'stopping', { abortRunning, stoppedBy: actor });
    const request = await store.updateEvacuationItems(
      requestId,
      current.items
        .filter((item) => item.state === 'waiting')
        .map((item) => ({ serverId: item.serverId, change: { state: 'not-started' as const } })),
    );
    await store.recordAudit({
      at: clock.now(),
      actor,
      action: abortRunning ? 'evacuation-abort' : 'evacuation-stop',
      subject: requestId,
    });
    if (abortRunning) {
      for (const item of request.evacuation.items ?? []) {
        if (item.state === 'running' && item.runId)
          await runner.abort(item.runId, actor).catch(() => undefined);
      }
    }
    this.loops.wake(requestId);
    return request;
  }

  /** A move of an evacuation ended: its loop starts the next one. */
  onEvent(event: FerryEvent): void {
    if (event.kind !== 'run.outcome') return;
    const child = this.deps.store.getMove(event.run.requestId);
    if (child?.parentId) this.loops.wake(child.parentId);
    // a member of a server group ended its move: evacuations its budget held may start one now
    for (const id of this.loops.ids())
      if (
        this.deps.store
          .getEvacuation(id)
          ?.evacuation.groups?.some((g) => g.members.includes(event.run.serverId))
      )
        this.loops.wake(id);
  }

  async resumeAll(): Promise<EvacuationRecord[]> {
    return this.deps.store.evacuations().filter((request) => this.resume(request.id));
  }

  /**
   * Drives one evacuation in flight that nobody in this process drives (after a restart, or when
   * this replica takes over another's); true when it is driven now.
   */
  resume(requestId: string): boolean {
    const phase = this.deps.store.getEvacuation(requestId)?.evacuation.phase;
    if ((phase !== 'running' && phase !== 'stopping') || this.loops.has(requestId)) return false;
    this.loops.launch(requestId);
    return true;
  }

  /** Stops driving one evacuation without ending it: another replica holds it now. */
  release(requestId: string): void {
    this.loops.release(requestId);
  }

  /** The evacuations this process drives now. */
  driving(): string[] {
    return this.loops.ids();
  }

  /** Shutdown: loops end at their next wake-up; evacuations stay in the store and resume at start. */
  shutdown(): void {
    this.loops.shutdown();
  }

  busy(): boolean {
    return this.loops.busy();
  }

  idle(): Promise<void> {
    return this.loops.idle();
  }

  /** Something outside changed what this evacuation may do (its drain resumed): it looks at once. */
  nudge(requestId: string): void {
    this.loops.wake(requestId);
  }

  /** One look; the cloud not answering is said once in the thread, and that it is over (evacuation-troubles.ts). */
  private look(requestId: string): Promise<Next> {
    return this.troubles.watch(requestId, () => this.advance(requestId));
  }

  /** Settles what ended, starts what may start, finishes when nothing is left. */
  private async advance(requestId: string): Promise<Next> {
    const { store } = this.deps;
    const lookAt = this.deps.clock.monotonic();
    const before = store.getEvacuation(requestId);
    if (before?.evacuation.phase === 'running' && !this.deps.holds?.(before))
      await startCutShort(this.deps, this.room, requestId);
    await this.settleEnded(requestId);
    if (this.loops.stopped(requestId)) return 'over';
    const request = store.getEvacuation(requestId) as EvacuationRecord;
    const state = request.evacuation;
    if (!state || state.phase === 'done') return 'over';
    if (state.phase === 'running') await this.fill(requestId, lookAt);
    const after = store.getEvacuation(requestId)?.evacuation;
    if (!after) return 'over';
    if (!after.items.some((item) => item.state === 'running' || item.state === 'waiting')) {
      await this.finish(requestId);
      return 'over';
    }
    return 'wait';
  }

  /** Items whose run has ended in the store are done, whether or not an event was seen (restarts). */
  private async settleEnded(requestId: string): Promise<void> {
    const { store } = this.deps;
    const { ended: changes, follow } = endedItems(store, requestId);
    // still running, now as its cold move (started by the policy, or by startCutShort after a restart)
    if (follow.length) await store.updateEvacuationItems(requestId, follow);
    if (changes.length === 0) return;
    const ids = new Set(changes.map((c) => c.serverId));
    // told once the claims are let go, as the listeners expect
    const held = new HeldEvents(this.deps.events);
    await store.updateEvacuationItems(
      requestId,
      changes,
      undefined,
      telling(held, this.deps.clock.now(), (request) =>
        request.evacuation.items
          .filter((item) => ids.has(item.serverId))
          .map((item) => ({ kind: 'evacuation.item-ended', request, item })),
      ),
    );
    // a server whose move ended is this evacuation's no more: others may move it again
    await store.releaseClaims(
      requestId,
      changes.map((c) => c.serverId),
    );
    held.release();
  }

  private async fill(requestId: string, lookAt: number): Promise<void> {
    const { store } = this.deps;
    // servers Nova could not read this time: the others go first, these are read at the next look
    const aside = new Set<string>();
    while (!this.loops.shuttingDown) {
      const request = store.getEvacuation(requestId) as EvacuationRecord;
      const state = request.evacuation;
      if (state?.phase !== 'running' || this.deps.holds?.(request)) return;
      // its concurrency, per destination, and its server groups' budgets across all in flight
      const next = await nextItem(this.deps, state, aside, (runId) => this.deps.runner.hasLanded(runId));
      if (!next) return;
      // one answer for both: whether the destination still takes moves, and its provider for the room
      // (asked since this look began, shared by the starts under way: hypervisor-reads.ts)
      const hypervisors = next.destination ? await this.hypervisors.since(lookAt) : [];
      if (next.destination && (await dropIfUnusable(this.deps, requestId, next.destination, hypervisors)))
        continue;
      const may = await this.unreadable.mayStart(request, next, hypervisors);
      if (may === 'unreadable') {
        aside.add(next.serverId);
        continue;
      }
      if (next.destination && !may) {
        // Other moves (another evacuation, someone's /migrate) took the room planned for this one.
        const full = next.destination;
        await store.updateEvacuationItems(requestId, [
          {
            serverId: next.serverId,
            change: {
              destination: null,
              reason: { code: 'scheduler-chooses', full },
            },
          },
        ]);
        continue;
      }
      const child = await markStarting(this.deps, this.turns, request, next);
      if (!child) continue;
      await startItemRun(this.deps, this.room, requestId, next.serverId, child);
      // A start that Nova refused at once has already ended.
      await this.settleEnded(requestId);
    }
  }

  private async finish(requestId: string): Promise<void> {
    const { store, clock, cloud } = this.deps;
    const request = store.getEvacuation(requestId) as EvacuationRecord;
    const state = request.evacuation;
    if (!state) return;
    const failures = state.items.filter((item) => item.outcome && item.outcome.kind !== 'completed').length;
    const aborted = state.items.filter((item) => item.outcome?.kind === 'aborted').length;
    const unknown = state.items.filter((item) => item.outcome?.kind === 'unknown').length;
    let reenabled = false;
    if (
      state.reenable &&
      state.serviceId &&
      state.serviceDisabled &&
      failures === 0 &&
      state.phase === 'running' &&
      // the phase as stored, read in a locked write: the store takes writes, nobody stopped it meanwhile
      (await store.updateEvacuationItems(requestId, [])).evacuation.phase === 'running'
    ) {
      await cloud.setServiceEnabled(state.serviceId, true);
      reenabled = true;
    }
    await readWhereUnmovedAre(this.deps, requestId);
    await readWhyNotBack(this.deps, requestId);
    // a drain's host is judged by the drain; a move back's host is not emptied
    const unlisted = state.drainId || state.returnOf ? {} : await unlistedAtEnd(cloud, state);
    const service = reenabled
      ? {}
      : await serviceAtEnd(cloud, requestId, state, holdReason(request), () =>
          store.updateEvacuationItems(requestId, []),
        );
    // told once the claims are let go and the end is in the audit trail, as the listeners expect
    const held = new HeldEvents(this.deps.events);
    await store.setEvacuationPhase(
      requestId,
      'done',
      { endedAt: clock.now(), ...service, ...unlisted, ...(reenabled ? { serviceDisabled: false } : {}) },
      telling(held, clock.now(), (request) => [{ kind: 'evacuation.finished', request }]),
    );
    await store.releaseClaims(requestId);
    await store.recordAudit({
      at: clock.now(),
      actor: 'ferry',
      action: 'evacuation-done',
      subject: requestId,
      // the audit trail keeps the counts as data (the report in the thread words them)
      detail: JSON.stringify({
        moved: state.items.filter((i) => i.outcome?.kind === 'completed').length,
        failed: failures - aborted - unknown,
        aborted,
        unknown,
        notMoved: state.items.filter((i) => i.state === 'skipped' || i.state === 'not-started').length,
      }),
    });
    held.release();
  }
}
