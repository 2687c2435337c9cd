import { DOMAIN_NAME } from '../core/model/cloud.ts';
import type { GuestAgentPort, GuestPing } from '../core/ports/guest-agent.ts';
import { REMOTE, type RemoteShell } from './remote.ts';

/** libvirt's words for a domain without a guest agent channel (the lab's answer, test/fixtures/lab-proofs) */
const NOT_CONFIGURED = /QEMU guest agent is not configured/i;

/**
 * The QEMU guest agent asked over SSH on the server's compute host: `virsh qemu-agent-command
 * <domain> '{"execute":"guest-ping"}'`, the domain being Nova's instance_name (checked: nothing else
 * reaches the shell). One session per ping, closed after it.
 */
export class GuestAgentOverSsh implements GuestAgentPort {
  constructor(private readonly shell: () => RemoteShell) {}

  async ping(host: string, domain: string): Promise<GuestPing> {
    if (!DOMAIN_NAME.test(domain)) return { code: 'bad-domain' };
    const shell = this.shell();
    try {
      const answer = await shell.run(host, REMOTE.guestPing(domain));
      if (answer.code === 0) return { code: 'pong' };
      const said = `${answer.stderr}${answer.stdout}`.trim();
      if (NOT_CONFIGURED.test(said)) return { code: 'not-configured' };
      // virsh's own words (its first line), or its exit status when it said nothing
      return { code: 'failed', error: said.split('\n')[0]?.slice(0, 300) || String(answer.code) };
    } catch (error) {
      return { code: 'unreachable', error: (error as Error).message };
    } finally {
      shell.close();
    }
  }
}
