import type { Clock } from '../../clock.ts';
import { editsFromTyped, type Suggest } from '../evacuation/edits.ts';
import type { Evacuator } from '../evacuation/evacuator.ts';
import type { EventSink } from '../events.ts';
import { HeldEvents, telling } from '../journal.ts';
import type { DrainPlan, DrainRequest } from '../model/drain.ts';
import type { PlanEdit } from '../model/plan-edits.ts';
import type { DrainHostState, DrainRecord, WindowRecord } from '../model/records.ts';
import type { PlannerDeps } from '../move/plan.ts';
import type { Permissions } from '../permissions.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { HealthGatesPort } from '../ports/health-gates.ts';
import type { RebootPort } from '../ports/reboot.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { SilencesPort } from '../ports/silences.ts';
import type { WindowsPort } from '../ports/windows.ts';
import type { ApproverPolicy, RequestBook } from '../requests.ts';
import type { Drainer } from './drainer.ts';
import { editDrain, planDrainAgain, refuseUneditableDrain } from './edits.ts';
import { homeServersGone } from './home.ts';
import { disabledByDrain, dropEmptyStep, droppedStep, stepHosts, stillProven } from './hosts.ts';
import { monitoringReach, planWarnings, withMonitoring } from './monitoring-plan.ts';
import { planDrain } from './plan.ts';
import { reapproveDrain } from './reapprove.ts';
import { rebootRequest, refuseNoHosts, withReboot } from './reboot-order.ts';
import { DrainApprovalRefused, DrainRefused, refuseNothingToDrain } from './refusals.ts';
import { usableWindow } from './window-check.ts';

/** A requester's ask to walk a set of hosts. */
export type DrainInput = Omit<DrainRequest, 'requestedBy'> & {
  user: string;
  /** plan only: nothing is requested */
  dryRun: boolean;
  /** starts with this maintenance window, and starts no new host after it ends */
  windowId?: string;
  /** --skip: servers (names or IDs) left on their hosts */
  skip?: string[];
  /** --skip-project: projects (names or IDs) whose servers are left on their hosts */
  skipProjects?: string[];
};

/**
 * Rolling drains of many hosts: the plan and its request, the start (with its window), and what
 * on-call does while it runs. Permissions are decided here; the walk itself is the Drainer's.
 */
export class Drains {
  constructor(
    private readonly deps: {
      planner: PlannerDeps;
      permissions: Permissions;
      book: RequestBook;
      drainer: Drainer;
      evacuator: Evacuator;
      store: RequestsPort & WindowsPort & AuditPort;
      clock: Clock;
      approvers: ApproverPolicy;
      events: EventSink;
      /** "did you mean" for a --skip that names no server of the plan */
      suggest?: Suggest;
      /** `--reboot`: SSH and the BMC (absent: a --reboot drain is refused) */
      reboots?: RebootPort;
      gates?: HealthGatesPort; // #30: the health gates and silences the plan names
      silences?: SilencesPort;
    },
  ) {}

  async ask(input: DrainInput): Promise<{ request: DrainRecord; plan: DrainPlan }> {
    const { user, dryRun, windowId, skip, skipProjects, ...request } = input;
    await this.deps.permissions.mayRequest(user);
    const reach = monitoringReach(this.deps); // asked while the drain is planned; never throws
    if (windowId) usableWindow(this.deps, windowId, request.zone || request.aggregate ? null : request.hosts);
    // --reboot: hosts already on the kernel left out, the rest in their reboot order (reboot-order.ts)
    const rebooting = await rebootRequest(this.deps.planner.cloud, this.deps.reboots, request);
    const asked = rebooting?.asked ?? request;
    let plan = await planDrain(this.deps.planner, { ...asked, requestedBy: user });
    // --skip and --skip-project: the requester's edits, named against the plan's servers; an unknown
    // name refuses them all before anything is requested
    if (skip?.length || skipProjects?.length) {
      const projects = skipProjects?.length
        ? await this.deps.planner.cloud.listProjects().catch(() => [])
        : [];
      const edits = await editsFromTyped(
        this.deps.planner.cloud,
        plan.steps.flatMap((step) => step.hosts.map((h) => h.host)),
        plan.steps.flatMap((step) => step.hosts.flatMap((h) => h.items)),
        projects,
        { ...(skip ? { skip } : {}), ...(skipProjects ? { skipProjects } : {}) },
        user,
        this.deps.suggest ?? (() => []),
      );
      plan = await planDrain(this.deps.planner, { ...asked, requestedBy: user, edits });
    }
    if (rebooting) plan = withReboot(plan, request, rebooting.plan);
    refuseNoHosts(plan);
    if (!dryRun) refuseNothingToDrain(plan); // an empty host disabled already: nothing would change
    plan = withMonitoring(plan, this.deps, await reach); // the gates and silences, in the plan approved
    if (windowId)
      usableWindow(
        this.deps,
        windowId,
        plan.steps.flatMap((step) => step.hosts.map((h) => h.host)),
      );
    // the plan's warnings are kept with the request: its approval says them too
    const warnings = planWarnings(plan);
    const record = await this.deps.book.submitDrain(plan, {
      dryRun,
      ...(windowId ? { windowId } : {}),
      ...(warnings ? { warnings } : {}),
    });
    return { request: record, plan };
  }

  /** The requester's pending drain, to edit its plan (refused to anyone else, and once decided). */
  async editable(id: string, user: string): Promise<DrainRecord> {
    const drain = this.deps.store.getDrain(id);
    await this.deps.permissions.mustBeRequester(user, drain?.requestedBy, 'edit-plan');
    if (!drain) throw new DrainRefused({ code: 'unknown-drain', id });
    refuseUneditableDrain(drain);
    return drain;
  }

  /** The drain's plan as it stands now, with its edits: what its Edit plan dialog lists. */
  async planNow(id: string, user: string): Promise<DrainPlan> {
    return withMonitoring(await planDrainAgain(this.deps.planner, await this.editable(id, user)), this.deps);
  }

  /** Replaces the edits of a pending drain (skips only), planned again with them. */
  async edit(
    id: string,
    user: string,
    edits: PlanEdit[],
  ): Promise<{ request: DrainRecord; plan: DrainPlan }> {
    const edited = await editDrain(this.deps, await this.editable(id, user), edits);
    // who edited the plan when, and into what (as data), beside the approval that follows
    await this.audit(
      user,
      'plan-edited',
      id,
      JSON.stringify({ fingerprint: edited.drain.drain.fingerprint, edits: edited.drain.drain.edits ?? [] }),
    );
    return { request: edited.drain, plan: withMonitoring(edited.plan, this.deps) };
  }

  /** After approval: one tied to a window still ahead waits for it; otherwise it starts now. */
  async startApproved(
    id: string,
  ): Promise<{ kind: 'waits-for-window'; window: WindowRecord } | { kind: 'started'; request: DrainRecord }> {
    const windowId = this.deps.store.getDrain(id)?.drain.windowId;
    const window = windowId ? this.deps.store.getWindow(windowId) : undefined;
    if (window && window.status === 'scheduled' && window.start > this.deps.clock.now())
      return { kind: 'waits-for-window', window };
    return { kind: 'started', request: await this.deps.drainer.start(id) };
  }

  /** A window has started: the drains approved ahead for it begin. */
  async startWithWindow(windowId: string): Promise<DrainRecord[]> {
    const due = this.deps.store
      .drains()
      .filter((d) => d.drain.windowId === windowId && d.status === 'approved' && d.drain.phase === 'planned');
    return Promise.all(due.map((drain) => this.deps.drainer.start(drain.id)));
  }

  /** No new server or host starts; moves in flight finish. */
  async pause(id: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'pause-drain');
    const paused = await this.deps.store.updateDrain(id, (d) => {
      if (d.drain.phase !== 'running')
        throw new DrainRefused({ code: 'not-running', id, phase: d.drain.phase });
      d.drain.phase = 'paused';
      d.drain.pausedBy = user;
    });
    await this.audit(user, 'drain-pause', id);
    return paused;
  }

  async resume(id: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'resume-drain');
    const resumed = await this.deps.store.updateDrain(id, (d) => {
      if (d.drain.phase !== 'paused')
        throw new DrainRefused({ code: 'not-paused', id, phase: d.drain.phase });
      d.drain.phase = 'running';
      delete d.drain.pausedBy;
    });
    await this.audit(user, 'drain-resume', id);
    this.wakeAll(resumed);
    return resumed;
  }

  async stop(id: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'stop-drain');
    return this.deps.drainer.stopAll(id, user);
  }

  /** "Host is back": nova-compute must report up; then the host is enabled and its servers return. */
  async hostBack(id: string, host: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'host-back');
    this.drainOf(id);
    return this.deps.drainer.markBack(id, host, user);
  }

  /**
   * A host that is not empty (a move failed, or a server cannot move): "Continue" empties it again,
   * trying what is left. Like every move it needs two people: the first on-call press asks, another
   * on-call person's press approves, decided atomically on the drain's record (one winner).
   */
  async continueHost(id: string, host: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'continue-drain');
    const drain = this.drainOf(id);
    this.notEnded(drain, host);
    if (drain.drain.phase !== 'running')
      throw new DrainRefused({ code: 'resume-first', id, phase: drain.drain.phase });
    let asker: string | undefined;
    // the press is said (journaled with its decision) before anything it causes
    const told = new HeldEvents(this.deps.events);
    const decided = await this.deps.store.updateDrain(
      id,
      (d) => {
        const found = stepHosts(d.drain).find((h) => h.host === host);
        if (found?.phase !== 'not-empty') throw new DrainRefused({ code: 'not-waiting', id, host });
        const ask = found.continueAsk;
        if (ask?.approvedBy)
          throw new DrainRefused({ code: 'continue-approved', host, approvedBy: ask.approvedBy });
        if (!ask) {
          found.continueAsk = { by: user };
          return;
        }
        if (ask.by === user)
          throw new DrainApprovalRefused({
            code: 'continue-four-eyes',
            host,
            approvers: this.deps.approvers.describe(user),
          });
        asker = ask.by;
        ask.approvedBy = user;
      },
      telling(told, this.deps.clock.now(), (request) => {
        const ask = request.drain.hosts.find((h) => h.host === host)?.continueAsk;
        return ask
          ? [
              {
                kind: 'drain.host-continue',
                request,
                host,
                by: ask.by,
                ...(ask.approvedBy ? { approvedBy: ask.approvedBy } : {}),
              },
            ]
          : [];
      }),
    );
    // the first press only asks: going on waits for a second on-call person
    if (!asker) {
      await this.audit(user, 'drain-continue-ask', id, host);
      told.release();
      return decided;
    }
    await this.audit(user, 'drain-continue', id, host);
    told.release();
    const found = decided.drain.hosts.find((h) => h.host === host) as DrainHostState;
    try {
      await this.deps.drainer.startHost(id, found, user);
    } catch (error) {
      // nothing started: the host waits for a decision again, from scratch
      await this.deps.store.updateDrain(id, (d) => {
        const h = d.drain.hosts.find((candidate) => candidate.host === host);
        if (h?.phase === 'not-empty') delete h.continueAsk;
      });
      throw error;
    }
    return this.drainOf(id);
  }

  /** A press on a question of a drain that has ended (a stale button) is told so, never "resume it". */
  private notEnded(drain: DrainRecord, host: string): void {
    if (drain.drain.phase !== 'done' && drain.drain.phase !== 'stopping') return;
    const phase = drain.drain.hosts.find((h) => h.host === host)?.phase;
    throw new DrainRefused({
      code: 'answer-too-late',
      id: drain.id,
      ended: drain.drain.phase === 'done',
      host,
      ...(phase ? { phase } : {}),
    });
  }

  /** Leaves a host out: one waiting is never touched, one emptied (once its moves are proven) enabled as it is. */
  async skip(id: string, host: string, user: string): Promise<DrainRecord> {
    await this.deps.permissions.mustBeOnCall(user, 'skip-drain-host');
    const drain = this.drainOf(id);
    this.notEnded(drain, host);
    const found = drain.drain.hosts.find((h) => h.host === host);
    if (!found || !['waiting', 'not-empty', 'empty'].includes(found.phase))
      throw new DrainRefused({ code: 'cannot-skip', id, host, ...(found ? { phase: found.phase } : {}) });
    if (stillProven(this.deps.store, found)) throw new DrainRefused({ code: 'still-proven', id, host });
    let enabledAgain = false;
    // with --return, its own servers that left it stay where they went: said with who skipped it
    const staysAway = drain.drain.returnHome
      ? homeServersGone(drain, found, (e) => this.deps.store.getEvacuation(e)).length
      : 0;
    if (found.phase !== 'waiting') {
      const service = (await this.deps.planner.cloud.listComputeServices()).find((s) => s.host === host);
      if (service && disabledByDrain(service, id)) {
        await this.deps.planner.cloud.setServiceEnabled(service.id, true);
        enabledAgain = true;
      }
    }
    // who skipped is recorded as a fact; the chat edge says it (a mention, in the reader's language)
    const told = new HeldEvents(this.deps.events);
    let dropped = false; // the step had no other host left: dropped with its hold (hosts.ts dropEmptyStep)
    const skipped = await this.deps.store.updateDrain(
      id,
      (d) => {
        const h = d.drain.hosts.find((candidate) => candidate.host === host);
        if (!h || h.phase !== found.phase) throw new DrainRefused({ code: 'host-changed', host });
        h.phase = 'skipped';
        h.endedAt = this.deps.clock.now();
        h.skipped = { by: user, enabledAgain, ...(staysAway ? { staysAway } : {}) };
        delete h.note;
        delete h.reason;
        dropped = dropEmptyStep(d, user, host);
      },
      telling(told, this.deps.clock.now(), (request) => [
        { kind: 'drain.host-skipped', request, host },
        ...(dropped ? [{ kind: 'drain.step-dropped' as const, request, ...droppedStep(request.drain) }] : []),
      ]),
    );
    await this.audit(user, 'drain-skip', id, host);
    told.release();
    this.deps.drainer.wake(id);
    return skipped;
  }

  /** A held drain goes on with its new plan, approved by someone on call who did not ask (reapprove.ts). */
  reapprove(id: string, user: string, seenFingerprint: string): Promise<DrainRecord> {
    return reapproveDrain(this.deps, this.drainOf(id), user, seenFingerprint);
  }

  list(): DrainRecord[] {
    return this.deps.store
      .drains()
      .filter((drain) => drain.status !== 'dry-run')
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): DrainRecord {
    return this.drainOf(id);
  }

  private drainOf(id: string): DrainRecord {
    const drain = this.deps.store.getDrain(id);
    if (!drain) throw new DrainRefused({ code: 'unknown-drain', id });
    return drain;
  }

  private wakeAll(drain: DrainRecord): void {
    this.deps.drainer.wake(drain.id);
    for (const host of stepHosts(drain.drain)) {
      const evacuation = host.returnId ?? host.evacuationIds.at(-1);
      if (evacuation) this.deps.evacuator.nudge(evacuation);
    }
  }

  private audit(actor: string, action: string, subject: string, detail?: string): Promise<void> {
    return this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor,
      action,
      subject,
      ...(detail ? { detail } : {}),
    });
  }
}
