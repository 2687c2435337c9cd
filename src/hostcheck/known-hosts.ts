import type { Clock } from '../clock.ts';

/**
 * How long the cloud's list of compute hosts is reused to vet the names Ferry connects to: as long as a
 * host's report is kept (HostChecker's cacheMs), so the list read for a move's plan still vets the
 * blackout read at its end.
 */
export const KNOWN_HOSTS_MS = 300_000;

/**
 * The cloud's compute hosts, the only names Ferry will SSH to: read again after KNOWN_HOSTS_MS, or at
 * once when a name asked about is missing, so a host that just joined is never refused and one that
 * left may be reached for five minutes at most. Each blackout read waited for the list before (0.4-0.8 s on
 * the loaded lab; #31: a move's end to its thread in 2 s).
 */
export class KnownHosts {
  private kept: { hosts: string[]; at: number } | null = null;

  constructor(
    private readonly read: () => Promise<string[]>,
    private readonly clock: Clock,
  ) {}

  /** The list to vet `names` against: the kept one when fresh and holding them all. */
  async vetting(names: string[]): Promise<string[]> {
    const kept = this.kept;
    if (
      kept &&
      this.clock.monotonic() - kept.at < KNOWN_HOSTS_MS &&
      names.every((n) => kept.hosts.includes(n))
    )
      return kept.hosts;
    const at = this.clock.monotonic();
    const hosts = await this.read();
    this.kept = { hosts, at };
    return hosts;
  }
}
