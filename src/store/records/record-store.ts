import type { OutboxStore } from '../../core/ports/outbox.ts';
import { wholeMs, wholeTimes } from '../whole-times.ts';
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

  // the times an outbox call is given, whole before either adapter compares or writes them
  enqueueOutbox(...[draft, at, ...rest]: Outbox<'enqueueOutbox'>) {
    return this.outbox.enqueueOutbox(draft, wholeMs(at), ...rest);
  }
  claimOutbox(...[owner, now, until, wallNow, ...rest]: Outbox<'claimOutbox'>) {
    return this.outbox.claimOutbox(owner, wholeMs(now), wholeMs(until), wholeMs(wallNow), ...rest);
  }
  holdOutboxClaim(...[id, owner, until]: Outbox<'holdOutboxClaim'>) {
    return this.outbox.holdOutboxClaim(id, owner, wholeMs(until));
  }
  settleOutbox(...[id, owner, result]: Outbox<'settleOutbox'>) {
    return this.outbox.settleOutbox(id, owner, wholeTimes({ ...result }));
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
