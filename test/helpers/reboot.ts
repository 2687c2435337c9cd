import type { DrainRecord } from '../../src/core/model/records.ts';
import { HostReboots, type RebootSettings } from '../../src/hostcheck/reboot.ts';
import { SshSession } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import {
  rebooting,
  SANDBOX_REBOOT_MS,
  sandboxBmcAddress,
  sandboxIpmitool,
} from '../../src/sandbox/ssh-reboot.ts';
import type { SandboxFixture } from './sandbox.ts';
import { type SandboxOnClock, sandboxHostChecker } from './sandbox-ssh.ts';
import { waitFor } from './slack.ts';

/** FERRY_REBOOT_TIMEOUT_S in these tests: 10 minutes of the sandbox's clock */
export const REBOOT_TIMEOUT_MS = 600_000;

/**
 * `/drain --reboot`'s hands on the sandbox: its hosts' SSH servers (boot read, `systemctl reboot`) and,
 * with `bmc`, FERRY_BMC naming each host's sandbox BMC, ipmitool answered by the sandbox's BMCs; every
 * ipmitool argument list is kept (`ipmitool`) to check the command line Ferry runs.
 */
export async function sandboxReboots(
  fx: SandboxOnClock,
  options: { bmc?: boolean; bmcFirst?: boolean } = {},
): Promise<{ ssh: SandboxSsh; reboots: HostReboots; ipmitool: string[][] }> {
  const { ssh, settings, checker } = await sandboxHostChecker(fx);
  const hosts = [...fx.sandbox.cloud.hosts.keys()];
  const ipmitool: string[][] = [];
  const bmc = sandboxIpmitool(fx.sandbox.cloud);
  const rebootSettings: RebootSettings = {
    command: 'systemctl reboot',
    timeoutMs: REBOOT_TIMEOUT_MS,
    ...(options.bmc
      ? {
          bmc: {
            hosts: Object.fromEntries(hosts.map((h) => [h, { address: sandboxBmcAddress(h) }])),
            user: 'ferry-bmc',
            passwordFile: '/etc/ferry/bmc-password',
            first: options.bmcFirst ?? false,
          },
        }
      : {}),
  };
  const reboots = new HostReboots({
    shell: () => new SshSession(settings),
    knownHosts: async () => hosts,
    checker,
    settings: rebootSettings,
    ipmitool: (args) => {
      ipmitool.push(args);
      return bmc(args);
    },
  });
  return { ssh, reboots, ipmitool };
}

/**
 * Waits until `host`'s reboot has been sent `attempts` times and the sandbox's host is down for it,
 * then lets the sandbox's clock pass `ms` (by default: long enough for it to come back).
 */
export async function afterReboot(
  fx: SandboxFixture,
  drain: () => DrainRecord,
  host: string,
  attempts = 1,
  ms = SANDBOX_REBOOT_MS + 1_000,
): Promise<void> {
  const sent = () =>
    (drain().drain.hosts.find((h) => h.host === host)?.reboot?.attempts.length ?? 0) >= attempts;
  await waitFor(() => sent() && rebooting(fx.sandbox.cloud, host), `${host}'s reboot sent`, 30_000).catch(
    (error) => {
      const hosts = drain().drain.hosts.map((h) => [h.host, h.phase, h.reboot]);
      throw new Error(
        `${(error as Error).message}: ${JSON.stringify(hosts)} ${drain().drain.phase} ${JSON.stringify(drain().drain.held?.failed)}`,
      );
    },
  );
  fx.clock.advance(ms);
}
