import type { Clock } from '../../clock.ts';
import type { MoveRecord, RunRecord } from '../model/records.ts';
import type { StallAction } from '../model/stall-policy.ts';
import type { MoveMode, MovePlan } from '../model/types.ts';
import type { Permissions } from '../permissions.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import { type RequestBook, summarize } from '../requests.ts';
import { groupBudgetCheck } from './budget-check.ts';
import { type PlannerDeps, planMove } from './plan.ts';
import { RunActionError } from './run-errors.ts';
import type { MigrationRunner } from './runner.ts';

export type RunControl = 'abort' | 'force' | 'confirm' | 'revert';

/** Closest matches for "did you mean", by edit distance; supplied by the edge that shows them. */
export type Suggest = (typed: string, candidates: string[]) => string[];

/**
 * Moving one server: the request with its checks, the re-check when it is approved, the start, and
 * on-call steering. Permissions are decided here; the chat edge only shows the results.
 */
export class Moves {
  constructor(
    private readonly deps: {
      planner: PlannerDeps;
      book: RequestBook;
      runner: MigrationRunner;
      store: RequestsPort & ClaimsPort & RunsPort;
      clock: Clock;
      permissions: Permissions;
      suggest: Suggest;
    },
  ) {}

  /** A requester's ask: refused before any cloud read if they may not; otherwise checked and recorded. */
  async ask(input: {
    user: string;
    server: string;
    destination?: string;
    mode: MoveMode;
    dryRun: boolean;
    /** `--max-copy` (GB): kept on the request, so the check at approval applies it too */
    maxCopyGb?: number;
    /** `--cold-fallback`: the stall policy may abort a stalled live move and migrate it cold */
    coldFallback?: true;
  }): Promise<{ request: MoveRecord; plan: MovePlan }> {
    const { planner, book, permissions } = this.deps;
    await permissions.mayRequest(input.user);
    const plan = await planMove(planner, {
      server: input.server,
      ...(input.destination ? { destination: input.destination } : {}),
      mode: input.mode,
      requestedBy: input.user,
      ...(input.maxCopyGb !== undefined ? { maxCopyGb: input.maxCopyGb } : {}),
      ...(input.coldFallback ? { coldFallback: true as const } : {}),
    });
    // A name no server has is a typing mistake: answered with close names, nothing recorded or posted.
    // (An ambiguous one is recorded: its request lists every server of that name with its ID.)
    if (!plan.server && !plan.serverAmbiguous) {
      const names = this.deps.suggest(input.server, await planner.cloud.serverNames().catch(() => []));
      const check = plan.checks.find((each) => each.id === 'parameters');
      throw new RunActionError({ code: 'unknown-server', server: input.server, check, suggestions: names });
    }
    // a destination that is not a compute host: a typing mistake too (COMPUTE2 for compute2), refused
    // with close names as /evacuate and /drain refuse a host they do not know; nothing is posted
    const unknownHost = plan.checks.some(
      (check) => check.fact?.code === 'not-evaluated' && check.fact.because.why === 'unknown-destination',
    );
    if (unknownHost && input.destination) {
      const services = await planner.cloud.listComputeServices().catch(() => []);
      const hosts = services.filter((s) => s.binary === 'nova-compute').map((s) => s.host);
      throw new RunActionError({
        code: 'unknown-destination',
        host: input.destination,
        suggestions: this.deps.suggest(input.destination, hosts),
      });
    }
    const request = await book.submit(plan, { dryRun: input.dryRun });
    return { request, plan };
  }

  /**
   * After approval: things change between asking and approving, so check again before anything moves.
   * `rechecked` hears the re-check's verdict before the start is asked for (its thread says why it goes now).
   */
  async startApproved(
    requestId: string,
    rechecked?: (ready: boolean) => Promise<void>,
  ): Promise<
    { kind: 'started'; run: RunRecord } | { kind: 'recheck-failed'; request: MoveRecord; plan: MovePlan }
  > {
    const { planner, store, clock, runner } = this.deps;
    const request = store.getMove(requestId);
    if (!request) throw new RunActionError({ code: 'move-unknown', requestId });
    const fresh = await planMove(planner, request.request);
    // another operation may have started a member of the server's group since the request was asked
    const budget = groupBudgetCheck(store, fresh);
    if (budget) Object.assign(fresh, { checks: [...fresh.checks, budget], ready: false });
    const updated = await store.replacePlan(requestId, summarize(fresh), clock.now());
    await rechecked?.(fresh.ready);
    if (!fresh.ready) {
      await store.releaseClaims(requestId);
      return { kind: 'recheck-failed', request: updated, plan: fresh };
    }
    return { kind: 'started', run: await runner.start(requestId) };
  }

  /** What the stall policy does with a stalled run, chosen instead of its rule within the grace period: on-call only. */
  async chooseOnStall(runId: string, action: StallAction, user: string): Promise<RunRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'stall-choice');
    return this.deps.runner.chooseOnStall(runId, action, user);
  }

  /** Abort, force-complete, confirm or revert: on-call only. */
  async control(kind: RunControl, runId: string, user: string): Promise<RunRecord> {
    const { runner, permissions } = this.deps;
    await permissions.mustBeOnCall(user, kind);
    const actions = {
      abort: runner.abort,
      force: runner.forceComplete,
      confirm: runner.confirm,
      revert: runner.revert,
    } as const;
    return actions[kind].call(runner, runId, user);
  }
}
