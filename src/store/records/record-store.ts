import { WindowRecords } from './windows.ts';

/**
 * The store port's operations that do not depend on what keeps the records, one file per aggregate:
 * requests and their claims (requests.ts), runs (runs.ts), maintenance windows (windows.ts), each
 * change made through the adapter's own update of one record (lowdb on a copy of the file then memory,
 * PostgreSQL in one transaction on the locked row). Both adapters extend it, adding what differs: how
 * a record is found, created and updated, the claims taken in an approval's write, the journal, the
 * audit trail and the chat edge's tables.
 */
export abstract class RecordStore extends WindowRecords {}
