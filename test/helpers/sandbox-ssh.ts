import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.ts';
import { HeldConnections } from '../../src/hostcheck/held-ssh.ts';
import { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { type SandboxSsh, startSandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import type { SandboxFixture } from './sandbox.ts';

/** A sandbox and the clock Ferry runs on: a test's fixture, or a bench's sandbox on real time. */
export type SandboxOnClock = Pick<SandboxFixture, 'sandbox'> & { clock: Clock };

/** The sandbox hosts' SSH servers, and a host checker that talks to them as it would to real hosts. */
export async function sandboxHostChecker(
  fx: SandboxOnClock,
): Promise<{ ssh: SandboxSsh; settings: SshSettings; checker: HostChecker; held: HeldConnections }> {
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
  // as Ferry runs with SSH: connections opened ahead to live moves' destinations (index.ts)
  const held = new HeldConnections(() => new SshSession(settings));
  const checker = new HostChecker({
    shell: () => new SshSession(settings),
    held,
    knownHosts: async () => [...fx.sandbox.cloud.hosts.keys()],
    clock: fx.clock,
  });
  // the hosts' servers close once every connection has ended: the held ones first
  const closeHosts = ssh.close;
  Object.assign(ssh, {
    close: async () => {
      held.close();
      await closeHosts();
    },
  });
  return { ssh, settings, checker, held };
}
