import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.ts';
import { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { type SandboxSsh, startSandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import type { SandboxFixture } from './sandbox.ts';

/** A sandbox and the clock Ferry runs on: a test's fixture, or a bench's sandbox on real time. */
export type SandboxOnClock = Pick<SandboxFixture, 'sandbox'> & { clock: Clock };

/** The sandbox hosts' SSH servers, and a host checker that talks to them as it would to real hosts. */
export async function sandboxHostChecker(
  fx: SandboxOnClock,
): Promise<{ ssh: SandboxSsh; settings: SshSettings; checker: HostChecker }> {
  const ssh = await startSandboxSsh(
    fx.sandbox.cloud,
    `${mkdtempSync(join(tmpdir(), 'ferry-sandbox-ssh-'))}/`,
  );
  const settings: SshSettings = {
    user: ssh.user,
    port: 22,
    privateKeyPath: ssh.clientKeyPath,
    knownHostsPath: ssh.knownHostsPath,
    overrides: ssh.overrides,
    connectTimeoutMs: 3_000,
    commandTimeoutMs: 5_000,
  };
  const checker = new HostChecker({
    shell: () => new SshSession(settings),
    knownHosts: async () => [...fx.sandbox.cloud.hosts.keys()],
    clock: fx.clock,
  });
  return { ssh, settings, checker };
}
