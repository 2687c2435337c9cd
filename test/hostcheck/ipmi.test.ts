import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BmcFailed } from '../../src/core/ports/reboot.ts';
import { HostReboots, type Ipmitool, systemIpmitool } from '../../src/hostcheck/reboot.ts';
import { bmcFailureText } from '../../src/messages/reboot.ts';
import { readRebootSettings } from '../../src/reboot-settings.ts';
import { hasIpmi, type RealBmc, startBmc } from '../helpers/ipmi.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * Ferry's BMC path (`/drain --reboot`, issue #30) against a real BMC: Debian's ipmi_sim on a loopback
 * UDP port, driven by the real ipmitool Ferry runs. FERRY_BMC, FERRY_BMC_USER and
 * FERRY_BMC_PASSWORD_FILE are read as Ferry reads them; the power cycle is seen in the simulated
 * chassis (power off, then on).
 */

let bmc: RealBmc;
let dir: string;
beforeAll(async () => {
  if (!hasIpmi) return;
  bmc = await startBmc();
  dir = join(bmc.passwordFile, '..');
});
afterAll(async () => {
  await bmc?.stop();
});

/** Ferry's reboot hands for compute2, whose BMC is `bmcLine`, with this password file and user. */
function reboots(
  options: { bmcLine?: string; user?: string; passwordFile?: string; ipmitool?: Ipmitool } = {},
) {
  const file = join(dir, `ferry-bmc-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `compute2 ${options.bmcLine ?? `127.0.0.1:${bmc.port}`}\n`);
  const settings = readRebootSettings({
    FERRY_BMC: file,
    FERRY_BMC_USER: options.user ?? bmc.user,
    FERRY_BMC_PASSWORD_FILE: options.passwordFile ?? bmc.passwordFile,
  });
  return new HostReboots({
    shell: () => {
      throw new Error('no SSH in these tests');
    },
    knownHosts: async () => ['compute2'],
    checker: {
      check: async () => {
        throw new Error('no host check in these tests');
      },
    },
    settings,
    ...(options.ipmitool ? { ipmitool: options.ipmitool } : {}),
  });
}

/** The BmcFailed a power cycle threw: its fact, and the fact as the thread words it (in English). */
async function bmcFailure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; port?: number }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BmcFailed);
  const { failure } = error as BmcFailed;
  return {
    code: failure.code,
    message: bmcFailureText(failure),
    ...(failure.port ? { port: failure.port } : {}),
  };
}

/** Every running ipmitool's command line and environment, as `ps` and /proc show them. */
function ipmitoolProcesses(): { cmdline: string; environ: string }[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        if (!cmdline.startsWith('ipmitool ')) return [];
        return [{ cmdline, environ: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').join(' ') }];
      } catch {
        return [];
      }
    });
}

describe.skipIf(!hasIpmi)("Ferry's BMC port against Debian's ipmi_sim", () => {
  it('reads FERRY_BMC with a port, and the BMC answers its user with the password from the file', async () => {
    const hands = reboots();
    expect(hands.hasBmc('compute2')).toBe(true);
    expect(hands.method().bmc).toBe('fallback');
    expect(await bmc.status()).toBe('Chassis Power is on\n');
  });

  it('power-cycles the host through its BMC: the chassis goes off, then on', async () => {
    const runs: string[][] = [];
    const hands = reboots({
      ipmitool: (args) => {
        runs.push(args);
        return systemIpmitool(args);
      },
    });
    const before = bmc.sets().length;
    await hands.viaBmc('compute2');
    await waitFor(() => bmc.sets().length >= before + 2, 'the power cycle in the chassis', 20_000);
    expect(bmc.sets().slice(before)).toEqual(['power 0', 'power 1']);
    expect(bmc.power()).toBe('on');
    expect(await bmc.status()).toBe('Chassis Power is on\n');
    // the password by file, never by value
    expect(runs).toEqual([
      [
        '-I',
        'lanplus',
        '-H',
        '127.0.0.1',
        '-p',
        String(bmc.port),
        '-U',
        bmc.user,
        '-f',
        bmc.passwordFile,
        '-v',
        'chassis',
        'power',
        'cycle',
      ],
    ]);
    expect(runs.flat().join(' ')).not.toContain(bmc.password);
  });

  it('a wrong password is said as such, with nothing of the password, and nothing reaches the chassis', async () => {
    const wrong = join(dir, 'wrong-password');
    writeFileSync(wrong, 'not-the-password');
    const before = bmc.calls().length;
    const error = await bmcFailure(reboots({ passwordFile: wrong }).viaBmc('compute2'));
    expect(error.code).toBe('password-rejected');
    expect(error.message).toBe(
      `BMC 127.0.0.1 port ${bmc.port} refused the password in FERRY_BMC_PASSWORD_FILE`,
    );
    expect(error.message).not.toContain('not-the-password');
    expect(bmc.calls().length).toBe(before);
  }, 60_000);

  it('an unknown user is said as such', async () => {
    const error = await bmcFailure(reboots({ user: 'nobody' }).viaBmc('compute2'));
    expect(error.code).toBe('user-rejected');
    expect(error.message).toBe(
      `BMC 127.0.0.1 port ${bmc.port} does not know the user (FERRY_BMC_USER or the user in FERRY_BMC)`,
    );
  }, 60_000);

  it('a BMC that does not answer is said as such; while ipmitool waits, ps shows no password, nor does its environment', async () => {
    // nothing listens on the simulator's port + 1 (ipmi_sim binds one UDP port)
    const port = bmc.port === 65_535 ? bmc.port - 1 : bmc.port + 1;
    const failing = bmcFailure(reboots({ bmcLine: `127.0.0.1:${port}` }).viaBmc('compute2'));
    // ipmitool retries for about 20 s before it gives up: long enough to read its command line
    await waitFor(
      () => ipmitoolProcesses().some((p) => p.cmdline.includes(`-p ${port} `)),
      'ipmitool running',
      20_000,
    );
    const [running] = ipmitoolProcesses().filter((p) => p.cmdline.includes(`-p ${port} `));
    expect(running?.cmdline).toContain(`-f ${bmc.passwordFile}`);
    expect(running?.cmdline).not.toContain(bmc.password);
    expect(running?.environ).not.toContain(bmc.password);
    expect(running?.environ).not.toMatch(/IPMI_PASSWORD/);
    const error = await failing;
    expect(error.code).toBe('no-answer');
    expect(error.message).toBe(
      `BMC 127.0.0.1 port ${port} did not answer IPMI over LAN (lanplus): check its address in FERRY_BMC and that it is reachable`,
    );
  }, 90_000);

  it('a BMC name that does not resolve is said as such', async () => {
    const error = await bmcFailure(reboots({ bmcLine: 'compute2-bmc.invalid' }).viaBmc('compute2'));
    expect(error.code).toBe('address-unknown');
    expect(error.message).toBe('BMC compute2-bmc.invalid: the name does not resolve (FERRY_BMC)');
  }, 60_000);

  it('a password file gone since Ferry started: no login is tried with an empty password, nor does ipmitool wait for one', async () => {
    const gone = join(dir, 'gone-password');
    writeFileSync(gone, bmc.password);
    const hands = reboots({ passwordFile: gone });
    rmSync(gone);
    const before = bmc.calls().length;
    const started = Date.now();
    const error = await bmcFailure(hands.viaBmc('compute2'));
    expect(error.code).toBe('password-file');
    expect(error.message).toBe(`BMC 127.0.0.1 port ${bmc.port}: FERRY_BMC_PASSWORD_FILE cannot be read`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bmc.calls().length).toBe(before);
  }, 60_000);

  it('FERRY_BMC: an address with a port, an IPv6 address with or without one, a port out of range refused', () => {
    const file = join(dir, 'ferry-bmc-forms');
    writeFileSync(
      file,
      [
        'compute1 10.0.0.1',
        'compute2 10.0.0.2:6230 admin',
        'compute3 fd00::3',
        'compute4 [fd00::4]:6231',
        '',
      ].join('\n'),
    );
    const env = { FERRY_BMC: file, FERRY_BMC_USER: 'ferry', FERRY_BMC_PASSWORD_FILE: bmc.passwordFile };
    expect(readRebootSettings(env).bmc?.hosts).toEqual({
      compute1: { address: '10.0.0.1' },
      compute2: { address: '10.0.0.2', port: 6230, user: 'admin' },
      compute3: { address: 'fd00::3' },
      compute4: { address: 'fd00::4', port: 6231 },
    });
    writeFileSync(file, 'compute1 10.0.0.1:70000\n');
    expect(() => readRebootSettings(env)).toThrow('the port after the address must be 1 to 65535');
  });
});
