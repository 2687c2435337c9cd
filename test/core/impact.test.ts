import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Port, Server } from '../../src/core/model/cloud.ts';
import { type ImpactFacts, impactOf, localDiskGb, MIN_VGPU_QEMU } from '../../src/core/move/impact.ts';
import { toServer } from '../../src/openstack/nova-records.ts';
import { recordedBody } from '../helpers/shapes.ts';

// A real server's answer (lab, compute 2.93), its embedded flavor given the extra specs of each case.
const recorded = toServer(
  (
    recordedBody(
      readFileSync(
        new URL('../fixtures/real-nova/17-server-show-after-live-migration.json', import.meta.url),
        'utf8',
      ),
    ) as { server: Record<string, unknown> }
  ).server,
);

function server(extraSpecs: Record<string, string> | null, over: Partial<Server> = {}): Server {
  return { ...recorded, host: 'src', ...over, flavor: { ...recorded.flavor, ...over.flavor, extraSpecs } };
}

function facts(over: Partial<ImpactFacts> = {}, ports: Port[] = []): ImpactFacts {
  return {
    cloudMicroversion: '2.96',
    ports: new Map([[recorded.id, ports]]),
    qemu: new Map([
      ['src', 8_002_000],
      ['new', 8_002_000],
      ['old', 6_002_000],
    ]),
    ...over,
  };
}

const port = (vnicType: string, name = 'p0'): Port => ({
  id: `id-${name}`,
  name,
  serverId: recorded.id,
  vnicType,
});

describe('impact class: what a move will do to a server, and the Nova rule behind it', () => {
  it('reads the recorded answer: no extra specs, so it moves live, keeps running', () => {
    expect(recorded.flavor.extraSpecs).toEqual({});
    expect(impactOf(recorded, facts())).toEqual({ class: 'live', reasons: [] });
  });

  it('a direct SR-IOV port: detached and re-attached (brief network loss), Nova ≥ Train', () => {
    const impact = impactOf(server({}), facts({}, [port('normal', 'eth0'), port('direct', 'sriov0')]));
    expect(impact.class).toBe('live-network-blip');
    expect(impact.reasons).toEqual([
      {
        code: 'sriov-port',
        port: 'sriov0',
        vnicType: 'direct',
        release: { needs: 'train', cloud: '2.96', met: true },
        effect: 'live-network-blip',
      },
    ]);
    // an older cloud (Stein, 2.72) refuses SR-IOV live migration: cold only
    expect(impactOf(server({}), facts({ cloudMicroversion: '2.72' }, [port('direct')])).class).toBe(
      'cold-only',
    );
  });

  it('a macvtap port moves with the server (indirect mode is transparent)', () => {
    const impact = impactOf(server({}), facts({}, [port('macvtap')]));
    expect(impact.class).toBe('live');
    expect(impact.reasons[0]).toMatchObject({ code: 'sriov-port', vnicType: 'macvtap', effect: 'live' });
  });

  it('a direct-physical port cannot move live: cold only', () => {
    expect(impactOf(server({}), facts({}, [port('direct-physical', 'pf0')]))).toEqual({
      class: 'cold-only',
      reasons: [{ code: 'direct-physical-port', port: 'pf0', effect: 'cold-only' }],
    });
  });

  it('a vnic type without a rule is named, never taken as harmless', () => {
    expect(impactOf(server({}), facts({}, [port('vdpa')])).reasons[0]).toMatchObject({
      code: 'unknown-vnic-type',
      vnicType: 'vdpa',
      effect: 'live-if-new-enough',
    });
  });

  it('PCI passthrough by flavor alias: cold only', () => {
    expect(impactOf(server({ 'pci_passthrough:alias': 'a100:1' }), facts())).toEqual({
      class: 'cold-only',
      reasons: [{ code: 'pci-passthrough', alias: 'a100:1', effect: 'cold-only' }],
    });
  });

  it('vGPU: live only with Nova ≥ Caracal and QEMU ≥ 8.1 on both ends', () => {
    const vgpu = server({ 'resources:VGPU': '1' });
    expect(impactOf(vgpu, facts(), ['new']).class).toBe('live-if-new-enough');
    // every destination on an older QEMU, or the source on one: cold
    expect(impactOf(vgpu, facts(), ['old']).reasons[0]).toMatchObject({
      code: 'vgpu',
      oldQemu: [{ host: 'old', version: 6_002_000 }],
      oldQemuCount: 1,
      effect: 'cold-only',
    });
    expect(impactOf(server({ 'resources:VGPU': '1' }, { host: 'old' }), facts(), ['new']).class).toBe(
      'cold-only',
    );
    // some destinations old: live where new enough, the old ones named
    expect(impactOf(vgpu, facts(), ['new', 'old']).reasons[0]).toMatchObject({
      effect: 'live-if-new-enough',
      oldQemuCount: 1,
    });
    // Zed's 2.93: before Caracal
    expect(impactOf(vgpu, facts({ cloudMicroversion: '2.93' }), ['new']).class).toBe('cold-only');
    expect(MIN_VGPU_QEMU).toBe(8_001_000);
  });

  it('vTPM: live only in host secret mode on Nova ≥ Gazpacho (2.103), else cold', () => {
    const legacy = impactOf(server({ 'hw:tpm_version': '2.0' }), facts({ cloudMicroversion: '2.103' }));
    expect(legacy.class).toBe('cold-only');
    expect(legacy.reasons[0]).toMatchObject({ code: 'vtpm', secretSecurity: null });
    const host = server({ 'hw:tpm_version': '2.0', 'hw:tpm_secret_security': 'host' });
    expect(impactOf(host, facts({ cloudMicroversion: '2.103' })).class).toBe('live-if-new-enough');
    expect(impactOf(host, facts({ cloudMicroversion: '2.100' })).class).toBe('cold-only');
  });

  it('pinned CPUs, huge pages, a NUMA topology: NUMA-aware live migration since Train', () => {
    const numa = server({ 'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': '1GB', 'hw:numa_nodes': '2' });
    const impact = impactOf(numa, facts());
    expect(impact.class).toBe('live-if-new-enough');
    expect(impact.reasons.map((r) => r.code)).toEqual(['cpu-pinning', 'hugepages', 'numa']);
    expect(impactOf(numa, facts({ cloudMicroversion: '2.72' })).class).toBe('cold-only');
    // small pages and a shared CPU policy change nothing
    expect(impactOf(server({ 'hw:cpu_policy': 'shared', 'hw:mem_page_size': 'small' }), facts()).class).toBe(
      'live',
    );
  });

  it('a local disk larger than --max-copy cannot move at all; a volume-backed root copies nothing', () => {
    const big = server({}, { flavor: { ...recorded.flavor, diskGb: 900, ephemeralGb: 100, extraSpecs: {} } });
    expect(localDiskGb(big)).toBe(1000);
    expect(impactOf(big, facts({ maxCopyGb: 500 }))).toEqual({
      class: 'cannot-move',
      reasons: [{ code: 'local-disk-over-max-copy', diskGb: 1000, maxCopyGb: 500, effect: 'cannot-move' }],
    });
    expect(impactOf(big, facts()).class).toBe('live');
    expect(localDiskGb({ ...big, imageId: null })).toBe(100);
  });

  it('ports unknown (no network service, or Neutron silent) and extra specs unknown are said, never guessed', () => {
    expect(impactOf(server({}), facts({ ports: null })).reasons).toEqual([
      { code: 'ports-unknown', why: 'no-network-service', effect: 'live' },
    ]);
    expect(impactOf(server({}), facts({ portsUnreadable: true })).reasons[0]).toMatchObject({
      why: 'unreadable',
    });
    expect(impactOf(server(null), facts()).reasons).toEqual([
      { code: 'extra-specs-unknown', effect: 'live' },
    ]);
  });

  it("an image's hw_ properties count as the flavor's; an image service Ferry cannot read is said", () => {
    const images = new Map([[recorded.imageId as string, { hw_cpu_policy: 'dedicated' }]]);
    expect(impactOf(server({}), facts({ images })).reasons[0]).toMatchObject({
      code: 'cpu-pinning',
      policy: 'dedicated',
      fromImage: true,
    });
    expect(impactOf(server({}), facts({ images: null })).reasons).toEqual([
      { code: 'image-properties-unknown', why: 'no-image-service', effect: 'live' },
    ]);
    // a volume-backed server has no image to read
    expect(impactOf(server({}, { imageId: null }), facts({ images: null })).reasons).toEqual([]);
  });

  it('the worst reason wins', () => {
    const impact = impactOf(
      server(
        { 'pci_passthrough:alias': 'a100:1', 'hw:cpu_policy': 'dedicated' },
        { flavor: { ...recorded.flavor, diskGb: 900, extraSpecs: { 'pci_passthrough:alias': 'a100:1' } } },
      ),
      facts({ maxCopyGb: 10 }, [port('direct')]),
    );
    expect(impact.class).toBe('cannot-move');
  });
});
