import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain/plan.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { planMove } from '../../src/core/move/plan.ts';
import type { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { everyone } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/** A check as a reader reads it now: its title, reason and fix worded from its fact. */
const worded = (check: CheckResult) => ({ ...check, ...wordCheck(check) });

let fx: SandboxFixture;
let ssh: SandboxSsh;
let checker: HostChecker;
let settings: SshSettings;

beforeEach(async () => {
  fx = await sandboxFixture();
  ({ ssh, settings, checker } = await sandboxHostChecker(fx));
});
afterEach(async () => {
  await ssh.close();
  await fx.close();
});

describe("the sandbox's hosts answer SSH", () => {
  it('reports a well configured pair as clean', async () => {
    const report = await checker.check('compute1', 'compute2');
    expect(report.hosts.flatMap((h) => h.findings).filter((f) => f.status !== 'pass')).toEqual([]);
    expect(report.pair).toMatchObject([{ status: 'pass' }]);
  });

  it('reports compute3 configured like the old runbook, and the migrate precondition says what matters', async () => {
    const report = await checker.check('compute3', 'compute1');
    const ids = report.hosts[0]?.findings
      .filter((f) => f.status !== 'pass')
      .map((f) => f.id)
      .sort();
    expect(ids).toEqual([
      'allow_resize_to_same_host',
      'auth_tcp',
      'convergence',
      'listening',
      'live_migration_flag',
      'nova_ssh_peer',
      'nova_user',
      'removed_filters',
      'scheduler_default_filters',
    ]);
    const live = (await checker.findings('compute3', 'compute1', 'live')).map(worded);
    expect(live[0]?.status).toBe('warn');
    const cold = (await checker.findings('compute3', 'compute1', 'cold')).map(worded);
    expect(cold[0]?.status).toBe('fail');
    // moving onto compute3, nothing listens there: that blocks the move
    const onto = (await checker.findings('compute1', 'compute3', 'live')).map(worded);
    expect(onto.find((c) => c.title.includes('compute3'))?.status).toBe('fail');
  });

  it('judges each move by its mode: cold needs the nova user, live needs libvirt', async () => {
    const cold = (await checker.findings('compute1', 'compute3', 'cold')).map(worded);
    const coldText = cold.map((c) => `${c.status} ${c.title}: ${c.reason}`).join('\n');
    expect(coldText).toMatch(/fail Host configuration \(compute3\).*nova user has no login shell/);
    expect(coldText).not.toMatch(/listens|libvirt|virsh/i);
    const live = (await checker.findings('compute1', 'compute3', 'live')).map(worded);
    const liveText = live.map((c) => `${c.status} ${c.title}: ${c.reason}`).join('\n');
    expect(liveText).toMatch(/fail Host configuration \(compute3\).*Nothing listens on 16509/);
    expect(liveText).not.toMatch(/nova user/);
  });

  it('says exactly what a clean line covered, and never "look right" over a failing pair', async () => {
    const lines = (await checker.findings('compute1', 'compute2', 'live')).map(worded);
    expect(lines.map((c) => `${c.status} ${c.title}: ${c.reason}`)).toEqual([
      'pass Host configuration (compute1): nova.conf and libvirtd.conf settings for a live migration look right; compute2 resolves; virsh on compute1 reaches libvirt on compute2.',
      'pass Host configuration (compute2): nova.conf and libvirtd.conf settings for a live migration look right.',
      'pass Host configuration (both hosts agree): Both hosts agree on scheme, tunnelling, TLS and instances_path',
    ]);
  });

  it('applies the same host checks to an evacuation plan, per mode', async () => {
    const plan = await planEvacuation(
      { cloud: cloudApiFrom(fx.clients), clock: fx.clock, access: everyone, hostConfig: checker },
      { host: 'compute2', concurrency: 2, requestedBy: 'U_ALICE' },
    );
    // /migrate legacy-app to compute3 --cold is refused (compute3's nova user has no shell): so is this
    const legacy = plan.items.find((i) => i.serverName === 'legacy-app');
    expect(legacy).toMatchObject({ mode: 'cold', destination: 'compute1' });
    expect(plan.checks.filter((c) => c.id === 'host-config').map(worded)[0]).toMatchObject({
      status: 'warn',
      // compute3 is refused both ways: named once (the trial read "compute3 for live moves, compute3 for cold moves")
      reason: expect.stringMatching(/rules out compute3 for live and cold moves;/),
    });
  });

  it('applies the same host checks to a drain plan as to an evacuation plan', async () => {
    const planner = {
      cloud: cloudApiFrom(fx.clients),
      clock: fx.clock,
      access: everyone,
      hostConfig: checker,
    };
    const evacuation = await planEvacuation(planner, {
      host: 'compute1',
      concurrency: 2,
      requestedBy: 'U_ALICE',
    });
    expect(evacuation.items.find((i) => i.serverName === 'batch-7')?.destination).not.toBe('compute3');
    const drain = await planDrain(planner, {
      hosts: [],
      aggregate: 'rack-a',
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: false,
      requestedBy: 'U_ALICE',
    });
    const moves = drain.steps.flatMap((step, i) =>
      step.hosts.flatMap((h) =>
        h.items
          .filter((item) => item.mode === 'cold')
          .map((item) => `${i + 1}: ${item.serverName} ${h.host} → ${item.destination}`),
      ),
    );
    // compute3's nova user has no login shell: no cold move may land there, in any step
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.join('\n')).not.toMatch(/→ compute3/);
    expect(drain.checks.filter((c) => c.id === 'host-config').map(worded)[0]).toMatchObject({
      status: 'warn',
      reason: expect.stringMatching(/rules out .*compute1 → compute3 for live and cold moves/),
    });
  });

  it("does not check a server's own host as its destination over SSH", async () => {
    const before = ssh.connections;
    const plan = await planMove(
      { cloud: cloudApiFrom(fx.clients), clock: fx.clock, access: everyone, hostConfig: checker },
      { server: 'cache-1', destination: 'compute2', mode: 'block', requestedBy: 'U_ALICE' },
    );
    const hostConfig = plan.checks.filter((c) => c.id === 'host-config');
    expect(hostConfig.map(worded)).toEqual([
      {
        id: 'host-config',
        title: 'Host configuration',
        status: 'skipped',
        fact: { code: 'not-evaluated', because: { why: 'same-host', server: 'cache-1', host: 'compute2' } },
        reason: 'Not evaluated: cache-1 already runs on compute2.',
        evidence: {},
      },
    ]);
    expect(ssh.connections).toBe(before);
  });

  it('shares one check of a pair among callers who ask at the same time', async () => {
    const before = ssh.connections;
    const [first, second] = await Promise.all([
      checker.findings('compute1', 'compute2', 'live'),
      checker.findings('compute1', 'compute2', 'cold'),
    ]);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    // one SSH connection to each of the two hosts, not two
    expect(ssh.connections - before).toBe(2);
  });

  it('keeps a check for five minutes of elapsed time, whatever the wall clock does', async () => {
    await checker.check('compute1', 'compute2');
    const before = ssh.connections;
    fx.clock.step(-3_600_000);
    fx.clock.advance(6 * 60_000);
    await checker.check('compute1', 'compute2');
    // the wall clock says 54 minutes before the first check; six minutes have passed: checked afresh
    expect(ssh.connections - before).toBe(2);
  });

  it("reads each host's CPU over SSH (nova.conf and virsh) and groups the hosts into CPU-compatible sets", async () => {
    const report = await checker.check('compute1', 'compute3');
    expect(
      report.hosts.map((h) => [h.host, h.cpu?.config.mode, h.cpu?.hostCpu?.model, h.cpu?.hostModel?.model]),
    ).toEqual([
      ['compute1', 'host-model', 'Cascadelake-Server', 'Cascadelake-Server'],
      ['compute3', 'host-model', 'Broadwell-noTSX-IBRS', 'Broadwell-noTSX-IBRS'],
    ]);
    expect(report.hosts[1]?.cpu?.usable).toContain('Broadwell-noTSX-IBRS');
    expect(report.hosts[1]?.cpu?.usable).not.toContain('Cascadelake-Server');
    expect(report.cpuSets).toEqual([
      { hosts: ['compute1'], model: 'Cascadelake-Server', mode: 'host-model' },
      { hosts: ['compute3'], model: 'Broadwell-noTSX-IBRS', mode: 'host-model' },
    ]);
    // what a plan asks: every host's CPU, from the same cached checks
    const cpus = await checker.hostCpus(['compute1', 'compute2', 'compute3', 'compute9']);
    expect(cpus.map((cpu) => cpu.host)).toEqual(['compute1', 'compute2', 'compute3']);
    // the CPU findings add no finding: what the other tests count is unchanged
    expect(report.hosts[0]?.findings.some((f) => /cpu/i.test(f.id))).toBe(false);
  });

  it('answers nothing but the allow-listed commands', async () => {
    const session = new SshSession(settings);
    try {
      const result = await session.run('compute1', 'rm -rf /');
      expect(result.code).toBe(126);
    } finally {
      session.close();
    }
  });
});
