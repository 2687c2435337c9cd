import pLimit from 'p-limit';
import { AmbiguousServerError } from '../cloud-errors.ts';
import type { EvacuationItem, EvacuationPlan } from '../model/evacuation.ts';
import { type PlanEdit, type PlanEditRefusal, skipOf } from '../model/plan-edits.ts';
import type { EvacuationRecord } from '../model/records.ts';
import type { PlannerDeps } from '../move/plan.ts';
import { RunActionError } from '../move/run-errors.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';
import { fingerprintOf, planEvacuation } from './plan.ts';

/**
 * Editing an evacuation's plan before approval (issue #28, part 4): the edits are checked against the
 * plan made with them (a pin as any destination, by the fit's blockers; a cold move only for a server
 * that can move), then stored with the plan, its checks and its new fingerprint in one write that
 * lands only while the request waits for its decision.
 */

/** Edits refused: every reason (several at once from a form), none of them applied. */
export class PlanEditRefused extends RunActionError {
  override readonly name = 'RunActionError';
  constructor(readonly refusals: PlanEditRefusal[]) {
    super(() => refusals.map((r) => r.code).join(', '));
  }
}

/** "did you mean": the names closest to one typed */
export type Suggest = (typed: string, candidates: string[]) => string[];

/**
 * `--skip`/`--skip-project` as typed (names or IDs) made edits by `by`, against the servers and
 * projects of a plan; one unknown refuses them all (nothing is asked), naming the closest.
 */
export function editsFromNames(
  items: Pick<EvacuationItem, 'serverId' | 'serverName' | 'projectId'>[],
  projects: { id: string; name: string }[],
  typed: { skip?: string[]; skipProjects?: string[] },
  by: string,
  suggest: Suggest,
): PlanEdit[] {
  const refusals: PlanEditRefusal[] = [];
  const edits: PlanEdit[] = [];
  for (const name of typed.skip ?? []) {
    // IDs as Nova and Keystone make them, in lower case: one typed in upper case is the same ID
    const found = items.filter((item) => item.serverId === name.toLowerCase() || item.serverName === name);
    if (found.length === 0)
      refusals.push({
        code: 'unknown-server',
        server: name,
        closest: suggest(
          name,
          items.map((item) => item.serverName),
        ),
      });
    for (const item of found) edits.push({ code: 'skip', serverId: item.serverId, by });
  }
  const owners = [...new Set(items.flatMap((item) => (item.projectId ? [item.projectId] : [])))];
  const named = (id: string) => projects.find((p) => p.id === id)?.name ?? id;
  for (const name of typed.skipProjects ?? []) {
    const ids = owners.filter((id) => id === name.toLowerCase() || named(id) === name);
    if (ids.length === 0)
      refusals.push({ code: 'unknown-project', project: name, closest: suggest(name, owners.map(named)) });
    for (const projectId of ids) edits.push({ code: 'skip-project', projectId, by });
  }
  if (refusals.length) throw new PlanEditRefused(refusals);
  return edits;
}

/** How many names not in a plan are looked up in the cloud at once */
const LOOKUPS_AT_ONCE = 4;

/**
 * editsFromNames, and a --skip name no server of the plan has looked up in the cloud (only then, one
 * read per such name): a server Nova has on another host is said to be there, never offered a planned
 * server as a typo of it; only a name Nova has no server of gets the closest planned names. A read
 * that fails leaves the refusal as the plan alone words it.
 */
export async function editsFromTyped(
  cloud: Pick<CloudApi, 'findServer'>,
  /** the hosts the plan empties */
  hosts: string[],
  ...asked: Parameters<typeof editsFromNames>
): Promise<PlanEdit[]> {
  try {
    return editsFromNames(...asked);
  } catch (error) {
    if (!(error instanceof PlanEditRefused)) throw error;
    const limit = pLimit(LOOKUPS_AT_ONCE);
    const located = error.refusals.map((refusal) =>
      refusal.code === 'unknown-server' ? limit(() => elsewhere(cloud, refusal, hosts)) : refusal,
    );
    throw new PlanEditRefused(await Promise.all(located));
  }
}

async function elsewhere(
  cloud: Pick<CloudApi, 'findServer'>,
  refusal: Extract<PlanEditRefusal, { code: 'unknown-server' }>,
  hosts: string[],
): Promise<PlanEditRefusal> {
  const host = await cloud.findServer(refusal.server).then(
    (server): string | null | undefined => server.host,
    (error): null | undefined => (error instanceof AmbiguousServerError ? null : undefined),
  );
  // Nova knows no such server (a typo), or has it on a host of the plan after all (its list left it out)
  if (host === undefined || (host !== null && hosts.includes(host))) return refusal;
  return { code: 'not-on-hosts', server: refusal.server, host, hosts };
}

/**
 * The edits a plan made with them does not honour: a cold move forced on a server that cannot move,
 * a pin onto a host that cannot take the server (or is not in service).
 */
export function unhonoured(plan: EvacuationPlan, edits: readonly PlanEdit[]): PlanEditRefusal[] {
  const refusals: PlanEditRefusal[] = [];
  for (const edit of edits) {
    if (edit.code !== 'force-cold' && edit.code !== 'pin') continue;
    const item = plan.items.find((candidate) => candidate.serverId === edit.serverId);
    if (!item || item.reason?.code === 'skipped-by') continue;
    const server = { serverId: item.serverId, server: item.serverName };
    if (item.reason?.code === 'pin-refused')
      refusals.push(
        item.reason.blockers.length
          ? { code: 'pin-blocked', ...server, host: item.reason.host, blockers: item.reason.blockers }
          : { code: 'pin-unusable', ...server, host: item.reason.host },
      );
    else if (item.mode === null) refusals.push({ code: 'cannot-move', ...server });
  }
  return refusals;
}

/** Only a plan waiting for its decision is edited, and only one a person asked for. */
export function refuseUneditable(request: EvacuationRecord): void {
  if (request.status !== 'pending')
    throw new PlanEditRefused([{ code: 'decided-already', id: request.id, status: request.status }]);
  if (request.evacuation.returnOf || request.evacuation.drainId)
    throw new PlanEditRefused([{ code: 'not-editable', id: request.id }]);
}

/** Replaces a pending evacuation's edits with `edits`, planned again with them. */
export async function editEvacuation(
  deps: { planner: PlannerDeps; store: RequestsPort },
  request: EvacuationRecord,
  asked: PlanEdit[],
): Promise<EvacuationRecord> {
  const state = request.evacuation;
  refuseUneditable(request);
  // a server left where it is (itself or with its project) is not also moved cold or pinned: such an
  // edit would be kept and announced, and never carried out
  const projectOf = new Map(state.items.map((item) => [item.serverId, item.projectId]));
  const edits = asked.filter(
    (edit) =>
      (edit.code !== 'force-cold' && edit.code !== 'pin') ||
      !skipOf(asked, { serverId: edit.serverId, projectId: projectOf.get(edit.serverId) }),
  );
  const known = new Set(state.items.map((item) => item.serverId));
  const owners = new Set(state.items.flatMap((item) => (item.projectId ? [item.projectId] : [])));
  const strangers: PlanEditRefusal[] = edits.flatMap((edit): PlanEditRefusal[] =>
    edit.code === 'skip-project'
      ? owners.has(edit.projectId)
        ? []
        : [{ code: 'unknown-project', project: edit.projectId, closest: [] }]
      : known.has(edit.serverId)
        ? []
        : [{ code: 'unknown-server', server: edit.serverId, closest: [] }],
  );
  if (strangers.length) throw new PlanEditRefused(strangers);
  const plan = await planEvacuation(deps.planner, {
    host: state.host,
    ...(state.destination ? { destination: state.destination } : {}),
    concurrency: state.concurrency,
    requestedBy: request.requestedBy,
    ...(state.maxCopyGb !== undefined ? { maxCopyGb: state.maxCopyGb } : {}),
    ...(edits.length ? { edits } : {}),
  });
  const refused = unhonoured(plan, edits);
  if (refused.length) throw new PlanEditRefused(refused);
  if (plan.items.length !== known.size || plan.items.some((item) => !known.has(item.serverId)))
    throw new PlanEditRefused([{ code: 'servers-changed', id: request.id }]);
  // a cold move chosen with the Cold-migrate button stays chosen, as at the start (start.ts)
  for (const item of plan.items) {
    const before = state.items.find((planned) => planned.serverId === item.serverId);
    if (before?.reason?.code === 'cold-by-choice' && !before.reason.by && item.alternative === 'cold')
      Object.assign(item, { mode: 'cold', destination: null, reason: { code: 'cold-by-choice' } });
  }
  return deps.store.updateEvacuationItems(
    request.id,
    plan.items.map((item) => ({
      serverId: item.serverId,
      change: {
        mode: item.mode,
        destination: item.destination,
        status: item.status,
        state: item.mode ? 'waiting' : 'skipped',
        ...(item.reason ? { reason: item.reason } : { reason: undefined }),
        ...(item.alternative ? { alternative: item.alternative } : { alternative: undefined }),
      },
    })),
    {
      fingerprint: fingerprintOf(plan.host, plan.items, edits),
      edits,
      // the plan's checks as made now, and those the request added (no other operation holds them)
      checks: [...plan.checks, ...request.checks.filter((c) => !plan.checks.some((p) => p.id === c.id))],
    },
  );
}
