import { homedir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { parseReminders } from './chat/maintenance-input.ts';
import type { StatusAddress } from './chat/status-server.ts';
import { DEFAULT_DIGEST_CRON, DEFAULT_REMINDERS, MaintenanceError } from './core/maintenance/maintenance.ts';
import type { ProbeSetting } from './core/model/proof-facts.ts';
import type { Reminder } from './core/model/records.ts';
import type { StallPolicySettings } from './core/model/stall-policy.ts';
import type { SshSettings } from './hostcheck/ssh.ts';
import { isLanguage, LANGUAGES, type Language } from './i18n/index.ts';
import { maintenanceRefusalText } from './messages/maintenance.ts';
import { parseProbe, parseProofsOff } from './probe-settings.ts';
import { SettingError } from './setting-error.ts';
import { parseStallAction, parseStallOverrides, StallSettingError } from './stall-settings.ts';

/** Ferry's own settings, read from the environment (and .env) by the composition root only. */

export { SettingError };

export type SlackMode =
  | { kind: 'socket'; botToken: string; appToken: string; apiUrl?: string; appId?: string }
  | { kind: 'http'; botToken: string; signingSecret: string; port: number; apiUrl?: string; appId?: string }
  | { kind: 'console' };

export interface Settings {
  slack: SlackMode;
  oncallUsers: string[];
  oncallGroup?: string;
  /** empty: anyone may ask (approval is still needed) */
  requesters: string[];
  /** FERRY_READERS: who besides requesters and on call may see Home and the lists; "everyone" opens them */
  readers: string[] | 'everyone';
  channel?: string;
  db: string;
  /** FERRY_DATABASE_URL: PostgreSQL, shared by replicas; absent: the lowdb file `db` */
  databaseUrl?: string;
  /** FERRY_PROJECT_CHANNELS: where each project (ID or name) hears of moves of its servers */
  projectChannels: { project: string; channel: string }[];
  /** FERRY_GROUP_BUDGETS: a server group's name or ID → its members in flight or stopped at once */
  groupBudgets: Map<string, number>;
  progressIntervalMs: number;
  approvalTtlMs: number;
  /** FERRY_COLD_CONFIRM=auto (or its older alias FERRY_AUTO_CONFIRM=true): confirm once proven */
  autoConfirm: boolean;
  /** FERRY_PROOF_TIMEOUT_S: how long the proofs after a move may wait; FERRY_PROOFS_OFF: those not made */
  proofTimeoutMs: number;
  proofsOff: ReturnType<typeof parseProofsOff>;
  migrationTimeoutMs: number;
  stallAfterMs: number;
  /** FERRY_STALL_POLICY, FERRY_STALL_POLICY_OVERRIDES, FERRY_STALL_GRACE_S */
  stallPolicy: StallPolicySettings;
  timeZone: string;
  /** FERRY_LANG: the channel's language (en, zh-CN); one person's answers follow their Slack locale */
  language: Language;
  reminders: Reminder[];
  digestCron: string;
  sandboxSpeed: number;
  /** the SSH host check; absent when FERRY_SSH_USER is not set */
  ssh?: SshSettings;
  /** FERRY_PROBE: the reachability probe among the proofs after a move; absent: none */
  probe?: ProbeSetting;
  /** FERRY_ALLOW_INSECURE_CLOUD: plain http to a cloud beyond loopback */
  allowInsecureCloud: boolean;
  /** what start-up must say about settings that are allowed but less safe than they look */
  warnings: string[];
  /** FERRY_STATUS_ADDR and FERRY_STATUS_TOKEN: where /healthz and /metrics are served (not in the console) */
  status: StatusAddress;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const list = (name: string) =>
    (text(name) ?? '')
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter(Boolean);
  const seconds = (name: string, fallback: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback * 1000;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new SettingError(name, `must be a positive number of seconds, got "${raw}"`);
    return value * 1000;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new SettingError(name, `must be true or false, got "${raw}"`);
  };

  const botToken = text('SLACK_BOT_TOKEN');
  const appToken = text('SLACK_APP_TOKEN');
  const signingSecret = text('SLACK_SIGNING_SECRET');
  const apiUrl = text('SLACK_API_URL');
  const appId = text('SLACK_APP_ID');
  let slack: SlackMode = { kind: 'console' };
  // A half-configured Slack must stop start-up, never quietly fall back to the console.
  if (!botToken && (appToken || signingSecret))
    throw new SettingError(
      'SLACK_BOT_TOKEN',
      `must be set too, since ${appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is (the bot token starts with xoxb-); or unset them all for the console`,
    );
  if (appToken && signingSecret)
    throw new SettingError(
      'SLACK_APP_TOKEN',
      'cannot be set together with SLACK_SIGNING_SECRET: keep SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP mode, not both',
    );
  if (botToken || appToken) {
    if (!botToken?.startsWith('xoxb-'))
      throw new SettingError('SLACK_BOT_TOKEN', 'must be a bot token (xoxb-…)');
    if (appToken) {
      if (!appToken.startsWith('xapp-'))
        throw new SettingError(
          'SLACK_APP_TOKEN',
          'must be an app-level token (xapp-…) with connections:write',
        );
      slack = {
        kind: 'socket',
        botToken,
        appToken,
        ...(apiUrl ? { apiUrl } : {}),
        ...(appId ? { appId } : {}),
      };
    } else if (signingSecret) {
      // HTTP mode receives Slack's requests on PORT (/slack/events), and nothing else there
      const rawPort = text('PORT') ?? '3000';
      const port = Number(rawPort);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new SettingError('PORT', `must be a port number, got "${rawPort}"`);
      slack = {
        kind: 'http',
        botToken,
        signingSecret,
        port,
        ...(apiUrl ? { apiUrl } : {}),
        ...(appId ? { appId } : {}),
      };
    } else {
      throw new SettingError(
        'SLACK_APP_TOKEN',
        'set it for Socket Mode, or set SLACK_SIGNING_SECRET for HTTP mode',
      );
    }
  }

  const oncallUsers = list('FERRY_ONCALL_USERS');
  const oncallGroup = text('FERRY_ONCALL_GROUP');
  if (slack.kind !== 'console' && oncallUsers.length === 0 && !oncallGroup) {
    throw new SettingError(
      'FERRY_ONCALL_USERS',
      'name who may approve (user IDs), or set FERRY_ONCALL_GROUP to a user group',
    );
  }
  const timeZone = text('FERRY_TZ') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new SettingError('FERRY_TZ', `"${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const language = text('FERRY_LANG') ?? 'en';
  if (!isLanguage(language))
    throw new SettingError('FERRY_LANG', `must be one of ${LANGUAGES.join(', ')}, got "${language}"`);
  const speedRaw = text('FERRY_SANDBOX_SPEED') ?? '20';
  const sandboxSpeed = Number(speedRaw);
  if (!Number.isFinite(sandboxSpeed) || sandboxSpeed <= 0)
    throw new SettingError('FERRY_SANDBOX_SPEED', `must be a positive number, got "${speedRaw}"`);
  const logLevel = (text('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new SettingError('LOG_LEVEL', 'must be debug, info, warn or error');
  // FERRY_COLD_CONFIRM (auto | manual); FERRY_AUTO_CONFIRM, its older name, stays an alias (false: manual)
  const coldConfirm = text('FERRY_COLD_CONFIRM')?.toLowerCase();
  if (coldConfirm !== undefined && coldConfirm !== 'auto' && coldConfirm !== 'manual')
    throw new SettingError('FERRY_COLD_CONFIRM', `must be auto or manual, got "${coldConfirm}"`);
  const autoAlias = flag('FERRY_AUTO_CONFIRM', true);
  if (coldConfirm && text('FERRY_AUTO_CONFIRM') !== undefined && (coldConfirm === 'auto') !== autoAlias)
    throw new SettingError(
      'FERRY_COLD_CONFIRM',
      `says ${coldConfirm}, but FERRY_AUTO_CONFIRM says ${autoAlias}`,
    );
  const channel = text('FERRY_CHANNEL');
  let reminders: Reminder[];
  try {
    reminders = parseReminders(text('FERRY_REMINDERS') ?? DEFAULT_REMINDERS);
  } catch (error) {
    if (error instanceof MaintenanceError)
      throw new SettingError(
        'FERRY_REMINDERS',
        `${maintenanceRefusalText(error.refusal)} (comma separated, e.g. 24h,1h,10m)`,
      );
    throw error;
  }
  const digestCron = text('FERRY_DIGEST_CRON') ?? DEFAULT_DIGEST_CRON;
  if (!cron.validate(digestCron))
    throw new SettingError(
      'FERRY_DIGEST_CRON',
      `"${digestCron}" is not a cron expression (e.g. 0 9 * * 1-5)`,
    );

  let ssh: SshSettings | undefined;
  const sshUser = text('FERRY_SSH_USER');
  if (sshUser) {
    const port = Number(text('FERRY_SSH_PORT') ?? '22');
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new SettingError('FERRY_SSH_PORT', 'must be a port number');
    const key = text('FERRY_SSH_KEY');
    const agent = env.SSH_AUTH_SOCK;
    if (!key && !agent)
      throw new SettingError('FERRY_SSH_KEY', 'set a private key file, or run an ssh-agent (SSH_AUTH_SOCK)');
    let overrides: SshSettings['overrides'] = {};
    const rawOverrides = text('FERRY_SSH_HOSTS');
    if (rawOverrides) {
      try {
        overrides = JSON.parse(rawOverrides);
      } catch {
        throw new SettingError(
          'FERRY_SSH_HOSTS',
          'must be JSON like {"compute1":{"address":"10.0.0.11","port":2222}}',
        );
      }
    }
    const jumpText = text('FERRY_SSH_JUMP');
    const jumpMatch = jumpText ? /^(?:([^@]+)@)?([^:]+)(?::(\d+))?$/.exec(jumpText) : null;
    if (jumpText && !jumpMatch) throw new SettingError('FERRY_SSH_JUMP', 'must look like user@host:port');
    const timeout = seconds('FERRY_SSH_TIMEOUT', 10);
    ssh = {
      user: sshUser,
      port,
      ...(key ? { privateKeyPath: key } : agent ? { agentSocket: agent } : {}),
      knownHostsPath: text('FERRY_SSH_KNOWN_HOSTS') ?? join(homedir(), '.ssh', 'known_hosts'),
      ...(text('FERRY_SSH_KEY_PASSPHRASE') ? { passphrase: text('FERRY_SSH_KEY_PASSPHRASE') as string } : {}),
      allowSha1HostKeys: flag('FERRY_SSH_ALLOW_SHA1', false),
      ...(jumpMatch
        ? {
            jump: {
              user: jumpMatch[1] ?? sshUser,
              address: jumpMatch[2] as string,
              port: Number(jumpMatch[3] ?? 22),
            },
          }
        : {}),
      overrides,
      connectTimeoutMs: timeout,
      commandTimeoutMs: timeout * 2,
    };
  }

  const projectChannels = list('FERRY_PROJECT_CHANNELS').map((pair) => {
    const [project, channel, ...rest] = pair.split('=');
    if (!project || !channel || rest.length || !/^[CG][A-Z0-9]{2,}$/.test(channel))
      throw new SettingError(
        'FERRY_PROJECT_CHANNELS',
        `must be project=channel pairs separated by commas, each channel a Slack channel ID (C…); got "${pair}"`,
      );
    return { project, channel };
  });
  const groupBudgets = new Map(
    list('FERRY_GROUP_BUDGETS').map((pair) => {
      const [group, budget, ...rest] = pair.split('=');
      if (!group || !budget || rest.length || !/^[1-9][0-9]*$/.test(budget))
        throw new SettingError(
          'FERRY_GROUP_BUDGETS',
          `must be group=budget pairs separated by commas, each group a server group's name or ID and each budget a whole number from 1 (members in flight or stopped at once); got "${pair}"`,
        );
      return [group, Number(budget)] as const;
    }),
  );
  const status = statusAddress(text('FERRY_STATUS_ADDR') ?? DEFAULT_STATUS_ADDR, text('FERRY_STATUS_TOKEN'));
  const databaseUrl = text('FERRY_DATABASE_URL');
  const probe = parseProbe(text('FERRY_PROBE'));
  const warnings = databaseUrl
    ? checkDatabaseUrl(databaseUrl, flag('FERRY_ALLOW_INSECURE_DATABASE', false))
    : [];
  if (!status.token && !['127.0.0.1', '::1', 'localhost'].includes(status.host))
    warnings.push(
      `FERRY_STATUS_ADDR ${status.host}:${status.port} is reachable beyond this machine without FERRY_STATUS_TOKEN: anyone who reaches it reads /metrics and /healthz?detail.`,
    );

  return {
    ...(ssh ? { ssh } : {}),
    ...(probe ? { probe } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    projectChannels,
    groupBudgets,
    allowInsecureCloud: flag('FERRY_ALLOW_INSECURE_CLOUD', false),
    warnings,
    status,
    slack,
    oncallUsers,
    ...(oncallGroup ? { oncallGroup } : {}),
    requesters: list('FERRY_REQUESTERS'),
    readers: readersOf(list('FERRY_READERS')),
    ...(channel ? { channel } : {}),
    db: text('FERRY_DB') ?? 'data/ferry.json',
    progressIntervalMs: seconds('FERRY_PROGRESS_INTERVAL', slack.kind === 'console' ? 5 : 30),
    approvalTtlMs: seconds('FERRY_APPROVAL_TTL', 1800),
    autoConfirm: coldConfirm ? coldConfirm === 'auto' : autoAlias,
    proofTimeoutMs: seconds('FERRY_PROOF_TIMEOUT_S', 60),
    proofsOff: parseProofsOff(text('FERRY_PROOFS_OFF')),
    migrationTimeoutMs: seconds('FERRY_MIGRATION_TIMEOUT', 3600),
    stallAfterMs: seconds('FERRY_STALL_AFTER', 120),
    stallPolicy: stallPolicyOf(env, seconds('FERRY_STALL_GRACE_S', 120)),
    timeZone,
    language,
    reminders,
    digestCron,
    sandboxSpeed,
    logLevel: logLevel as Settings['logLevel'],
  };
}

/** The stall policy's settings; a value Ferry cannot read names its variable. */
function stallPolicyOf(env: NodeJS.ProcessEnv, graceMs: number): StallPolicySettings {
  try {
    return {
      action: parseStallAction(env.FERRY_STALL_POLICY),
      overrides: parseStallOverrides(env.FERRY_STALL_POLICY_OVERRIDES),
      graceMs,
    };
  } catch (error) {
    if (error instanceof StallSettingError) throw new SettingError(error.variable, error.message);
    throw error;
  }
}

/** sslmode values that encrypt but do not promise the server is the one named (libpq's meaning). */
const UNVERIFIED_TLS = ['require', 'verify-ca', 'no-verify'];

/**
 * FERRY_DATABASE_URL must be PostgreSQL, and beyond loopback (or a Unix socket) carry its password and
 * every record over TLS checked against the server's name (sslmode=verify-full); `require` and its
 * kin are accepted with a warning, clear text only with FERRY_ALLOW_INSECURE_DATABASE. Answers the
 * warnings; the URL is never repeated (it may hold the password).
 */
export function checkDatabaseUrl(databaseUrl: string, allowInsecure: boolean): string[] {
  let url: URL | undefined;
  try {
    url = new URL(databaseUrl);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:'))
    throw new SettingError(
      'FERRY_DATABASE_URL',
      'must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    );
  const hosts = (url.searchParams.get('host') ?? url.hostname).split(',').map((host) => host.trim());
  const local = hosts.every(
    (host) =>
      host === '' ||
      host.startsWith('/') ||
      ['localhost', '::1', '[::1]'].includes(host) ||
      /^127\.\d+\.\d+\.\d+$/.test(host),
  );
  const sslmode = url.searchParams.get('sslmode');
  const where = hosts.join(', ');
  if (local || sslmode === 'verify-full') return [];
  if (sslmode && UNVERIFIED_TLS.includes(sslmode))
    return [
      `FERRY_DATABASE_URL has sslmode=${sslmode}: the connection to ${where} is encrypted, but that does not promise the server's certificate matches its name. Use sslmode=verify-full (with sslrootcert=… for a private CA).`,
    ];
  if (!allowInsecure)
    throw new SettingError(
      'FERRY_DATABASE_URL',
      `reaches PostgreSQL on ${where} without sslmode=verify-full: its password and every record could cross the network in clear text or reach another server. Add sslmode=verify-full (with sslrootcert=… for a private CA), or set FERRY_ALLOW_INSECURE_DATABASE=true if that network is trusted.`,
    );
  return [
    `FERRY_ALLOW_INSECURE_DATABASE=true: the connection to PostgreSQL on ${where} may be in clear text${sslmode ? ` (sslmode=${sslmode})` : ''}.`,
  ];
}

/** FERRY_READERS: user IDs, or `everyone` (alone) to let the whole workspace read. */
function readersOf(names: string[]): string[] | 'everyone' {
  if (!names.includes('everyone')) return names;
  if (names.length > 1)
    throw new SettingError('FERRY_READERS', 'is either "everyone" or a list of user IDs, not both');
  return 'everyone';
}

/** Loopback: /healthz and /metrics are for this machine unless FERRY_STATUS_ADDR says otherwise. */
export const DEFAULT_STATUS_ADDR = '127.0.0.1:9464';

/** FERRY_STATUS_ADDR is host:port ([v6]:port); a port alone means loopback. */
function statusAddress(raw: string, token: string | undefined): StatusAddress {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:\s]+):)?(\d{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (!match || port > 65_535)
    throw new SettingError(
      'FERRY_STATUS_ADDR',
      `must be host:port (e.g. 127.0.0.1:9464, or 0.0.0.0:9464 with FERRY_STATUS_TOKEN), got "${raw}"`,
    );
  const host = (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  return { host, port, ...(token ? { token } : {}) };
}
