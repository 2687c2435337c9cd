import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { moveRecord } from '../helpers/records.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * What arrives on ferry_changes is not trusted: a payload that is not Ferry's notice is no crash. And
 * the copy read again after a lost listener never takes back what this replica wrote meanwhile.
 */

if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

describe.skipIf(!hasPostgres)('change notices on a real PostgreSQL', () => {
  let server: RealPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reads everything again after a notice that is not JSON or not Ferry's, and keeps following changes", async () => {
    const url = await server.freshDatabase();
    const states: { connected: boolean; error?: string }[] = [];
    const reader = await PostgresStore.open(url, {
      onListenerState: (connected, error) =>
        states.push({ connected, ...(error ? { error: error.message } : {}) }),
    });
    const writer = await PostgresStore.open(url);
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      for (const payload of [
        'not json {',
        '{"table":"runs"}',
        'null',
        '{"from":"x","table":"users","id":"1"}',
      ]) {
        await other.query("SELECT pg_notify('ferry_changes', $1)", [payload]);
        // said, then read again from a fresh connection
        await waitFor(() => states.at(-1)?.connected, `listening again after ${payload}`, 10_000);
        expect(states).toEqual([
          { connected: false, error: "a change notice that is not Ferry's arrived" },
          { connected: true },
        ]);
        states.length = 0;
      }
      await writer.addRequest(moveRecord('r-0a0b0c'));
      await waitFor(() => reader.getRequest('r-0a0b0c'), "the writer's change", 10_000);
    } finally {
      await other.end();
      await writer.close();
      await reader.close();
    }
  }, 60_000);

  it('reading everything again after a lost listener keeps what this replica wrote while it read', async () => {
    const url = await server.freshDatabase();
    const states: boolean[] = [];
    const store = await PostgresStore.open(url, { onListenerState: (connected) => states.push(connected) });
    const locker = new pg.Client({ connectionString: url });
    const other = new pg.Client({ connectionString: url });
    await Promise.all([locker.connect(), other.connect()]);
    try {
      await store.setPlace('r-0a0b0c', { channel: 'C1', ts: '1.000100' });
      // the reload's read of the audit waits on this lock, after its read of the places is answered
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE ferry_audit IN ACCESS EXCLUSIVE MODE');
      const since = (await other.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows[0]?.at;
      await other.query("SELECT pg_notify('ferry_changes', 'not json {')");
      const activity = async (query: string) =>
        (
          await other.query<{ state: string; wait: string | null }>(
            `SELECT state, wait_event_type AS wait FROM pg_stat_activity
             WHERE query LIKE $1 AND query_start > $2 AND pid <> pg_backend_pid()`,
            [query, since],
          )
        ).rows;
      for (let tries = 0; ; tries++) {
        const places = await activity('SELECT subject_id, place FROM ferry_places');
        const audit = await activity('%FROM ferry_audit ORDER BY seq DESC%');
        if (places.some((row) => row.state === 'idle') && audit.some((row) => row.wait === 'Lock')) break;
        if (tries > 1_000) throw new Error('the reload never read the places');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // written after the reload read the places, before it holds its copy: newer than that copy
      await store.setPlace('r-0a0b0c', { confirmTs: '1.000200' });
      await store.setPlace('r-0d0e0f', { channel: 'C1', ts: '1.000300' });
      await locker.query('COMMIT');
      await waitFor(() => states.at(-1) === true, 'the reload done', 10_000);
      expect(states).toEqual([false, true]);
      expect(store.placeOf('r-0a0b0c')).toEqual({ channel: 'C1', ts: '1.000100', confirmTs: '1.000200' });
      expect(store.placeOf('r-0d0e0f')).toEqual({ channel: 'C1', ts: '1.000300' });
    } finally {
      await locker.end();
      await other.end();
      await store.close();
    }
  }, 60_000);
});
