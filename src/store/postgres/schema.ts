import type { PoolClient } from 'pg';
import { StoreError } from '../../core/ports/store.ts';

/**
 * Ferry's PostgreSQL schema as numbered steps, applied in order at start-up by whichever replica starts
 * first (the others wait on an advisory lock, then find nothing to do). A database migrated by a newer
 * Ferry is refused, never touched.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'records, places and the audit trail',
    sql: `
      CREATE TABLE ferry_requests (
        id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        created_at bigint NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX ferry_requests_pending ON ferry_requests (status) WHERE status = 'pending';
      CREATE TABLE ferry_runs (
        id text PRIMARY KEY,
        request_id text NOT NULL UNIQUE,
        state text NOT NULL,
        record jsonb NOT NULL
      );
      CREATE TABLE ferry_windows (id text PRIMARY KEY, record jsonb NOT NULL);
      CREATE TABLE ferry_places (subject_id text PRIMARY KEY, place jsonb NOT NULL);
      CREATE TABLE ferry_audit (
        seq bigserial PRIMARY KEY,
        at bigint NOT NULL,
        subject text NOT NULL,
        entry jsonb NOT NULL
      );
      CREATE INDEX ferry_audit_subject ON ferry_audit (subject);
    `,
  },
  {
    version: 2,
    name: 'leases: which replica watches what',
    sql: `
      CREATE TABLE ferry_leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        renewed_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'signed Slack requests seen, so a replay to another replica is refused too',
    sql: `
      CREATE TABLE ferry_seen_requests (
        signature text PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ferry_seen_requests_age ON ferry_seen_requests (seen_at);
    `,
  },
  {
    version: 4,
    name: 'lease generations: a fencing token for the writes of whoever holds a lease',
    sql: `
      CREATE SEQUENCE ferry_lease_generations;
      ALTER TABLE ferry_leases ADD COLUMN generation bigint NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    name: 'the Slack outbox: messages written before they are sent',
    sql: `
      CREATE TABLE ferry_outbox (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        channel text NOT NULL,
        state text NOT NULL,
        grp text,
        cause text,
        next_at bigint NOT NULL,
        ended_at bigint,
        claimed_by text,
        claimed_until bigint,
        entry jsonb NOT NULL
      );
      CREATE INDEX ferry_outbox_waiting ON ferry_outbox (channel, seq) WHERE state = 'pending';
      CREATE INDEX ferry_outbox_cause ON ferry_outbox (cause) WHERE cause IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'the event journal: what the core tells, written in the transaction of the change that causes it',
    sql: `
      CREATE TABLE ferry_journal (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        subject text NOT NULL,
        kind text NOT NULL,
        writer text NOT NULL,
        at bigint NOT NULL,
        event jsonb NOT NULL
      );
      CREATE INDEX ferry_journal_progress ON ferry_journal (subject) WHERE kind = 'run.progress';
      CREATE INDEX ferry_outbox_merged_causes ON ferry_outbox USING gin ((entry->'mergedCauses'));
    `,
  },
];

/** An arbitrary constant: the advisory lock every replica takes to migrate. */
const MIGRATION_LOCK = 7_265_011;

/** Brings the database to the newest schema this Ferry knows; answers the versions it applied. */
export async function migrate(client: PoolClient): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS ferry_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM ferry_schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const known = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (newest > known)
      throw new StoreError(
        `The PostgreSQL database was migrated by a newer Ferry (schema ${newest}; this one knows up to ${known}). Run the newer Ferry, or point FERRY_DATABASE_URL at another database.`,
      );
    const done: number[] = [];
    for (const step of MIGRATIONS) {
      if (applied.has(step.version)) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO ferry_schema_migrations (version, name) VALUES ($1, $2)', [
        step.version,
        step.name,
      ]);
      done.push(step.version);
    }
    await client.query('COMMIT');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
