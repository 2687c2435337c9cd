import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A --reboot drain's plan warns of a host whose host check fails already (operator trial): rebooted
 * as it is, it would come back and fail its verification, and hold the drain.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

describe('/drain --reboot planned through the real Bolt listeners', () => {
  it('warns of a host whose host check fails before it is rebooted, and of no other', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { reboots: started.reboots });
    // compute3's host check fails in the sandbox: nothing listens on libvirt's port, nova has no shell
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --reboot --dry-run');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Drain plan')),
      'the drain plan',
    );
    const said = textOf(plan);
    expect(said).toMatch(
      /⚠️ compute3's host check fails already \(Nothing listens on [^)]*\): rebooted as it is, it would come back and fail its verification\. Fix it first, or leave it out\./,
    );
    expect(said).not.toContain("compute2's host check");
  });

  it('says that warning to the approver too: in the drain message, its Approve question pointing at it', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { reboots: started.reboots });
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --reboot');
    const harness = slack;
    const message = await waitFor(
      () => harness.fake.messages.find((m) => !m.threadTs && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    const warning =
      /⚠️ compute3's host check fails already \(Nothing listens on [^)]*\): rebooted as it is, it would come back and fail its verification\. Fix it first, or leave it out\./;
    expect(textOf(message)).toMatch(warning);
    expect(textOf(message)).not.toContain("compute2's host check");
    expect(JSON.stringify(message.blocks)).toContain("⚠️ 1 plan warning, listed in the drain's message.");
    // kept with the request: every later rendering (a restart, another replica) says it too
    expect(Object.keys(harness.store.drains()[0]?.drain.warnings?.checkFailing ?? {})).toEqual(['compute3']);
    // said once: the plan in the drain's thread, under that message, does not say it again (operator trial)
    const plan = await waitFor(
      () => harness.fake.threadOf(CHANNEL, message.ts).find((m) => m.text.startsWith('Drain plan')),
      'the plan in the thread',
    );
    expect(textOf(plan)).toContain('🔁 Reboot: each emptied host');
    expect(textOf(plan)).not.toContain('host check fails already');
  });
});
