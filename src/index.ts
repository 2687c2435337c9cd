import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { COMMANDS } from '../commands/index.ts';
import { type ReplayGuard, type SlackConnection, SlackStartError } from './chat/slack-app.ts';
import { systemClock } from './clock.ts';
import { readSettings, SettingError, type Settings } from './config.ts';
import type { ConsoleUser } from './console/console.ts';
import {
  CloudConfigError,
  OpenStackApiError,
  OpenStackUnreachableError,
  UnsupportedCloudError,
} from './core/cloud-errors.ts';
import type { Leases } from './core/ports/leases.ts';
import { StoreError } from './core/ports/store.ts';
import { requestersPolicy } from './core/requests.ts';
import { startFerry } from './ferry.ts';
import { GuestAgentOverSsh } from './hostcheck/guest-agent.ts';
import { HeldConnections } from './hostcheck/held-ssh.ts';
import { HostChecker } from './hostcheck/hostcheck.ts';
import { probeConfig } from './hostcheck/probe.ts';
import { HostReboots } from './hostcheck/reboot.ts';
import { SshSession } from './hostcheck/ssh.ts';
import { inLanguage, k } from './i18n/index.ts';
import { cloudText, consoleBanner } from './messages/console-banner.ts';
import { FerryMetrics } from './metrics.ts';
import { monitoringFromEnv } from './monitoring/index.ts';
import { createOpenStackClients } from './openstack/client.ts';
import { cloudApiFrom } from './openstack/cloud-api.ts';
import { cloudWarnings, loadCloudConfig } from './openstack/cloud-config.ts';
import { LinkedFileError } from './private-file.ts';
import { readRebootSettings } from './reboot-settings.ts';
// the console and the built-in sandbox cloud are loaded only when used: a Ferry on Slack and a real
// cloud does not hold their code (the sandbox's fault schemas bring zod), about 10 MiB resident
import type { Sandbox } from './sandbox/index.ts';
import type { startSandboxSsh } from './sandbox/ssh-hosts.ts';
import { systemScheduler } from './scheduler.ts';
import { checkStallOverridesWhenCloudAnswers } from './stall-settings.ts';
import type { FerryStore, StoreHealth } from './store/ferry-store.ts';
import { lockDatabase } from './store/lowdb/file-lock.ts';
import { LowdbStore } from './store/lowdb/lowdb-store.ts';
import { PostgresLeases } from './store/postgres/leases.ts';
import { PostgresStore } from './store/postgres/postgres-store.ts';
import { PostgresReplayGuard } from './store/postgres/replays.ts';

/**
 * The composition root: the only place that reads the environment and builds real clients.
 * No Slack tokens → the console; no cloud settings → the built-in sandbox cloud.
 */

const CONSOLE_USERS: ConsoleUser[] = [
  { name: 'alice', id: 'U0ALICE', role: k`operator, asks for moves` },
  { name: 'bob', id: 'U0BOB', role: k`on call, may approve` },
  { name: 'carol', id: 'U0CAROL', role: k`on call, may approve` },
  { name: 'dave', id: 'U0DAVE', role: k`not on call` },
];

/** The store the settings choose: PostgreSQL (shared by replicas, with leases) or the locked lowdb file. */
async function openDatabase(
  settings: Settings,
  now: number,
): Promise<{
  store: FerryStore;
  leases?: Leases;
  replays?: ReplayGuard;
  health: () => Promise<StoreHealth>;
  description: string;
  close(): Promise<void>;
}> {
  if (settings.databaseUrl) {
    const store = await PostgresStore.open(settings.databaseUrl, {
      onListenerState: (connected, error) =>
        console.error(
          connected
            ? 'Ferry: PostgreSQL change listener connected again; state reloaded.'
            : `Ferry: PostgreSQL change listener lost (${error?.message ?? 'connection ended'}); reconnecting.`,
        ),
    });
    await store.compact(now);
    const url = new URL(settings.databaseUrl);
    const leases = new PostgresLeases(
      store.database,
      `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    );
    // what this replica writes about what it holds is refused once another took it over
    store.fenceWith((lease) => leases.fence(lease));
    return {
      store,
      replays: new PostgresReplayGuard(store.database),
      leases,
      health: async () => ({ kind: 'postgresql', ...(await store.health()) }),
      // never the user or password
      description: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => store.close(),
    };
  }
  const path = resolve(settings.db);
  const lock = await lockDatabase(path, (error) => {
    console.error(
      `Ferry: the lock on its database was lost (${error.message}); stopping so no second Ferry writes beside it.`,
    );
    process.exit(1);
  });
  // a database Ferry refuses leaves nothing behind: the lock and its holder file go with the refusal
  const store = await LowdbStore.open(path).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  await store.compact(now);
  return {
    store,
    health: async () => ({ kind: 'lowdb', ok: true }),
    description: path,
    close: async () => {
      await store.flush();
      await lock.release();
    },
  };
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const settings = readSettings(process.env);
  // FERRY_GATES / FERRY_PROMETHEUS_URL, FERRY_ALERTMANAGER_URL / FERRY_SILENCE_MATCHERS (#30)
  const monitoring = monitoringFromEnv(process.env);
  for (const warning of settings.warnings) console.warn(`Ferry warning: ${warning}`);
  const clock = systemClock;
  // One Ferry per database file (a second one stops here, naming the first); on PostgreSQL, any number.
  const database = await openDatabase(settings, clock.now());
  const cloudConfig = loadCloudConfig(process.env);
  let sandbox: Sandbox | undefined;
  let env = cloudConfig;
  if (!cloudConfig) {
    const { startSandbox } = await import('./sandbox/index.ts');
    sandbox = await startSandbox({ clock, speed: settings.sandboxSpeed });
    env = loadCloudConfig(sandbox.env, { cwd: '/nonexistent', home: '/nonexistent' });
  }
  if (!env) throw new Error('no cloud configuration could be built');
  const metrics = new FerryMetrics({ store: database.store, clock });
  const clients = createOpenStackClients(env, {
    clock,
    allowInsecure: settings.allowInsecureCloud,
    observe: (service, status) => metrics.cloudRequest(service, status),
  });
  for (const warning of cloudWarnings(env, settings.allowInsecureCloud))
    console.warn(`Ferry warning: ${warning}`);
  const microversion = await clients.nova.negotiate();
  const { store } = database;
  const cloud = cloudApiFrom(clients);
  // FERRY_STALL_POLICY_OVERRIDES naming a project or flavor the cloud lacks: said once the cloud answers
  void checkStallOverridesWhenCloudAnswers({
    overrides: settings.stallPolicy.overrides,
    cloud,
    warn: (line) => console.warn(`Ferry warning: ${line}`),
  });

  // The host check: real SSH when configured; on the sandbox cloud its hosts answer SSH themselves.
  let sshSettings = settings.ssh;
  let sandboxSsh: Awaited<ReturnType<typeof startSandboxSsh>> | undefined;
  if (!sshSettings && sandbox) {
    const dir = dirname(resolve(settings.db));
    mkdirSync(dir, { recursive: true });
    // its files belong to this console: named after its database file (locked: one console each),
    // or on PostgreSQL, which replicas share, after this process
    const prefix = settings.databaseUrl ? join(dir, `ferry-${process.pid}.`) : `${resolve(settings.db)}.`;
    const { startSandboxSsh } = await import('./sandbox/ssh-hosts.ts');
    sandboxSsh = await startSandboxSsh(sandbox.cloud, prefix);
    sshSettings = {
      user: sandboxSsh.user,
      port: 22,
      privateKeyPath: sandboxSsh.clientKeyPath,
      knownHostsPath: sandboxSsh.knownHostsPath,
      overrides: sandboxSsh.overrides,
      connectTimeoutMs: 5_000,
      commandTimeoutMs: 10_000,
    };
  }
  const ssh = sshSettings;
  // connections opened ahead to live moves' destinations: the blackout read and the guest agent's ping at a move's end
  const held = ssh ? new HeldConnections(() => new SshSession(ssh)) : undefined;
  const hostChecker = ssh
    ? new HostChecker({
        shell: () => new SshSession(ssh),
        ...(held ? { held } : {}),
        knownHosts: async () => [...new Set((await cloud.listHypervisors()).map((h) => h.serviceHost))],
        clock,
      })
    : undefined;
  // /drain --reboot: the boot read and the reboot sent over the same SSH, or through the BMC
  const reboots =
    ssh && hostChecker
      ? new HostReboots({
          shell: () => new SshSession(ssh),
          knownHosts: async () => [...new Set((await cloud.listHypervisors()).map((h) => h.serviceHost))],
          checker: hostChecker,
          settings: readRebootSettings(process.env),
        })
      : undefined;
  // the proofs after a move ask the guest agent over the same SSH, where it is configured
  const guestAgent = held ? new GuestAgentOverSsh(() => held.shell()) : undefined;
  // FERRY_PROBE: from the named host over that SSH (none configured: said not available), or from here
  const probe = settings.probe && probeConfig(settings.probe, ssh);

  const common = {
    commands: COMMANDS,
    scheduler: systemScheduler(),
    clock,
    cloud,
    store,
    ...(database.leases ? { leases: database.leases } : {}),
    ...(database.replays ? { replays: database.replays } : {}),
    storeHealth: database.health,
    metrics,
    projectChannels: settings.projectChannels,
    groupBudgets: settings.groupBudgets,
    ...(hostChecker ? { hostChecker } : {}),
    ...(reboots ? { reboots } : {}),
    ...(guestAgent ? { guestAgent } : {}),
    ...(probe ? { probe } : {}),
    ...monitoring,
    access: requestersPolicy(settings.requesters),
    readers: settings.readers,
    timeZone: settings.timeZone,
    language: settings.language,
    ...(settings.channel ? { channel: settings.channel } : {}),
    reminders: settings.reminders,
    digestCron: settings.digestCron,
    progressIntervalMs: settings.progressIntervalMs,
    approvalTtlMs: settings.approvalTtlMs,
    autoConfirm: settings.autoConfirm,
    runner: {
      timeoutMs: settings.migrationTimeoutMs,
      stallAfterMs: settings.stallAfterMs,
      proofTimeoutMs: settings.proofTimeoutMs,
      proofsOff: settings.proofsOff,
      stallPolicy: settings.stallPolicy,
    },
    logLevel: logLevelOf(settings),
  };
  // said where it is shown: in FERRY_LANG on the console, in English in the log
  const cloudLine = () =>
    cloudText(
      sandbox ? { sandbox: { url: sandbox.url, speed: settings.sandboxSpeed } } : { source: env.source },
      microversion,
    );

  if (settings.slack.kind === 'console') {
    const { FakeSlack } = await import('./chat/fake-slack.ts');
    const { ConsoleReceiver } = await import('./console/receiver.ts');
    const { runConsole } = await import('./console/console.ts');
    // the console's channel is kept beside the database, so threads survive a restart as in Slack
    const fake = new FakeSlack({ journal: `${resolve(settings.db)}.console.json` });
    await fake.start();
    const receiver = new ConsoleReceiver();
    // the sandbox lives in this process: the moves in flight on it before a restart, it has forgotten
    const forgotten = sandbox ? store.activeRuns().length : 0;
    const oncall = settings.oncallUsers.length ? settings.oncallUsers : ['U0BOB', 'U0CAROL'];
    const ferry = await startFerry({
      ...common,
      slack: { mode: 'receiver', botToken: 'xoxb-console', receiver, apiUrl: fake.apiUrl },
      oncallUsers: oncall,
      ...(settings.oncallGroup ? { oncallGroup: settings.oncallGroup } : {}),
      logLevel: LogLevel.ERROR,
    });
    const users = CONSOLE_USERS.map((user) => ({
      ...user,
      role: oncall.includes(user.id)
        ? k`on call, may approve`
        : user.role === k`on call, may approve`
          ? k`not on call`
          : user.role,
    }));
    await runConsole({
      autoConfirm: settings.autoConfirm,
      commands: COMMANDS,
      ferry,
      store,
      fake,
      receiver,
      ...(sandbox ? { sandbox: sandbox.cloud } : {}),
      users,
      banner: consoleBanner({
        cloud: cloudLine(),
        database: database.description,
        language: settings.language,
        forgotten,
        users,
      }),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      color: Boolean(process.stdout.isTTY),
    });
    await fake.stop();
    held?.close();
    await sandboxSsh?.close();
    await sandbox?.close();
    await database.close();
    return;
  }

  const slack: SlackConnection =
    settings.slack.kind === 'socket'
      ? {
          mode: 'socket',
          botToken: settings.slack.botToken,
          appToken: settings.slack.appToken,
          ...(settings.slack.apiUrl ? { apiUrl: settings.slack.apiUrl } : {}),
          ...(settings.slack.appId ? { appId: settings.slack.appId } : {}),
        }
      : {
          mode: 'http',
          botToken: settings.slack.botToken,
          signingSecret: settings.slack.signingSecret,
          port: settings.slack.port,
          ...(settings.slack.apiUrl ? { apiUrl: settings.slack.apiUrl } : {}),
          ...(settings.slack.appId ? { appId: settings.slack.appId } : {}),
        };
  const ferry = await startFerry({
    ...common,
    slack,
    oncallUsers: settings.oncallUsers,
    ...(settings.oncallGroup ? { oncallGroup: settings.oncallGroup } : {}),
    status: settings.status,
  });
  console.log(
    `Ferry is running in Slack ${settings.slack.kind === 'socket' ? 'Socket Mode' : `HTTP mode on port ${ferry.port} (/slack/events)`}; /healthz and /metrics on ${settings.status.host}:${ferry.statusPort}${settings.status.token ? ' (FERRY_STATUS_TOKEN for /metrics and detail)' : ''}; cloud: ${inLanguage('en', cloudLine)}; database: ${database.description}.`,
  );
  const stop = async () => {
    console.log('Stopping; running migrations resume at the next start.');
    await ferry.stop();
    held?.close();
    await sandboxSsh?.close();
    await sandbox?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function logLevelOf(settings: Settings): LogLevel {
  return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[
    settings.logLevel
  ];
}

// A Slack or cloud call that fails while Ferry runs is logged where it happens; one that slips past
// (a library's own background promise) is logged here instead of ending every migration's watch.
process.on('unhandledRejection', (reason) => {
  console.error(
    `Ferry: an operation failed in the background and was dropped: ${reason instanceof Error ? reason.message : String(reason)}`,
  );
});

main().catch(failedToStart);

/** Start-up failures name the setting and the fix, without a stack trace. */
function failedToStart(error: unknown): void {
  const known =
    error instanceof SettingError ||
    error instanceof SlackStartError ||
    error instanceof CloudConfigError ||
    error instanceof StoreError ||
    error instanceof LinkedFileError ||
    error instanceof UnsupportedCloudError ||
    error instanceof OpenStackApiError ||
    error instanceof OpenStackUnreachableError;
  console.error(`Ferry cannot start: ${known ? (error as Error).message : String(error)}`);
  if (!known && error instanceof Error && process.env.LOG_LEVEL === 'debug') console.error(error.stack);
  process.exit(1);
}
