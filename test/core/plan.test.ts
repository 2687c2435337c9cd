import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkReason } from '../../src/messages/checks.ts';
import { candidateRefusal } from '../../src/messages/placement-checks.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { check, plan } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('preconditions of a move', () => {
  it('passes every check for server-x to compute2', async () => {
    const result = await plan(fx, { server: 'server-x', destination: 'compute2' });
    expect(result.ready).toBe(true);
    expect(result.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'permission:pass',
      'parameters:pass',
      'destination:pass',
      'instance-state:pass',
      'impact:pass',
      'compute-services:pass',
      'distinct-hosts:pass',
      'capacity:pass',
      'hypervisor:pass',
      'cpu:pass',
      'storage:pass',
    ]);
    expect(result).toMatchObject({ source: 'compute1', destination: 'compute2', blockMigration: 'auto' });
    expect(check(result, 'storage').reason).toMatch(/80 GB of local disk/);
  });

  it('refuses a requester the access policy does not allow', async () => {
    const result = await plan(
      fx,
      { server: 'server-x', destination: 'compute2', requestedBy: 'U_MALLORY' },
      {
        refusal: (user) => (user === 'U_MALLORY' ? { code: 'not-a-requester', user } : null),
      },
    );
    expect(result.ready).toBe(false);
    expect(check(result, 'permission')).toMatchObject({
      status: 'fail',
      reason: "<@U_MALLORY> is not on Ferry's requesters list (FERRY_REQUESTERS).",
    });
  });

  it('explains credentials without admin rights instead of dumping a 403', async () => {
    const viewer = await sandboxFixture({
      env: { OS_USERNAME: 'viewer', OS_PASSWORD: 'sandbox-viewer', OS_PROJECT_NAME: 'web' },
    });
    try {
      const result = await plan(viewer, { server: 'server-x', destination: 'compute2' });
      expect(check(result, 'permission')).toMatchObject({ status: 'fail' });
      expect(check(result, 'permission').reason).toMatch(/lack admin rights.*Policy doesn't allow/);
    } finally {
      await viewer.close();
    }
  });

  it('fails the parameters check for an unknown or ambiguous server', async () => {
    const missing = await plan(fx, { server: 'no-such-server' });
    expect(check(missing, 'parameters')).toMatchObject({ status: 'fail' });
    expect(missing.checks).toHaveLength(2);
    const ambiguous = await plan(fx, { server: 'worker' });
    expect(check(ambiguous, 'parameters').reason).toMatch(/2 servers are named "worker"/);
    expect(check(ambiguous, 'parameters').reason).toMatch(/on compute1/);
    expect(check(ambiguous, 'parameters').reason).toMatch(/on compute3/);
  });

  it('accepts a hypervisor node name but says which host it means', async () => {
    const result = await plan(fx, { server: 'server-x', destination: 'compute2.sandbox.ferry.test' });
    expect(result.destination).toBe('compute2');
    expect(check(result, 'parameters')).toMatchObject({ status: 'warn' });
    expect(result.ready).toBe(true);
  });

  it('fails an unknown destination, suggesting real hosts, and never matches a substring', async () => {
    const result = await plan(fx, { server: 'server-x', destination: 'compute' });
    expect(check(result, 'destination')).toMatchObject({ status: 'fail' });
    expect(check(result, 'destination').fix).toMatch(/compute1, compute2, compute3, compute4/);
  });

  it('fails live migration of a stopped server and suggests --cold', async () => {
    const result = await plan(fx, { server: 'batch-7', destination: 'compute2' });
    expect(check(result, 'instance-state')).toMatchObject({
      status: 'fail',
      fix: 'Use --cold: a stopped server moves by cold migration.',
    });
    const cold = await plan(fx, { server: 'batch-7', destination: 'compute2', mode: 'cold' });
    expect(check(cold, 'instance-state').status).toBe('pass');
    expect(cold.ready).toBe(true);
  });

  it('accepts a paused server for live migration', async () => {
    const result = await plan(fx, { server: 'analytics-1', destination: 'compute2' });
    expect(check(result, 'instance-state').status).toBe('pass');
  });

  it('fails a locked server with its lock reason', async () => {
    const result = await plan(fx, { server: 'vault', destination: 'compute2' });
    expect(check(result, 'instance-state').reason).toMatch(/locked: "PCI audit until Friday"/);
  });

  it('fails a server that is already migrating', async () => {
    const server = await fx.clients.nova.findServer('cache-1');
    await fx.clients.nova.liveMigrate(server.id, { host: 'compute1', blockMigration: 'auto' });
    const result = await plan(fx, { server: 'cache-1', destination: 'compute1' });
    expect(check(result, 'instance-state').reason).toMatch(/already being migrated \(task migrating\)/);
  });

  it('fails a disabled destination, naming the reason', async () => {
    const result = await plan(fx, { server: 'server-x', destination: 'compute4' });
    expect(check(result, 'compute-services').reason).toMatch(
      /compute4 is disabled \("DIMM replacement, ticket OPS-4121"\)/,
    );
  });

  it('fails when nova-compute is down on the source or the destination', async () => {
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    const dest = await plan(fx, { server: 'server-x', destination: 'compute2' });
    expect(check(dest, 'compute-services').reason).toMatch(/nova-compute on compute2 is down/);
    const source = await plan(fx, { server: 'cache-1', destination: 'compute1' });
    expect(check(source, 'compute-services').reason).toMatch(/on the source compute2 is down/);
  });

  it('fails destination = source, and explains allow_resize_to_same_host for cold', async () => {
    const live = await plan(fx, { server: 'server-x', destination: 'compute1' });
    expect(check(live, 'distinct-hosts').status).toBe('fail');
    const cold = await plan(fx, { server: 'batch-7', destination: 'compute1', mode: 'cold' });
    expect(check(cold, 'distinct-hosts').reason).toMatch(/allow_resize_to_same_host only affects resize/);
  });

  it("judges nothing about a destination that is the server's own host, beyond refusing it", async () => {
    const result = await plan(fx, { server: 'cache-1', destination: 'compute2', mode: 'block' });
    expect(result.ready).toBe(false);
    expect(check(result, 'distinct-hosts')).toMatchObject({ status: 'fail' });
    for (const id of ['compute-services', 'capacity', 'hypervisor'] as const)
      expect(check(result, id)).toMatchObject({
        status: 'skipped',
        reason: 'Not evaluated: cache-1 already runs on compute2.',
      });
    expect(result.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual([
      'permission',
      'parameters',
      'destination',
      'instance-state',
      'impact',
    ]);
  });

  it('fails when the destination lacks memory by Placement arithmetic', async () => {
    const result = await plan(fx, { server: 'ledger', destination: 'compute3', mode: 'cold' });
    expect(check(result, 'capacity').status).toBe('fail');
    expect(check(result, 'capacity').reason).toMatch(/memory: needs 16384 MB, \d+ MB free/);
  });

  it('fails a live move to an older hypervisor but explains cold is fine', async () => {
    const live = await plan(fx, { server: 'server-x', destination: 'compute3' });
    expect(check(live, 'hypervisor').reason).toMatch(
      /QEMU 6\.2\.0, older than compute1's 8\.2\.0.*runbook says "equal"/,
    );
    const cold = await plan(fx, { server: 'server-x', destination: 'compute3', mode: 'cold' });
    expect(check(cold, 'hypervisor').status).toBe('pass');
  });

  it('refuses --block-migration for a volume-backed server', async () => {
    const result = await plan(fx, { server: 'db-primary', destination: 'compute2', mode: 'block' });
    expect(check(result, 'storage')).toMatchObject({ status: 'fail' });
    const auto = await plan(fx, { server: 'db-primary', destination: 'compute2' });
    expect(check(auto, 'storage').reason).toMatch(/boots from a volume: only its memory moves/);
  });

  it('fails a move that would break anti-affinity', async () => {
    const result = await plan(fx, { server: 'web-1', destination: 'compute2' });
    expect(check(result, 'server-groups')).toMatchObject({ status: 'fail' });
    expect(check(result, 'server-groups').reason).toMatch(
      /web-2 of anti-affinity group "web-anti-affinity" already runs on compute2/,
    );
  });

  it("ranks the scheduler's likely candidates by free memory, with reasons for the rest", async () => {
    const result = await plan(fx, { server: 'server-x' });
    expect(result.destination).toBeNull();
    expect(result.candidates.map((c) => c.host)).toEqual(['compute2', 'compute3']);
    expect(result.candidates[0]?.blockedBy).toBeUndefined();
    expect(candidateRefusal(result.candidates[1] ?? {})).toMatch(
      /QEMU 6\.2\.0 on compute3 is older than QEMU 8\.2\.0 on compute1/,
    );
    expect(check(result, 'capacity').reason).toMatch(/1 host can take server-x/);
    const stuck = await plan(fx, { server: 'web-1' });
    expect(check(stuck, 'capacity').status).toBe('fail');
  });

  it('asks Placement once for the hosts with room, so a report costs the same on any size of cloud', async () => {
    const requests = async () => {
      const before = fx.sandbox.cloud.requestsServed;
      await plan(fx, { server: 'web-1' });
      return fx.sandbox.cloud.requestsServed - before;
    };
    await requests(); // the first also authenticates and negotiates the microversion
    const small = await requests();
    for (let i = 1; i <= 40; i++)
      fx.sandbox.cloud.addHost({
        name: `extra${i}`,
        memoryMb: i % 2 ? 65_536 : 4_096,
        vcpus: 32,
        diskGb: 1_800,
        hypervisorVersion: 8_002_000,
      });
    expect(await requests()).toBe(small);
    // a host too small for it is named, with what Placement said, not with numbers it was not asked for
    const result = await plan(fx, { server: 'web-1' });
    expect(candidateRefusal(result.candidates.find((c) => c.host === 'extra2') ?? {})).toBe(
      'no room for its flavor (Placement has no allocation candidate there)',
    );
    expect(result.candidates.find((c) => c.host === 'extra1')?.blockedBy).toBeUndefined();
  });

  it('names the real blocker on every candidate when none can take the server, and the matching fix', async () => {
    const stuck = await plan(fx, { server: 'web-1' });
    const capacity = check(stuck, 'capacity');
    expect(capacity.reason).toMatch(/compute2: web-2 of anti-affinity group "web-anti-affinity" runs there/);
    expect(capacity.reason).toMatch(
      /compute3: QEMU 6\.2\.0 on compute3 is older than QEMU 8\.2\.0 on compute1/,
    );
    expect(capacity.reason).toMatch(/compute4: disabled/);
    expect(capacity.reason).not.toMatch(/No enabled host can take/);
    expect(capacity.fix).toMatch(/anti-affinity group allows one member per host/);
    expect(capacity.fix).toMatch(/use --cold/);
    expect(capacity.fix).not.toMatch(/^Free capacity/);
  });

  it('shows checks that depend on an unknown destination as not evaluated, never as passed', async () => {
    const result = await plan(fx, { server: 'server-x', destination: 'compute9' });
    expect(check(result, 'destination').status).toBe('fail');
    for (const id of ['compute-services', 'distinct-hosts', 'capacity', 'hypervisor'] as const) {
      expect(check(result, id)).toMatchObject({
        status: 'skipped',
        reason: 'Not evaluated: compute9 is not a compute host of this cloud.',
      });
    }
    const passed = result.checks.filter((c) => c.status === 'pass' && c.id !== 'parameters');
    expect(passed.map(checkReason).join('\n')).not.toMatch(/compute9/);
  });
});
