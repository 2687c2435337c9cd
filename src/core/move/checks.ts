import { t } from '../../i18n/index.ts';
import { serverStatusWord } from '../../messages/states.ts';
import type { Server } from '../model/cloud.ts';
import type { AccessPolicy, CheckResult, CloudSnapshot, MoveRequest } from '../model/types.ts';

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
  title: string,
  reason: string,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({
  id,
  title,
  status: 'pass',
  reason,
  evidence,
});

export const fail = (
  id: CheckResult['id'],
  title: string,
  reason: string,
  fix: string,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, title, status: 'fail', reason, fix, evidence });

export const warn = (
  id: CheckResult['id'],
  title: string,
  reason: string,
  fix: string,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, title, status: 'warn', reason, fix, evidence });

export function checkPermission({ request, snapshot, access }: CheckContext): CheckResult {
  const title = t`Permission`;
  const refusal = access.refusal(request.requestedBy);
  if (refusal)
    return fail('permission', title, refusal, t`Ask a Ferry admin to add you to FERRY_REQUESTERS.`, {
      user: request.requestedBy,
    });
  if (snapshot.readErrors.length > 0 || !snapshot.credentialRoles.includes('admin')) {
    return fail(
      'permission',
      title,
      t`Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host${
        snapshot.readErrors[0] ? t` (Nova said: ${snapshot.readErrors[0]})` : ''
      }.`,
      t`Give the account or application credential Ferry uses the cloud's admin role.`,
      { roles: snapshot.credentialRoles.join(',') },
    );
  }
  return pass(
    'permission',
    title,
    t`The requester may ask for moves; Ferry's cloud credentials hold the admin role.`,
    { user: request.requestedBy, roles: snapshot.credentialRoles.join(',') },
  );
}

export function checkParameters({ request, snapshot, destination }: CheckContext): CheckResult {
  const title = t`Parameters`;
  if (!snapshot.server) {
    return fail(
      'parameters',
      title,
      snapshot.serverError ?? t`Server "${request.server}" not found.`,
      t`Check the name, or use the server ID.`,
      {
        server: request.server,
      },
    );
  }
  const server = snapshot.server;
  const typed = request.destination;
  if (typed && destination && typed !== destination) {
    return warn(
      'parameters',
      title,
      t`"${typed}" is the hypervisor (node) name of compute host ${destination}; Ferry targets the host ${destination}.`,
      t`Say "to ${destination}" next time: Nova's migration target is the nova-compute host, not the node name.`,
      { server: server.id, destination },
    );
  }
  const kind =
    request.mode === 'cold'
      ? t`cold migration`
      : request.mode === 'block'
        ? t`block live migration`
        : t`live migration`;
  return pass(
    'parameters',
    title,
    t`${server.name} (${server.id}) resolved; ${kind} to ${destination ?? t`the scheduler's choice`}.`,
    {
      server: server.id,
      mode: request.mode,
    },
  );
}

export function checkDestination({ snapshot, destination }: CheckContext): CheckResult {
  const title = t`Destination exists`;
  if (!destination)
    return pass('destination', title, t`No destination given: Nova's scheduler will choose one.`);
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  const service = snapshot.services.find((s) => s.host === destination);
  if (!hypervisor || !service) {
    const known = [...new Set(snapshot.hypervisors.map((h) => h.serviceHost))];
    const close = known.filter((host) => host.includes(destination) || destination.includes(host));
    return fail(
      'destination',
      title,
      t`${destination} is not a compute host of this cloud${!hypervisor ? t` (no hypervisor)` : t` (no nova-compute service)`}.`,
      t`Pick one of: ${(close.length ? close : known).join(t`, `)}.`,
      { destination, knownHosts: known.join(',') },
    );
  }
  return pass(
    'destination',
    title,
    t`${destination} is a compute host (hypervisor ${hypervisor.hostname}).`,
    {
      hypervisor: hypervisor.hostname,
      serviceId: service.id,
    },
  );
}

export function checkInstanceState({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const title = t`Server state`;
  const evidence = {
    status: server.status,
    taskState: server.taskState,
    powerState: server.powerState,
    locked: server.locked,
  };
  if (server.locked) {
    return fail(
      'instance-state',
      title,
      t`${server.name} is locked${server.lockedReason ? t`: "${server.lockedReason}"` : ''}; Nova refuses to move a locked server.`,
      t`Ask its owner, then unlock it: openstack server unlock ${server.id}`,
      evidence,
    );
  }
  if (server.status === 'VERIFY_RESIZE') {
    return fail(
      'instance-state',
      title,
      t`${server.name} is waiting for an earlier cold migration to be confirmed (VERIFY_RESIZE).`,
      t`Confirm or revert that migration first.`,
      evidence,
    );
  }
  if (server.taskState) {
    const moving = server.taskState === 'migrating' || server.taskState.startsWith('resize');
    return fail(
      'instance-state',
      title,
      moving
        ? t`${server.name} is already being migrated (task ${server.taskState}).`
        : t`${server.name} is busy with another task (${server.taskState}); Nova would answer 409.`,
      moving
        ? t`Wait for that migration to end (/migrations shows it).`
        : t`Wait for the task to finish and ask again.`,
      evidence,
    );
  }
  if (request.mode === 'cold') {
    if (server.status === 'ACTIVE' || server.status === 'SHUTOFF') {
      return pass(
        'instance-state',
        title,
        t`${server.name} is ${serverStatusWord(server.status)}; a cold migration ${server.status === 'ACTIVE' ? t`stops it, moves it and starts it again` : t`moves it while it stays off`}.`,
        evidence,
      );
    }
    return fail(
      'instance-state',
      title,
      t`${server.name} is ${serverStatusWord(server.status)}; cold migration needs ACTIVE or SHUTOFF.`,
      fixForStatus(server),
      evidence,
    );
  }
  // Nova's API wants vm_state ACTIVE or PAUSED; the conductor then wants power state RUNNING or PAUSED.
  const runningOrPaused = server.powerState === 1 || server.powerState === 3;
  if ((server.status === 'ACTIVE' || server.status === 'PAUSED') && runningOrPaused) {
    return pass(
      'instance-state',
      title,
      t`${server.name} is ${serverStatusWord(server.status)} and running: it can move live.`,
      evidence,
    );
  }
  return fail(
    'instance-state',
    title,
    t`${server.name} is ${serverStatusWord(server.status)}${server.status === 'ACTIVE' ? t` but not running` : ''}; live migration needs a running (or paused) server.`,
    server.status === 'SHUTOFF'
      ? t`Use --cold: a stopped server moves by cold migration.`
      : fixForStatus(server),
    evidence,
  );
}

function fixForStatus(server: Server): string {
  if (server.status === 'ERROR') {
    return t`Find out why it is in ERROR${server.fault ? ` (Nova: ${server.fault.message})` : ''} before moving it; reset its state only once the hypervisor agrees.`;
  }
  return t`Bring it to ACTIVE (or SHUTOFF for a cold move) first.`;
}

export function checkComputeServices({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server?.host) return null;
  const title = t`nova-compute up and enabled`;
  const source = snapshot.services.find((s) => s.host === server.host);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (source?.state !== 'up' || source.forcedDown) {
    problems.push(
      t`nova-compute on the source ${server.host} is ${source?.forcedDown ? t`forced down` : t`down`}`,
    );
    fixes.push(t`Start nova-compute on ${server.host} (a dead host needs evacuation, not migration)`);
  }
  if (destination) {
    const dest = snapshot.services.find((s) => s.host === destination);
    if (dest && (dest.state !== 'up' || dest.forcedDown)) {
      problems.push(t`nova-compute on ${destination} is ${dest.forcedDown ? t`forced down` : t`down`}`);
      fixes.push(t`Start nova-compute on ${destination}, or choose another host`);
    }
    if (dest?.status === 'disabled') {
      problems.push(
        t`${destination} is disabled${dest.disabledReason ? ` ("${dest.disabledReason}")` : ''}, so the scheduler will not place anything there`,
      );
      fixes.push(
        t`Choose another host, or re-enable it: openstack compute service set --enable ${destination} nova-compute`,
      );
    }
  }
  const evidence = {
    source: source ? `${source.state}/${source.status}` : 'missing',
    destination: destination
      ? (snapshot.services.find((s) => s.host === destination)?.state ?? 'missing')
      : null,
  };
  if (problems.length)
    return fail('compute-services', title, t`${problems.join(t`; `)}.`, t`${fixes.join(t`. `)}.`, evidence);
  return pass(
    'compute-services',
    title,
    destination
      ? t`nova-compute is up on ${server.host} and up and enabled on ${destination}.`
      : t`nova-compute is up on ${server.host}.`,
    evidence,
  );
}

export function checkDistinctHosts({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const title = t`Destination differs from source`;
  if (!destination)
    return pass('distinct-hosts', title, t`Nova's scheduler never picks the server's current host.`);
  if (destination !== server.host) return pass('distinct-hosts', title, t`${server.host} → ${destination}.`);
  return fail(
    'distinct-hosts',
    title,
    request.mode === 'cold'
      ? t`${server.name} already runs on ${destination}. On libvirt a cold migration never lands on the same host; allow_resize_to_same_host only affects resize.`
      : t`${server.name} already runs on ${destination}.`,
    t`Choose another host, or leave the destination out to let the scheduler pick.`,
    { host: server.host },
  );
}
