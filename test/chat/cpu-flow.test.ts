import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { CPU_TRAITS } from '../../src/sandbox/api/placement.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * CPU compatibility through the Slack listeners: a destination whose CPU cannot run the server's
 * guest CPU is refused by /migrate when virsh (over SSH) proves it, warned about when only Placement's
 * traits say so, and never chosen by a drain's plan, which names it.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;

beforeEach(async () => {
  fx = await sandboxFixture();
  // compute4 is in service again: a host whose CPU can run compute1's guests
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const host = (name: string) => fx.sandbox.cloud.hosts.get(name) as SandboxHost;
const requestMessage = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
    20_000,
  );
const hasButtons = (message: StoredMessage) => message.blocks.some((b) => b.type === 'actions');
/** compute2 as an older CPU lists it in Placement: no AVX-512 */
const olderTraits = () => CPU_TRAITS.filter((trait) => !trait.startsWith('HW_CPU_X86_AVX512'));

describe('CPU compatibility through the real Bolt listeners', () => {
  it('/migrate refuses a destination whose CPU virsh shows cannot run the guest, and names where it can go', async () => {
    host('compute2').cpuFamily = 'broadwell';
    const started = await sandboxHostChecker(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { hostChecker: started.checker });
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    const text = textOf(parent);
    expect(text).toContain('❌ *CPU compatibility*');
    expect(text).toContain(
      'compute2 cannot run CPU model Cascadelake-Server that guests of compute1 have (cpu_mode host-model; compute2 offers Broadwell-noTSX-IBRS)',
    );
    expect(hasButtons(parent)).toBe(false);
    // the fix is under the failed check, in the request's message (not again in its thread)
    expect(text).toContain('➜ Pick a host whose CPU can run it: compute4; or use --cold');
  }, 60_000);

  it('/migrate only warns when Placement traits alone say the CPU differs (a weaker proof)', async () => {
    host('compute2').cpuTraits = olderTraits();
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    const text = textOf(parent);
    expect(text).toContain('⚠️ *CPU compatibility*');
    expect(text).toMatch(
      /compute2 lacks the CPU traits HW_CPU_X86_AVX512F, .* of compute1 \(Placement's HW_CPU_\* traits: a weaker proof than virsh\)/,
    );
    expect(hasButtons(parent)).toBe(true);
  });

  it('/migrate passes the check when the CPUs agree', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    expect(textOf(parent)).toContain('✅ *CPU compatibility*');
  });

  it('a drain plan never sends a server live onto a host whose CPU cannot run it, names it, and shows the sets', async () => {
    host('compute2').cpuTraits = olderTraits();
    slack = await slackHarness(fx);
    const { drainMessage, threadText: drainThread } = drainFlowHelpers(() => ({ fx, slack }));
    await slack.command('U_ALICE', '/drain', 'compute1');
    const parent = await drainMessage();
    await waitFor(() => drainThread(parent).includes('*Step 1*'), 'the plan in the thread', 20_000);
    const text = `${textOf(parent)}\n${drainThread(parent)}`;
    // compute2 lacks compute1's AVX-512: every live move goes to compute4 (compute3's QEMU is older)
    expect(text).toMatch(/• server-x \(m1\.large\) `compute1` → `compute4`, live/);
    expect(text).not.toMatch(/→ `compute2`, live/);
    // a cold move boots afresh on the destination's CPU: compute2 may take it
    expect(text).toMatch(/• batch-7 \(m1\.small\) `compute1` → `compute2`, cold/);
    expect(text).toContain(
      "By Placement's HW_CPU_* traits (a weaker proof than virsh), the hosts form 2 CPU-compatible sets: compute1, compute3, compute4 · compute2.",
    );
  });

  it('a drain plan with nowhere to go by CPU says so, host by host', async () => {
    host('compute2').cpuTraits = olderTraits();
    host('compute4').status = 'disabled';
    slack = await slackHarness(fx);
    const { drainMessage, threadText: drainThread } = drainFlowHelpers(() => ({ fx, slack }));
    await slack.command('U_ALICE', '/drain', 'compute1');
    const parent = await drainMessage();
    await waitFor(() => drainThread(parent).includes('*Step 1*'), 'the plan in the thread', 20_000);
    const text = `${textOf(parent)}\n${drainThread(parent)}`;
    expect(text).toContain(
      '❌ *Room at every step*: Step 1 does not fit: the hosts still in service cannot take 5 servers (CPU compatibility,',
    );
    expect(text).toMatch(
      /❌ ledger \(m1\.xlarge\): the hosts with room rule it out: compute2: compute2 lacks the CPU traits HW_CPU_X86_AVX512F, .* of compute1 \(Placement's HW_CPU_\* traits: a weaker proof than virsh\); it could move cold/,
    );
  });
});
