import { NOVA_CONF_DEFAULTS, type SandboxHost, type SandboxServer } from './model.ts';
import { type SeedFlavor, type SeedHost, type SeedServer, sandboxUuid } from './seed.ts';

/** What a seed's server needs from the cloud it joins: its flavors, projects and users. */
interface SeedContext {
  flavors: SeedFlavor[];
  projects: Map<string, { id: string }>;
  users: Map<string, { id: string }>;
}

/** A compute host and its nova-compute service as the sandbox keeps them, the `index`-th of the cloud. */
export function hostRecord(seed: SeedHost, index: number, now: number): SandboxHost {
  return {
    name: seed.name,
    nodeName: `${seed.name}.sandbox.ferry.test`,
    nodeUuid: sandboxUuid('node', seed.name),
    serviceUuid: sandboxUuid('service', seed.name),
    hostIp: `192.0.2.${11 + index}`,
    hypervisorType: 'QEMU',
    hypervisorVersion: seed.hypervisorVersion,
    memoryMb: seed.memoryMb,
    reservedMemoryMb: 512,
    ramAllocationRatio: 1.0,
    vcpus: seed.vcpus,
    cpuAllocationRatio: 4.0,
    diskGb: seed.diskGb,
    status: seed.disabledReason ? 'disabled' : 'enabled',
    disabledReason: seed.disabledReason ?? null,
    forcedDown: false,
    down: false,
    zone: seed.zone ?? 'nova',
    serviceUpdatedAt: now,
    novaConf: { ...NOVA_CONF_DEFAULTS },
  };
}

/** A server as if booted a while ago, never in the future, the `index`-th of the cloud. */
export function serverRecord(
  cloud: SeedContext,
  seed: SeedServer,
  index: number,
  now: number,
): SandboxServer {
  const flavor = cloud.flavors.find((candidate) => candidate.name === seed.flavor);
  if (!flavor) throw new Error(`no sandbox flavor "${seed.flavor}"`);
  // a day apart, the first a month ago; past the 30th, closer and closer to yesterday, never later:
  // a guest booted in the future prints nothing on its console yet, and every console proof of it
  // would wait its whole deadline
  const created = now - Math.round((index < 30 ? 30 - index : 1 / (index - 28)) * 86_400_000);
  return {
    id: sandboxUuid('server', `${seed.project}/${seed.name}`),
    name: seed.name,
    projectId: cloud.projects.get(seed.project)?.id as string,
    userId: cloud.users.get(seed.user)?.id as string,
    flavor: { ...flavor },
    imageId: seed.volumeBacked ? null : sandboxUuid('image', seed.image ?? 'debian-12'),
    volumes: seed.volumeBacked ? [sandboxUuid('volume', `${seed.name}-root`)] : [],
    host: seed.host,
    vmState: seed.state ?? 'active',
    taskState: null,
    locked: seed.locked !== undefined,
    lockedReason: seed.locked ?? null,
    pinnedZone: seed.pinnedZone ?? null,
    groups: seed.group ? [sandboxUuid('group', seed.group)] : [],
    sharedStorage: seed.sharedStorage ?? false,
    dirtyRatio: seed.dirtyRatio ?? 0,
    instanceName: `instance-${(index + 1).toString(16).padStart(8, '0')}`,
    ports: (seed.ports ?? [{ name: '', vnicType: 'normal' as const }]).map((port, k) => ({
      id: sandboxUuid('port', `${seed.project}/${seed.name}/${k}`),
      name: port.name,
      networkId: sandboxUuid('network', port.vnicType === 'normal' ? 'private' : 'sriov-physnet'),
      macAddress: `fa:16:3e:${[index >> 8, index & 255, k].map((n) => (n & 255).toString(16).padStart(2, '0')).join(':')}`,
      ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${(index & 255) + k}`,
      vnicType: port.vnicType,
    })),
    created,
    updated: created,
    fault: null,
  };
}
