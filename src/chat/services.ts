import type { Store } from '../store/store.ts';
import type { ChatFlow } from './flow.ts';

/** What the command and action listeners are handed by the composition root. */
export interface FerryServices {
  flow: ChatFlow;
  store: Store;
  timeZone: string;
  /** one sentence for the person, never a stack trace */
  explain(error: unknown): string;
}
