import { createHash } from 'node:crypto';

/** Deterministic UUIDs, so docs and tests can name the sandbox's objects. */
export function sandboxUuid(kind: string, name: string): string {
  const hex = createHash('sha256').update(`${kind}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface SeedHost {
  name: string;
  memoryMb: number;
  vcpus: number;
  diskGb: number;
  hypervisorVersion: number;
  disabledReason?: string;
  /** availability zone (default nova) */
  zone?: string;
}

export interface SeedFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  /** the flavor's extra specs (Nova stores strings) */
  extraSpecs?: Record<string, string>;
}

/** A Neutron port of a server: its `binding:vnic_type` says what a live migration does to it. */
export interface SeedPort {
  name: string;
  vnicType: 'normal' | 'direct' | 'macvtap' | 'direct-physical' | 'vdpa' | 'virtio-forwarder';
}

export interface SeedServer {
  name: string;
  host: string;
  flavor: string;
  project: string;
  user: string;
  state?: 'active' | 'stopped' | 'paused';
  volumeBacked?: boolean;
  /** ephemeral disk on shared storage (NFS/Ceph): live migration needs no block copy */
  sharedStorage?: boolean;
  locked?: string;
  group?: string;
  /** share of the transfer rate the guest dirties again; 1 or more never converges */
  dirtyRatio?: number;
  /** its Neutron ports (default: one `normal` port) */
  ports?: SeedPort[];
  /** the Glance image it boots from, by name (default debian-12; a test adds others with addImage) */
  image?: string;
  /** created with `--availability-zone`: Nova keeps every move in this zone (default: not pinned) */
  pinnedZone?: string;
}

export const SEED_PROJECTS = ['admin', 'web', 'data', 'analytics'] as const;

export const SEED_USERS = [
  { name: 'admin', password: 'sandbox-admin', project: 'admin', roles: ['admin', 'member', 'reader'] },
  { name: 'viewer', password: 'sandbox-viewer', project: 'web', roles: ['member', 'reader'] },
] as const;

export const SEED_APP_CREDENTIAL = {
  id: 'ferry-sandbox-appcred',
  secret: 'sandbox-appcred-secret',
  user: 'admin',
} as const;

export const SEED_HOSTS: SeedHost[] = [
  { name: 'compute1', memoryMb: 65_536, vcpus: 32, diskGb: 1_800, hypervisorVersion: 8_002_000 },
  { name: 'compute2', memoryMb: 131_072, vcpus: 48, diskGb: 3_600, hypervisorVersion: 8_002_000 },
  // Older QEMU: Nova refuses live migration from a newer source onto it.
  { name: 'compute3', memoryMb: 32_768, vcpus: 16, diskGb: 900, hypervisorVersion: 6_002_000 },
  {
    name: 'compute4',
    memoryMb: 65_536,
    vcpus: 32,
    diskGb: 1_800,
    hypervisorVersion: 8_002_000,
    disabledReason: 'DIMM replacement, ticket OPS-4121',
  },
];

export const SEED_FLAVORS: SeedFlavor[] = [
  { id: '1', name: 'm1.small', vcpus: 1, ram: 2_048, disk: 20 },
  { id: '2', name: 'm1.medium', vcpus: 2, ram: 4_096, disk: 40 },
  { id: '3', name: 'm1.large', vcpus: 4, ram: 8_192, disk: 80 },
  { id: '4', name: 'm1.xlarge', vcpus: 8, ram: 16_384, disk: 160 },
  { id: '5', name: 'v1.medium', vcpus: 2, ram: 4_096, disk: 0 },
];

/**
 * Flavors whose extra specs change what a move does to a server (Nova's own spec names,
 * nova/api/validation/extra_specs/hw.py, pci_passthrough.py, resources.py): not in the default
 * cloud's flavor list; the large profile and the tests that need them add them (`addFlavor`).
 */
export const IMPACT_FLAVORS: SeedFlavor[] = [
  {
    id: '11',
    name: 'p1.pinned',
    vcpus: 4,
    ram: 8_192,
    disk: 40,
    extraSpecs: { 'hw:cpu_policy': 'dedicated' },
  },
  {
    id: '12',
    name: 'p1.hugepages',
    vcpus: 4,
    ram: 8_192,
    disk: 40,
    extraSpecs: { 'hw:mem_page_size': 'large', 'hw:numa_nodes': '1' },
  },
  { id: '13', name: 'g1.vgpu', vcpus: 8, ram: 16_384, disk: 80, extraSpecs: { 'resources:VGPU': '1' } },
  {
    id: '14',
    name: 't1.vtpm',
    vcpus: 2,
    ram: 4_096,
    disk: 40,
    extraSpecs: { 'hw:tpm_version': '2.0', 'hw:tpm_model': 'tpm-crb' },
  },
  {
    id: '15',
    name: 'g1.passthrough',
    vcpus: 8,
    ram: 16_384,
    disk: 80,
    extraSpecs: { 'pci_passthrough:alias': 'a100:1' },
  },
  { id: '16', name: 'l1.bigdisk', vcpus: 2, ram: 4_096, disk: 900 },
];

export const SEED_GROUPS = [{ name: 'web-anti-affinity', policy: 'anti-affinity' }];

/** Two racks, as an operator groups hosts into aggregates */
export const SEED_AGGREGATES = [
  { name: 'rack-a', hosts: ['compute1', 'compute2'] },
  { name: 'rack-b', hosts: ['compute3', 'compute4'] },
];

export const SEED_SERVERS: SeedServer[] = [
  { name: 'server-x', host: 'compute1', flavor: 'm1.large', project: 'web', user: 'admin' },
  {
    name: 'web-1',
    host: 'compute1',
    flavor: 'm1.medium',
    project: 'web',
    user: 'admin',
    group: 'web-anti-affinity',
    sharedStorage: true,
  },
  {
    name: 'web-2',
    host: 'compute2',
    flavor: 'm1.medium',
    project: 'web',
    user: 'admin',
    group: 'web-anti-affinity',
    sharedStorage: true,
  },
  {
    name: 'db-primary',
    host: 'compute1',
    flavor: 'v1.medium',
    project: 'data',
    user: 'admin',
    volumeBacked: true,
  },
  {
    name: 'db-replica',
    host: 'compute2',
    flavor: 'v1.medium',
    project: 'data',
    user: 'admin',
    volumeBacked: true,
  },
  {
    name: 'batch-7',
    host: 'compute1',
    flavor: 'm1.small',
    project: 'analytics',
    user: 'admin',
    state: 'stopped',
  },
  {
    name: 'legacy-app',
    host: 'compute2',
    flavor: 'm1.medium',
    project: 'web',
    user: 'admin',
    state: 'stopped',
  },
  {
    name: 'vault',
    host: 'compute1',
    flavor: 'm1.small',
    project: 'data',
    user: 'admin',
    locked: 'PCI audit until Friday',
  },
  {
    name: 'cache-1',
    host: 'compute2',
    flavor: 'm1.medium',
    project: 'web',
    user: 'admin',
    sharedStorage: true,
  },
  {
    name: 'cache-2',
    host: 'compute3',
    flavor: 'm1.medium',
    project: 'web',
    user: 'admin',
    sharedStorage: true,
  },
  {
    name: 'analytics-1',
    host: 'compute3',
    flavor: 'm1.xlarge',
    project: 'analytics',
    user: 'admin',
    state: 'paused',
  },
  {
    name: 'ledger',
    host: 'compute1',
    flavor: 'm1.xlarge',
    project: 'data',
    user: 'admin',
    sharedStorage: true,
    dirtyRatio: 1.2,
  },
  { name: 'worker', host: 'compute1', flavor: 'm1.small', project: 'web', user: 'admin' },
  { name: 'worker', host: 'compute3', flavor: 'm1.small', project: 'analytics', user: 'admin' },
];
