import type pg from 'pg';
import { LEASE_TTL_MS, type LeaseState, type Leases } from '../../core/ports/leases.ts';
import { StoreError } from '../../core/ports/store.ts';

/**
 * Leases in the `ferry_leases` table, timed by the database's clock so that replicas whose clocks
 * disagree still agree on who holds what. Taking and renewing are one conditional upsert: it writes
 * only when the lease is free, expired or already this holder's, so exactly one replica gets it.
 */
export class PostgresLeases implements Leases {
  readonly shared = true;

  constructor(
    private readonly pool: pg.Pool,
    readonly holder: string,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  /** the generation of each lease held here, as of its last renewal */
  private readonly held = new Map<string, number>();

  async acquire(name: string): Promise<boolean> {
    // a new holder gets a new generation (from a sequence: never one used before); a renewal keeps it
    const { rows } = await this.query(
      `INSERT INTO ferry_leases (name, holder, expires_at, renewed_at, generation)
       VALUES ($1, $2, now() + make_interval(secs => $3 / 1000.0), now(), nextval('ferry_lease_generations'))
       ON CONFLICT (name) DO UPDATE
         SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, renewed_at = now(),
             generation = CASE WHEN ferry_leases.holder = EXCLUDED.holder
                               THEN ferry_leases.generation ELSE EXCLUDED.generation END
         WHERE ferry_leases.holder = EXCLUDED.holder OR ferry_leases.expires_at < now()
       RETURNING generation`,
      [name, this.holder, this.ttlMs],
    );
    const generation = rows[0]?.generation;
    if (generation === undefined) this.held.delete(name);
    else this.held.set(name, Number(generation));
    return generation !== undefined;
  }

  fence(name: string): number | undefined {
    return this.held.get(name);
  }

  async release(name: string): Promise<void> {
    this.held.delete(name);
    await this.query('DELETE FROM ferry_leases WHERE name = $1 AND holder = $2', [name, this.holder]);
  }

  async list(): Promise<LeaseState[]> {
    const { rows } = await this.query(
      `SELECT name, holder, (extract(epoch FROM expires_at) * 1000)::bigint AS expires_at,
              expires_at < now() AS expired
       FROM ferry_leases ORDER BY name`,
      [],
    );
    return rows.map((row) => ({
      name: row.name as string,
      holder: row.holder as string,
      expiresAt: Number(row.expires_at),
      expired: row.expired as boolean,
    }));
  }

  private async query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      throw new StoreError(
        `The PostgreSQL lease table failed: ${(error as Error).message}. Check that the database in FERRY_DATABASE_URL is up and reachable.`,
      );
    }
  }
}
