import type { Clock } from '../../clock.ts';
import { approvedEvacuationsNotStarted, approvedNotStarted } from '../claims.ts';
import type { Drainer } from '../drain/drainer.ts';
import type { Evacuator } from '../evacuation/evacuator.ts';
import type { DrainRecord, EvacuationRecord, RunRecord } from '../model/records.ts';
import type { MigrationRunner } from '../move/runner.ts';
import { coldAfterStallDue, coldRequestId } from '../move/stall-policy.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import {
  approvedMoveLease,
  drainLease,
  evacuationLease,
  LEASE_RENEW_MS,
  LEASE_TTL_MS,
  type LeaseState,
  type Leases,
  leaseOfRun,
  SCHEDULER_LEASE,
} from '../ports/leases.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import type { DurabilityPort } from '../ports/store.ts';

/** What one sweep did, for the thread ("picked up") and for /healthz. */
export interface Sweep {
  resumedRuns: RunRecord[];
  resumedEvacuations: EvacuationRecord[];
  resumedDrains: DrainRecord[];
  /**
   * approved moves and evacuations whose start no process began (or whose check got no answer), whose
   * lease this sweep took: the caller takes each up (Approvals.takeUp), re-checking and starting it
   */
  toTakeUp: string[];
  /** leases another replica took while this one was silent: their watches stopped here */
  lost: string[];
  /** this replica became the one that runs the scheduled jobs (it catches up on them at once) */
  tookLead: boolean;
  /** the store could not write at this sweep, for the first time since it last could: why */
  storeFailed?: WriteTrouble;
  /** the store writes again after failing (since when it had failed) */
  storeBack?: WriteTrouble;
  /**
   * The store was out of reach for this replica too, until shortly before what was taken over here:
   * the others' leases lapsed because nobody could renew them, not because a replica died.
   */
  afterOutage?: { from: number; to: number };
}

/** Approved moves and evacuations whose start no process began (or got no answer): the sweep leaves those started here. */
export interface ApprovedMoves {
  /** an approval (or a take-up) of this request is under way in this process */
  startingHere(requestId: string): boolean;
}

/** Since when the store cannot write, and why. */
export interface WriteTrouble {
  error: string;
  since: number;
}

/**
 * This process's part in a group of replicas: every sweep renews the leases of what it watches (and
 * lets go of any another replica took), takes over what nobody watches any more, and keeps or takes
 * the scheduler lease. With one process on a lowdb file it holds everything, as before replicas.
 */
export class Replica {
  private leading = false;
  private lastSweepAt: number | null = null;
  private lastError: string | null = null;
  private sweeping: Promise<Sweep> | null = null;
  private unwritable: WriteTrouble | null = null;
  /** the last time the store was out of reach, once it is back */
  private lastOutage: { from: number; to: number } | null = null;

  constructor(
    private readonly deps: {
      leases: Leases;
      store: RequestsPort & ClaimsPort & RunsPort & DurabilityPort;
      runner: MigrationRunner;
      evacuator: Evacuator;
      drainer: Drainer;
      clock: Clock;
      approvedMoves?: ApprovedMoves;
    },
  ) {}

  /** Whether this replica runs the scheduled jobs (expiry, reminders, window edges, digest). */
  leads(): boolean {
    return this.leading;
  }

  /**
   * Why the store cannot write, since the sweep that found out, until one finds it writes again:
   * meanwhile runs are watched but nothing new is taken over (the engines ask the store themselves).
   */
  writeTrouble(): WriteTrouble | null {
    return this.unwritable;
  }

  /** One sweep at a time; a sweep asked for while one runs answers that one. */
  sweep(): Promise<Sweep> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Gives up every lease held (a clean stop), so the others take over at once. */
  async releaseAll(): Promise<void> {
    const names = new Set(this.heldNames());
    if (this.leading) names.add(SCHEDULER_LEASE);
    this.leading = false;
    await Promise.allSettled([...names].map((name) => this.deps.leases.release(name)));
  }

  /** What this process watches and drives now (no store needed to answer). */
  watching(): { runs: string[]; evacuations: string[]; drains: string[] } {
    return {
      runs: this.deps.runner.watching(),
      evacuations: this.deps.evacuator.driving(),
      drains: this.deps.drainer.driving(),
    };
  }

  /** For /healthz: who this replica is, what it holds, when it last swept. */
  async status(): Promise<{
    holder: string;
    leads: boolean;
    watching: { runs: string[]; evacuations: string[]; drains: string[] };
    lastSweepAt: number | null;
    lastError: string | null;
    leases: LeaseState[];
  }> {
    return {
      holder: this.deps.leases.holder,
      leads: this.leading,
      watching: this.watching(),
      lastSweepAt: this.lastSweepAt,
      lastError: this.lastError,
      leases: await this.deps.leases.list(),
    };
  }

  private async sweepOnce(): Promise<Sweep> {
    const sweep: Sweep = {
      resumedRuns: [],
      resumedEvacuations: [],
      resumedDrains: [],
      toTakeUp: [],
      lost: [],
      tookLead: false,
    };
    try {
      const unwritable = await this.whyUnwritable();
      await this.renew(sweep);
      const leading = await this.deps.leases.acquire(SCHEDULER_LEASE);
      sweep.tookLead = leading && !this.leading;
      this.leading = leading;
      // taking over means writing: not while the store cannot (what is watched here goes on)
      if (!unwritable) await this.takeOver(sweep);
      this.lastError = null;
      this.noteWrites(sweep, unwritable);
    } catch (error) {
      // the store is unreachable: keep watching what we watch; leases held elsewhere stay there
      this.lastError = (error as Error).message;
      this.noteWrites(sweep, this.lastError);
    }
    this.lastSweepAt = this.deps.clock.now();
    return sweep;
  }

  /** Why the store cannot write (trying a write when the last one failed); null when it writes. */
  private async whyUnwritable(): Promise<string | null> {
    const { store } = this.deps;
    const failure = store.writeFailure();
    if (!failure || (await store.probeWrite())) return null;
    return store.writeFailure()?.error ?? failure.error;
  }

  /** Remembers since when the store cannot write, and tells the sweep when that starts or ends. */
  private noteWrites(sweep: Sweep, error: string | null): void {
    if (error && !this.unwritable) {
      this.unwritable = { error, since: this.deps.clock.now() };
      sweep.storeFailed = this.unwritable;
    } else if (!error && this.unwritable) {
      sweep.storeBack = this.unwritable;
      this.lastOutage = { from: this.unwritable.since, to: this.deps.clock.now() };
      this.unwritable = null;
    }
    // a lease that lapsed during the outage is taken over within a lease's life after it
    const outage = this.lastOutage;
    const taken = sweep.resumedRuns.length + sweep.resumedEvacuations.length + sweep.resumedDrains.length;
    if (outage && taken > 0 && this.deps.clock.now() - outage.to <= LEASE_TTL_MS + LEASE_RENEW_MS)
      sweep.afterOutage = outage;
  }

  /** The lease of everything watched here; a lease someone else holds now means letting go of it. */
  private async renew(sweep: Sweep): Promise<void> {
    for (const name of this.heldNames()) {
      if (await this.deps.leases.acquire(name)) continue;
      sweep.lost.push(name);
      this.letGo(name);
    }
  }

  private heldNames(): string[] {
    const names = new Set<string>();
    for (const id of this.deps.drainer.driving()) names.add(drainLease(id));
    for (const id of this.deps.evacuator.driving()) names.add(evacuationLease(id));
    for (const id of this.deps.runner.watching()) {
      const run = this.deps.store.getRun(id);
      if (run) names.add(this.leaseOf(run));
    }
    return [...names];
  }

  private letGo(name: string): void {
    for (const id of this.deps.drainer.driving()) if (drainLease(id) === name) this.deps.drainer.release(id);
    for (const id of this.deps.evacuator.driving())
      if (evacuationLease(id) === name) this.deps.evacuator.release(id);
    for (const id of this.deps.runner.watching()) {
      const run = this.deps.store.getRun(id);
      if (run && this.leaseOf(run) === name) this.deps.runner.release(id);
    }
  }

  /**
   * Takes over what is in flight but watched by nobody alive: its lease expired, or it never got one
   * and is older than a lease (a replica that died between claiming and its first sweep). A younger
   * one belongs to the replica that just started it.
   */
  private async takeOver(sweep: Sweep): Promise<void> {
    const { leases, store, runner, evacuator, drainer, clock } = this.deps;
    const recorded = leases.shared
      ? new Map((await leases.list()).map((lease) => [lease.name, lease]))
      : null;
    const free = (name: string, since: number | undefined) => {
      if (!recorded) return true;
      const lease = recorded.get(name);
      if (lease) return lease.expired || lease.holder === leases.holder;
      return since === undefined || clock.now() - since >= LEASE_TTL_MS;
    };
    for (const drain of store.drains()) {
      const { phase, startedAt } = drain.drain;
      if (phase === 'planned' || phase === 'done' || drainer.driving().includes(drain.id)) continue;
      const name = drainLease(drain.id);
      if (!free(name, startedAt) || !(await leases.acquire(name))) continue;
      if (drainer.resume(drain.id)) sweep.resumedDrains.push(drain);
    }
    for (const request of store.evacuations()) {
      const { phase, startedAt } = request.evacuation;
      if (phase !== 'running' && phase !== 'stopping') continue;
      if (evacuator.driving().includes(request.id)) continue;
      const name = evacuationLease(request.id);
      if (!free(name, startedAt) || !(await leases.acquire(name))) continue;
      if (evacuator.resume(request.id)) sweep.resumedEvacuations.push(request);
    }
    const driven = new Set(evacuator.driving().map(evacuationLease));
    for (const run of store.activeRuns()) {
      if (runner.watching().includes(run.id)) continue;
      const name = this.leaseOf(run);
      // a move of an evacuation goes with it: watched wherever the evacuation is driven
      const ours = driven.has(name);
      if (!ours && (!free(name, run.startedAt) || !(await leases.acquire(name)))) continue;
      if (await runner.resume(run.id)) sweep.resumedRuns.push(run);
    }
    // abort-then-cold: the run ended aborted and a restart came before its cold move was recorded
    for (const run of coldAfterStallDue(store)) {
      const name = approvedMoveLease(coldRequestId(run));
      if (!free(name, run.endedAt) || !(await leases.acquire(name))) continue;
      await runner.coldAfterStall(run.id);
    }
    // approved, and the process that approved it stopped before it began the start, or its check got
    // no answer: nothing was sent to Nova (a start about to be sent has a run, resumed above), so it is
    // re-checked and started; an evacuation under the lease it is driven under once it runs
    const approved = this.deps.approvedMoves;
    const notStarted = [
      ...approvedNotStarted(store).map((request) => ({ request, name: approvedMoveLease(request.id) })),
      ...approvedEvacuationsNotStarted(store).map((request) => ({
        request,
        name: evacuationLease(request.id),
      })),
    ];
    if (approved)
      for (const { request, name } of notStarted) {
        if (approved.startingHere(request.id)) continue;
        if (!free(name, request.decidedAt) || !(await leases.acquire(name))) continue;
        sweep.toTakeUp.push(request.id);
      }
  }

  private leaseOf(run: RunRecord): string {
    return leaseOfRun(run.id, this.deps.store.getMove(run.requestId)?.parentId);
  }
}
