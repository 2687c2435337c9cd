import type { Clock } from '../clock.ts';
import { Approvals, type DecisionCounter } from './approvals.ts';
import { ApprovedStarts } from './approved-starts.ts';
import { releaseEndedMove } from './claims.ts';
import { Drainer } from './drain/drainer.ts';
import { Drains } from './drain/drains.ts';
import type { DrainGates } from './drain/gates.ts';
import { drainHolds } from './drain/hosts.ts';
import { Evacuations } from './evacuation/evacuations.ts';
import { Evacuator } from './evacuation/evacuator.ts';
import { EventStream } from './events.ts';
import { type HostCheckPort, HostChecks } from './host-checks.ts';
import { DEFAULT_REMINDER_TIMES, MaintenanceService } from './maintenance/maintenance.ts';
import type { Reminder } from './model/records.ts';
import type { AccessPolicy, HostConfigProvider } from './model/types.ts';
import type { GroupBudgetOverrides } from './move/budgets.ts';
import { ComputeLook } from './move/compute-look.ts';
import { recentDepartures } from './move/fit.ts';
import { Moves, type Suggest } from './move/moves.ts';
import { MigrationRunner } from './move/runner.ts';
import type { RunnerOptions } from './move/runner-deps.ts';
import { Permissions, type Readers } from './permissions.ts';
import type { BlackoutPort } from './ports/blackout.ts';
import type { CloudApi } from './ports/cloud.ts';
import type { GuestAgentPort } from './ports/guest-agent.ts';
import type { GateResult, HealthGatesPort } from './ports/health-gates.ts';
import type { Leases } from './ports/leases.ts';
import type { ProbeConfig } from './ports/reachability.ts';
import type { RebootPort } from './ports/reboot.ts';
import type { Scheduler } from './ports/scheduler.ts';
import type { SilencesPort } from './ports/silences.ts';
import type { StorePort } from './ports/store.ts';
import { Queries } from './queries.ts';
import { Replica } from './replica/replica.ts';
import { type ApproverPolicy, RequestBook } from './requests.ts';

/** What the core works over: every outside thing it reads or drives, injected. */
export interface CorePorts {
  cloud: CloudApi;
  store: StorePort;
  clock: Clock;
  /** recurring jobs and one-off waits */
  scheduler: Scheduler;
  /** who watches what among replicas sharing the store */
  leases: Leases;
  /** who may approve (on call), and how to name them */
  approvers: ApproverPolicy;
  /** the SSH host check: /hostcheck, and host findings among a move's checks */
  hostChecker?: HostCheckPort & HostConfigProvider;
  /** reads a live move's blackout on its destination over SSH (absent: blackouts are not measured) */
  blackout?: BlackoutPort;
  /** the QEMU guest agent over SSH, for the proofs after a move */
  guestAgent?: GuestAgentPort;
  /** FERRY_PROBE: the reachability probe among the proofs after a move */
  probe?: ProbeConfig;
  /** counts approvals, rejections and expiries (GET /metrics) */
  decisions?: DecisionCounter;
  /** FERRY_GATES: queries that must come back empty before each drain step */
  gates?: HealthGatesPort;
  /** each evaluation of the gates, for the metrics */
  gateTimes?: (results: GateResult[]) => void;
  /** FERRY_ALERTMANAGER_URL: a silence for each host a drain disables */
  silences?: SilencesPort;
  /** `/drain --reboot`: SSH and the BMC (absent: a --reboot drain is refused) */
  reboots?: RebootPort;
}

/** How the core behaves: what src/index.ts read from the environment (tests give their own). */
export interface CoreSettings {
  access: AccessPolicy;
  /** FERRY_READERS: who besides requesters and on call may read */
  readers?: Readers;
  timeZone: string;
  /** FERRY_REMINDERS (default 24h, 1h, 10m before a window) */
  reminders?: Reminder[];
  approvalTtlMs: number;
  autoConfirm: boolean;
  runner?: RunnerOptions;
  /** "did you mean": the names closest to one typed */
  suggest: Suggest;
  /** the cloud's errors in words, for what the engines record */
  explain: (error: unknown) => string;
  log: (message: string, error?: unknown) => void;
  /** FERRY_GROUP_BUDGETS: a server group's budget by its name or ID */
  groupBudgets?: GroupBudgetOverrides;
}

/** The core: its use cases (what the edges call) and its engines (what runs and is resumed). */
export interface Core {
  ports: CorePorts;
  settings: CoreSettings;
  /** what runs, evacuations, drains and windows publish */
  events: EventStream;
  book: RequestBook;
  permissions: Permissions;
  moves: Moves;
  evacuations: Evacuations;
  drains: Drains;
  /** #30: Resume anyway on a drain step held by health gates */
  drainGates: DrainGates;
  maintenance: MaintenanceService;
  approvals: Approvals;
  hostChecks: HostChecks;
  /** what read-only commands read: never the raw store */
  queries: Queries;
  runner: MigrationRunner;
  evacuator: Evacuator;
  drainer: Drainer;
  replica: Replica;
  /** stops the engines and waits for them (the runs go on in the cloud, resumed at the next start) */
  stop(): Promise<void>;
}

/**
 * Builds the core over its ports: no Slack, no environment, nothing started (the engines run what is
 * asked of them; start() in ferry.ts resumes and schedules). Every object is built once, in order.
 */
export function createCore(ports: CorePorts, settings: CoreSettings): Core {
  const { cloud, store, clock, scheduler, approvers } = ports;
  const { log, explain } = settings;
  const events = new EventStream((event, error) => log(`a listener failed on ${event.kind}`, error));
  const book = new RequestBook({ store, clock, approvers, ttlMs: settings.approvalTtlMs });
  // the moves' look at nova-compute, which a drain's reads of the services serve as well
  const computeLook = new ComputeLook({ cloud, clock });
  const runner = new MigrationRunner(
    {
      cloud,
      clock,
      store,
      events,
      computeLook,
      ...(ports.blackout ? { blackout: ports.blackout } : {}),
      ...(ports.guestAgent ? { guest: ports.guestAgent } : {}),
      ...(ports.probe ? { probe: ports.probe } : {}),
    },
    { ...settings.runner, autoConfirm: settings.autoConfirm },
  );
  // what every plan is made from: the cloud, the time, who may ask, and the host check when there is one
  const planner = {
    cloud,
    clock,
    access: settings.access,
    ...(ports.hostChecker ? { hostConfig: ports.hostChecker } : {}),
    ...(settings.groupBudgets ? { groupBudgets: settings.groupBudgets } : {}),
    // what Nova's scheduler still counts on a host a server left (core/move/fit.ts)
    departures: () => recentDepartures(store.runs(), clock.now()),
  };
  // a paused or held drain holds its evacuations: read from the store, so the evacuator needs no drainer
  const evacuator = new Evacuator({
    ...planner,
    store,
    runner,
    scheduler,
    events,
    holds: (evacuation) => drainHolds(store, evacuation),
    log,
    explain,
  });
  const reboots = ports.reboots ? { reboots: ports.reboots } : {};
  const drainer = new Drainer({
    ...planner,
    store,
    evacuator,
    book,
    scheduler,
    events,
    log,
    explain,
    ...(ports.gates ? { gates: ports.gates } : {}),
    ...(ports.gateTimes ? { gateTimes: ports.gateTimes } : {}),
    ...(ports.silences ? { silences: ports.silences } : {}),
    onCall: (user, action) => permissions.mustBeOnCall(user, action),
    ...reboots,
    landed: (runId) => runner.hasLanded(runId),
    servicesSeen: (listed, askedAt) => computeLook.seen(listed, askedAt),
  });
  // a drain's host may be empty, or its servers home, once Nova ends its moves: before their proofs
  runner.onLanded((runId) => drainer.onLanded(runId));
  const permissions = new Permissions({
    access: settings.access,
    approvers,
    ...(settings.readers ? { readers: settings.readers } : {}),
  });
  const drains = new Drains({
    planner,
    permissions,
    book,
    drainer,
    evacuator,
    store,
    clock,
    approvers,
    events,
    suggest: settings.suggest,
    ...reboots,
    ...(ports.gates ? { gates: ports.gates } : {}),
    ...(ports.silences ? { silences: ports.silences } : {}),
  });
  const maintenance = new MaintenanceService({
    cloud,
    clock,
    store,
    evacuator,
    drains,
    access: settings.access,
    permissions,
    reminders: settings.reminders ?? DEFAULT_REMINDER_TIMES,
    timeZone: settings.timeZone,
    events,
    explain,
  });
  const moves = new Moves({ planner, book, runner, store, clock, permissions, suggest: settings.suggest });
  const evacuations = new Evacuations({
    planner,
    book,
    evacuator,
    store,
    clock,
    permissions,
    suggest: settings.suggest,
  });
  const starts = new ApprovedStarts({ moves, evacuations, store, clock, log });
  const approvals = new Approvals({
    book,
    drains,
    starts,
    ...(ports.decisions ? { decisions: ports.decisions } : {}),
    log,
  });
  const replica = new Replica({
    leases: ports.leases,
    store,
    runner,
    evacuator,
    drainer,
    clock,
    approvedMoves: { startingHere: (requestId) => approvals.startingHere(requestId) },
  });
  events.subscribe((event) => evacuator.onEvent(event));
  events.subscribe((event) => {
    releaseEndedMove(store, event).catch((error) => log("releasing a move's claims failed", error));
  });
  events.subscribe((event) => drainer.onEvent(event));
  return {
    ports,
    settings,
    events,
    book,
    permissions,
    moves,
    evacuations,
    drains,
    drainGates: drainer.gates,
    maintenance,
    approvals,
    hostChecks: new HostChecks({
      permissions,
      ...(ports.hostChecker ? { checker: ports.hostChecker } : {}),
    }),
    queries: new Queries({
      store,
      novaOutageOf: (id) => runner.novaOutageOf(id),
      cloud,
      suggest: settings.suggest,
    }),
    runner,
    evacuator,
    drainer,
    replica,
    stop: async () => {
      drainer.shutdown();
      evacuator.shutdown();
      runner.stop();
      await drainer.idle();
      await evacuator.idle();
      await runner.idle();
    },
  };
}
