import type { Profile } from './model.ts';
import { IMPACT_FLAVORS, type SeedPort } from './seed.ts';
import type { SimulatedCloud } from './simulated-cloud.ts';

export const PROFILES: Profile[] = ['small', 'large'];

const ZONES = ['az1', 'az2', 'az3', 'az4', 'az5'];
const HOSTS_PER_ZONE = 100;
const FLAVORS = ['m1.small', 'm1.medium', 'm1.medium', 'm1.large', 'v1.medium', 'm1.xlarge'];
const PROJECTS = ['web', 'data', 'analytics'];

const SPECIAL_PORTS: SeedPort[] = [
  { name: 'sriov0', vnicType: 'direct' },
  { name: 'macvtap0', vnicType: 'macvtap' },
  { name: 'pf0', vnicType: 'direct-physical' },
];

/** A deterministic pseudo-random sequence, so every large cloud is the same cloud. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * The large profile: 500 more compute hosts (`az1-c001` … `az5-c100`) in five availability zones, a few
 * disabled or down and a tenth on an older QEMU, and about 10,000 servers on them: mixed flavors, a
 * third volume-backed, some on shared storage, some locked, paused, shut off or in error, and
 * anti-affinity and affinity groups, and one dense host (`az1-c001`, 60 servers more). Fills the
 * hosts to about a third of their memory. About one server in 40 has a flavor or a port that changes
 * what a move does to it (pinned CPUs, huge pages, vGPU, vTPM, PCI passthrough, a big local disk, an
 * SR-IOV `direct`, `macvtap` or `direct-physical` port), so every impact class is in every zone. Every
 * other server was created in its zone (`pinned_availability_zone`): Nova keeps those in it.
 */
export function applyProfile(cloud: SimulatedCloud, profile: Profile): void {
  if (profile === 'small') return;
  const random = sequence(20_261_128);
  const hosts: string[] = [];
  for (const zone of ZONES) {
    for (let i = 1; i <= HOSTS_PER_ZONE; i++) {
      const name = `${zone}-c${String(i).padStart(3, '0')}`;
      const older = random() < 0.1;
      cloud.addHost({
        name,
        memoryMb: 524_288,
        vcpus: 64,
        diskGb: 7_200,
        hypervisorVersion: older ? 6_002_000 : 8_002_000,
        zone,
        ...(i % 97 === 0 ? { disabledReason: `hardware ticket OPS-${5000 + hosts.length}` } : {}),
      });
      hosts.push(name);
    }
  }
  for (const name of hosts.filter((_, index) => index % 167 === 83)) cloud.setServiceDown(name, true);
  // racks of ten hosts, as aggregates: az1-rack-01 … az5-rack-10
  for (let start = 0; start < hosts.length; start += 10) {
    const rack = hosts.slice(start, start + 10);
    const zone = (rack[0] as string).split('-')[0];
    cloud.addAggregate(`${zone}-rack-${String(((start / 10) % 10) + 1).padStart(2, '0')}`, rack);
  }
  for (const flavor of IMPACT_FLAVORS) cloud.addFlavor(flavor);
  let serial = 0;
  const add = (host: string, group?: { name: string; project: string }) => {
    serial++;
    const roll = random();
    const drawn = FLAVORS[Math.floor(random() * FLAVORS.length)] as string;
    // not drawn from the sequence, so the rest of the cloud stays the cloud it was
    const special =
      serial % 40 === 7 ? IMPACT_FLAVORS[((serial / 40) % IMPACT_FLAVORS.length) | 0] : undefined;
    const flavor = !group && special ? special.name : drawn;
    const port =
      !group && serial % 40 === 23 ? SPECIAL_PORTS[((serial / 40) % SPECIAL_PORTS.length) | 0] : undefined;
    cloud.addServer({
      name: `vm-${String(serial).padStart(5, '0')}`,
      host,
      flavor,
      project: group?.project ?? (PROJECTS[serial % PROJECTS.length] as string),
      user: 'admin',
      volumeBacked: flavor === 'v1.medium' || roll < 0.25,
      sharedStorage: roll > 0.6,
      ...(roll > 0.985 ? { locked: 'audit in progress' } : {}),
      ...(roll > 0.97 && roll <= 0.985 ? { state: 'paused' as const } : {}),
      ...(roll > 0.94 && roll <= 0.97 ? { state: 'stopped' as const } : {}),
      ...(group ? { group: group.name } : {}),
      // every other one created with --availability-zone: Nova keeps its moves in that zone
      ...(serial % 2 === 0 ? { pinnedZone: host.split('-')[0] as string } : {}),
      ...(port ? { ports: [{ name: 'eth0', vnicType: 'normal' as const }, port] } : {}),
    });
    return serial;
  };
  // groups first: 150 anti-affinity trios on three hosts of one zone, 50 affinity pairs on one host
  for (let g = 0; g < 150; g++) {
    const group = { name: `anti-${g}`, project: PROJECTS[g % PROJECTS.length] as string };
    cloud.addGroup(group.name, 'anti-affinity', group.project);
    const base = (g * 7) % hosts.length;
    for (let k = 0; k < 3; k++) add(hosts[(base + k) % hosts.length] as string, group);
  }
  for (let g = 0; g < 50; g++) {
    const group = { name: `affinity-${g}`, project: PROJECTS[g % PROJECTS.length] as string };
    cloud.addGroup(group.name, 'affinity', group.project);
    const host = hosts[(g * 11 + 3) % hosts.length] as string;
    for (let k = 0; k < 2; k++) add(host, group);
  }
  // one dense host, as every fleet has: 60 servers on az1-c001
  for (let k = 0; k < 60; k++) add(hosts[0] as string);
  while (serial < 10_000) add(hosts[Math.floor(random() * hosts.length)] as string);
  // a few servers in ERROR, as every large cloud has
  let errors = 0;
  for (const server of cloud.servers.values()) {
    if (errors >= 20) break;
    if (server.name.endsWith('13') && server.vmState === 'active') {
      server.vmState = 'error';
      server.fault = {
        code: 500,
        message: 'Build of instance aborted: host lost power',
        created: server.created,
      };
      errors++;
    }
  }
}
