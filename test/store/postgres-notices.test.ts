import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { moveRecord } from '../helpers/records.ts';
import { waitFor } from '../helpers/slack.ts';

/** What arrives on ferry_changes is not trusted: a payload that is not Ferry's notice is no crash. */

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
});
