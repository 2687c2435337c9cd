import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuestAgentOverSsh } from '../../src/hostcheck/guest-agent.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/** The guest agent's ping over SSH, against the sandbox's hosts (which answer as the lab's did). */

let fx: SandboxFixture;
let ssh: SandboxSsh;
let settings: SshSettings;

beforeEach(async () => {
  fx = await sandboxFixture();
  ({ ssh, settings } = await sandboxHostChecker(fx));
});
afterEach(async () => {
  await ssh.close();
  await fx.close();
});

describe('the QEMU guest agent asked over SSH', () => {
  it('says a guest without the agent has none (the lab: "QEMU guest agent is not configured", exit 1)', async () => {
    const agent = new GuestAgentOverSsh(() => new SshSession(settings));
    const server = fx.sandbox.cloud.resolveServer('server-x');
    expect(await agent.ping(server.host, server.instanceName)).toEqual({ code: 'not-configured' });
    // on a host the domain is not on, libvirt's own words
    expect(await agent.ping('compute2', server.instanceName)).toEqual({
      code: 'failed',
      error: `error: failed to get domain '${server.instanceName}'`,
    });
  });

  it('never lets a name that is not a domain name Nova gives reach a shell', async () => {
    const agent = new GuestAgentOverSsh(() => {
      throw new Error('no shell may be opened for this name');
    });
    expect(await agent.ping('compute1', "instance-1'; rm -rf / #")).toEqual({ code: 'bad-domain' });
  });
});
