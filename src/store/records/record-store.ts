import type { OutboxStore } from '../../core/ports/outbox.ts';
import { WindowRecords } from './windows.ts';

type Outbox<K extends keyof OutboxStore> = Parameters<OutboxStore[K]>;

/**
 * The store port's operations that do not depend on what keeps the records, one file per aggregate:
 * requests and their claims (requests.ts), runs (runs.ts), maintenance windows (windows.ts), each
 * change made through the adapter's own update of one record (lowdb on a copy of the file then memory,
 * PostgreSQL in one transaction on the locked row). Both adapters extend it, adding what differs: how
 * a record is found, created and updated, the claims taken in an approval's write, the journal, the
 * audit trail, the outbox's table (answered here through `outbox`) and the chat edge's tables.
 */
export abstract class RecordStore extends WindowRecords implements OutboxStore {
  /** the adapter's Slack messages before they are sent (lowdb/outbox.ts, postgres/outbox.ts) */
  protected abstract readonly outbox: OutboxStore;

  enqueueOutbox(...args: Outbox<'enqueueOutbox'>) {
    return this.outbox.enqueueOutbox(...args);
  }
  claimOutbox(...args: Outbox<'claimOutbox'>) {
    return this.outbox.claimOutbox(...args);
  }
  holdOutboxClaim(...args: Outbox<'holdOutboxClaim'>) {
    return this.outbox.holdOutboxClaim(...args);
  }
  settleOutbox(...args: Outbox<'settleOutbox'>) {
    return this.outbox.settleOutbox(...args);
  }
  pendingOutbox() {
    return this.outbox.pendingOutbox();
  }
  outboxEntries(...args: Outbox<'outboxEntries'>) {
    return this.outbox.outboxEntries(...args);
  }
  failedOutbox(...args: Outbox<'failedOutbox'>) {
    return this.outbox.failedOutbox(...args);
  }
  outboxByCause(...args: Outbox<'outboxByCause'>) {
    return this.outbox.outboxByCause(...args);
  }
}
