import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { Server } from '../../src/core/model/cloud.ts';
import { impactOf, readImpactFacts } from '../../src/core/move/impact.ts';
import { planMove } from '../../src/core/move/plan.ts';
import { impactText } from '../../src/messages/impact.ts';
import { cloud, HOSTS, harness, openstack, planner } from './lab.ts';

/**
 * What a move will do to each server (#28) on the lab's real Nova (Zed, 2.93) and Neutron: real
 * flavors with each extra spec, real servers where the lab can boot them (hw:numa_nodes=1 and
 * hw:cpu_policy=dedicated boot and move live there; huge pages, vGPU, vTPM and a PCI alias cannot
 * boot: those are classified from the real flavor's specs), and real ports of every vnic type given a
 * THROWAWAY server's device_id (Nova adopts such ports: they are deleted at once, before anything
 * restarts nova-compute; /work/coord/evidence 58). No Cinder on the lab: --max-copy is checked on
 * image-backed servers.
 */

const PREFIX = 'ferry-28-t';
const FLAVORS: Record<string, string[]> = {
  numa: ['hw:numa_nodes=1'],
  pinned: ['hw:cpu_policy=dedicated'],
  hugepages: ['hw:mem_page_size=large'],
  pci: ['pci_passthrough:alias=a1:1'],
  vgpu: ['resources:VGPU=1'],
  vtpm: ['hw:tpm_version=2.0', 'hw:tpm_model=tpm-crb'],
};
const VNICS = ['normal', 'direct', 'macvtap', 'direct-physical', 'vdpa'];
const json = async (...args: string[]) => JSON.parse(await openstack(...args, '-f', 'json'));

async function removeLeftovers(): Promise<void> {
  for (const port of (await json('port', 'list', '--name', `${PREFIX}-port`)) as { ID: string }[])
    await openstack('port', 'delete', port.ID);
  for (const server of (await json('server', 'list', '--all-projects', '--name', `^${PREFIX}`)) as {
    ID: string;
  }[])
    await openstack('server', 'delete', '--wait', server.ID);
  for (const network of (await json('network', 'list', '--name', `${PREFIX}-net`)) as { ID: string }[])
    await openstack('network', 'delete', network.ID);
  for (const flavor of (await json('flavor', 'list', '--all')) as { ID: string; Name: string }[])
    if (flavor.Name.startsWith(PREFIX)) await openstack('flavor', 'delete', flavor.ID);
}

async function boot(name: string, flavor: string): Promise<Server> {
  await openstack(
    ...[
      'server',
      'create',
      '--flavor',
      flavor,
      '--image',
      'ferry-lab-quiet',
      '--nic',
      'none',
      '--wait',
      name,
    ],
  );
  return cloud.findServer(name);
}

/** The lab's real server answer with a real flavor's extra specs: a server the lab cannot boot. */
async function withSpecsOf(server: Server, flavor: string): Promise<Server> {
  const shown = (await json('flavor', 'show', flavor)) as { properties: Record<string, string> };
  return { ...server, flavor: { ...server.flavor, extraSpecs: shown.properties } };
}

beforeAll(async () => {
  await removeLeftovers();
  for (const [kind, specs] of Object.entries(FLAVORS))
    await openstack(
      ...['flavor', 'create', '--vcpus', '1', '--ram', '256', '--disk', '1', `${PREFIX}-${kind}`],
      ...specs.flatMap((spec) => ['--property', spec]),
    );
}, 300_000);
afterAll(removeLeftovers, 300_000);

describe('impact classes on the real lab', () => {
  it('reads the extra specs Nova embeds in the server answer, and the cloud speaks 2.93 (Zed)', async () => {
    const pinned = await boot(`${PREFIX}-pinned`, `${PREFIX}-pinned`);
    expect(pinned.flavor.extraSpecs).toEqual({ 'hw:cpu_policy': 'dedicated' });
    expect(await cloud.cloudMaxMicroversion()).toBe('2.93');
  }, 300_000);

  it('a pinned and a NUMA server move live only on new enough hosts: the plan warns, and the move completes', async () => {
    for (const kind of ['pinned', 'numa']) {
      const name = `${PREFIX}-${kind}`;
      const server = (await cloud.findServer(name).catch(() => null)) ?? (await boot(name, name));
      const plan = await planMove(planner, { server: name, mode: 'live', requestedBy: 'U_ALICE' });
      const check = plan.checks.find((c) => c.id === 'impact');
      expect(check?.status).toBe('warn');
      expect(check?.fact).toMatchObject({ impact: { class: 'live-if-new-enough' } });
      // moved by Ferry's runner (a live migration of the lab outlasts the CLI's 60 s timeout)
      const h = harness();
      const to = HOSTS.find((host) => host !== server.host) as string;
      const run = await h.runner.start(await h.approved({ server: name, destination: to, mode: 'live' }));
      await h.runner.idle();
      expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
      expect((await cloud.getServer(server.id)).host).toBe(to);
    }
  }, 600_000);

  it('classifies the flavors the lab cannot boot: huge pages if new enough; PCI, vGPU before Caracal, vTPM in user mode cold only', async () => {
    const base =
      (await cloud.findServer(`${PREFIX}-pinned`).catch(() => null)) ??
      (await boot(`${PREFIX}-pinned`, `${PREFIX}-pinned`));
    const hypervisors = await cloud.listHypervisors();
    const facts = await readImpactFacts(cloud, [base], hypervisors);
    const classOf = async (kind: string) =>
      impactOf(await withSpecsOf(base, `${PREFIX}-${kind}`), facts).class;
    expect(await classOf('hugepages')).toBe('live-if-new-enough');
    expect(await classOf('pci')).toBe('cold-only');
    // 2.93 is Zed: vGPU live migration came with Caracal (2.96)
    expect(await classOf('vgpu')).toBe('cold-only');
    expect(await classOf('vtpm')).toBe('cold-only');
  }, 300_000);

  it('reads every vnic type of a server in one request, and classifies each', async () => {
    const server = await boot(`${PREFIX}-ports`, 'm1.tiny');
    await openstack(
      ...['network', 'create', '--provider-network-type', 'flat', '--provider-physical-network', 'physnet28'],
      `${PREFIX}-net`,
    );
    await openstack(
      'subnet',
      'create',
      '--network',
      `${PREFIX}-net`,
      '--subnet-range',
      '10.28.1.0/24',
      `${PREFIX}-subnet`,
    );
    try {
      for (const vnic of VNICS)
        await openstack(
          ...['port', 'create', '--network', `${PREFIX}-net`, '--vnic-type', vnic],
          ...['--device', server.id, '--device-owner', 'compute:nova', `${PREFIX}-port`],
        );
      const ports = await cloud.portsOf([server.id]);
      expect(
        ports
          ?.get(server.id)
          ?.map((p) => p.vnicType)
          .sort(),
      ).toEqual([...VNICS].sort());
      const hypervisors = await cloud.listHypervisors();
      const impact = impactOf(server, await readImpactFacts(cloud, [server], hypervisors));
      expect(impact.class).toBe('cold-only');
      expect(impact.reasons.map((r) => r.code).sort()).toEqual(
        ['direct-physical-port', 'sriov-port', 'sriov-port', 'unknown-vnic-type'].sort(),
      );
      expect(impactText(impact)).toMatch(
        /SR-IOV port .* \(direct\): Nova detaches it before a live migration/,
      );
    } finally {
      // Nova adopts ports given a server's device_id: delete them before anything restarts nova-compute
      for (const port of (await json('port', 'list', '--name', `${PREFIX}-port`)) as { ID: string }[])
        await openstack('port', 'delete', port.ID);
    }
  }, 300_000);

  it('--max-copy: an evacuation plan leaves every server with more local disk where it is, named', async () => {
    const server =
      (await cloud.findServer(`${PREFIX}-pinned`).catch(() => null)) ??
      (await boot(`${PREFIX}-pinned`, `${PREFIX}-pinned`));
    const plan = await planEvacuation(planner, {
      host: server.host as string,
      concurrency: 1,
      requestedBy: 'U_ALICE',
      maxCopyGb: 0,
    });
    const item = plan.items.find((i) => i.serverId === server.id);
    expect(item).toMatchObject({ mode: null, reason: { code: 'impact', impact: { class: 'cannot-move' } } });
  }, 300_000);
});
