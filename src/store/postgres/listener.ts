import pg from 'pg';
import type { ChangeNotice, Table } from './mirror.ts';

export const CHANNEL = 'ferry_changes';

/**
 * LISTEN ferry_changes on a connection of its own: every other replica's write arrives as a notice.
 * When the connection drops it connects again (every second until it can) and says so, so that the
 * caller reloads everything it may have missed.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private closed = false;
  private notices: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      url: string;
      /** this replica's own notices are not handed on */
      instance: string;
      onNotice(notice: ChangeNotice): Promise<void>;
      /** connected again after a loss: reload everything */
      onReconnected(): Promise<void>;
      onState?: (connected: boolean, error?: Error) => void;
    },
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (message) => {
      if (!message.payload) return;
      const notice = changeNotice(message.payload);
      // anything else on the channel says nothing Ferry can trust about what changed: read it all again
      if (!notice) return this.lost(client, new Error("a change notice that is not Ferry's arrived"));
      if (notice.from === this.options.instance) return;
      // one at a time, in order; a failed reload means the copy may be stale: start over
      this.notices = this.notices.then(() => this.options.onNotice(notice)).catch(() => this.lost(client));
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  async end(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.options.onState?.(false, error);
    client.end().catch(() => undefined);
    this.reconnectSoon();
  }

  private reconnectSoon(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.client) return;
      this.start()
        .then(() => this.options.onReconnected())
        .then(() => this.options.onState?.(true))
        .catch(() => this.reconnectSoon());
    }, 1_000).unref();
  }
}

const TABLES: readonly string[] = ['requests', 'runs', 'windows', 'places', 'audit'] satisfies Table[];

/** A notice as Ferry's writes send it (postgres-store.ts), or null for any other payload. */
function changeNotice(payload: string): ChangeNotice | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const notice = value as Partial<Record<keyof ChangeNotice, unknown>> | null;
  return notice &&
    typeof notice === 'object' &&
    typeof notice.from === 'string' &&
    typeof notice.id === 'string' &&
    typeof notice.table === 'string' &&
    TABLES.includes(notice.table)
    ? (notice as ChangeNotice)
    : null;
}
