import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

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
    const live = await checker.findings('compute3', 'compute1', 'live');
    expect(live[0]?.status).toBe('warn');
    const cold = await checker.findings('compute3', 'compute1', 'cold');
    expect(cold[0]?.status).toBe('fail');
    // moving onto compute3, nothing listens there: that blocks the move
    const onto = await checker.findings('compute1', 'compute3', 'live');
    expect(onto.find((c) => c.title.includes('compute3'))?.status).toBe('fail');
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
