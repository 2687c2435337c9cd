import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { budgetsContract } from './budgets-contract.ts';
import { claimsContract } from './claims-contract.ts';
import { storeContract } from './contract.ts';
import { storeGuards } from './contract-guards.ts';
import { journalContract } from './journal-contract.ts';
import { outboxContract } from './outbox-contract.ts';
import { outboxEditsContract } from './outbox-edits-contract.ts';
import { outboxJoinContract } from './outbox-join-contract.ts';
import { timesContract } from './times-contract.ts';

/** The lowdb adapter, in memory and on a file, against the contract every store must meet. */
storeContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
storeGuards('lowdb in memory', { fresh: async () => LowdbStore.memory() });
claimsContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
budgetsContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
outboxContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
outboxEditsContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
outboxJoinContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
journalContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });
timesContract('lowdb in memory', { fresh: async () => LowdbStore.memory() });

const files = new WeakMap<object, string>();
const onFile = {
  fresh: async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-contract-')), 'ferry.json');
    const store = await LowdbStore.open(file);
    files.set(store, file);
    return store;
  },
  reopen: async (store: object) => LowdbStore.open(files.get(store) as string),
};
storeContract('lowdb file', onFile);
outboxContract('lowdb file', onFile);
outboxEditsContract('lowdb file', onFile);
outboxJoinContract('lowdb file', onFile);
journalContract('lowdb file', {
  fresh: async () => (await onFile.fresh()) as LowdbStore,
  reopen: async (store) => (await onFile.reopen(store)) as LowdbStore,
});
timesContract('lowdb file', {
  fresh: async () => (await onFile.fresh()) as LowdbStore,
  reopen: async (store) => (await onFile.reopen(store)) as LowdbStore,
});
