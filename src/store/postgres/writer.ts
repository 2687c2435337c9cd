import type pg from 'pg';
import type { RequestRecord } from '../../core/model/records.ts';
import { FencedError, StoreError, type WriteFailure } from '../../core/ports/store.ts';
import { wholeTimes } from '../whole-times.ts';
import { CHANNEL } from './listener.ts';
import type { ChangeNotice, Table } from './mirror.ts';

/**
 * How the PostgreSQL store writes: each change one transaction, every write awaited by flush();
 * whether the database takes writes (the last transaction that could not be made, and why); and the
 * fence of a replica's writes about what its leases cover.
 */
export class Writer {
  private readonly inFlight = new Set<Promise<unknown>>();
  /** why the last transaction could not be made (not a rule's refusal); null once one commits */
  private failure: WriteFailure | null = null;
  /** the generation of a lease this replica holds (leases.ts), checked by every write it covers */
  private fence: (lease: string) => number | undefined = () => undefined;

  constructor(private readonly pool: pg.Pool) {}

  write<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const done = this.transaction(work);
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Resolves when every write so far has committed (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  writeFailure(): WriteFailure | null {
    return this.failure;
  }

  /** One empty transaction: the database takes writes again when it commits. */
  probe(): Promise<boolean> {
    return this.write(async () => undefined).then(
      () => true,
      () => false,
    );
  }

  fenceWith(generationOf: (lease: string) => number | undefined): void {
    this.fence = generationOf;
  }

  /** Refuses the write when this replica holds `lease` but the table shows another generation now. */
  async checkFence(tx: pg.PoolClient, lease: string | undefined): Promise<void> {
    const generation = lease === undefined ? undefined : this.fence(lease);
    if (generation === undefined) return;
    const { rowCount } = await tx.query(
      'SELECT 1 FROM ferry_leases WHERE name = $1 AND generation = $2 FOR SHARE',
      [lease, generation],
    );
    if (rowCount === 0)
      throw new FencedError(`Another Ferry replica took ${lease} over; this one no longer writes about it.`);
  }

  private async transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    let tx: pg.PoolClient;
    try {
      tx = await this.pool.connect();
    } catch (error) {
      throw this.failed(storeError(error, 'connect'));
    }
    // the server going away between two queries of the transaction is an 'error' event on the
    // checked-out client, which would end the process unheard: the next query fails with it instead
    let broken: Error | undefined;
    const ignore = (error: Error) => {
      broken = error;
    };
    tx.on('error', ignore);
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      this.failure = null;
      return result;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      // a rule's refusal (a StoreError from the change) says nothing about the database
      if (error instanceof StoreError) throw error;
      broken ??= error as Error;
      throw this.failed(storeError(error, 'write'));
    } finally {
      tx.removeListener('error', ignore);
      // a connection that failed is dropped, not handed to the next write
      tx.release(broken);
    }
  }

  private failed(error: StoreError): StoreError {
    this.failure = { error: error.message };
    return error;
  }
}

const TABLES = { requests: 'ferry_requests', runs: 'ferry_runs', windows: 'ferry_windows' } as const;

export async function lockRow<T>(
  tx: pg.PoolClient,
  table: keyof typeof TABLES,
  id: string,
): Promise<T | undefined> {
  const { rows } = await tx.query<{ record: T }>(
    `SELECT record FROM ${TABLES[table]} WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0]?.record;
}

export async function saveRequest(tx: pg.PoolClient, request: RequestRecord): Promise<void> {
  await tx.query('UPDATE ferry_requests SET status = $2, record = $3 WHERE id = $1', [
    request.id,
    request.status,
    json(request),
  ]);
}

export function notify(tx: pg.PoolClient, from: string, table: Table, id: string) {
  const notice: ChangeNotice = { from, table, id };
  return tx.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]);
}

/** JSON for a jsonb parameter (pg would send an array as a PostgreSQL array). */
/** A record as its row holds it, its times made whole first (in place: the mirror then holds the same). */
export function json(value: unknown): string {
  return JSON.stringify(wholeTimes(value));
}

/** A database failure as a StoreError: what failed, PostgreSQL's reason, never the connection URL. */
export function storeError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const detail = error as { code?: string; message?: string };
  const reason = detail.message ?? String(error);
  return new StoreError(
    `The PostgreSQL store failed (${doing}${detail.code ? `, ${detail.code}` : ''}): ${reason}. Check that the database in FERRY_DATABASE_URL is up and reachable.`,
  );
}

/** Whether the database answers (and how fast), with whether changes from other replicas arrive. */
export async function databaseHealth(
  pool: pg.Pool,
  listening: boolean,
): Promise<{ ok: boolean; latencyMs: number; listening: boolean; error?: string }> {
  const started = performance.now();
  try {
    await pool.query('SELECT 1');
    return { ok: true, latencyMs: performance.now() - started, listening };
  } catch (error) {
    return {
      ok: false,
      latencyMs: performance.now() - started,
      listening,
      error: storeError(error, 'health check').message,
    };
  }
}
