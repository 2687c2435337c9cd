import type { Clock } from '../../clock.ts';
import type { Evacuator } from '../evacuation/evacuator.ts';
import type { EventSink, FerryEvent } from '../events.ts';
import { type Telling, telling } from '../journal.ts';
import type { ComputeService } from '../model/cloud.ts';
import type {
  DrainHostState,
  DrainRecord,
  DrainState,
  EvacuationRecord,
  ServiceSeen,
} from '../model/records.ts';
import type { AccessPolicy, HostConfigProvider } from '../model/types.ts';
import type { GroupBudgetOverrides } from '../move/budgets.ts';
import type { Departure } from '../move/fit.ts';
import { keepDisabled } from '../move/service-guard.ts';
import type { OnCallAction } from '../permissions.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { GateResult, HealthGatesPort } from '../ports/health-gates.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RebootPort } from '../ports/reboot.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import type { SilencesPort } from '../ports/silences.ts';
import type { DurabilityPort } from '../ports/store.ts';
import type { WindowsPort } from '../ports/windows.ts';
import type { RequestBook } from '../requests.ts';
import { DrainRefused } from './refusals.ts';

/** What a drain's parts work with. */
export interface DrainDeps {
  cloud: CloudApi;
  clock: Clock;
  store: RequestsPort & RunsPort & ClaimsPort & WindowsPort & AuditPort & JournalPort & DurabilityPort;
  evacuator: Evacuator;
  book: RequestBook;
  access: AccessPolicy;
  hostConfig?: HostConfigProvider;
  /** FERRY_GROUP_BUDGETS and the recent departures, for its hosts' evacuations (PlannerDeps) */
  groupBudgets?: GroupBudgetOverrides;
  departures?: () => Departure[];
  scheduler: Scheduler;
  events: EventSink;
  /** a look that failed: the loop looks again after its safety interval */
  log?: (message: string, error?: unknown) => void;
  /** the edge's explanation of an error, for the thread (default: its message) */
  explain?: (error: unknown) => string;
  /** FERRY_GATES: queries that must come back empty before each step (core/drain/gates.ts) */
  gates?: HealthGatesPort;
  /** each evaluation's verdicts, for the metrics (how long the gates took) */
  gateTimes?: (results: GateResult[]) => void;
  /** FERRY_ALERTMANAGER_URL: a silence for each host the drain disables (core/drain/silencing.ts) */
  silences?: SilencesPort;
  /** refuses someone who is not on call (Resume anyway) */
  onCall?: (user: string, action: OnCallAction) => Promise<void>;
  /** `--reboot`: SSH and the BMC (core/drain/reboot.ts) */
  reboots?: RebootPort;
  /**
   * Whether Nova recorded a live run's migration completed while Ferry still proves it (the runner's
   * hasLanded; this process only): a host is empty, and a step's servers home, without waiting for it.
   */
  landed?: (runId: string) => boolean;
  /**
   * A list of Nova's services a look read, asked at `askedAt` (steady time): the moves' watch takes it
   * for its own look at nova-compute (core/move/compute-look.ts) rather than asking again.
   */
  servicesSeen?: (listed: readonly ComputeService[], askedAt: number) => void;
}

/** A step's hosts that still have work: being emptied, coming back, or their servers returning. */
export const BUSY: DrainHostState['phase'][] = ['evacuating', 'coming-back', 'returning'];
/** A host in one of these is out of service in the drain's name (disabled before it was emptied). */
export const HELD_OUT: DrainHostState['phase'][] = ['evacuating', 'not-empty', 'empty'];
/** A host in one of these is settled: the step can end once all its hosts are. */
export const SETTLED: DrainHostState['phase'][] = ['done', 'skipped', 'not-started'];

/** someone else disabled the host before the drain: its maintenance is theirs, Ferry does not reboot it */
export function disabledBefore(host: DrainHostState): boolean {
  return host.planned?.disabledBefore === true || host.service === 'disabled-before';
}

/** Ferry enables again only a host it disabled for this drain, never one someone else disabled. */
export function disabledByDrain(service: ComputeService, drainId: string): boolean {
  return (
    service.status === 'disabled' && (service.disabledReason ?? '').startsWith(`Ferry drain ${drainId} `)
  );
}

/**
 * The hosts a look works on: the current step's, and an earlier step's whose servers are home (their
 * moves landed) and still proven: the next step began without waiting for their proofs.
 */
export function hostsInPlay(state: DrainState): DrainHostState[] {
  const earlier = state.hosts.slice(0, state.step * state.hostsAtOnce).filter((h) => h.phase === 'returning');
  return [...earlier, ...stepHosts(state)];
}

/** The hosts of the drain's current step. */
export function stepHosts(state: DrainState, step = state.step): DrainHostState[] {
  return state.hosts.slice(step * state.hostsAtOnce, (step + 1) * state.hostsAtOnce);
}

export function stepCount(state: DrainState): number {
  return Math.ceil(state.hosts.length / state.hostsAtOnce);
}

/**
 * The current step once its last host to work on is skipped (every host skipped or not started, none
 * ever emptied): it is dropped. A hold on it ends, as its new plan is of hosts left out (`heldEnded`
 * says who skipped which), and the drain goes on with the next step, or ends with it. Called in the
 * write that skips the host; true when the step is dropped.
 */
export function dropEmptyStep(d: DrainRecord, by: string, host: string): boolean {
  const state = d.drain;
  if (state.phase !== 'held' && state.phase !== 'running') return false;
  const left = (h: DrainHostState) =>
    !(h.phase === 'skipped' || h.phase === 'not-started') || h.evacuationIds.length > 0;
  if (stepHosts(state).some(left)) return false;
  if (state.phase === 'held') {
    state.phase = 'running';
    delete state.held;
    state.heldEnded = { code: 'no-host-left', by, host };
  }
  return true;
}

/** The step dropEmptyStep dropped, and whether it was the last: the drain ends with it. */
export function droppedStep(state: DrainState): { step: number; last: boolean } {
  return { step: state.step, last: state.step + 1 >= stepCount(state) };
}

/** One host of a drain as stored now. */
export function hostOf(store: RequestsPort, id: string, host: string): DrainHostState {
  const found = store.getDrain(id)?.drain.hosts.find((h) => h.host === host);
  if (!found) throw new DrainRefused({ code: 'no-host', id, host });
  return found;
}

/** A change to one host of a drain, made only while `when` holds for it as stored. */
export function setHost(
  store: RequestsPort,
  id: string,
  host: string,
  change: Partial<DrainHostState>,
  when?: (h: DrainHostState) => boolean,
  /** what the change tells, written with it (core/journal.ts) */
  tell?: Telling<DrainRecord>,
): Promise<DrainRecord> {
  return store.updateDrain(
    id,
    (d) => {
      const found = d.drain.hosts.find((h) => h.host === host);
      if (!found) throw new DrainRefused({ code: 'no-host', id, host });
      if (when && !when(found)) throw new DrainRefused({ code: 'host-is', id, host, phase: found.phase });
      Object.assign(found, change);
    },
    tell,
  );
}

/** A drain event of one host, told with the change that causes it. */
export function tellHost(
  deps: Pick<DrainDeps, 'events' | 'clock'>,
  event: (request: DrainRecord) => FerryEvent,
): Telling<DrainRecord> {
  return telling(deps.events, deps.clock.now(), (request) => [event(request)]);
}

/**
 * A drain's host held out of service, read from the cloud before Ferry says it is disabled; enabled
 * again outside Ferry, it is disabled again in the drain's name (service-guard.ts).
 */
export async function keepDrainHostDisabled(deps: DrainDeps, id: string, host: string): Promise<ServiceSeen> {
  const drain = deps.store.getDrain(id) as DrainRecord;
  return keepDisabled(
    deps.cloud,
    host,
    `Ferry drain ${id} `,
    `Ferry drain ${id} (step ${drain.drain.step + 1}): requested by ${drain.requestedBy}, approved by ${drain.decidedBy ?? '?'}`,
    () => deps.store.updateDrain(id, () => undefined),
  );
}

/**
 * A host of the drain whose evacuation still runs, its host perhaps empty already (its last moves
 * proven): the evacuation's end keeps the host disabled, so nothing enables it before that end.
 */
export function stillProven(store: Pick<RequestsPort, 'getEvacuation'>, host: DrainHostState): boolean {
  const phase = (e: string) => store.getEvacuation(e)?.evacuation.phase;
  return host.evacuationIds.some((e) => phase(e) === 'running' || phase(e) === 'stopping');
}

/** One of the drain's evacuations still runs: a host said empty at its moves' landing is still proven. */
export function drainProving(store: Pick<RequestsPort, 'evacuations'>, id: string): boolean {
  const running = (phase: string) => phase === 'running' || phase === 'stopping';
  return store.evacuations().some((r) => r.evacuation.drainId === id && running(r.evacuation.phase));
}

/** Whether an evacuation must start no new moves now: its drain is paused or held (read from the store). */
export function drainHolds(store: Pick<RequestsPort, 'getDrain'>, evacuation: EvacuationRecord): boolean {
  const drainId = evacuation.evacuation.drainId;
  const phase = drainId ? store.getDrain(drainId)?.drain.phase : undefined;
  return phase === 'paused' || phase === 'held';
}

/**
 * A --reboot drain's empty host that Ferry reboots now: the drain runs, someone else did not disable
 * the host, and its reboot is neither verified nor failed (src/core/drain/reboot.ts drives it).
 */
export function rebootedByFerry(drain: DrainRecord, host: DrainHostState): boolean {
  return (
    drain.drain.phase === 'running' &&
    drain.drain.reboot !== undefined &&
    host.phase === 'empty' &&
    !disabledBefore(host) &&
    !host.reboot?.failure &&
    host.reboot?.verifiedAt === undefined
  );
}

/** The window (its ID), when the drain was approved for a window that is over: no new host starts. */
export function windowEnded(deps: Pick<DrainDeps, 'store' | 'clock'>, state: DrainState): string | null {
  if (!state.windowId) return null;
  const window = deps.store.getWindow(state.windowId);
  if (window && window.status === 'scheduled' && window.end > deps.clock.now()) return null;
  return state.windowId;
}
