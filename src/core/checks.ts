import { freeOf, type ProviderCapacity, type Server } from './cloud-model.ts';
import {
  type BlockerKind,
  blockersOn,
  capacityShortfall,
  fixForBlockers,
  needOf,
  versionText,
} from './fit.ts';
import type { AccessPolicy, Candidate, CheckResult, CloudSnapshot, MoveRequest } from './types.ts';

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

const pass = (
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

const fail = (
  id: CheckResult['id'],
  title: string,
  reason: string,
  fix: string,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, title, status: 'fail', reason, fix, evidence });

const warn = (
  id: CheckResult['id'],
  title: string,
  reason: string,
  fix: string,
  evidence: CheckResult['evidence'] = {},
): CheckResult => ({ id, title, status: 'warn', reason, fix, evidence });

export function checkPermission({ request, snapshot, access }: CheckContext): CheckResult {
  const title = 'Permission';
  const refusal = access.refusal(request.requestedBy);
  if (refusal)
    return fail('permission', title, refusal, 'Ask a Ferry admin to add you to FERRY_REQUESTERS.', {
      user: request.requestedBy,
    });
  if (snapshot.readErrors.length > 0 || !snapshot.credentialRoles.includes('admin')) {
    return fail(
      'permission',
      title,
      `Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host${
        snapshot.readErrors[0] ? ` (Nova said: ${snapshot.readErrors[0]})` : ''
      }.`,
      "Give the account or application credential Ferry uses the cloud's admin role.",
      { roles: snapshot.credentialRoles.join(',') },
    );
  }
  return pass(
    'permission',
    title,
    "The requester may ask for moves; Ferry's cloud credentials hold the admin role.",
    { user: request.requestedBy, roles: snapshot.credentialRoles.join(',') },
  );
}

export function checkParameters({ request, snapshot, destination }: CheckContext): CheckResult {
  const title = 'Parameters';
  if (!snapshot.server) {
    return fail(
      'parameters',
      title,
      snapshot.serverError ?? `Server "${request.server}" not found.`,
      'Check the name, or use the server ID.',
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
      `"${typed}" is the hypervisor (node) name of compute host ${destination}; Ferry targets the host ${destination}.`,
      `Say "to ${destination}" next time: Nova's migration target is the nova-compute host, not the node name.`,
      { server: server.id, destination },
    );
  }
  const kind =
    request.mode === 'cold'
      ? 'cold migration'
      : request.mode === 'block'
        ? 'block live migration'
        : 'live migration';
  return pass(
    'parameters',
    title,
    `${server.name} (${server.id}) resolved; ${kind} to ${destination ?? "the scheduler's choice"}.`,
    {
      server: server.id,
      mode: request.mode,
    },
  );
}

export function checkDestination({ snapshot, destination }: CheckContext): CheckResult {
  const title = 'Destination exists';
  if (!destination)
    return pass('destination', title, "No destination given: Nova's scheduler will choose one.");
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  const service = snapshot.services.find((s) => s.host === destination);
  if (!hypervisor || !service) {
    const known = [...new Set(snapshot.hypervisors.map((h) => h.serviceHost))];
    const close = known.filter((host) => host.includes(destination) || destination.includes(host));
    return fail(
      'destination',
      title,
      `${destination} is not a compute host of this cloud${!hypervisor ? ' (no hypervisor)' : ' (no nova-compute service)'}.`,
      `Pick one of: ${(close.length ? close : known).join(', ')}.`,
      { destination, knownHosts: known.join(',') },
    );
  }
  return pass('destination', title, `${destination} is a compute host (hypervisor ${hypervisor.hostname}).`, {
    hypervisor: hypervisor.hostname,
    serviceId: service.id,
  });
}

export function checkInstanceState({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const title = 'Server state';
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
      `${server.name} is locked${server.lockedReason ? `: "${server.lockedReason}"` : ''}; Nova refuses to move a locked server.`,
      `Ask its owner, then unlock it: openstack server unlock ${server.id}`,
      evidence,
    );
  }
  if (server.status === 'VERIFY_RESIZE') {
    return fail(
      'instance-state',
      title,
      `${server.name} is waiting for an earlier cold migration to be confirmed (VERIFY_RESIZE).`,
      'Confirm or revert that migration first.',
      evidence,
    );
  }
  if (server.taskState) {
    const moving = server.taskState === 'migrating' || server.taskState.startsWith('resize');
    return fail(
      'instance-state',
      title,
      moving
        ? `${server.name} is already being migrated (task ${server.taskState}).`
        : `${server.name} is busy with another task (${server.taskState}); Nova would answer 409.`,
      moving
        ? 'Wait for that migration to end (/migrations shows it).'
        : 'Wait for the task to finish and ask again.',
      evidence,
    );
  }
  if (request.mode === 'cold') {
    if (server.status === 'ACTIVE' || server.status === 'SHUTOFF') {
      return pass(
        'instance-state',
        title,
        `${server.name} is ${server.status}; a cold migration ${server.status === 'ACTIVE' ? 'stops it, moves it and starts it again' : 'moves it while it stays off'}.`,
        evidence,
      );
    }
    return fail(
      'instance-state',
      title,
      `${server.name} is ${server.status}; cold migration needs ACTIVE or SHUTOFF.`,
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
      `${server.name} is ${server.status} and running: it can move live.`,
      evidence,
    );
  }
  return fail(
    'instance-state',
    title,
    `${server.name} is ${server.status}${server.status === 'ACTIVE' ? ' but not running' : ''}; live migration needs a running (or paused) server.`,
    server.status === 'SHUTOFF'
      ? 'Use --cold: a stopped server moves by cold migration.'
      : fixForStatus(server),
    evidence,
  );
}

function fixForStatus(server: Server): string {
  if (server.status === 'ERROR') {
    return `Find out why it is in ERROR${server.fault ? ` (Nova: ${server.fault.message})` : ''} before moving it; reset its state only once the hypervisor agrees.`;
  }
  return 'Bring it to ACTIVE (or SHUTOFF for a cold move) first.';
}

export function checkComputeServices({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server?.host) return null;
  const title = 'nova-compute up and enabled';
  const source = snapshot.services.find((s) => s.host === server.host);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (source?.state !== 'up' || source.forcedDown) {
    problems.push(
      `nova-compute on the source ${server.host} is ${source?.forcedDown ? 'forced down' : 'down'}`,
    );
    fixes.push(`Start nova-compute on ${server.host} (a dead host needs evacuation, not migration)`);
  }
  if (destination) {
    const dest = snapshot.services.find((s) => s.host === destination);
    if (dest && (dest.state !== 'up' || dest.forcedDown)) {
      problems.push(`nova-compute on ${destination} is ${dest.forcedDown ? 'forced down' : 'down'}`);
      fixes.push(`Start nova-compute on ${destination}, or choose another host`);
    }
    if (dest?.status === 'disabled') {
      problems.push(
        `${destination} is disabled${dest.disabledReason ? ` ("${dest.disabledReason}")` : ''}, so the scheduler will not place anything there`,
      );
      fixes.push(
        `Choose another host, or re-enable it: openstack compute service set --enable ${destination} nova-compute`,
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
    return fail('compute-services', title, `${problems.join('; ')}.`, `${fixes.join('. ')}.`, evidence);
  return pass(
    'compute-services',
    title,
    destination
      ? `nova-compute is up on ${server.host} and up and enabled on ${destination}.`
      : `nova-compute is up on ${server.host}.`,
    evidence,
  );
}

export function checkDistinctHosts({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const title = 'Destination differs from source';
  if (!destination)
    return pass('distinct-hosts', title, "Nova's scheduler never picks the server's current host.");
  if (destination !== server.host) return pass('distinct-hosts', title, `${server.host} → ${destination}.`);
  return fail(
    'distinct-hosts',
    title,
    request.mode === 'cold'
      ? `${server.name} already runs on ${destination}. On libvirt a cold migration never lands on the same host; allow_resize_to_same_host only affects resize.`
      : `${server.name} already runs on ${destination}.`,
    'Choose another host, or leave the destination out to let the scheduler pick.',
    { host: server.host },
  );
}

function need(server: Server) {
  const { MEMORY_MB, VCPU, DISK_GB } = needOf(server);
  return { memory: MEMORY_MB, vcpus: VCPU, disk: DISK_GB };
}

export function checkCapacity(
  { request, snapshot, destination }: CheckContext,
  candidates: Candidate[],
): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const title = 'Room on the destination';
  const wanted = need(server);
  const asked = `${wanted.memory} MB, ${wanted.vcpus} vCPUs${wanted.disk ? `, ${wanted.disk} GB disk` : ' (boots from volume: no disk)'}`;
  if (!destination) {
    const usable = candidates.filter((c) => !c.refusal);
    if (usable.length === 0) {
      const out = snapshot.hypervisors.filter(
        (h) => h.serviceHost !== server.host && (h.status !== 'enabled' || h.state !== 'up'),
      );
      const perHost = candidates.map((c) => `${c.host}: ${c.refusal}`);
      const outOfService = out.map(
        (h) => `${h.serviceHost}: ${h.status === 'enabled' ? 'down' : 'disabled'}`,
      );
      const kinds = new Set(candidates.flatMap((c) => c.blockers ?? []));
      return fail(
        'capacity',
        'Room elsewhere',
        `No host can take ${server.name} (${asked}). ${[...perHost, ...outOfService].join('; ') || 'There is no other compute host'}.`,
        candidates.length ? fixForBlockers(kinds, request.mode !== 'cold') : 'Enable or add a compute host.',
        { candidates: candidates.length },
      );
    }
    return pass(
      'capacity',
      'Room elsewhere',
      `${usable.length} host(s) can take ${server.name} (${asked}); most room: ${usable[0]?.host}.`,
      {
        candidates: usable.map((c) => c.host).join(','),
      },
    );
  }
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!hypervisor) return null;
  const capacity = snapshot.capacity.get(hypervisor.id);
  const shortfall = capacityShortfall(needOf(server), capacity).join('; ');
  const memory = capacity?.MEMORY_MB;
  const evidence = {
    freeMemoryMb: memory ? freeOf(memory) : null,
    needMemoryMb: wanted.memory,
    freeVcpus: capacity?.VCPU ? freeOf(capacity.VCPU) : null,
    freeDiskGb: capacity?.DISK_GB ? freeOf(capacity.DISK_GB) : null,
  };
  if (shortfall) {
    return fail(
      'capacity',
      title,
      `${destination} has no room for ${server.name}: ${shortfall} (Placement: (total − reserved) × allocation ratio − used).`,
      'Choose a host with more room, or move something off it first.',
      evidence,
    );
  }
  const left = memory ? freeOf(memory) - wanted.memory : 0;
  if (memory && left < 0.05 * (memory.total - memory.reserved) * memory.allocationRatio) {
    return warn(
      'capacity',
      title,
      `${destination} fits ${server.name} but only ${left} MB of memory stays free afterwards.`,
      'Fine for one server; plan before moving more there.',
      evidence,
    );
  }
  return pass(
    'capacity',
    title,
    `${destination} has ${memory ? freeOf(memory) : '?'} MB free memory for ${asked}.`,
    evidence,
  );
}

export function checkHypervisor({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || !destination) return null;
  const title = 'Hypervisor type and version';
  const source = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
  const dest = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!source || !dest) return null;
  const evidence = {
    source: `${source.type} ${versionText(source.version)}`,
    destination: `${dest.type} ${versionText(dest.version)}`,
  };
  if (request.mode === 'cold') {
    return pass(
      'hypervisor',
      title,
      'A cold migration boots the server afresh, so hypervisor versions need not match.',
      evidence,
    );
  }
  if (source.type !== dest.type) {
    return fail(
      'hypervisor',
      title,
      `${destination} runs ${dest.type}, ${server.host} runs ${source.type}; Nova live-migrates only between equal types.`,
      'Choose a host with the same hypervisor, or use --cold.',
      evidence,
    );
  }
  if (dest.version < source.version) {
    return fail(
      'hypervisor',
      title,
      `${destination} runs ${dest.type} ${versionText(dest.version)}, older than ${server.host}'s ${versionText(source.version)}: Nova refuses a live migration to an older hypervisor (the runbook says "equal"; Nova only needs "not older").`,
      `Choose a host with ${versionText(source.version)} or newer, upgrade ${destination}, or use --cold.`,
      evidence,
    );
  }
  return pass(
    'hypervisor',
    title,
    dest.version === source.version
      ? `Both run ${source.type} ${versionText(source.version)}.`
      : `${destination} runs a newer ${dest.type} (${versionText(dest.version)} ≥ ${versionText(source.version)}), which Nova accepts.`,
    evidence,
  );
}

export function checkStorage({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || request.mode === 'cold') return null;
  const title = 'Storage and block migration';
  const localGb = need(server).disk;
  const evidence = {
    volumeBacked: server.imageId === null,
    localDiskGb: localGb,
    volumes: server.volumeIds.length,
  };
  if (server.imageId === null) {
    if (request.mode === 'block') {
      return fail(
        'storage',
        title,
        `${server.name} boots from a volume and has no local disk; Nova refuses --block-migration on shared storage ("Block migration can not be used with shared storage.").`,
        'Leave out --block-migration: only memory needs to move.',
        evidence,
      );
    }
    return pass('storage', title, `${server.name} boots from a volume: only its memory moves.`, evidence);
  }
  if (request.mode === 'block') {
    return warn(
      'storage',
      title,
      `Block migration forced: ${localGb} GB of local disk is copied before the memory. If its instances path is shared storage, Nova refuses.`,
      'Leave out --block-migration to let Nova decide (block_migration "auto").',
      evidence,
    );
  }
  return pass(
    'storage',
    title,
    `${server.name} has ${localGb} GB of local disk: with block_migration "auto" Nova copies it unless the instances path is shared (NFS/Ceph), so the move may take longer.`,
    evidence,
  );
}

export function checkServerGroups({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || snapshot.groups.length === 0) return null;
  const title = 'Server group policy';
  const hostOf = (id: string): string | null => {
    for (const [host, servers] of snapshot.serversByHost) if (servers.some((s) => s.id === id)) return host;
    return null;
  };
  for (const group of snapshot.groups) {
    const others = group.members.filter((id) => id !== server.id);
    if (group.policy === 'anti-affinity' || group.policy === 'soft-anti-affinity') {
      if (!destination) continue;
      const clash = others.find((id) => hostOf(id) === destination);
      if (!clash) continue;
      const clashName = snapshot.serversByHost.get(destination)?.find((s) => s.id === clash)?.name ?? clash;
      const reason = `${clashName} of ${group.policy} group "${group.name}" already runs on ${destination}.`;
      if (group.policy === 'soft-anti-affinity') {
        return warn(
          'server-groups',
          title,
          `${reason} Nova allows it but the group loses its spread.`,
          'Prefer another host.',
          { group: group.id },
        );
      }
      return fail(
        'server-groups',
        title,
        `${reason} Nova would refuse the move.`,
        'Choose a host where no member of the group runs.',
        { group: group.id },
      );
    }
    if (group.policy === 'affinity' && others.length > 0) {
      return fail(
        'server-groups',
        title,
        `${server.name} is in affinity group "${group.name}": all its members must share one host, so it cannot move alone.`,
        'Move the whole group (e.g. with /evacuate), or take it out of the group.',
        { group: group.id },
      );
    }
  }
  return pass(
    'server-groups',
    title,
    `Moving does not break the policy of ${snapshot.groups.map((g) => `"${g.name}" (${g.policy})`).join(', ')}.`,
  );
}

/** Hosts the scheduler could pick, best first, each with every reason Nova would not. */
export function rankCandidates({ request, snapshot }: CheckContext): Candidate[] {
  const server = snapshot.server;
  if (!server) return [];
  const source = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
  return snapshot.hypervisors
    .filter((h) => h.serviceHost !== server.host && snapshot.capacity.has(h.id))
    .map((h): Candidate => {
      const capacity = snapshot.capacity.get(h.id) as ProviderCapacity;
      const residents = new Map((snapshot.serversByHost.get(h.serviceHost) ?? []).map((s) => [s.id, s.name]));
      const blockers = blockersOn({
        server,
        source,
        target: h,
        capacity,
        live: request.mode !== 'cold',
        groups: snapshot.groups,
        residents,
      });
      return {
        host: h.serviceHost,
        freeMemoryMb: capacity.MEMORY_MB ? freeOf(capacity.MEMORY_MB) : 0,
        freeVcpus: capacity.VCPU ? freeOf(capacity.VCPU) : 0,
        freeDiskGb: capacity.DISK_GB ? freeOf(capacity.DISK_GB) : 0,
        ...(blockers.length
          ? {
              refusal: blockers.map((b) => b.text).join('; '),
              blockers: [...new Set(blockers.map((b) => b.kind))] as BlockerKind[],
            }
          : {}),
      };
    })
    .sort(
      (a, b) => Number(Boolean(a.refusal)) - Number(Boolean(b.refusal)) || b.freeMemoryMb - a.freeMemoryMb,
    );
}
