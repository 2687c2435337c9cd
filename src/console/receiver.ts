import type { App, Receiver, ReceiverEvent } from '@slack/bolt';

/** Feeds Bolt from the console instead of HTTP or a socket. */
export class ConsoleReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Resolves once every listener for the payload has finished; answers what it was acked with. */
  async send(body: Record<string, unknown>): Promise<unknown> {
    if (!this.app) throw new Error('console receiver used before Bolt initialised it');
    let acked: unknown;
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        acked = response;
      },
    };
    await this.app.processEvent(event);
    return acked;
  }
}
