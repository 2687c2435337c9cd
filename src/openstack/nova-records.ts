import type {
  ActionEvent,
  ComputeService,
  InstanceAction,
  InstanceActionSummary,
  Migration,
  MigrationType,
  Server,
  ServerGroup,
  TransferBytes,
} from '../core/model/cloud.ts';
import { humanPart } from './http.ts';

/** Nova's JSON answers as the core's records: only fields the recorded answers carry. */

type Json = Record<string, unknown>;

export function toServer(raw: Json): Server {
  const flavor = (raw.flavor ?? {}) as Json;
  const image = raw.image as Json | string | undefined;
  const fault = raw.fault as Json | undefined;
  const server: Server = {
    id: String(raw.id),
    name: String(raw.name),
    status: String(raw.status),
    vmState: String(raw['OS-EXT-STS:vm_state'] ?? ''),
    taskState: (raw['OS-EXT-STS:task_state'] as string | null) ?? null,
    powerState: Number(raw['OS-EXT-STS:power_state'] ?? 0),
    host: (raw['OS-EXT-SRV-ATTR:host'] as string | null) ?? null,
    hypervisorHostname: (raw['OS-EXT-SRV-ATTR:hypervisor_hostname'] as string | null) ?? null,
    instanceName: (raw['OS-EXT-SRV-ATTR:instance_name'] as string | null) ?? null,
    projectId: String(raw.tenant_id),
    userId: String(raw.user_id),
    locked: raw.locked === true,
    lockedReason: (raw.locked_reason as string | null) ?? null,
    flavor: {
      name: String(flavor.original_name ?? flavor.id ?? ''),
      vcpus: Number(flavor.vcpus ?? 0),
      ramMb: Number(flavor.ram ?? 0),
      diskGb: Number(flavor.disk ?? 0),
      ephemeralGb: Number(flavor.ephemeral ?? 0),
      swapMb: Number(flavor.swap || 0),
      extraSpecs: extraSpecsOf(flavor.extra_specs),
    },
    imageId: image && typeof image === 'object' ? String(image.id) : null,
    volumeIds: ((raw['os-extended-volumes:volumes_attached'] as Json[] | undefined) ?? []).map((v) =>
      String(v.id),
    ),
    serverGroupIds: Array.isArray(raw.server_groups) ? (raw.server_groups as string[]) : null,
    availabilityZone: (raw['OS-EXT-AZ:availability_zone'] as string | null) ?? null,
    fault: faultOf(fault),
    updated: String(raw.updated ?? ''),
  };
  const addresses = addressesOf(raw.addresses);
  const pinned =
    'pinned_availability_zone' in raw
      ? { pinnedZone: (raw.pinned_availability_zone as string | null) ?? null }
      : {};
  return { ...server, ...pinned, ...(addresses ? { addresses } : {}) };
}

/** Nova's `addresses` map (network name → its addresses, api-ref's shape) as a list. */
function addressesOf(raw: unknown): Server['addresses'] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  return Object.entries(raw as Record<string, unknown>).flatMap(([network, list]) =>
    (Array.isArray(list) ? (list as Json[]) : [])
      .filter((entry) => typeof entry?.addr === 'string')
      .map((entry) => ({
        network,
        addr: String(entry.addr),
        version: Number(entry.version ?? 0),
        type: typeof entry['OS-EXT-IPS:type'] === 'string' ? String(entry['OS-EXT-IPS:type']) : null,
      })),
  );
}

/** The embedded flavor's extra specs (2.47+), values as Nova stores them: strings. */
function extraSpecsOf(raw: unknown): Record<string, string> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  return Object.fromEntries(Object.entries(raw as Json).map(([key, value]) => [key, String(value)]));
}

/** The server's fault, when Nova wrote it for people (a bare exception class name is not). */
function faultOf(fault: Json | undefined): Server['fault'] {
  const message = fault ? humanPart(String(fault.message ?? '')) : null;
  return fault && message ? { code: Number(fault.code), message } : null;
}

export function toGroup(group: Json): ServerGroup {
  return {
    id: String(group.id),
    name: String(group.name),
    policy: String(group.policy ?? (group.policies as string[] | undefined)?.[0] ?? ''),
    members: (group.members as string[]) ?? [],
  };
}

export function toService(raw: Json): ComputeService {
  return {
    id: String(raw.id),
    binary: String(raw.binary),
    host: String(raw.host),
    zone: String(raw.zone ?? ''),
    status: raw.status === 'enabled' ? 'enabled' : 'disabled',
    state: raw.state === 'up' ? 'up' : 'down',
    disabledReason: (raw.disabled_reason as string | null) ?? null,
    forcedDown: raw.forced_down === true,
    updatedAt: (raw.updated_at as string | null) ?? null,
  };
}

function bytes(raw: Json, prefix: 'memory' | 'disk'): TransferBytes | null {
  const total = raw[`${prefix}_total_bytes`];
  if (typeof total !== 'number') return null;
  return {
    total,
    processed: Number(raw[`${prefix}_processed_bytes`] ?? 0),
    remaining: Number(raw[`${prefix}_remaining_bytes`] ?? 0),
  };
}

export function toMigration(raw: Json, serverId: string): Migration {
  return {
    id: Number(raw.id),
    uuid: (raw.uuid as string | undefined) ?? null,
    serverId: String(raw.server_uuid ?? raw.instance_uuid ?? serverId),
    status: String(raw.status),
    type: (raw.migration_type as MigrationType | undefined) ?? 'live-migration',
    sourceCompute: (raw.source_compute as string | null) ?? null,
    destCompute: (raw.dest_compute as string | null) ?? null,
    createdAt: String(raw.created_at),
    updatedAt: (raw.updated_at as string | null) ?? null,
    memory: bytes(raw, 'memory'),
    disk: bytes(raw, 'disk'),
  };
}

export function toAction(raw: Json): InstanceAction {
  return {
    action: String(raw.action),
    requestId: String(raw.request_id),
    message: (raw.message as string | null) ?? null,
    startTime: String(raw.start_time),
    events: ((raw.events as Json[] | undefined) ?? []).map(
      (event): ActionEvent => ({
        event: String(event.event),
        result: (event.result as 'Success' | 'Error' | null) ?? null,
        startTime: String(event.start_time),
        finishTime: (event.finish_time as string | null) ?? null,
        host: (event.host as string | null) ?? null,
        // the reason as people read it; the event's traceback (admins only) is never read
        details: typeof event.details === 'string' ? humanPart(event.details) : null,
      }),
    ),
  };
}

/** One entry of the instance-actions list (which carries no events). */
export function toActionSummary(raw: Json): InstanceActionSummary {
  return {
    action: String(raw.action),
    requestId: String(raw.request_id),
    startTime: String(raw.start_time),
  };
}
