import { describe, expect, it } from 'vitest';
import type { Server } from '../../src/core/model/cloud.ts';
import type { StallPolicySettings } from '../../src/core/model/stall-policy.ts';
import { refusalOf, ruleFor } from '../../src/core/move/stall-rules.ts';

const settings: StallPolicySettings = {
  action: 'force-complete',
  overrides: [
    { match: 'project', value: 'db-team', action: 'abort' },
    { match: 'flavor', value: 'g1.vgpu', action: 'ask' },
  ],
  graceMs: 120_000,
};
const flavor = (extraSpecs: Record<string, string> | null): Pick<Server, 'flavor'> => ({
  flavor: { name: 'f', vcpus: 1, ramMb: 1, diskGb: 1, ephemeralGb: 0, swapMb: 0, extraSpecs },
});

describe('which stall rule applies', () => {
  it("a flavor's override, then a project's (by ID or name), then the default", () => {
    expect(ruleFor(settings, { flavor: 'g1.vgpu', projectId: 'p1', projectName: 'db-team' })).toEqual({
      action: 'ask',
      rule: { kind: 'flavor', value: 'g1.vgpu' },
    });
    expect(ruleFor(settings, { flavor: 'm1.small', projectId: 'p1', projectName: 'db-team' })).toEqual({
      action: 'abort',
      rule: { kind: 'project', value: 'db-team' },
    });
    expect(ruleFor(settings, { flavor: 'm1.small', projectId: 'db-team' }).rule).toEqual({
      kind: 'project',
      value: 'db-team',
    });
    expect(ruleFor(settings, { flavor: null, projectId: null })).toEqual({
      action: 'force-complete',
      rule: { kind: 'default' },
    });
  });
});

describe('what the stall policy refuses', () => {
  const none = { impact: undefined, coldConsent: false };
  it('never forces a server with a PCI device, a vGPU or a physical port, nor one whose specs are unknown', () => {
    expect(refusalOf('force-complete', { ...none, server: flavor({ 'resources:VGPU': '1' }) })).toEqual({
      code: 'passthrough',
      devices: ['vgpu'],
    });
    expect(
      refusalOf('force-complete', { ...none, server: flavor({ 'pci_passthrough:alias': 'a100:1' }) }),
    ).toEqual({ code: 'passthrough', devices: ['pci-passthrough'] });
    const port = {
      class: 'cold-only' as const,
      reasons: [{ code: 'direct-physical-port' as const, port: 'p', effect: 'cold-only' as const }],
    };
    expect(refusalOf('force-complete', { server: flavor({}), impact: port, coldConsent: false })).toEqual({
      code: 'passthrough',
      devices: ['direct-physical-port'],
    });
    expect(refusalOf('force-complete', { ...none, server: flavor(null) })).toEqual({
      code: 'devices-unknown',
    });
    expect(refusalOf('force-complete', { ...none, server: null })).toEqual({ code: 'devices-unknown' });
    expect(
      refusalOf('force-complete', { ...none, server: flavor({ 'hw:cpu_policy': 'dedicated' }) }),
    ).toBeNull();
    // aborting leaves the server where it was, devices and all
    expect(refusalOf('abort', { ...none, server: flavor({ 'resources:VGPU': '1' }) })).toBeNull();
  });

  it('moves cold only with the request’s consent', () => {
    expect(refusalOf('abort-then-cold', { ...none, server: null })).toEqual({ code: 'no-cold-consent' });
    expect(refusalOf('abort-then-cold', { ...none, server: null, coldConsent: true })).toBeNull();
  });
});
