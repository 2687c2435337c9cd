import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_REBOOT_TIMEOUT_MS } from './core/drain/reboot.ts';
import { HOST_NAME } from './hostcheck/hostcheck.ts';
import type { BmcSettings, RebootSettings } from './hostcheck/reboot.ts';
import { SettingError } from './setting-error.ts';

/**
 * `/drain --reboot`'s settings (README "Patch campaigns"): FERRY_REBOOT_COMMAND, FERRY_REBOOT_TIMEOUT_S,
 * and the BMC: FERRY_BMC (a file, one `<host> <BMC address>[:<port>] [<user>]` a line; an IPv6 address
 * with a port as `[<address>]:<port>`), FERRY_BMC_USER,
 * FERRY_BMC_PASSWORD_FILE (given to ipmitool -f; Ferry only checks it exists), FERRY_BMC_FIRST.
 */
export function readRebootSettings(env: NodeJS.ProcessEnv): RebootSettings {
  const text = (name: string) => env[name]?.trim() || undefined;
  const command = text('FERRY_REBOOT_COMMAND') ?? 'systemctl reboot';
  if (/[\n\r]/.test(command)) throw new SettingError('FERRY_REBOOT_COMMAND', 'must be one line');
  const rawTimeout = text('FERRY_REBOOT_TIMEOUT_S');
  const timeoutS = rawTimeout === undefined ? DEFAULT_REBOOT_TIMEOUT_MS / 1000 : Number(rawTimeout);
  if (!Number.isFinite(timeoutS) || timeoutS < 30 || timeoutS > 86_400)
    throw new SettingError('FERRY_REBOOT_TIMEOUT_S', 'must be seconds, from 30 to 86400');
  const bmcFile = text('FERRY_BMC');
  return {
    command,
    timeoutMs: timeoutS * 1000,
    ...(bmcFile ? { bmc: readBmc(bmcFile, env) } : {}),
  };
}

const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]:\d+|[A-Za-z0-9][A-Za-z0-9.:-]{0,252})$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;

function readBmc(path: string, env: NodeJS.ProcessEnv): BmcSettings {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingError('FERRY_BMC', `cannot read ${path}: ${(error as Error).message}`);
  }
  const hosts: BmcSettings['hosts'] = {};
  content.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const [host, address, user, extra] = line.split(/\s+/);
    if (!host || !address || extra !== undefined || !HOST_NAME.test(host) || !ADDRESS.test(address))
      throw new SettingError('FERRY_BMC', `line ${i + 1} is not "<host> <BMC address>[:<port>] [<user>]"`);
    if (user !== undefined && !USER.test(user))
      throw new SettingError('FERRY_BMC', `line ${i + 1}: the user is not a plain name`);
    const port = portOf(address);
    if (port === null)
      throw new SettingError('FERRY_BMC', `line ${i + 1}: the port after the address must be 1 to 65535`);
    hosts[host] = { ...port, ...(user ? { user } : {}) };
  });
  const user = env.FERRY_BMC_USER?.trim();
  if (!user || !USER.test(user)) throw new SettingError('FERRY_BMC_USER', 'set the BMC user (a plain name)');
  const passwordFile = env.FERRY_BMC_PASSWORD_FILE?.trim();
  if (!passwordFile || !existsSync(passwordFile))
    throw new SettingError('FERRY_BMC_PASSWORD_FILE', 'set a file holding the BMC password (ipmitool -f)');
  const first = env.FERRY_BMC_FIRST?.trim().toLowerCase();
  if (first && !['true', 'false'].includes(first))
    throw new SettingError('FERRY_BMC_FIRST', 'must be true or false');
  return { hosts, user, passwordFile, first: first === 'true' };
}

/**
 * `address`, `address:port` or `[IPv6]:port` (a port for BMCs behind one address, as VirtualBMC
 * gives them, and for tests); a bare IPv6 address keeps its colons. null: a port out of range.
 */
function portOf(written: string): { address: string; port?: number } | null {
  const match = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(written) ?? /^([^:]+):(\d+)$/.exec(written);
  if (!match) return { address: written };
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return null;
  return { address: match[1] as string, port };
}
