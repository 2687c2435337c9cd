import type { RemoteShell } from './remote.ts';
import { SshError, type SshSession } from './ssh.ts';

/** How long a connection opened ahead is kept after the last hold(): a live move's watch holds it every few seconds. */
export const HOLD_MS = 60_000;

/**
 * Connections to a live move's destination, opened while the move runs, so the reads at its end (the
 * blackout, the guest agent's ping) find one ready instead of waiting for SSH's handshake (0.25 to
 * 0.45 s on the lab): time from Nova's end to the thread's post (#31, target 6). Each is kept
 * HOLD_MS after its last hold(), then closed, or at close(). A command on a held connection that fails
 * to reach the host runs again on a connection of its own, so holding never changes an answer.
 */
export class HeldConnections {
  private readonly held = new Map<string, { session: SshSession; timer: NodeJS.Timeout }>();

  constructor(
    private readonly open: () => SshSession,
    private readonly holdMs = HOLD_MS,
  ) {}

  /** `host` (already vetted as one of the cloud's) will be read soon: connect now, or keep the connection. */
  hold(host: string): void {
    const kept = this.held.get(host);
    if (kept) {
      kept.timer.refresh();
      return;
    }
    const session = this.open();
    // a real timer, not the injected clock: it only closes a socket, and must not keep Ferry running
    const timer = setTimeout(() => this.drop(host, session), this.holdMs).unref();
    this.held.set(host, { session, timer });
    // the failure is not said here: the read at the end connects again and says it
    session.prepare(host).catch(() => this.drop(host, session));
  }

  /** Whether a connection to `host` is held (open or opening). */
  holds(host: string): boolean {
    return this.held.has(host);
  }

  /** A shell that runs on the connection held to a host, and on one of its own for any other. */
  shell(): RemoteShell {
    const own = this.open();
    return {
      run: async (host, command) => {
        const kept = this.held.get(host);
        if (kept) {
          try {
            return await kept.session.run(host, command);
          } catch (error) {
            // a command that outran its time is the host's answer; a connection that failed is dropped
            if (!(error instanceof SshError) || error.kind === 'command-timeout') throw error;
            this.drop(host, kept.session);
          }
        }
        return own.run(host, command);
      },
      close: () => own.close(),
    };
  }

  close(): void {
    for (const [host, kept] of this.held) this.drop(host, kept.session);
  }

  private drop(host: string, session: SshSession): void {
    const kept = this.held.get(host);
    if (kept?.session === session) {
      clearTimeout(kept.timer);
      this.held.delete(host);
    }
    session.close();
  }
}
