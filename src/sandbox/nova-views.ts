import type { SandboxAction, SandboxCloud, SandboxHost, SandboxMigration, SandboxServer } from './cloud.ts';
import { hostUsage } from './placement-and-scheduling.ts';

/** Nova's JSON, field for field, as each microversion shows it (samples in shared/openstack/api-samples). */

export type Version = [number, number];

const at = (version: Version, minor: number) => version[1] >= minor;

/** "2026-11-27T22:41:38.000000": Nova's DB timestamp format */
export function dbTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, '.$1000');
}

/** "2026-11-27T22:38:57Z": the format of server created/updated */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function serverView(
  cloud: SandboxCloud,
  server: SandboxServer,
  version: Version,
  base: string,
  /** list answers (GET /servers/detail): Nova shows server_groups only on GET /servers/{id} */
  inList = false,
): Record<string, unknown> {
  const root = base.replace(/\/v2\.1$/, '');
  const migration = cloud.activeMigration(server.id);
  const flavorView = at(version, 47)
    ? {
        vcpus: server.flavor.vcpus,
        ram: server.flavor.ram,
        disk: server.flavor.disk,
        ephemeral: 0,
        swap: 0,
        original_name: server.flavor.name,
        extra_specs: { ...server.flavor.extraSpecs },
      }
    : { id: server.flavor.id, links: [{ rel: 'bookmark', href: `${root}/flavors/${server.flavor.id}` }] };
  const view: Record<string, unknown> = {
    id: server.id,
    name: server.name,
    status: cloud.statusOf(server),
    tenant_id: server.projectId,
    user_id: server.userId,
    metadata: {},
    hostId: cloud.hostIdOf(server),
    image: server.imageId
      ? { id: server.imageId, links: [{ rel: 'bookmark', href: `${root}/images/${server.imageId}` }] }
      : '',
    flavor: flavorView,
    created: isoSeconds(server.created),
    updated: isoSeconds(server.updated),
    addresses: addressesOf(server),
    accessIPv4: '',
    accessIPv6: '',
    links: [
      { rel: 'self', href: `${base}/servers/${server.id}` },
      { rel: 'bookmark', href: `${root}/servers/${server.id}` },
    ],
    'OS-DCF:diskConfig': 'MANUAL',
    progress: 0,
    'OS-EXT-AZ:availability_zone': cloud.hosts.get(server.host)?.zone ?? 'nova',
    config_drive: '',
    key_name: null,
    'OS-SRV-USG:launched_at': dbTime(server.created),
    'OS-SRV-USG:terminated_at': null,
    'OS-EXT-SRV-ATTR:host': server.host,
    'OS-EXT-SRV-ATTR:instance_name': server.instanceName,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': cloud.hosts.get(server.host)?.nodeName ?? null,
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': cloud.recordedPowerState(server, migration),
    // No ports in the sandbox, so, like real Nova for a portless server, no security_groups key.
    'os-extended-volumes:volumes_attached': server.volumes.map((id) =>
      at(version, 3) ? { id, delete_on_termination: false } : { id },
    ),
  };
  if (at(version, 3)) {
    Object.assign(view, {
      'OS-EXT-SRV-ATTR:reservation_id': `r-${server.id.slice(0, 8)}`,
      'OS-EXT-SRV-ATTR:launch_index': 0,
      'OS-EXT-SRV-ATTR:hostname': server.name,
      'OS-EXT-SRV-ATTR:kernel_id': '',
      'OS-EXT-SRV-ATTR:ramdisk_id': '',
      'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
      'OS-EXT-SRV-ATTR:user_data': null,
    });
  }
  if (at(version, 9)) view.locked = server.locked;
  if (at(version, 16)) {
    const host = cloud.hosts.get(server.host);
    view.host_status = !host
      ? ''
      : !cloud.serviceUp(host)
        ? 'DOWN'
        : host.status === 'disabled'
          ? 'MAINTENANCE'
          : 'UP';
  }
  if (at(version, 19)) view.description = null;
  if (at(version, 26)) view.tags = [];
  if (at(version, 63)) view.trusted_image_certificates = null;
  if (at(version, 71) && !inList) view.server_groups = server.groups;
  if (at(version, 73)) view.locked_reason = server.lockedReason;
  if (at(version, 96)) view.pinned_availability_zone = server.pinnedZone;
  if (at(version, 100)) view.scheduler_hints = {};
  if (server.fault && (server.vmState === 'error' || cloud.statusOf(server) === 'ERROR')) {
    view.fault = {
      code: server.fault.code,
      created: isoSeconds(server.fault.created),
      message: server.fault.message,
    };
  }
  return view;
}

export function hypervisorView(
  cloud: SandboxCloud,
  host: SandboxHost,
  version: Version,
  index: number,
): Record<string, unknown> {
  const up = cloud.serviceUp(host);
  const uuids = at(version, 53);
  const view: Record<string, unknown> = {
    id: uuids ? host.nodeUuid : index + 1,
    hypervisor_hostname: host.nodeName,
    hypervisor_type: host.hypervisorType,
    hypervisor_version: host.hypervisorVersion,
    host_ip: host.hostIp,
    state: up ? 'up' : 'down',
    status: host.status,
    service: {
      host: host.name,
      id: uuids ? host.serviceUuid : index + 1,
      disabled_reason: host.disabledReason,
    },
  };
  if (at(version, 88)) {
    // Real Nova (the control plane's answers, and Nova's own API samples at 2.88) says null here.
    view.uptime = null;
    return view;
  }
  const used = hostUsage(cloud, host.name);
  const serversHere = [...cloud.servers.values()].filter((server) => server.host === host.name).length;
  const cpuInfo = {
    arch: 'x86_64',
    model: 'Icelake-Server',
    vendor: 'Intel',
    features: ['vmx', 'aes'],
    topology: { cores: host.vcpus / 2, threads: 2, sockets: 1 },
  };
  Object.assign(view, {
    vcpus: host.vcpus,
    vcpus_used: used.VCPU,
    memory_mb: host.memoryMb,
    memory_mb_used: used.MEMORY_MB + host.reservedMemoryMb,
    free_ram_mb: host.memoryMb - used.MEMORY_MB - host.reservedMemoryMb,
    local_gb: host.diskGb,
    local_gb_used: used.DISK_GB,
    free_disk_gb: host.diskGb - used.DISK_GB,
    disk_available_least: host.diskGb - used.DISK_GB,
    current_workload: 0,
    running_vms: serversHere,
    cpu_info: at(version, 28) ? cpuInfo : JSON.stringify(cpuInfo),
  });
  return view;
}

export function uptimeText(now: number): string {
  const minutes = Math.floor((now / 60_000) % 1440);
  const clock = new Date(now).toISOString().slice(11, 19);
  return ` ${clock} up 41 days, ${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')},  0 users,  load average: 0.42, 0.37, 0.31`;
}

export function serviceView(
  cloud: SandboxCloud,
  host: SandboxHost,
  version: Version,
  index: number,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: at(version, 53) ? host.serviceUuid : index + 1,
    binary: 'nova-compute',
    disabled_reason: host.disabledReason,
    host: host.name,
    state: cloud.serviceUp(host) ? 'up' : 'down',
    status: host.status,
    updated_at: dbTime(host.serviceUpdatedAt),
    zone: host.zone,
  };
  if (at(version, 11)) view.forced_down = host.forcedDown;
  return view;
}

/** The control-plane services real Nova also lists (always up in the sandbox). */
export function controlServiceViews(cloud: SandboxCloud, version: Version): Record<string, unknown>[] {
  return ['nova-scheduler', 'nova-conductor'].map((binary, index) => {
    const view: Record<string, unknown> = {
      id: at(version, 53) ? `0000000${index}-0000-4000-a000-00000000000${index}` : 100 + index,
      binary,
      disabled_reason: null,
      host: 'controller',
      state: 'up',
      status: 'enabled',
      updated_at: dbTime(cloud.clock.now()),
      zone: 'internal',
    };
    if (at(version, 11)) view.forced_down = false;
    return view;
  });
}

export function migrationView(
  cloud: SandboxCloud,
  migration: SandboxMigration,
  version: Version,
  base: string,
  style: 'os-migrations' | 'server-migrations',
): Record<string, unknown> {
  const dest = migration.dest ? cloud.hosts.get(migration.dest) : undefined;
  const source = cloud.hosts.get(migration.source);
  const common: Record<string, unknown> = {
    id: migration.id,
    source_compute: migration.source,
    dest_compute: migration.dest,
    source_node: source?.nodeName ?? null,
    dest_node: dest?.nodeName ?? null,
    // set by the destination's move claim (resource_tracker); a live migration without NUMA makes
    // none, so the lab's live records keep it null to the end (test/fixtures/lab-migrations)
    dest_host: migration.type === 'live-migration' ? null : (dest?.hostIp ?? null),
    status: migration.status,
    created_at: dbTime(migration.createdAt),
    updated_at: dbTime(migration.updatedAt),
  };
  if (style === 'server-migrations') {
    const running = migration.status === 'running' || migration.status === 'running (post-copy)';
    Object.assign(common, {
      server_uuid: migration.serverId,
      memory_total_bytes: running ? migration.memoryTotal : null,
      memory_processed_bytes: running ? Math.round(migration.memoryProcessed) : null,
      memory_remaining_bytes: running ? Math.round(migration.memoryRemaining) : null,
      disk_total_bytes: running ? migration.diskTotal : null,
      disk_processed_bytes: running ? Math.round(migration.diskProcessed) : null,
      disk_remaining_bytes: running ? Math.round(migration.diskRemaining) : null,
    });
  } else {
    Object.assign(common, {
      instance_uuid: migration.serverId,
      old_instance_type_id: Number(migration.flavorId),
      new_instance_type_id: Number(migration.flavorId),
    });
    if (at(version, 23)) {
      common.migration_type = migration.type;
      if (cloud.isInProgressLive(migration)) {
        const root = base.replace(/\/v2\.1$/, '');
        common.links = [
          { rel: 'self', href: `${base}/servers/${migration.serverId}/migrations/${migration.id}` },
          { rel: 'bookmark', href: `${root}/servers/${migration.serverId}/migrations/${migration.id}` },
        ];
      }
    }
  }
  if (at(version, 59)) common.uuid = migration.uuid;
  if (at(version, 80)) {
    common.user_id = migration.userId;
    common.project_id = migration.projectId;
  }
  return common;
}

export function actionView(
  action: SandboxAction,
  version: Version,
  withEvents: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    action: action.action,
    instance_uuid: action.serverId,
    request_id: action.requestId,
    user_id: action.userId,
    project_id: action.projectId,
    start_time: dbTime(action.startTime),
    message: action.message,
  };
  if (at(version, 58)) view.updated_at = dbTime(action.updatedAt);
  if (withEvents) {
    view.events = [...action.events].reverse().map((event) => {
      const eventView: Record<string, unknown> = {
        event: event.event,
        start_time: dbTime(event.startTime),
        finish_time: event.finishTime === null ? null : dbTime(event.finishTime),
        result: event.result,
        traceback:
          event.result === 'Error'
            ? `Traceback (most recent call last):\n  ...\n${event.details ?? ''}`
            : null,
      };
      if (at(version, 62)) {
        eventView.host = event.host;
        eventView.hostId = event.host ? `${event.host}-hostid` : '';
      }
      if (at(version, 84)) eventView.details = event.details;
      return eventView;
    });
  }
  return view;
}

/**
 * Nova's `addresses` (api-ref's shape, test/fixtures/api-samples): each port's fixed address under its
 * network's name. The lab's servers had no ports and answered `{}`; a server without ports here too.
 */
function addressesOf(server: SandboxServer): Record<string, unknown[]> {
  const networks: Record<string, unknown[]> = {};
  for (const port of server.ports) {
    const network = port.vnicType === 'normal' ? 'private' : 'sriov-physnet';
    const list = networks[network] ?? [];
    networks[network] = list;
    list.push({
      addr: port.ip,
      'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
      'OS-EXT-IPS:type': 'fixed',
      version: port.ip.includes(':') ? 6 : 4,
    });
  }
  return networks;
}
