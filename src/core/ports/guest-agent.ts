/**
 * The QEMU guest agent of a server's domain on its compute host, asked over SSH (`virsh
 * qemu-agent-command <domain> '{"execute":"guest-ping"}'`). `domain` is Nova's instance_name, checked
 * by the caller against DOMAIN_NAME (model/cloud.ts): nothing else reaches a shell.
 */
export type GuestPing =
  | { code: 'pong' }
  /** libvirt: "argument unsupported: QEMU guest agent is not configured" */
  | { code: 'not-configured' }
  /** the agent or libvirt answered an error: its words */
  | { code: 'failed'; error: string }
  /** the domain's name is not one Nova gives: nothing was run */
  | { code: 'bad-domain' }
  /** the host could not be reached over SSH */
  | { code: 'unreachable'; error: string };

export interface GuestAgentPort {
  ping(host: string, domain: string): Promise<GuestPing>;
}
