import type { AccessRefusal, CheckFact, ServiceProblem } from '../model/checks.ts';
import type { AccessPolicy, CheckResult, CloudSnapshot, MoveRequest } from '../model/types.ts';
import { zoneBlocker } from './fit.ts';

/**
 * The runbook's eight preconditions plus what an expert checks before pressing the button, each
 * applied the way Nova's API and conductor apply it (nova/compute/api.py, conductor/tasks/live_migrate.py).
 * Pure functions of one snapshot: no request is made here.
 */

export interface CheckContext {
  request: MoveRequest;
  snapshot: CloudSnapshot;
  access: AccessPolicy;
  /** resolved nova-compute host of the destination, or null for the scheduler's choice */
  destination: string | null;
}

export const pass = (
  id: CheckResult['id'],
  fact: CheckFact,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, status: 'pass', fact, evidence });

export const fail = (
  id: CheckResult['id'],
  fact: CheckFact,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, status: 'fail', fact, evidence });

export const warn = (
  id: CheckResult['id'],
  fact: CheckFact,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, status: 'warn', fact, evidence });

export function checkPermission({ request, snapshot, access }: CheckContext): CheckResult {
  const refusal = access.refusal(request.requestedBy);
  if (refusal)
    return fail('permission', { code: 'requester-refused', refusal }, { user: request.requestedBy });
  if (snapshot.readErrors.length > 0 || !snapshot.credentialRoles.includes('admin')) {
    return fail(
      'permission',
      { code: 'no-admin-role', roles: snapshot.credentialRoles, novaSaid: snapshot.readErrors[0] ?? null },
      { roles: snapshot.credentialRoles.join(',') },
    );
  }
  return pass(
    'permission',
    { code: 'may-move' },
    { user: request.requestedBy, roles: snapshot.credentialRoles.join(',') },
  );
}

export function checkParameters({ request, snapshot, destination }: CheckContext): CheckResult {
  if (!snapshot.server) {
    return fail(
      'parameters',
      snapshot.serverError
        ? { code: 'server-ambiguous', server: request.server, candidates: snapshot.serverError }
        : { code: 'server-not-found', server: request.server },
      { server: request.server },
    );
  }
  const server = snapshot.server;
  const typed = request.destination;
  if (typed && destination && typed !== destination) {
    return warn(
      'parameters',
      { code: 'node-name-given', typed, host: destination },
      { server: server.id, destination },
    );
  }
  return pass(
    'parameters',
    {
      code: 'server-resolved',
      server: { name: server.name, id: server.id },
      mode: request.mode,
      destination,
    },
    { server: server.id, mode: request.mode },
  );
}

export function checkDestination({ snapshot, destination }: CheckContext): CheckResult {
  if (!destination) return pass('destination', { code: 'scheduler-chooses' });
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  const service = snapshot.services.find((s) => s.host === destination);
  if (!hypervisor || !service) {
    const known = [...new Set(snapshot.hypervisors.map((h) => h.serviceHost))];
    const close = known.filter((host) => host.includes(destination) || destination.includes(host));
    return fail(
      'destination',
      {
        code: 'not-a-compute-host',
        host: destination,
        missing: hypervisor ? 'service' : 'hypervisor',
        choices: close.length ? close : known,
      },
      { destination, knownHosts: known.join(',') },
    );
  }
  return pass(
    'destination',
    { code: 'compute-host', host: destination, hypervisor: hypervisor.hostname },
    { hypervisor: hypervisor.hostname, serviceId: service.id },
  );
}

/**
 * Nova's availability zone rule for a named destination in another zone than the server's: a server
 * created in a zone stays in it (a fail); where Nova does not say (before 2.96) it is a warning; one
 * created in no zone passes, saying why. No line when the destination is in the server's own zone.
 */
export function checkZone({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  const service = snapshot.services.find((s) => s.host === destination && s.binary === 'nova-compute');
  if (!server || !destination || !service || destination === server.host) return null;
  const zone = zoneBlocker(server, service.zone);
  // the zone it runs in: nothing to say (a cloud of one zone never shows the line)
  if (!zone && service.zone === server.availabilityZone) return null;
  const evidence = { zone: service.zone, pinned: server.pinnedZone ?? '' };
  if (zone?.kind === 'zone')
    return (zone.pinned ? fail : warn)(
      'availability-zone',
      {
        code: 'other-zone',
        host: destination,
        server: server.name,
        zone: zone.zone,
        targetZone: zone.targetZone,
        pinned: zone.pinned,
      },
      evidence,
    );
  return pass(
    'availability-zone',
    {
      code: 'zone-allowed',
      host: destination,
      server: server.name,
      targetZone: service.zone,
      pinned: server.pinnedZone === undefined ? 'not-shown' : server.pinnedZone === null ? 'none' : 'same',
    },
    evidence,
  );
}

export function checkInstanceState({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const evidence = {
    status: server.status,
    taskState: server.taskState,
    powerState: server.powerState,
    locked: server.locked,
  };
  const fault = server.fault?.message ?? null;
  if (server.locked) {
    return fail(
      'instance-state',
      {
        code: 'server-locked',
        server: { name: server.name, id: server.id },
        lockedReason: server.lockedReason || null,
      },
      evidence,
    );
  }
  if (server.status === 'VERIFY_RESIZE')
    return fail('instance-state', { code: 'awaiting-resize-confirm', server: server.name }, evidence);
  if (server.taskState) {
    const moving = server.taskState === 'migrating' || server.taskState.startsWith('resize');
    return fail(
      'instance-state',
      { code: moving ? 'server-migrating' : 'server-busy', server: server.name, task: server.taskState },
      evidence,
    );
  }
  if (request.mode === 'cold') {
    if (server.status === 'ACTIVE' || server.status === 'SHUTOFF')
      return pass(
        'instance-state',
        { code: 'cold-accepts', server: server.name, status: server.status },
        evidence,
      );
    return fail(
      'instance-state',
      { code: 'cold-refuses', server: server.name, status: server.status, fault },
      evidence,
    );
  }
  // Nova's API wants vm_state ACTIVE or PAUSED; the conductor then wants power state RUNNING or PAUSED.
  const runningOrPaused = server.powerState === 1 || server.powerState === 3;
  if ((server.status === 'ACTIVE' || server.status === 'PAUSED') && runningOrPaused)
    return pass(
      'instance-state',
      { code: 'live-accepts', server: server.name, status: server.status },
      evidence,
    );
  return fail(
    'instance-state',
    { code: 'live-refuses', server: server.name, status: server.status, fault },
    evidence,
  );
}

export function checkComputeServices({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server?.host) return null;
  const source = snapshot.services.find((s) => s.host === server.host);
  const problems: ServiceProblem[] = [];
  if (source?.state !== 'up' || source.forcedDown)
    problems.push({ what: 'source-down', host: server.host, forced: Boolean(source?.forcedDown) });
  if (destination) {
    const dest = snapshot.services.find((s) => s.host === destination);
    if (dest && (dest.state !== 'up' || dest.forcedDown))
      problems.push({ what: 'destination-down', host: destination, forced: Boolean(dest.forcedDown) });
    if (dest?.status === 'disabled')
      problems.push({ what: 'destination-disabled', host: destination, reason: dest.disabledReason || null });
  }
  const evidence = {
    source: source ? `${source.state}/${source.status}` : 'missing',
    destination: destination
      ? (snapshot.services.find((s) => s.host === destination)?.state ?? 'missing')
      : null,
  };
  if (problems.length) return fail('compute-services', { code: 'services-down', problems }, evidence);
  return pass('compute-services', { code: 'services-up', source: server.host, destination }, evidence);
}

export function checkDistinctHosts({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  if (!destination) return pass('distinct-hosts', { code: 'scheduler-avoids-source' });
  if (destination !== server.host)
    return pass('distinct-hosts', { code: 'hosts-differ', source: server.host, destination });
  return fail(
    'distinct-hosts',
    { code: 'same-host', server: server.name, host: destination, cold: request.mode === 'cold' },
    { host: server.host },
  );
}

/** The permission line of a plan that empties hosts (an evacuation's, a drain's). */
export function emptyingPermission(refusal: AccessRefusal | null, roles: string[]): CheckResult {
  if (refusal)
    return { id: 'permission', status: 'fail', fact: { code: 'requester-refused', refusal }, evidence: {} };
  if (!roles.includes('admin'))
    return { id: 'permission', status: 'fail', fact: { code: 'no-admin-role-to-empty' }, evidence: {} };
  return { id: 'permission', status: 'pass', fact: { code: 'may-empty' }, evidence: {} };
}

/**
 * What the move will do to the server (#28): a live move of a server that cannot move live fails
 * with the fix (use --cold), one that cannot move at all fails, a network blip or a version condition
 * warns. Not judged without the facts (no server, or an older snapshot).
 */
export function checkImpact({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  const impact = snapshot.impact;
  if (!server || !impact) return null;
  const fact = {
    code: 'move-impact' as const,
    server: server.name,
    impact,
    mode: request.mode,
    status: server.status,
  };
  const evidence = { class: impact.class, reasons: impact.reasons.map((reason) => reason.code).join(',') };
  switch (impact.class) {
    case 'cannot-move':
      return fail('impact', fact, evidence);
    case 'cold-only':
      return request.mode === 'cold' ? warn('impact', fact, evidence) : fail('impact', fact, evidence);
    case 'live-network-blip':
    case 'live-if-new-enough':
      return request.mode === 'cold' ? pass('impact', fact, evidence) : warn('impact', fact, evidence);
    case 'live':
      return pass('impact', fact, evidence);
  }
}
