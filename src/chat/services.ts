import type { Clock } from '../clock.ts';
import type { ApprovalNews } from '../core/approvals.ts';
import type { Core } from '../core/create-core.ts';
import type { ApproverPolicy } from '../core/requests.ts';
import type { Language } from '../i18n/index.ts';
import type { FerryMetrics } from '../metrics.ts';
import type { ErrorLog } from './explain.ts';
import type { UserLanguages } from './languages.ts';
import type { SlackPoster } from './poster.ts';
import type { Threads } from './threads.ts';

/** The core's use cases a command or a button calls: never the raw store (reads go through `queries`). */
export type CoreUseCases = Pick<
  Core,
  | 'moves'
  | 'evacuations'
  | 'drains'
  | 'drainGates'
  | 'maintenance'
  | 'approvals'
  | 'hostChecks'
  | 'queries'
  | 'permissions'
>;

/** What the command and button listeners are handed by createSlackEdge: the core, and how to show things. */
export interface FerryServices {
  core: CoreUseCases;
  /** posts to a channel through the outbox (paced, retried, remembered) */
  poster: SlackPoster;
  /** a request's message and thread: its view, refreshed in place, posts in its thread */
  threads: Threads;
  /** who may approve, named in messages */
  approvers: ApproverPolicy;
  /** what an approval's facts say in the request's message and thread */
  news: ApprovalNews;
  /** now, for reading the times people type */
  clock: Clock;
  timeZone: string;
  /** FERRY_COLD_CONFIRM=auto: Ferry confirms cold moves itself; false: a person presses Confirm or Revert */
  autoConfirm?: boolean;
  /** FERRY_CHANNEL: reminders and digests; absent: where the window was scheduled */
  channel?: string;
  /** FERRY_LANG: what the channel reads */
  language: Language;
  /** what one person reads, for answers only they see */
  languages: UserLanguages;
  /** counts commands by name and kind, times their checks (GET /metrics) */
  metrics?: FerryMetrics;
  /** one sentence for the person, never a stack trace; the unexpected is logged under an incident ID */
  explain(error: unknown, log: ErrorLog, during: string): string;
  log: (message: string, error?: unknown) => void;
}

/** Times a command's checks for GET /metrics (when metrics are kept). */
export function timed<T>(services: FerryServices, command: string, evaluate: () => Promise<T>): Promise<T> {
  return services.metrics ? services.metrics.timePreconditions(command, evaluate) : evaluate();
}
