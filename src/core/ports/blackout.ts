import type { Blackout } from '../model/blackout.ts';

/** What reads a live move's blackout where it landed (SSH to the destination's libvirt). */
export interface BlackoutPort {
  /** `host`: the destination's compute service host; `domain`: the server's libvirt domain name */
  blackout(host: string, domain: string): Promise<Blackout>;
}
