import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { SANDBOX_NEXT_KERNEL } from '../../src/sandbox/ssh-reboot.ts';
import { sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * A drain whose plan would name no host (a host, zone or aggregate the cloud does not have, every host
 * already on --kernel) is refused privately with why and what there is: nothing is posted for
 * approval, nothing recorded, nothing disabled (operator trial of `/drain compute9 --reboot`).
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  fx.sandbox.cloud.addAggregate('patch-a', ['compute4', 'compute2']);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

describe('/drain of no host through the real Bolt listeners', () => {
  it('refuses with the reason and a did-you-mean, and changes nothing', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { reboots: started.reboots });
    const services = () => [...fx.sandbox.cloud.hosts.values()].map((h) => h.status).join(',');
    const before = services();
    const refused = async (args: string, said: string) => {
      await slack.command('U_ALICE', '/drain', args);
      await waitFor(() => slack.privately('U_ALICE').includes(said), `the refusal of /drain ${args}`);
    };
    await refused(
      'compute9 --reboot',
      // four hosts as near as compute1: none picked by the alphabet (operator trial)
      'Nothing to drain: Not compute hosts of this cloud: compute9. Pick one of: compute1, compute2, compute3, compute4. Nothing was requested, disabled or moved.',
    );
    await refused('comptue1', 'Did you mean compute1? Hosts: compute1,');
    await refused(
      '--zone nvoa --reboot',
      'Nothing to drain: No compute host of this cloud is in availability zone nvoa. Did you mean nova? Zones: nova.',
    );
    await refused(
      '--aggregate patch-b --reboot --dry-run',
      'Nothing to drain: This cloud has no aggregate patch-b. Did you mean patch-a? Aggregates:',
    );
    await refused(
      'patch-a',
      'Nothing to drain: Not compute hosts of this cloud: patch-a. patch-a is an aggregate: /drain --aggregate patch-a drains its hosts. Nothing was requested, disabled or moved.',
    );
    // compute4 already runs the kernel: with compute2 left out too, there is nothing to reboot
    await refused(
      `compute4 --reboot --kernel ${SANDBOX_NEXT_KERNEL}`,
      `Nothing to drain: Every host left already runs ${SANDBOX_NEXT_KERNEL}: compute4.`,
    );
    expect(slack.store.drains()).toEqual([]);
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(services()).toBe(before);
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
  });
});
