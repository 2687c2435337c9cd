import type { Clock } from '../../clock.ts';
import type { Unjudged } from '../model/checks.ts';
import type { AccessPolicy, CheckResult, HostConfigProvider, MovePlan, MoveRequest } from '../model/types.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { budgetsFor, type GroupBudgetOverrides } from './budgets.ts';
import {
  type CheckContext,
  checkComputeServices,
  checkDestination,
  checkDistinctHosts,
  checkImpact,
  checkInstanceState,
  checkParameters,
  checkPermission,
  checkZone,
} from './checks.ts';
import { checkCpu } from './checks-cpu.ts';
import {
  checkCapacity,
  checkHypervisor,
  checkServerGroups,
  checkStorage,
  rankCandidates,
} from './checks-placement.ts';
import type { Departure } from './fit.ts';
import { resolveHost, takeSnapshot } from './snapshot.ts';

export interface PlannerDeps {
  cloud: CloudApi;
  clock: Clock;
  access: AccessPolicy;
  hostConfig?: HostConfigProvider;
  /** FERRY_GROUP_BUDGETS: a server group's budget by its name or ID (core/move/budgets.ts) */
  groupBudgets?: GroupBudgetOverrides;
  /** moves that ended lately, from the store's runs: Nova's scheduler still counts them on their source */
  departures?: () => Departure[];
}

/** Evaluates every precondition of a move against one snapshot of the cloud. */
export async function planMove(deps: PlannerDeps, request: MoveRequest): Promise<MovePlan> {
  const snapshot = await takeSnapshot(deps.cloud, request, deps.clock.now(), deps.hostConfig);
  const destination = resolveHost(request.destination, snapshot.hypervisors);
  const context: CheckContext = { request, snapshot, access: deps.access, destination };
  const candidates = rankCandidates(context);
  const unknownDestination =
    destination !== null &&
    !(
      snapshot.hypervisors.some((h) => h.serviceHost === destination) &&
      snapshot.services.some((s) => s.host === destination)
    );
  // Checks about the destination cannot be judged for a host that does not exist, nor for the host the
  // server already runs on (the move is refused anyway): say so, never pass them.
  const sameHost = destination !== null && destination === snapshot.server?.host;
  const unjudged: Unjudged | null =
    destination === null
      ? null
      : unknownDestination
        ? { why: 'unknown-destination', host: destination }
        : sameHost
          ? { why: 'same-host', server: snapshot.server?.name ?? '', host: destination }
          : null;
  // only called when `unjudged` says why
  const notEvaluated = (id: CheckResult['id']): CheckResult => ({
    id,
    status: 'skipped',
    fact: { code: 'not-evaluated', because: unjudged as Unjudged },
    evidence: {},
  });
  const sourceServices = checkComputeServices({ ...context, destination: null });
  const aboutDestination = unjudged
    ? [
        sourceServices?.status === 'fail' ? sourceServices : notEvaluated('compute-services'),
        sameHost ? checkDistinctHosts(context) : notEvaluated('distinct-hosts'),
        notEvaluated('capacity'),
        ...(request.mode === 'cold' ? [] : [notEvaluated('hypervisor')]),
      ]
    : [
        checkComputeServices(context),
        checkDistinctHosts(context),
        checkZone(context),
        checkCapacity(context, candidates),
        checkHypervisor(context),
        checkCpu(context),
      ];
  const checks = [
    checkPermission(context),
    checkParameters(context),
    ...(snapshot.server
      ? [
          checkDestination(context),
          checkInstanceState(context),
          checkImpact(context),
          ...aboutDestination,
          checkStorage(context),
          ...(unjudged
            ? [
                snapshot.groups.length ? notEvaluated('server-groups') : null,
                deps.hostConfig ? notEvaluated('host-config') : null,
              ]
            : [checkServerGroups(context), ...snapshot.hostFindings]),
        ]
      : []),
  ].filter((check): check is CheckResult => check !== null);
  return {
    request,
    server: snapshot.server,
    serverAmbiguous: snapshot.serverAmbiguous,
    source: snapshot.server?.host ?? null,
    destination,
    mode: request.mode,
    blockMigration: request.mode === 'block' ? true : 'auto',
    checks,
    candidates: destination ? [] : candidates,
    ready: checks.every((check) => check.status !== 'fail'),
    evaluatedAt: snapshot.takenAt,
    ...(snapshot.server
      ? { budgets: budgetsFor(snapshot.groups, [snapshot.server.id], deps.groupBudgets) }
      : {}),
  };
}
