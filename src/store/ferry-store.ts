import type { OutboxStore } from '../core/ports/outbox.ts';
import type { Places } from '../core/ports/places.ts';
import type { StorePort } from '../core/ports/store.ts';

/** What Ferry keeps: the core's records and, for the chat edge, where each is shown. Both stores are one. */
export type FerryStore = StorePort & Places & OutboxStore;

/** How the store is doing, for /healthz. */
export interface StoreHealth {
  kind: 'lowdb' | 'postgresql';
  ok: boolean;
  latencyMs?: number;
  /** PostgreSQL: whether changes from other replicas are arriving */
  listening?: boolean;
  error?: string;
}
