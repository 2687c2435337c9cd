import type { Clock } from '../clock.ts';
import {
  type CheckContext,
  checkCapacity,
  checkComputeServices,
  checkDestination,
  checkDistinctHosts,
  checkHypervisor,
  checkInstanceState,
  checkParameters,
  checkPermission,
  checkServerGroups,
  checkStorage,
  rankCandidates,
} from './checks.ts';
import type { CloudApi } from './cloud-port.ts';
import { resolveHost, takeSnapshot } from './snapshot.ts';
import type { AccessPolicy, CheckResult, HostConfigProvider, MovePlan, MoveRequest } from './types.ts';

export interface PlannerDeps {
  cloud: CloudApi;
  clock: Clock;
  access: AccessPolicy;
  hostConfig?: HostConfigProvider;
}

/** Evaluates every precondition of a move against one snapshot of the cloud. */
export async function planMove(deps: PlannerDeps, request: MoveRequest): Promise<MovePlan> {
  const snapshot = await takeSnapshot(deps.cloud, request, deps.clock.now(), deps.hostConfig);
  const destination = resolveHost(request.destination, snapshot.hypervisors);
  const context: CheckContext = { request, snapshot, access: deps.access, destination };
  const candidates = rankCandidates(context);
  const checks = [
    checkPermission(context),
    checkParameters(context),
    ...(snapshot.server
      ? [
          checkDestination(context),
          checkInstanceState(context),
          checkComputeServices(context),
          checkDistinctHosts(context),
          checkCapacity(context, candidates),
          checkHypervisor(context),
          checkStorage(context),
          checkServerGroups(context),
          ...snapshot.hostFindings,
        ]
      : []),
  ].filter((check): check is CheckResult => check !== null);
  return {
    request,
    server: snapshot.server,
    source: snapshot.server?.host ?? null,
    destination,
    mode: request.mode,
    blockMigration: request.mode === 'block' ? true : 'auto',
    checks,
    candidates: destination ? [] : candidates,
    ready: checks.every((check) => check.status !== 'fail'),
    evaluatedAt: snapshot.takenAt,
  };
}
