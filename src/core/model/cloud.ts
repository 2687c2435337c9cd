/** Ferry's view of Nova and Placement objects, independent of the microversion they came in. */

export interface Flavor {
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
  ephemeralGb: number;
  swapMb: number;
  /**
   * The flavor's extra specs as the server's answer embeds them (2.47+: `flavor.extra_specs`); null when
   * the answer did not carry them (an older microversion, or a policy that hides them).
   */
  extraSpecs: Record<string, string> | null;
}

/** A Neutron port bound to a server: what a move does to it depends on its `binding:vnic_type`. */
export interface Port {
  id: string;
  name: string;
  serverId: string;
  /** `binding:vnic_type`: normal, direct, macvtap, direct-physical, vdpa, … (null: not shown to us) */
  vnicType: string | null;
  /** `binding:host_id`: the host Neutron bound it to (null: unbound; absent: not read) */
  boundTo?: string | null;
  /** Neutron's `status`: ACTIVE, DOWN, BUILD… (absent: not read) */
  status?: string | null;
}

export interface Server {
  id: string;
  name: string;
  status: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  /** nova-compute service host: the key for migration targets */
  host: string | null;
  hypervisorHostname: string | null;
  /** `OS-EXT-SRV-ATTR:instance_name`: the libvirt domain's name (absent: not shown to us) */
  instanceName?: string | null;
  projectId: string;
  userId: string;
  locked: boolean;
  lockedReason: string | null;
  flavor: Flavor;
  /** null when the server boots from a volume */
  imageId: string | null;
  volumeIds: string[];
  /** null when the answer did not say: list answers carry no server_groups */
  serverGroupIds: string[] | null;
  /** `OS-EXT-AZ:availability_zone`: the zone it runs in now */
  availabilityZone: string | null;
  /**
   * `pinned_availability_zone` (2.96+): the zone it was created in, which Nova keeps every move in; null:
   * created in none, so it may move to any zone; absent: the answer did not say (Nova before 2.96)
   */
  pinnedZone?: string | null;
  fault: { code: number; message: string } | null;
  updated: string;
  /**
   * Nova's `addresses`: each network's addresses (`OS-EXT-IPS:type` fixed or floating, null when not
   * said); absent: the answer did not carry them
   */
  addresses?: { network: string; addr: string; version: number; type: string | null }[];
}

export interface Hypervisor {
  /** compute node UUID, which is also its Placement resource provider UUID */
  id: string;
  hostname: string;
  type: string;
  version: number;
  hostIp: string;
  state: 'up' | 'down';
  status: 'enabled' | 'disabled';
  serviceHost: string;
  serviceId: string;
  disabledReason: string | null;
}

export interface ComputeService {
  id: string;
  binary: string;
  host: string;
  zone: string;
  status: 'enabled' | 'disabled';
  state: 'up' | 'down';
  disabledReason: string | null;
  forcedDown: boolean;
  updatedAt: string | null;
}

export type MigrationType = 'live-migration' | 'migration' | 'resize' | 'evacuation';

export interface TransferBytes {
  total: number;
  processed: number;
  remaining: number;
}

export interface Migration {
  id: number;
  uuid: string | null;
  serverId: string;
  status: string;
  type: MigrationType;
  sourceCompute: string | null;
  destCompute: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** only from /servers/{id}/migrations, and null where the driver reports nothing */
  memory: TransferBytes | null;
  disk: TransferBytes | null;
}

export interface ActionEvent {
  event: string;
  result: 'Success' | 'Error' | null;
  startTime: string;
  finishTime: string | null;
  host: string | null;
  details: string | null;
}

/** An entry of GET /servers/{id}/os-instance-actions: what was asked, by which request, when (Nova's clock). */
export interface InstanceActionSummary {
  action: string;
  requestId: string;
  startTime: string;
}

export interface InstanceAction {
  action: string;
  requestId: string;
  message: string | null;
  startTime: string;
  events: ActionEvent[];
}

export interface ServerGroup {
  id: string;
  name: string;
  policy: string;
  members: string[];
}

export interface ResourceCapacity {
  total: number;
  reserved: number;
  allocationRatio: number;
  used: number;
  minUnit: number;
  maxUnit: number;
  stepSize: number;
}

export type ProviderCapacity = Partial<Record<'MEMORY_MB' | 'VCPU' | 'DISK_GB', ResourceCapacity>>;

/** Placement's own fit test: (total − reserved) × allocation_ratio − used, plus unit limits. */
export function capacityOf(resource: ResourceCapacity): number {
  return Math.floor((resource.total - resource.reserved) * resource.allocationRatio);
}

export function freeOf(resource: ResourceCapacity): number {
  return capacityOf(resource) - resource.used;
}

export function fits(resource: ResourceCapacity, amount: number): boolean {
  if (amount === 0) return true;
  return (
    resource.used + amount <= capacityOf(resource) &&
    amount >= resource.minUnit &&
    amount <= resource.maxUnit &&
    amount % resource.stepSize === 0
  );
}

/**
 * A libvirt domain name as Nova makes it (instance_name_template: instance-%08x), and no more: the
 * one check before a server's instance_name reaches a shell on a compute host.
 */
export const DOMAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
