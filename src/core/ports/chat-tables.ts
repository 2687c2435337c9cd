import type { OutboxStore } from './outbox.ts';
import type { Places } from './places.ts';

/**
 * The chat edge's own tables, kept by the same store as the core's records (one write, one backup):
 * where each record is shown, and the outbox of Slack messages. The core never reads them.
 */
export type ChatTables = Places & OutboxStore;
