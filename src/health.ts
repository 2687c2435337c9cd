import type { Health } from './chat/status-server.ts';
import type { Replica } from './core/replica/replica.ts';
import type { FerryStore, StoreHealth } from './store/ferry-store.ts';

/**
 * What /healthz answers once the replica is built: the store, this replica and the leases.
 * `storeHealth` absent: the store counts as healthy while Ferry runs.
 */
export function replicaHealth(
  store: FerryStore,
  replica: Replica,
  storeHealth: (() => Promise<StoreHealth>) | undefined,
): Health {
  return async () => {
    const health = storeHealth ? await storeHealth() : { kind: 'lowdb' as const, ok: true };
    const status = await replica.status().catch((error: Error) => ({ error: error.message }));
    // a store that cannot write stops new moves: 503 until a write succeeds again
    const unwritable = store.writeFailure() ?? replica.writeTrouble();
    // a replica that no longer hears the others' changes answers from a stale copy: degraded
    const ok =
      health.ok &&
      !unwritable &&
      health.listening !== false &&
      !('error' in status) &&
      status.lastError === null;
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'degraded',
        store: unwritable ? { ...health, ok: false, writes: unwritable.error } : health,
        replica: status,
      },
    };
  };
}
