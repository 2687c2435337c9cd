import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresLeases } from '../../src/store/postgres/leases.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { budgetsContract } from './budgets-contract.ts';
import { claimsContract } from './claims-contract.ts';
import { type FerryStore, storeContract } from './contract.ts';
import { storeGuards } from './contract-guards.ts';
import { journalContract } from './journal-contract.ts';
import { outboxContract } from './outbox-contract.ts';
import { outboxEditsContract } from './outbox-edits-contract.ts';
import { outboxJoinContract } from './outbox-join-contract.ts';
import { timesContract } from './times-contract.ts';

// CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

let server: RealPostgres;
const urls = new WeakMap<object, string>();
const opened: PostgresStore[] = [];

async function open(url: string): Promise<PostgresStore> {
  const store = await PostgresStore.open(url);
  urls.set(store, url);
  opened.push(store);
  return store;
}

describe.skipIf(!hasPostgres)('the PostgreSQL store', () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  // Closing the stores is quick (63 of them: ~1 s) and PostgreSQL stops in ~2.5 s, but removing its
  // data directory (63 databases, each created by copying template1 through the WAL) took 32 s at
  // load 15: more than the 30 s hook timeout, with nothing hanging.
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await server?.stop();
  }, 120_000);

  const adapter = {
    fresh: async () => open(await server.freshDatabase()),
    reopen: async (store: FerryStore) => open(urls.get(store) as string),
    replica: async (store: FerryStore) => open(urls.get(store) as string),
  };
  storeContract('PostgreSQL', adapter);
  outboxContract('PostgreSQL', adapter);
  outboxEditsContract('PostgreSQL', adapter);
  outboxJoinContract('PostgreSQL', adapter);
  timesContract('PostgreSQL', adapter);
  journalContract('PostgreSQL', {
    fresh: async () => open(await server.freshDatabase()),
    reopen: async (store) => open(urls.get(store) as string),
    replica: async (store) => open(urls.get(store) as string),
    // a trigger that refuses every journal row: the database itself fails the transaction
    breakJournal: async (store) => {
      const db = (store as PostgresStore).database;
      await db.query(`CREATE FUNCTION ferry_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'journal row refused'; END $$ LANGUAGE plpgsql`);
      await db.query(
        'CREATE TRIGGER ferry_refuse BEFORE INSERT ON ferry_journal FOR EACH ROW EXECUTE FUNCTION ferry_refuse()',
      );
      return async () => {
        await db.query('DROP TRIGGER ferry_refuse ON ferry_journal');
        await db.query('DROP FUNCTION ferry_refuse()');
      };
    },
  });
  storeGuards('PostgreSQL', {
    fresh: async () => open(await server.freshDatabase()),
    replica: async (store: FerryStore) => open(urls.get(store) as string),
    fencedLeases: (store, holder, ttlMs) => {
      const postgres = store as PostgresStore;
      const leases = new PostgresLeases(postgres.database, holder, ttlMs);
      postgres.fenceWith((lease) => leases.fence(lease));
      return leases;
    },
  });
  claimsContract('PostgreSQL', { fresh: async () => open(await server.freshDatabase()) });
  budgetsContract('PostgreSQL', adapter);
});
