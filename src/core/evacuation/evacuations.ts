import type { Clock } from '../../clock.ts';
import { MaintenanceError } from '../maintenance/maintenance.ts';
import type { EvacuationPlan } from '../model/evacuation.ts';
import type { PlanEdit } from '../model/plan-edits.ts';
import type { EvacuationRecord, WindowRecord } from '../model/records.ts';
import type { PlannerDeps } from '../move/plan.ts';
import type { Permissions } from '../permissions.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { WindowsPort } from '../ports/windows.ts';
import type { RequestBook } from '../requests.ts';
import { editEvacuation, editsFromTyped, refuseUneditable, type Suggest } from './edits.ts';
import type { Evacuator } from './evacuator.ts';
import { planMoveBack } from './move-back.ts';
import { planEvacuation } from './plan.ts';
import { EvacuationRefused } from './refusals.ts';

/** A requester's ask to empty a host. */
export interface EvacuationInput {
  user: string;
  host: string;
  /** start with this maintenance window (of the same host) */
  windowId?: string;
  destination?: string;
  concurrency: number;
  reenable: boolean;
  dryRun: boolean;
  /** `--max-copy` (GB) */
  maxCopyGb?: number;
  /** `--cold-fallback`: the stall policy may abort a stalled live move and migrate the server cold */
  coldFallback?: true;
  /** --skip: servers (names or IDs) left where they are */
  skip?: string[];
  /** --skip-project: projects (names or IDs) whose servers are left where they are */
  skipProjects?: string[];
}

/**
 * Emptying a host: the plan and its request, the operator's choices on it, the start (with the
 * window it was approved for), and stopping it. Permissions are decided here.
 */
export class Evacuations {
  constructor(
    private readonly deps: {
      planner: PlannerDeps;
      book: RequestBook;
      evacuator: Evacuator;
      store: RequestsPort & WindowsPort & AuditPort;
      clock: Clock;
      permissions: Permissions;
      /** "did you mean" for a --skip that names no server of the plan */
      suggest?: Suggest;
    },
  ) {}

  async ask(input: EvacuationInput): Promise<{ request: EvacuationRecord; plan: EvacuationPlan }> {
    await this.deps.permissions.mayRequest(input.user);
    if (input.windowId) this.usableWindow(input.windowId, input.host);
    const asked = {
      host: input.host,
      ...(input.destination ? { destination: input.destination } : {}),
      concurrency: input.concurrency,
      requestedBy: input.user,
      ...(input.maxCopyGb !== undefined ? { maxCopyGb: input.maxCopyGb } : {}),
      ...(input.coldFallback ? { coldFallback: true as const } : {}),
    };
    let plan = await planEvacuation(this.deps.planner, asked);
    // a host that is not there, or that waits for a decision already, is refused before anything is
    // posted or requested: a blocked request of it would ask nobody anything
    const unknown = plan.checks.find((check) => check.fact?.code === 'evacuated-host-unknown');
    if (unknown) throw new EvacuationRefused({ code: 'not-a-host', failed: unknown });
    const waiting = this.waitingFor(plan.host);
    if (waiting && !input.dryRun)
      throw new EvacuationRefused({
        code: 'asked-already',
        host: plan.host,
        id: waiting.id,
        requestedBy: waiting.requestedBy,
      });
    // an empty host disabled already: approving would change nothing, so nobody is asked (a dry run
    // still shows the plan)
    if (!input.dryRun && plan.ready && plan.items.length === 0 && plan.disabledAlready)
      throw new EvacuationRefused({ code: 'nothing-to-evacuate', host: plan.host });
    // --skip and --skip-project: edits by the requester, named against the plan; an unknown name
    // refuses them all before anything is requested
    if (input.skip?.length || input.skipProjects?.length) {
      const projects = input.skipProjects?.length
        ? await this.deps.planner.cloud.listProjects().catch(() => [])
        : [];
      const edits = await editsFromTyped(
        this.deps.planner.cloud,
        [plan.host],
        plan.items,
        projects,
        {
          ...(input.skip ? { skip: input.skip } : {}),
          ...(input.skipProjects ? { skipProjects: input.skipProjects } : {}),
        },
        input.user,
        this.deps.suggest ?? (() => []),
      );
      plan = await planEvacuation(this.deps.planner, { ...asked, edits });
    }
    const request = await this.deps.book.submitEvacuation(plan, {
      dryRun: input.dryRun,
      reenable: input.reenable,
      ...(input.windowId ? { windowId: input.windowId } : {}),
      // a dry run says what the real request would meet: the evacuation it would be refused for
      ...(waiting ? { waiting: { host: plan.host, id: waiting.id } } : {}),
    });
    return { request, plan };
  }

  /** An evacuation of `host` waiting for approval (not a move back): it names itself instead of a second one. */
  private waitingFor(host: string) {
    const now = this.deps.clock.now();
    return this.deps.store
      .pendingRequests()
      .find(
        (request) =>
          request.kind === 'evacuation' &&
          request.evacuation.host === host &&
          !request.evacuation.returnOf &&
          now < this.deps.book.expiresAt(request),
      );
  }

  /** A reminder's "Evacuate now": an evacuation of the window's host, tied to the window. */
  async forWindow(
    windowId: string,
    user: string,
  ): Promise<{ request: EvacuationRecord; plan: EvacuationPlan }> {
    await this.deps.permissions.mayRequest(user);
    const window = this.deps.store.getWindow(windowId);
    if (!window) throw new MaintenanceError({ code: 'no-window', id: windowId });
    return this.ask({
      user,
      host: window.host,
      windowId,
      concurrency: 2,
      reenable: false,
      dryRun: false,
    });
  }

  async chooseCold(requestId: string, serverId: string, user: string): Promise<EvacuationRecord> {
    const request = this.deps.store.getRequest(requestId);
    await this.deps.permissions.mustBeOwnerOrOnCall(user, request?.requestedBy, 'change-evacuation-plan');
    return this.deps.evacuator.chooseCold(requestId, serverId);
  }

  /** An evacuation (or move back) by its ID, to show it: an unknown one is refused. */
  get(id: string): EvacuationRecord {
    const request = this.deps.store.getEvacuation(id);
    if (!request) throw new EvacuationRefused({ code: 'no-evacuation', id });
    return request;
  }

  /**
   * The requester's edits of the plan (the Edit plan dialog): all of them, replacing those before;
   * the plan is made again with them and its fingerprint changes, so an approval pressed on the plan
   * as it was is refused.
   */
  /** Refuses before the dialog opens (someone else's plan, one decided): answers the plan to edit. */
  async editable(requestId: string, user: string): Promise<EvacuationRecord> {
    const request = this.deps.store.getEvacuation(requestId);
    await this.deps.permissions.mustBeRequester(user, request?.requestedBy, 'edit-plan');
    if (!request) throw new EvacuationRefused({ code: 'no-evacuation', id: requestId });
    refuseUneditable(request);
    return request;
  }

  /** Where a server of this evacuation may be pinned: hosts in service, not the one emptied. */
  async pinTargets(requestId: string): Promise<string[]> {
    const state = this.deps.store.getEvacuation(requestId)?.evacuation;
    if (!state) return [];
    const hypervisors = await this.deps.planner.cloud.listHypervisors();
    return hypervisors
      .filter((h) => h.serviceHost !== state.host && h.status === 'enabled' && h.state === 'up')
      .filter((h) => !state.destination || h.serviceHost === state.destination)
      .map((h) => h.serviceHost)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  async edit(requestId: string, user: string, edits: PlanEdit[]): Promise<EvacuationRecord> {
    const request = this.deps.store.getEvacuation(requestId);
    await this.deps.permissions.mustBeRequester(user, request?.requestedBy, 'edit-plan');
    if (!request) throw new EvacuationRefused({ code: 'no-evacuation', id: requestId });
    const edited = await editEvacuation(this.deps, request, edits);
    // who edited the plan when, and into what (as data), beside the approval that follows
    await this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor: user,
      action: 'plan-edited',
      subject: requestId,
      detail: JSON.stringify({ fingerprint: edited.evacuation.fingerprint, edits }),
    });
    return edited;
  }

  async stop(requestId: string, user: string, abortRunning: boolean): Promise<EvacuationRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'stop-evacuation');
    return this.deps.evacuator.stop(requestId, user, abortRunning);
  }

  /**
   * On-call's "Move back" on an evacuation's report: asks for the servers it took off the host to go
   * back, now that the host is in service again. The evacuation's approval covered emptying the host
   * for its maintenance; bringing its servers home is a move of its own: the presser asks for it, and
   * another on-call person approves it.
   */
  async moveBack(evacuationId: string, user: string): Promise<EvacuationRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'move-back');
    const { store } = this.deps;
    const evacuation = store.getEvacuation(evacuationId);
    if (!evacuation || evacuation.evacuation.returnOf)
      throw new EvacuationRefused({ code: 'nothing-to-move-back', id: evacuationId });
    if (evacuation.evacuation.drainId)
      throw new EvacuationRefused({
        code: 'drain-brings-back',
        id: evacuationId,
        drainId: evacuation.evacuation.drainId,
      });
    if (evacuation.evacuation.phase !== 'done')
      throw new EvacuationRefused({ code: 'not-finished', id: evacuationId });
    const running = store
      .evacuations()
      .find(
        (r) =>
          r.evacuation.returnOf === evacuationId &&
          (r.status === 'pending' || r.status === 'approved') &&
          ['planned', 'running', 'stopping'].includes(r.evacuation.phase),
      );
    if (running?.status === 'pending')
      throw new EvacuationRefused({ code: 'move-back-asked', id: evacuationId, pending: running.id });
    if (running) throw new EvacuationRefused({ code: 'moving-back', id: evacuationId, running: running.id });
    const plan = await planMoveBack(this.deps.planner.cloud, evacuation, this.deps.planner.groupBudgets);
    if (!plan.ready) {
      // a server gone or home already never goes back: the evacuation's offer no longer counts it
      if (plan.settled.length)
        await store.updateEvacuationItems(
          evacuationId,
          plan.settled.map(({ serverId, why }) => ({ serverId, change: { notBackReason: why } })),
        );
      // "listed with the reason" is said with the list: each server that stays, and why
      throw new EvacuationRefused({
        code: 'nothing-moved-back',
        failed: plan.checks.find((check) => check.status === 'fail') ?? null,
        staying: plan.items
          .filter((item) => item.state === 'skipped')
          .map((item) => ({
            server: item.serverName,
            ...(item.reason ? { reason: item.reason } : {}),
            ...(item.note ? { note: item.note } : {}),
          })),
      });
    }
    // four eyes: the presser asks, another on-call person approves (then it starts like any approval)
    return this.deps.book.submitMoveBack(evacuation, plan, user);
  }

  /**
   * After approval: one tied to a window still ahead waits for it; otherwise it starts now, if the
   * plan still holds (`rechecked` hears whether it does before anything is sent, Evacuator.start).
   */
  async startApproved(
    requestId: string,
    rechecked?: (ready: boolean) => Promise<void>,
  ): Promise<
    { kind: 'waits-for-window'; window: WindowRecord } | { kind: 'started'; request: EvacuationRecord }
  > {
    const windowId = this.deps.store.getEvacuation(requestId)?.evacuation.windowId;
    const window = windowId ? this.deps.store.getWindow(windowId) : undefined;
    if (window && window.status === 'scheduled' && window.start > this.deps.clock.now())
      return { kind: 'waits-for-window', window };
    return { kind: 'started', request: await this.deps.evacuator.start(requestId, rechecked) };
  }

  /** A window named by an evacuation must exist, be ahead or open, and be for the same host. */
  private usableWindow(windowId: string, host: string): void {
    const window = this.deps.store.getWindow(windowId);
    if (!window) throw new MaintenanceError({ code: 'unknown-window', id: windowId });
    if (window.host !== host)
      throw new MaintenanceError({
        code: 'window-of-other-host',
        id: windowId,
        windowHost: window.host,
        host,
      });
    if (window.status === 'cancelled' || window.end <= this.deps.clock.now())
      throw new MaintenanceError({
        code: 'window-over',
        id: windowId,
        cancelled: window.status === 'cancelled',
      });
  }
}
