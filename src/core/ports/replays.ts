/**
 * The chat edge's memory of the signed requests it acted on (chat/request-guard.ts): one process's
 * in memory, or among replicas a table they share (store/postgres/replays.ts). The core never reads it.
 */

/** Remembers what was acted on for the replay window: false for a key seen before. */
export interface ReplayGuard {
  firstSeen(key: string): Promise<boolean>;
}
