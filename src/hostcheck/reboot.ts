import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { RebootMethod } from '../core/model/reboot.ts';
import type { RebootPort } from '../core/ports/reboot.ts';
import type { HostCheckReport } from './hostcheck.ts';
import { HOST_NAME } from './hostcheck.ts';
import { bmcError } from './ipmitool.ts';
import { REMOTE, type RemoteShell } from './remote.ts';

/**
 * `/drain --reboot`'s hands (issue #30): the boot read and FERRY_REBOOT_COMMAND sent over the host
 * check's SSH, `ipmitool` for the BMC. Only the cloud's own compute hosts with a plain name are ever
 * contacted; the command is the operator's configuration as written, never anything typed in Slack;
 * the BMC password stays in its file (`ipmitool -f`): Ferry never reads it, so it reaches no log.
 */

export interface BmcSettings {
  /** FERRY_BMC: host → BMC address (a port when not IPMI's 623, and a user of its own) */
  hosts: Record<string, { address: string; port?: number; user?: string }>;
  /** FERRY_BMC_USER */
  user: string;
  /** FERRY_BMC_PASSWORD_FILE: handed to ipmitool -f */
  passwordFile: string;
  /** FERRY_BMC_FIRST: the BMC before SSH */
  first: boolean;
}

export interface RebootSettings {
  /** FERRY_REBOOT_COMMAND (default `systemctl reboot`) */
  command: string;
  /** FERRY_REBOOT_TIMEOUT_S */
  timeoutMs: number;
  bmc?: BmcSettings;
}

/** Runs ipmitool with these arguments (no shell); what it said on stderr, and whether its time ran out. */
export type Ipmitool = (args: string[]) => Promise<IpmitoolRun>;

export interface IpmitoolRun {
  code: number | null;
  stderr: string;
  /** stopped after its time */
  timedOut?: boolean;
  /** not run: its password file (`-f`) cannot be read */
  passwordFileUnreadable?: boolean;
}

/**
 * ipmitool from PATH, 60 s at most, with only PATH in its environment and its stdin closed. A
 * password file (`-f`) that cannot be read (gone since Ferry started) is not handed to it: ipmitool
 * would then ask on stdin and try an empty password on the BMC (a failed login that may lock the user).
 */
export const systemIpmitool: Ipmitool = (args) =>
  new Promise((resolve) => {
    const file = args[args.indexOf('-f') + 1];
    if (args.includes('-f') && (!file || !readable(file))) {
      resolve({ code: null, stderr: '', passwordFileUnreadable: true });
      return;
    }
    const child = execFile(
      'ipmitool',
      args,
      { timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (error, _stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({
          code,
          stderr: error && !stderr ? error.message : String(stderr),
          ...(error?.killed ? { timedOut: true } : {}),
        });
      },
    );
    child.stdin?.end();
  });

/**
 * The argument list of a power cycle through a host's BMC: the password by file, never by value;
 * `-v` so that a refused password, an unknown user and a BMC not answering each say their own line.
 */
export function ipmitoolArgs(bmc: BmcSettings, host: string): string[] {
  const entry = bmc.hosts[host];
  if (!entry) throw new Error(`${host}: no BMC in FERRY_BMC`);
  return [
    '-I',
    'lanplus',
    '-H',
    entry.address,
    ...(entry.port === undefined ? [] : ['-p', String(entry.port)]),
    '-U',
    entry.user ?? bmc.user,
    '-f',
    bmc.passwordFile,
    '-v',
    'chassis',
    'power',
    'cycle',
  ];
}

const BOOT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KERNEL = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$/;

/** `cat boot_id /proc/uptime && uname -r` as read: three lines, or what was wrong with them. */
export function parseBoot(stdout: string): { bootId: string; kernel: string; uptimeS: number } {
  const [bootId, uptime, kernel] = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim());
  const uptimeS = Number(uptime?.split(/\s+/)[0]);
  if (!bootId || !BOOT_ID.test(bootId) || !kernel || !KERNEL.test(kernel) || !Number.isFinite(uptimeS))
    throw new Error(`unexpected answer to ${REMOTE.boot()}: ${stdout.slice(0, 120)}`);
  return { bootId, kernel, uptimeS };
}

export class HostReboots implements RebootPort {
  constructor(
    private readonly deps: {
      shell: () => RemoteShell;
      /** the cloud's compute hosts: the only names rebooted */
      knownHosts: () => Promise<string[]>;
      checker: { check(host: string, peer?: string, fresh?: boolean): Promise<HostCheckReport> };
      settings: RebootSettings;
      ipmitool?: Ipmitool;
    },
  ) {}

  method(): RebootMethod {
    const { command, timeoutMs, bmc } = this.deps.settings;
    return { command, timeoutMs, bmc: !bmc ? 'none' : bmc.first ? 'first' : 'fallback' };
  }

  async read(host: string): Promise<{ bootId: string; kernel: string; uptimeS: number }> {
    const { stdout, code, stderr } = await this.run(host, REMOTE.boot());
    if (code !== 0)
      throw new Error(`${host}: ${REMOTE.boot()} exited ${code}: ${stderr.trim().slice(0, 120)}`);
    return parseBoot(stdout);
  }

  async viaSsh(host: string): Promise<void> {
    const { code, stderr } = await this.run(host, this.deps.settings.command);
    // the connection dropping as the host goes down (no exit status) is the reboot under way
    if (code !== 0 && code !== null)
      throw new Error(
        `${host}: ${this.deps.settings.command} exited ${code}: ${stderr.trim().slice(0, 120)}`,
      );
  }

  hasBmc(host: string): boolean {
    return Boolean(this.deps.settings.bmc?.hosts[host]);
  }

  async viaBmc(host: string): Promise<void> {
    const bmc = this.deps.settings.bmc;
    if (!bmc?.hosts[host]) throw new Error(`${host}: no BMC in FERRY_BMC`);
    await this.known(host);
    const run = await (this.deps.ipmitool ?? systemIpmitool)(ipmitoolArgs(bmc, host));
    if (run.code !== 0) throw bmcError(bmc.hosts[host], run);
  }

  async failingChecks(host: string, fresh = true): Promise<string[]> {
    const report = await this.deps.checker.check(host, undefined, fresh);
    // in words, as /hostcheck says them: what fails, not the check's ID
    return report.hosts.flatMap((h) => h.findings.filter((f) => f.status === 'fail').map((f) => f.title));
  }

  private async run(host: string, command: string) {
    await this.known(host);
    const shell = this.deps.shell();
    try {
      return await shell.run(host, command);
    } finally {
      shell.close();
    }
  }

  /** Only the cloud's own compute hosts, with a plain name, are ever contacted. */
  private async known(host: string): Promise<void> {
    if (!HOST_NAME.test(host) || !(await this.deps.knownHosts()).includes(host))
      throw new Error(`"${host.slice(0, 80)}" is not one of this cloud's compute hosts`);
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
