import type { Blackout } from '../model/blackout.ts';

/** What reads a live move's blackout where it landed (SSH to the destination's libvirt). */
export interface BlackoutPort {
  /** `host`: the destination's compute service host; `domain`: the server's libvirt domain name */
  blackout(host: string, domain: string): Promise<Blackout>;
  /**
   * A live move is under way to `host`: its blackout will be read there when it lands, so the reader may
   * get ready now (connect ahead). Never fails and never delays the move.
   */
  expect?(host: string): void;
}
