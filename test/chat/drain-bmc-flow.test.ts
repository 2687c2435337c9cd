import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostReboots } from '../../src/hostcheck/reboot.ts';
import { SshSession } from '../../src/hostcheck/ssh.ts';
import { readRebootSettings } from '../../src/reboot-settings.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { hasIpmi, type RealBmc, startBmc } from '../helpers/ipmi.ts';
import { afterReboot, REBOOT_TIMEOUT_MS } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * `/drain … --reboot`'s BMC path through the real Bolt listeners with a real BMC: compute2's BMC in
 * FERRY_BMC is Debian's ipmi_sim on a loopback port, reached by the real ipmitool; the sandbox's
 * hosts answer SSH (src/sandbox/ssh-reboot.ts). Each ipmitool run takes about 10 s of real time:
 * ipmi_sim has no cipher suite list and ipmitool waits for one before it falls back.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
let bmc: RealBmc | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await bmc?.stop();
  bmc = undefined;
  await fx.close();
});

const { drainMessage, threadText, drainOf, serviceOf, approve } = drainFlowHelpers(() => ({ fx, slack }));

/** Ferry's reboot hands on the sandbox, FERRY_BMC naming the real BMC for compute2, read as Ferry reads it. */
async function start(args: string, env: { FERRY_BMC_FIRST?: string; password?: string } = {}) {
  bmc = await startBmc();
  const dir = join(bmc.passwordFile, '..');
  const bmcFile = join(dir, 'ferry-bmc');
  writeFileSync(bmcFile, `compute2 127.0.0.1:${bmc.port}\n`);
  let passwordFile = bmc.passwordFile;
  if (env.password !== undefined) {
    passwordFile = join(dir, 'other-password');
    writeFileSync(passwordFile, env.password);
  }
  const started = await sandboxHostChecker(fx);
  ssh = started.ssh;
  const hosts = [...fx.sandbox.cloud.hosts.keys()];
  const reboots = new HostReboots({
    shell: () => new SshSession(started.settings),
    knownHosts: async () => hosts,
    checker: started.checker,
    settings: {
      ...readRebootSettings({
        FERRY_BMC: bmcFile,
        FERRY_BMC_USER: bmc.user,
        FERRY_BMC_PASSWORD_FILE: passwordFile,
        FERRY_BMC_FIRST: env.FERRY_BMC_FIRST ?? 'false',
      }),
      timeoutMs: REBOOT_TIMEOUT_MS,
    },
  });
  slack = await slackHarness(fx, { reboots });
  await slack.command('U_ALICE', '/drain', args);
  const parent = await drainMessage();
  await waitFor(() => threadText(parent).includes('Step 1'), 'the plan in the thread');
  return parent;
}

describe.skipIf(!hasIpmi)("/drain --reboot's BMC path with Debian's ipmi_sim as the BMC", () => {
  it('a host that does not come back over SSH is power-cycled through its real BMC, then held', async () => {
    applyFault(fx.sandbox.cloud, { type: 'reboot-hangs', host: 'compute2' });
    const parent = await start('compute2 --reboot');
    expect(threadText(parent)).toContain(
      'through the BMC (ipmitool chassis power cycle) if SSH does not answer',
    );
    await approve(parent);
    await afterReboot(fx, drainOf, 'compute2', 1, REBOOT_TIMEOUT_MS + 1_000);
    // not back in time: Ferry runs ipmitool against the BMC, which powers the chassis off, then on
    await waitFor(() => bmc?.sets().includes('power 1'), 'the power cycle in the BMC', 60_000);
    expect(bmc?.sets()).toEqual(['power 0', 'power 1']);
    await waitFor(
      () => threadText(parent).includes('🔁 compute2 is power-cycled through its BMC.'),
      'the BMC attempt said',
      30_000,
    );
    // the sandbox host stays hung (the fault): after the timeout once more it is held
    await afterReboot(fx, drainOf, 'compute2', 2, REBOOT_TIMEOUT_MS + 1_000);
    await waitFor(() => drainOf().drain.hosts[0]?.reboot?.failure, 'the failure', 30_000);
    const held = drainOf().drain.hosts[0];
    expect(held?.reboot?.attempts.map((a) => [a.via, a.error])).toEqual([
      ['ssh', undefined],
      ['bmc', undefined],
    ]);
    expect(held?.reboot?.failure).toMatchObject({ code: 'not-back', bmcTried: true });
    expect(serviceOf('compute2').status).toBe('disabled');
    expect(bmc?.sets()).toEqual(['power 0', 'power 1']);
  }, 180_000);

  it('a BMC that refuses the password: the thread says so, in words naming the setting, without the password', async () => {
    const parent = await start('compute2 --reboot', { FERRY_BMC_FIRST: 'true', password: 'stale-password' });
    // the plan says what happens: the BMC only, never the SSH reboot after it
    expect(threadText(parent)).toContain('through its BMC only (ipmitool chassis power cycle;');
    await approve(parent);
    await waitFor(() => drainOf().drain.hosts[0]?.reboot?.failure, 'the failure', 90_000);
    const port = bmc?.port;
    const said = `BMC 127.0.0.1 port ${port} refused the password in FERRY_BMC_PASSWORD_FILE`;
    expect(drainOf().drain.hosts[0]?.reboot?.failure).toEqual({
      code: 'not-sent',
      error: 'password-rejected',
      bmc: { code: 'password-rejected', bmc: '127.0.0.1', port },
    });
    await waitFor(
      () => threadText(parent).includes(`compute2 could not be rebooted: ${said}`),
      'the refusal said in the thread',
      30_000,
    );
    expect(threadText(parent)).not.toContain('stale-password');
    expect(threadText(parent)).not.toContain('the reboot command over SSH');
    expect(JSON.stringify(drainOf())).not.toContain('stale-password');
    expect(bmc?.sets()).toEqual([]);
    expect(serviceOf('compute2').status).toBe('disabled');
  }, 180_000);
});
