import type { Clock } from '../../clock.ts';
import { claimsOf } from '../claims.ts';
import type { EventSink } from '../events.ts';
import { tellAlone, telling } from '../journal.ts';
import type { Impact } from '../model/impact.ts';
import type { MoveRecord, ProgressSnapshot, RunRecord } from '../model/records.ts';
import type { StallAction, StallDecision, StallPolicySettings, StallStep } from '../model/stall-policy.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import { CloudActionError, RunActionError, type RunRefusal } from './run-errors.ts';
import { needsProjectName, refusalOf, ruleFor } from './stall-rules.ts';

export const DEFAULT_STALL_POLICY: StallPolicySettings = { action: 'ask', overrides: [], graceMs: 120_000 };

/** Who the policy acts as, in the audit trail and the thread. */
export const POLICY_ACTOR = 'ferry';

/**
 * The stall policy (#29 part 4): when a live migration stops converging, decides what to do (the
 * matching rule, refused where unsafe), writes that decision on the run with the warning in one write,
 * and when the grace period passes without a person acting, carries it out once. Everything it does
 * is written before Nova is asked, so a restart or another replica (the run's watch moves with its
 * lease, and the store refuses a write from a replica that lost it) neither forgets nor repeats it.
 */
export class StallPolicy {
  /** runs whose policy action this process is sending now */
  private readonly sending = new Set<string>();
  /** runs whose cold move (abort-then-cold) this process is recording now */
  private readonly recording = new Set<string>();

  constructor(
    private readonly deps: {
      settings: StallPolicySettings;
      cloud: CloudApi;
      clock: Clock;
      store: RequestsPort & RunsPort & JournalPort & ClaimsPort;
      events: EventSink;
      abort(runId: string, actor: string): Promise<RunRecord>;
      forceComplete(runId: string, actor: string): Promise<RunRecord>;
      /** starts an approved move (the runner's start) */
      start(requestId: string): Promise<RunRecord>;
      /** the runner is stopping: it starts nothing */
      halted(): boolean;
    },
  ) {}

  /** The warning: what the policy chose and why, written on the run with the warning. */
  async noticed(run: RunRecord, progress: ProgressSnapshot, stalledForMs: number): Promise<void> {
    const { store, events, clock } = this.deps;
    // decided already (an earlier stall of this run, or before a restart): a pending one is said
    if (run.stall) {
      if (run.stall.state !== 'pending')
        await tellAlone(store, events, clock.now(), [
          { kind: 'run.not-converging', run, progress, stalledForMs },
        ]);
      return;
    }
    const decision = await this.decide(run);
    const now = clock.now();
    await store.updateStall(
      run.id,
      (stored) => (stored.stall || stored.state === 'done' ? null : decision),
      telling(events, now, (saved) => [
        { kind: 'run.not-converging', run: saved, progress, stalledForMs, stall: decision },
      ]),
    );
  }

  /** The grace period passed: carries the decision out, once (called at each look of a running move). */
  async due(runId: string): Promise<void> {
    const { store, clock } = this.deps;
    const run = store.getRun(runId);
    const stall = run?.stall;
    if (!run || !stall || this.sending.has(runId)) return;
    if (stall.state === 'acting') return this.unanswered(run, stall);
    if (stall.state !== 'pending' || clock.now() < stall.deadline) return;
    const now = clock.now();
    // a person pressed Abort or Force complete meanwhile: theirs stands
    const moot = run.abortRequested || run.forceRequested;
    const { run: claimed, changed } = await store.updateStall(
      runId,
      (stored) =>
        stored.stall?.state === 'pending' && stored.state !== 'done'
          ? { ...stored.stall, state: moot ? 'moot' : 'acting', actedAt: now }
          : null,
      moot ? undefined : this.tellStep('acting'),
    );
    if (!changed || moot) return;
    this.sending.add(runId);
    try {
      // the action as written now: a choice made since this look read the run counts
      if (claimed.stall?.action === 'force-complete') await this.deps.forceComplete(runId, POLICY_ACTOR);
      else await this.deps.abort(runId, POLICY_ACTOR);
      await this.settle(runId, { state: 'acted' }, 'acted');
    } catch (error) {
      // unanswered: Nova may have it; its record tells, the thread says so
      if (error instanceof CloudActionError && error.unanswered)
        await this.settle(runId, { state: 'failed', failure: 'unanswered' }, 'unknown');
      else {
        const refusal =
          error instanceof RunActionError && !(error instanceof CloudActionError) ? error.fact : null;
        const failure =
          error instanceof CloudActionError ? error.cloudText : (refusal?.code ?? (error as Error).message);
        await this.settle(runId, { state: 'failed', failure }, 'failed', undefined, refusal ?? undefined);
      }
    } finally {
      this.sending.delete(runId);
    }
  }

  /**
   * A person chose another action (or to leave it running) within the grace period: on-call only (the
   * caller checks). Refused once the policy acted, or when the choice is unsafe for this server.
   */
  async override(runId: string, action: StallAction, actor: string): Promise<RunRecord> {
    const { store, clock } = this.deps;
    const run = store.getRun(runId);
    if (!run) throw new RunActionError({ code: 'no-run', runId });
    if (run.state === 'done')
      throw new RunActionError({ code: 'run-ended', runId, outcome: run.outcome?.kind });
    const stall = run.stall;
    // the grace period is over: the policy acts (at its next look) whatever is pressed now
    const late = stall?.state === 'pending' && clock.now() >= stall.deadline;
    if (!stall || (stall.state !== 'pending' && stall.state !== 'left') || late)
      throw new RunActionError({
        code: 'stall-policy-decided',
        state: stall?.state ?? null,
        ...(stall ? { action: stall.action } : {}),
      });
    const refused = action === 'ask' ? null : await this.refusal(run, action);
    if (refused) throw new RunActionError({ code: 'stall-choice-refused', action, refused });
    const { run: saved, changed } = await store.updateStall(
      runId,
      (stored) =>
        stored.stall &&
        ((stored.stall.state === 'pending' && clock.now() < stored.stall.deadline) ||
          stored.stall.state === 'left') &&
        stored.state !== 'done'
          ? {
              ...stored.stall,
              action,
              overriddenBy: actor,
              state: action === 'ask' ? 'left' : 'pending',
              // chosen after the deadline (it was left to ask): acts at once
              deadline: Math.max(stored.stall.deadline, clock.now()),
            }
          : null,
      this.tellStep('overridden', actor),
    );
    if (!changed)
      throw new RunActionError({
        code: 'stall-policy-decided',
        state: saved.stall?.state ?? null,
        ...(saved.stall ? { action: saved.stall.action } : {}),
      });
    return saved;
  }

  /**
   * abort-then-cold, once the run ended aborted (Nova's record cancelled): when the server is ACTIVE on
   * its source, a cold migration to a host Nova's scheduler chooses, as a move of its own approved by
   * the request's consent. Said on the run, then recorded as an approved move holding what a cold
   * /migrate holds (the live move's claims handed over in the same write), before Nova is asked: a
   * restart before it starts finds it (claims.ts coldAfterStallDue, approvedNotStarted) and starts it.
   * `startHere`: false from the sweep, which leaves the start to its take-up of approved moves.
   */
  async afterEnd(runId: string, startHere = true): Promise<void> {
    // one at a time in this process (the run's end, or the sweep after a restart); replicas: the store
    if (this.recording.has(runId)) return;
    this.recording.add(runId);
    try {
      await this.coldAfter(runId, startHere);
    } finally {
      this.recording.delete(runId);
    }
  }

  private async coldAfter(runId: string, startHere: boolean): Promise<void> {
    const { store, cloud } = this.deps;
    const run = store.getRun(runId);
    const stall = run?.stall;
    if (!run || !stall || !coldDue(run)) return;
    const move = store.getMove(run.requestId);
    if (!move) return;
    const requestId = coldRequestId(run);
    // recorded already: started, or left to the sweep's take-up of approved moves
    if (store.getRequest(requestId)) return;
    const server = await cloud.getServer(run.serverId).catch(() => null);
    if (server?.status !== 'ACTIVE' || server.host !== run.source) {
      await this.settle(runId, { cold: { state: 'not-started', why: 'not-on-source' } }, 'cold-not-started');
      return;
    }
    if (!stall.cold) {
      const { changed } = await store.updateStall(
        runId,
        (stored) =>
          stored.stall && !stored.stall.cold
            ? { ...stored.stall, cold: { state: 'started', requestId } }
            : null,
        this.tellStep('cold-started'),
      );
      if (!changed) return;
    }
    try {
      if (!(await this.record(move, requestId))) throw new Error('held');
    } catch {
      if (!store.getRequest(requestId)) return this.coldFailed(runId);
    }
    if (!startHere) return;
    await this.deps.start(requestId).catch(async () => {
      // begun (its run tells) or stopping (the next Ferry takes the approved move up): else let go
      if (this.deps.halted() || store.runs().some((r) => r.requestId === requestId)) return;
      await store.releaseClaims(requestId);
      await this.coldFailed(runId);
    });
  }

  /** The cold move, approved by the policy, written with its claims (the live move's handed over). */
  private async record(move: MoveRecord, requestId: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const cold: MoveRecord = {
      ...structuredClone(move),
      id: requestId,
      createdAt: now,
      status: 'approved',
      decidedBy: POLICY_ACTOR,
      decidedAt: now,
      request: { ...move.request, mode: 'cold', destination: undefined } as MoveRecord['request'],
      plan: { ...move.plan, mode: 'cold', destination: null, evaluatedAt: now },
      coldAfterStall: move.id,
    };
    delete cold.runId;
    delete cold.claims;
    delete cold.request.destination;
    // an evacuation's move: the evacuation holds its server and host
    if (cold.parentId) {
      await this.deps.store.addRequest(cold);
      return true;
    }
    const { conflict } = await this.deps.store.addClaiming(cold, claimsOf(cold), move.id);
    return !conflict;
  }

  private async coldFailed(runId: string): Promise<void> {
    await this.deps.store.updateStall(
      runId,
      (stored) => (stored.stall ? { ...stored.stall, cold: { state: 'not-started', why: 'failed' } } : null),
      this.tellStep('cold-not-started'),
    );
  }

  /** What the rule chooses for this run, and whether it may be carried out. */
  private async decide(run: RunRecord): Promise<StallDecision> {
    const { settings, cloud, clock, store } = this.deps;
    const move = store.getMove(run.requestId);
    const plan = move?.plan;
    // an evacuation's move keeps its server's project on the evacuation's item
    const item = move?.parentId
      ? store.getEvacuation(move.parentId)?.evacuation.items.find((i) => i.serverId === run.serverId)
      : undefined;
    const projectId = plan?.projectId ?? item?.projectId ?? null;
    const projectName = needsProjectName(settings, projectId)
      ? ((await cloud.listProjects().catch(() => [])).find((p) => p.id === projectId)?.name ?? null)
      : null;
    const { action: chosen, rule } = ruleFor(settings, {
      flavor: plan?.flavor ?? null,
      projectId,
      projectName,
    });
    const refused = chosen === 'ask' ? null : await this.refusal(run, chosen);
    const action = refused ? 'ask' : chosen;
    const at = clock.now();
    return {
      at,
      deadline: at + settings.graceMs,
      chosen,
      rule,
      action,
      ...(refused ? { refused } : {}),
      state: action === 'ask' ? 'left' : 'pending',
    };
  }

  private async refusal(run: RunRecord, action: StallAction) {
    const move = this.deps.store.getMove(run.requestId);
    const server =
      action === 'force-complete' ? await this.deps.cloud.getServer(run.serverId).catch(() => null) : null;
    return refusalOf(action, {
      server,
      impact: impactOfPlan(move),
      coldConsent: move?.request.coldFallback === true,
    });
  }

  /**
   * Found `acting` by a process that did not send it (a restart, or another replica took the watch):
   * whether Nova got the request is unknown. Nova's answer, if one was written, says it did; else the
   * thread is told and Nova's record decides: it is not sent twice.
   */
  private async unanswered(run: RunRecord, stall: StallDecision): Promise<void> {
    const answered = stall.action === 'force-complete' ? run.forceRequested : run.abortRequested;
    await this.settle(
      run.id,
      answered ? { state: 'acted' } : { state: 'failed', failure: 'unanswered' },
      answered ? 'acted' : 'unknown',
      'acting',
    );
  }

  /** Records how it ended, and tells the thread (once: only when this write changed it). */
  private async settle(
    runId: string,
    change: Partial<StallDecision>,
    step: StallStep,
    from?: StallDecision['state'],
    refusal?: RunRefusal,
  ): Promise<void> {
    await this.deps.store.updateStall(
      runId,
      (stored) =>
        stored.stall && (!from || stored.stall.state === from) ? { ...stored.stall, ...change } : null,
      this.tellStep(step, undefined, refusal),
    );
  }

  private tellStep(step: StallStep, by?: string, refusal?: RunRefusal) {
    return telling(this.deps.events, this.deps.clock.now(), (saved: RunRecord) =>
      saved.stall
        ? [
            {
              kind: 'run.stall-policy' as const,
              run: saved,
              step,
              stall: saved.stall,
              ...(by ? { by } : {}),
              ...(refusal ? { refusal } : {}),
            },
          ]
        : [],
    );
  }
}

/**
 * An abort-then-cold run that ended aborted as the policy asked, whose cold move is not recorded yet
 * (not begun, or said and not written): the sweep takes it up after a restart.
 */
export function coldDue(run: RunRecord): boolean {
  const stall = run.stall;
  return (
    run.state === 'done' &&
    run.outcome?.kind === 'aborted' &&
    stall?.action === 'abort-then-cold' &&
    stall.state === 'acted' &&
    stall.cold?.state !== 'not-started'
  );
}

/** The request ID of an abort-then-cold run's cold move. */
export function coldRequestId(run: RunRecord): string {
  return run.stall?.cold?.state === 'started' ? run.stall.cold.requestId : `${run.requestId}-cold`;
}

/** Runs whose cold move is due and not recorded: a restart came between the abort and its record. */
export function coldAfterStallDue(store: RunsPort & RequestsPort): RunRecord[] {
  return store.runs().filter((run) => coldDue(run) && !store.getRequest(coldRequestId(run)));
}

/** The move's impact as its plan's impact check found it (#28), when it has one. */
function impactOfPlan(move: MoveRecord | undefined): Impact | undefined {
  const fact = move?.plan.checks.find((check) => check.id === 'impact')?.fact;
  return fact && fact.code === 'move-impact' ? fact.impact : undefined;
}
