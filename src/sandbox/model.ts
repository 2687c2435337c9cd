import type { Clock } from '../clock.ts';
import type { SeedFlavor } from './seed.ts';

/** The sandbox cloud's records, its limits and the error Nova answers with. */

/** An error Nova would answer with; `status` and `message` are what the HTTP layer sends. */
export class NovaFault extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxHost {
  name: string;
  nodeName: string;
  nodeUuid: string;
  serviceUuid: string;
  hostIp: string;
  hypervisorType: string;
  hypervisorVersion: number;
  memoryMb: number;
  reservedMemoryMb: number;
  ramAllocationRatio: number;
  vcpus: number;
  cpuAllocationRatio: number;
  diskGb: number;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  forcedDown: boolean;
  /** heartbeat lost (nova-compute not running) */
  down: boolean;
  zone: string;
  serviceUpdatedAt: number;
  /** the nova.conf of its nova-compute that shapes live migrations from it */
  novaConf: NovaConf;
  /** its HW_CPU_* traits in Placement; absent: the CPU every sandbox host shares (api/placement.ts) */
  cpuTraits?: string[];
  /** the CPU its SSH answers describe (virsh); absent: compute3's is older, the others' newer (ssh-cpu.ts) */
  cpuFamily?: 'cascadelake' | 'broadwell';
}

/** nova.conf options of a compute host that limit live migrations, with Nova's defaults. */
export interface NovaConf {
  /** [DEFAULT] max_concurrent_live_migrations: more wait in `queued` on the source */
  maxConcurrentLiveMigrations: number;
  /** the source's migration network, shared by its transfers (bytes per second; 10 Gbit/s) */
  nicBytesPerSecond: number;
  /** [libvirt] live_migration_bandwidth, the cap on one migration's stream (bytes per second; 0: none) */
  bandwidthBytesPerSecond: number;
  /** [libvirt] live_migration_completion_timeout, seconds per GiB transferred (0: never) */
  completionTimeoutPerGiB: number;
  /** [libvirt] live_migration_timeout_action */
  timeoutAction: 'abort' | 'force_complete';
  /** [libvirt] live_migration_permit_post_copy: force-complete switches to post-copy */
  permitPostCopy: boolean;
  /**
   * [DEFAULT] scheduler_instance_sync_interval (seconds): how often nova-compute sends the scheduler its
   * list of servers; until then a server live-migrated off it stays on its list (placement-and-scheduling.ts)
   */
  instanceSyncSeconds: number;
}

export const NOVA_CONF_DEFAULTS: NovaConf = {
  maxConcurrentLiveMigrations: 1,
  nicBytesPerSecond: 10e9 / 8,
  bandwidthBytesPerSecond: 0,
  completionTimeoutPerGiB: 800,
  timeoutAction: 'abort',
  permitPostCopy: false,
  instanceSyncSeconds: 120,
};

export interface SandboxPort {
  id: string;
  name: string;
  networkId: string;
  macAddress: string;
  ip: string;
  vnicType: string;
  /** the `port-stays-bound` fault: the host its binding stays on whatever the server does */
  boundHost?: string;
}

export type VmState = 'active' | 'stopped' | 'paused' | 'resized' | 'error';

export interface SandboxServer {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavor: SeedFlavor;
  imageId: string | null;
  volumes: string[];
  host: string;
  vmState: VmState;
  taskState: string | null;
  locked: boolean;
  lockedReason: string | null;
  /** the zone asked for at creation (`pinned_availability_zone`, 2.96+): moves stay in it; null: any zone */
  pinnedZone: string | null;
  groups: string[];
  sharedStorage: boolean;
  dirtyRatio: number;
  instanceName: string;
  /** its Neutron ports */
  ports: SandboxPort[];
  /** the `guest-hangs` fault: its guest hangs when a cold move starts it on the destination */
  hangsAfterColdMove?: boolean;
  /** the `guest-unreachable` fault: its addresses answer no probe (TCP or ICMP) */
  unreachable?: boolean;
  /** when its guest stopped printing to the console (hung); absent: it prints on */
  consoleFrozenAt?: number | null;
  created: number;
  updated: number;
  fault: { code: number; message: string; created: number } | null;
}

/**
 * Where a live migration goes wrong. The last two are Nova's records disagreeing with the hypervisor:
 * `completed-not-moved` marks the migration completed with the guest still on its source;
 * `moved-but-error` moves the guest and then records the migration as an error.
 */
export type LiveStage =
  | 'scheduler'
  | 'pre-live-migration'
  | 'transfer'
  | 'driver-error'
  | 'completed-not-moved'
  | 'moved-but-error';
export type ColdStage = 'scheduler' | 'resize';

export interface SandboxMigration {
  id: number;
  uuid: string;
  serverId: string;
  type: 'live-migration' | 'migration' | 'evacuation';
  status: string;
  source: string;
  dest: string | null;
  requestedHost: string | null;
  block: boolean;
  createdAt: number;
  updatedAt: number;
  userId: string;
  projectId: string;
  flavorId: string;
  /** when the current timed phase ends */
  phaseEndsAt: number;
  /** time the transfer was last integrated up to */
  tick: number;
  memoryTotal: number;
  memoryProcessed: number;
  memoryRemaining: number;
  diskTotal: number;
  diskProcessed: number;
  diskRemaining: number;
  forced: boolean;
  /** when it took one of its source's slots (left `queued`): Nova-side work starts here */
  slotSince: number | null;
  /** when the transfer began: live_migration_completion_timeout counts from here */
  runningSince: number | null;
  /** vm_state before a cold migration, restored on confirm/revert */
  priorVmState: VmState;
  failStage: LiveStage | ColdStage | null;
  failMessage: string | null;
  requestId: string;
  /**
   * libvirt's statistics of the completed live migration on its destination (`virsh domjobinfo
   * --completed`), sandbox ms; null once read without --keep-completed, as libvirt discards them
   */
  completedJob?: { elapsedMs: number; downtimeMs: number } | null;
}

export interface SandboxEvent {
  event: string;
  host: string | null;
  startTime: number;
  finishTime: number | null;
  result: 'Success' | 'Error' | null;
  details: string | null;
}

export interface SandboxAggregate {
  id: number;
  uuid: string;
  name: string;
  hosts: string[];
  metadata: Record<string, string>;
  createdAt: number;
}

export interface SandboxAction {
  requestId: string;
  serverId: string;
  action: string;
  userId: string;
  projectId: string;
  startTime: number;
  updatedAt: number;
  message: string | null;
  events: SandboxEvent[];
}

export interface TokenInfo {
  userId: string;
  userName: string;
  projectId: string;
  projectName: string;
  roles: string[];
  expiresAt: number;
  issuedAt: number;
  methods: string[];
}

export interface MigrationFault {
  /** server name or ID; absent: the next migration of any server */
  server?: string;
  stage: LiveStage | ColdStage;
  message?: string;
}

/** The next matching request is carried out, then its answer is lost: dropped (connection reset) or sent late. */
export interface LostAnswer {
  method?: string;
  pathContains?: string;
  how: 'drop' | 'delay';
  /** real milliseconds before a delayed answer goes out */
  ms: number;
  count: number;
}

/** Nova is unreachable until `until` (sandbox clock): every compute request answers an error, or late. */
export interface Outage {
  until: number;
  answer: 'error' | 'late';
  status: number;
  /** real milliseconds a late answer waits */
  lateMs: number;
}

/** The cell database holding these servers does not answer until `until` (sandbox clock). */
export interface CellDown {
  serverIds: Set<string>;
  until: number;
}

export interface ApiFault {
  status: number;
  count: number;
  /** only requests whose path contains this */
  pathContains?: string;
}

/** The clouds the sandbox can hold: the small seeded one, or that plus a production-sized fleet. */
export type Profile = 'small' | 'large';

export interface SandboxOptions {
  clock: Clock;
  /** 1: an 8 GiB live migration takes about a minute; larger is faster */
  speed?: number;
  tokenTtlSeconds?: number;
  /** newest compute microversion served (default 2.96) */
  maxMicroversion?: string;
  /** Nova's [api] max_limit: the most items one page of a list holds (default 1000) */
  maxLimit?: number;
  /** small (the seeded cloud) or large (plus 500 hosts and about 10,000 servers) */
  profile?: Profile;
  /** false: the Keystone catalog lists no network service (no Neutron) */
  network?: boolean;
}

/** Bytes per second per unit of speed: 8 GiB in about 55 s. */
export const TRANSFER_RATE = 150 * 1024 * 1024;
/** How far a guest that dirties memory faster than it is copied gets before it stops converging. */
export const STALL_PLATEAU = 0.22;
export const GIB = 1024 ** 3;
export const IN_PROGRESS_LIVE = new Set([
  'accepted',
  'queued',
  'preparing',
  'running',
  'running (post-copy)',
]);
/** statuses of a live migration that hold one of its source's max_concurrent_live_migrations slots */
export const HOLDS_SLOT = new Set(['preparing', 'running', 'running (post-copy)']);
/** while bytes flow, time advances in steps this long so hosts' shared limits are applied */
export const SLICE_MS = 1_000;
export const TERMINAL = new Set([
  'completed',
  'confirmed',
  'reverted',
  'error',
  'failed',
  'cancelled',
  'done',
]);

export function unauthorized(): NovaFault {
  return new NovaFault(401, 'The request you have made requires authentication.');
}
