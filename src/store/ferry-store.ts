import type { ChatTables } from '../core/ports/chat-tables.ts';
import type { StorePort } from '../core/ports/store.ts';

/**
 * What Ferry keeps: the core's records and the chat edge's tables, one store (store/lowdb/ or
 * store/postgres/). For the composition root, which hands each part the ports it uses.
 */
export type FerryStore = StorePort & ChatTables;

/** How the store is doing, for /healthz. */
export interface StoreHealth {
  kind: 'lowdb' | 'postgresql';
  ok: boolean;
  latencyMs?: number;
  /** PostgreSQL: whether changes from other replicas are arriving */
  listening?: boolean;
  error?: string;
}
