import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeldConnections } from '../../src/hostcheck/held-ssh.ts';
import { REMOTE } from '../../src/hostcheck/remote.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/**
 * Connections opened ahead to a live move's destination (#31, target 6): a command finds the held one
 * open, a host that is not held gets a connection of its own, and a held connection that has gone is
 * replaced without the command failing. Against the sandbox hosts' own SSH servers.
 */

let fx: SandboxFixture;
let ssh: SandboxSsh;
let settings: SshSettings;
const nova = REMOTE.read('/etc/nova/nova.conf');

beforeEach(async () => {
  fx = await sandboxFixture();
  ({ ssh, settings } = await sandboxHostChecker(fx));
});
afterEach(async () => {
  await ssh.close();
  await fx.close();
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

describe('connections held to a destination', () => {
  it('are opened by hold() and used by the next command there; another host gets its own', async () => {
    const held = new HeldConnections(() => new SshSession(settings));
    const before = ssh.connections;
    held.hold('compute2');
    await until(() => ssh.connections === before + 1);
    const shell = held.shell();
    expect((await shell.run('compute2', nova)).code).toBe(0);
    expect(ssh.connections).toBe(before + 1);
    expect((await shell.run('compute3', nova)).code).toBe(0);
    expect(ssh.connections).toBe(before + 2);
    shell.close();
    held.close();
  });

  it('are closed HOLD_MS after the last hold(): the next command connects again', async () => {
    const held = new HeldConnections(() => new SshSession(settings), 100);
    const before = ssh.connections;
    held.hold('compute2');
    await until(() => ssh.connections === before + 1);
    await until(() => !held.holds('compute2'));
    const shell = held.shell();
    expect((await shell.run('compute2', nova)).code).toBe(0);
    expect(ssh.connections).toBe(before + 2);
    shell.close();
  });

  it('give way to a connection of its own when the held one has gone', async () => {
    const held = new HeldConnections(() => new SshSession(settings));
    const before = ssh.connections;
    // the held connection goes to a port where nothing listens: the command still answers
    const real = settings.overrides.compute2 ?? {};
    settings.overrides.compute2 = { address: '127.0.0.1', port: 1 };
    held.hold('compute2');
    settings.overrides.compute2 = real;
    const shell = held.shell();
    expect((await shell.run('compute2', nova)).code).toBe(0);
    expect(ssh.connections).toBe(before + 1);
    shell.close();
    held.close();
  });
});
