import type { Logger, LogLevel } from '@slack/bolt';
import type { CommandDefinition } from './chat/command.ts';
import type { ProjectChannel } from './chat/owners.ts';
import type { ReplayGuard, SlackConnection } from './chat/slack-app.ts';
import type { StatusAddress } from './chat/status-server.ts';
import type { Clock } from './clock.ts';
import type { Reminder } from './core/model/records.ts';
import type { AccessPolicy } from './core/model/types.ts';
import type { RunnerOptions } from './core/move/runner-deps.ts';
import type { Readers } from './core/permissions.ts';
import type { CloudApi } from './core/ports/cloud.ts';
import type { GuestAgentPort } from './core/ports/guest-agent.ts';
import type { HealthGatesPort } from './core/ports/health-gates.ts';
import type { Leases } from './core/ports/leases.ts';
import type { ProbeConfig } from './core/ports/reachability.ts';
import type { RebootPort } from './core/ports/reboot.ts';
import type { Scheduler } from './core/ports/scheduler.ts';
import type { SilencesPort } from './core/ports/silences.ts';
import type { HostChecker } from './hostcheck/hostcheck.ts';
import type { Language } from './i18n/index.ts';
import type { FerryMetrics } from './metrics.ts';
import type { FerryStore, StoreHealth } from './store/ferry-store.ts';

/** What startFerry (ferry.ts) is given: src/index.ts reads it from the environment, tests build their own. */
export interface FerryOptions {
  /** the slash commands (commands/index.ts) */
  commands: CommandDefinition[];
  clock: Clock;
  cloud: CloudApi;
  store: FerryStore;
  slack: SlackConnection;
  oncallUsers: string[];
  oncallGroup?: string;
  access: AccessPolicy;
  /** FERRY_READERS: who besides requesters and on call may see Home and the lists */
  readers?: Readers;
  /** the SSH host check: /hostcheck, and host findings among /migrate's checks */
  hostChecker?: HostChecker;
  /** the QEMU guest agent over the same SSH, for the proofs after a move */
  guestAgent?: GuestAgentPort;
  /** FERRY_PROBE: the reachability probe among the proofs after a move */
  probe?: ProbeConfig;
  /** `/drain --reboot`: SSH and the BMC (src/hostcheck/reboot.ts) */
  reboots?: RebootPort;
  timeZone: string;
  /** FERRY_CHANNEL, for reminders and the digest */
  channel?: string;
  /** FERRY_REMINDERS (default 24h, 1h, 10m before a window) */
  reminders?: Reminder[];
  /** FERRY_DIGEST_CRON, in timeZone (default weekdays 09:00) */
  digestCron?: string;
  /** recurring jobs (expiry sweep, maintenance tick, digest) and one-off waits */
  scheduler: Scheduler;
  progressIntervalMs: number;
  approvalTtlMs: number;
  autoConfirm: boolean;
  runner?: RunnerOptions;
  /** minimum gap between two posts in one channel (Slack: about one per second) */
  postGapMs?: number;
  logLevel?: LogLevel;
  /** where Bolt and Ferry log; absent: Bolt's console logger */
  logger?: Logger;
  /** who watches what among replicas sharing the store; absent: this process alone holds everything */
  leases?: Leases;
  /** the store's health for /healthz; absent: the store counts as healthy while Ferry runs */
  storeHealth?: () => Promise<StoreHealth>;
  /** signed Slack requests seen, shared by replicas; absent: this process remembers its own */
  replays?: ReplayGuard;
  /** GET /metrics; absent: a registry of this Ferry's own (cloud requests are then not counted) */
  metrics?: FerryMetrics;
  /** FERRY_STATUS_ADDR (and FERRY_STATUS_TOKEN): where /healthz and /metrics are served; absent: nowhere */
  status?: StatusAddress;
  /** FERRY_LANG: the language of the channel and of background posts (default English) */
  language?: Language;
  /** FERRY_PROJECT_CHANNELS: where each project hears of moves of its servers */
  projectChannels?: ProjectChannel[];
  /** FERRY_GROUP_BUDGETS: a server group's budget (members in flight or stopped at once) by its name or ID */
  groupBudgets?: ReadonlyMap<string, number>;
  /** FERRY_GATES through FERRY_PROMETHEUS_URL: queries that must be empty before each drain step */
  gates?: HealthGatesPort;
  /** FERRY_ALERTMANAGER_URL: a silence for each host a drain disables */
  silences?: SilencesPort;
}
