import type { NovaOutage } from '../core/model.ts';
import type { Permissions } from '../core/permissions.ts';
import type { Language } from '../i18n/index.ts';
import type { FerryMetrics } from '../metrics.ts';
import type { FerryStore } from '../store/ferry-store.ts';
import type { ErrorLog } from './explain.ts';
import type { ChatFlow } from './flow.ts';
import type { UserLanguages } from './languages.ts';

/** What the command and action listeners are handed by the composition root. */
export interface FerryServices {
  flow: ChatFlow;
  /** who may read the lists (requesters, on call, FERRY_READERS) */
  permissions: Permissions;
  store: FerryStore;
  timeZone: string;
  /** FERRY_LANG: what the channel reads */
  language: Language;
  /** what one person reads, for answers only they see */
  languages: UserLanguages;
  /** the Nova outage a run's or an evacuation's thread was told of, while it lasts (the runner's): the lists show it */
  novaOutageOf?: (id: string) => NovaOutage | null;
  /** counts commands by name and kind (GET /metrics) */
  metrics?: FerryMetrics;
  /** one sentence for the person, never a stack trace; the unexpected is logged under an incident ID */
  explain(error: unknown, log: ErrorLog, during: string): string;
}
