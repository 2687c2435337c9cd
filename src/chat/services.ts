import type { Permissions } from '../core/permissions.ts';
import type { Queries } from '../core/queries.ts';
import type { Language } from '../i18n/index.ts';
import type { FerryMetrics } from '../metrics.ts';
import type { ErrorLog } from './explain.ts';
import type { ChatFlow } from './flow.ts';
import type { UserLanguages } from './languages.ts';

/** What the command and action listeners are handed by the composition root. */
export interface FerryServices {
  flow: ChatFlow;
  /** who may read the lists (requesters, on call, FERRY_READERS) */
  permissions: Permissions;
  /** what read-only commands read: records from the store, with the Nova outage a thread was told of */
  queries: Queries;
  timeZone: string;
  /** FERRY_LANG: what the channel reads */
  language: Language;
  /** what one person reads, for answers only they see */
  languages: UserLanguages;
  /** counts commands by name and kind (GET /metrics) */
  metrics?: FerryMetrics;
  /** one sentence for the person, never a stack trace; the unexpected is logged under an incident ID */
  explain(error: unknown, log: ErrorLog, during: string): string;
}
