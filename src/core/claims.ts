import type { FerryEvent } from './events.ts';
import type { HeldBy } from './model/checks.ts';
import type { Claim, EvacuationRecord, HeldClaim, MoveRecord, RequestRecord } from './model/records.ts';
import type { CheckResult } from './model/types.ts';
import type { ClaimsPort } from './ports/claims.ts';
import type { RequestsPort } from './ports/requests.ts';
import type { RunsPort } from './ports/runs.ts';

/**
 * What an operation holds while it runs, so that no other operation touches it meanwhile: a move its
 * server (and shares the hosts it leaves and reaches with other moves); an evacuation the host it
 * empties and the servers it moves; a drain every host it walks (each host's evacuation then holds
 * that host's servers); a move back the host its servers return to, and those servers.
 */
export function claimsOf(request: RequestRecord): Claim[] {
  const host = (id: string, role: Claim['role']): Claim => ({ kind: 'host', id, name: id, role });
  const server = (id: string, name: string): Claim => ({ kind: 'server', id, name, role: 'moving' });
  if (request.kind === 'move') {
    const { serverId, serverName, source, destination } = request.plan;
    return [
      ...(serverId ? [server(serverId, serverName ?? serverId)] : []),
      ...(source ? [host(source, 'source')] : []),
      ...(destination && destination !== source ? [host(destination, 'destination')] : []),
    ];
  }
  if (request.kind === 'drain') return request.drain.hosts.map((h) => host(h.host, 'drained'));
  const state = request.evacuation;
  const servers = state.items
    .filter((item) => item.state === 'waiting')
    .map((item) => server(item.serverId, item.serverName));
  // a drain holds its hosts: its steps and their move backs hold only the servers they move
  if (state.drainId) return servers;
  return [host(state.host, state.returnOf ? 'return' : 'drained'), ...servers];
}

/** A host moves may share: many moves may leave or reach one host at once. */
const SHARED: Claim['role'][] = ['source', 'destination'];

/** Two claims on one host or server clash, unless both are moves sharing a host. */
export function clash(a: Claim, b: Claim): boolean {
  if (a.kind !== b.kind || a.id !== b.id) return false;
  return !(a.kind === 'host' && SHARED.includes(a.role) && SHARED.includes(b.role));
}

/** The first of `claims`, held by another than `holder`, that clashes with one `wanted` would take. */
function firstClash(claims: HeldClaim[], holder: string, wanted: Claim[]): HeldClaim | undefined {
  return claims.find((held) => held.holder !== holder && wanted.some((claim) => clash(claim, held)));
}

/** The first claim another operation holds now that `wanted` would take. */
export function claimInTheWay(store: ClaimsPort, holder: string, wanted: Claim[]): HeldClaim | undefined {
  return firstClash(store.heldClaims(), holder, wanted);
}

/** The first claim a request waiting for approval (not `holder`) would take that `wanted` would take too. */
function pendingInTheWay(store: RequestsPort, holder: string, wanted: Claim[]): HeldClaim | undefined {
  const asked = store
    .pendingRequests()
    .flatMap((other) => claimsOf(other).map((claim) => ({ ...claim, holder: other.id })));
  return firstClash(asked, holder, wanted);
}

/**
 * The precondition every request shows: no other operation holds its hosts or servers now. The store
 * checks again, atomically, when it is approved.
 */
export function claimsCheck(store: RequestsPort & ClaimsPort, request: RequestRecord): CheckResult {
  const wanted = claimsOf(request);
  const held = claimInTheWay(store, request.id, wanted);
  if (!held) {
    // another request waiting for approval wants the same (operator trial: a second /migrate of a
    // server showed ✅ and opened a second request): while the one approved first runs, the other is refused
    const pending = pendingInTheWay(store, request.id, wanted);
    if (pending)
      return {
        id: 'claims',
        status: 'warn',
        fact: { code: 'pending-too', held: heldBy(pending, store) },
        evidence: { pending: pending.holder, [pending.kind]: pending.name },
      };
    return { id: 'claims', status: 'pass', fact: { code: 'nothing-held' }, evidence: {} };
  }
  return {
    id: 'claims',
    status: 'fail',
    fact: { code: 'held', held: heldBy(held, store) },
    evidence: { holder: held.holder, [held.kind]: held.name },
  };
}

/** Who holds a claim another request wants, as data (src/messages/shared-checks.ts heldText words it). */
export function heldBy(held: HeldClaim, store: Pick<RequestsPort, 'getRequest'>): HeldBy {
  const holder = store.getRequest(held.holder);
  return {
    kind: held.kind,
    name: held.name,
    role: held.role,
    holder: held.holder,
    holderKind: holder?.kind ?? null,
    drainId: (holder?.kind === 'evacuation' ? holder.evacuation.drainId : undefined) ?? null,
  };
}

/** A move someone asked for ended: its server and hosts are free (an evacuation's moves hold none). */
export async function releaseEndedMove(store: RequestsPort & ClaimsPort, event: FerryEvent): Promise<void> {
  if (event.kind !== 'run.outcome') return;
  const move = store.getMove(event.run.requestId);
  if (move?.claims?.length && !move.parentId) await store.releaseClaims(move.id);
}

/**
 * Moves someone approved that still hold their claims and have no run: the approval was written and
 * the process stopped before it began the start (an evacuation's moves hold no claims of their own).
 */
export function approvedNotStarted(store: RequestsPort & ClaimsPort & RunsPort): MoveRecord[] {
  const started = new Set(store.runs().map((run) => run.requestId));
  const holders = new Set(store.heldClaims().map((held) => held.holder));
  return [...holders].flatMap((id) => {
    const move = store.getMove(id);
    return move?.status === 'approved' && !move.parentId && !started.has(id) ? [move] : [];
  });
}

/**
 * Evacuations someone approved that have not started and wait for no window or drain: the start's
 * check got no answer from the cloud, or the process stopped before it began the start.
 */
export function approvedEvacuationsNotStarted(store: RequestsPort): EvacuationRecord[] {
  return store
    .evacuations()
    .filter(
      (e) =>
        e.status === 'approved' &&
        e.evacuation.phase === 'planned' &&
        !e.evacuation.windowId &&
        !e.evacuation.drainId,
    );
}

/** Operations approved to start with a window that have not started: once it is cancelled they never will. */
export function waitingForWindow(store: RequestsPort, windowId: string): string[] {
  const evacuations = store
    .evacuations()
    .filter((e) => e.evacuation.windowId === windowId && e.evacuation.phase === 'planned');
  const drains = store.drains().filter((d) => d.drain.windowId === windowId && d.drain.phase === 'planned');
  return [...evacuations, ...drains].filter((r) => r.status === 'approved').map((r) => r.id);
}
