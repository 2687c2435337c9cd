import type pg from 'pg';
import type { ReplayGuard } from '../../core/ports/replays.ts';
import { StoreError } from '../../core/ports/store.ts';

/** How long a signature is remembered: longer than the 5 minutes Bolt accepts a request's timestamp. */
const KEEP = '10 minutes';

/**
 * Signed Slack requests seen by any replica, in `ferry_seen_requests`: a request replayed to another
 * replica than the one that first answered it is refused as well. Old rows are dropped once a minute.
 */
export class PostgresReplayGuard implements ReplayGuard {
  private lastCleanup = 0;

  constructor(private readonly pool: pg.Pool) {}

  async firstSeen(signature: string): Promise<boolean> {
    try {
      if (Date.now() - this.lastCleanup > 60_000) {
        this.lastCleanup = Date.now();
        await this.pool.query(`DELETE FROM ferry_seen_requests WHERE seen_at < now() - interval '${KEEP}'`);
      }
      const { rowCount } = await this.pool.query(
        'INSERT INTO ferry_seen_requests (signature) VALUES ($1) ON CONFLICT (signature) DO NOTHING',
        [signature],
      );
      return rowCount === 1;
    } catch (error) {
      throw new StoreError(
        `The PostgreSQL store cannot check the request for a replay: ${(error as Error).message}`,
      );
    }
  }
}
