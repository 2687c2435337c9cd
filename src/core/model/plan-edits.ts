import type { Blocker } from '../move/fit.ts';

/**
 * The operator's changes to an evacuation's or a drain's plan before approval (issue #28, part 4), as
 * data on the request: a server or a whole project left where it is, a server moved cold (stopped)
 * though it could move live, a server sent to a host of the operator's choosing. `by`: who made it.
 * Applying them re-plans (evacuation/plan.ts, drain/simulation.ts), and they are part of the plan's
 * fingerprint: one approval covers exactly the edited plan.
 */
export type PlanEdit =
  | { code: 'skip'; serverId: string; by: string }
  | { code: 'skip-project'; projectId: string; by: string }
  | { code: 'force-cold'; serverId: string; by: string }
  | { code: 'pin'; serverId: string; host: string; by: string };

/** Why an edit cannot be made, as data; src/messages/plan-edits.ts words it. */
export type PlanEditRefusal =
  | { code: 'no-plan'; id: string }
  | { code: 'decided-already'; id: string; status: string }
  /** a move back or one host's step of a drain: planned by Ferry, not edited */
  | { code: 'not-editable'; id: string }
  /** a name or ID given with --skip that no server of the plan has (`closest`: the nearest names) */
  | { code: 'unknown-server'; server: string; closest: string[] }
  /**
   * a name or ID given with --skip of a server on none of the hosts being emptied (`hosts`): Nova
   * found it on `host` (null: several servers of that name, or none with a host)
   */
  | { code: 'not-on-hosts'; server: string; host: string | null; hosts: string[] }
  | { code: 'unknown-project'; project: string; closest: string[] }
  /** a server that cannot move at all is not forced cold: it stays whatever is asked */
  | { code: 'cannot-move'; serverId: string; server: string }
  /** the pinned host is the one being emptied, or out of service */
  | { code: 'pin-unusable'; serverId: string; server: string; host: string }
  | { code: 'pin-blocked'; serverId: string; server: string; host: string; blockers: Blocker[] }
  /** the host's servers changed since the plan: it is asked for again, not edited */
  | { code: 'servers-changed'; id: string };

/** Which server (by ID) an edit refused is about, for the modal's error under that server. */
export function refusedServerId(refusal: PlanEditRefusal): string | undefined {
  return 'serverId' in refusal ? refusal.serverId : undefined;
}

/** The edit that leaves this server where it is (itself or its project), if any. */
export function skipOf(
  edits: readonly PlanEdit[] | undefined,
  server: { serverId: string; projectId?: string | undefined },
): Extract<PlanEdit, { code: 'skip' | 'skip-project' }> | undefined {
  for (const edit of edits ?? []) {
    if (edit.code === 'skip' && edit.serverId === server.serverId) return edit;
    if (edit.code === 'skip-project' && server.projectId && edit.projectId === server.projectId) return edit;
  }
  return undefined;
}

export function forcedColdOf(
  edits: readonly PlanEdit[] | undefined,
  serverId: string,
): Extract<PlanEdit, { code: 'force-cold' }> | undefined {
  return edits?.find(
    (edit): edit is Extract<PlanEdit, { code: 'force-cold' }> =>
      edit.code === 'force-cold' && edit.serverId === serverId,
  );
}

export function pinOf(
  edits: readonly PlanEdit[] | undefined,
  serverId: string,
): Extract<PlanEdit, { code: 'pin' }> | undefined {
  return edits?.find(
    (edit): edit is Extract<PlanEdit, { code: 'pin' }> => edit.code === 'pin' && edit.serverId === serverId,
  );
}

/** What the fingerprint covers of the edits: each one's target, never who made it; '' for none. */
export function editsCanonical(edits: readonly PlanEdit[] | undefined): string {
  if (!edits?.length) return '';
  return edits
    .map((edit) =>
      edit.code === 'skip-project'
        ? `skip-project:${edit.projectId}`
        : edit.code === 'pin'
          ? `pin:${edit.serverId}:${edit.host}`
          : `${edit.code}:${edit.serverId}`,
    )
    .sort()
    .join(',');
}
