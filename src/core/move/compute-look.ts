import type { Clock } from '../../clock.ts';
import type { ComputeService } from '../model/cloud.ts';
import type { CloudApi } from '../ports/cloud.ts';

/**
 * How often the watch reads Nova's service list: nova-compute reports every 10 s and Nova calls it down
 * after 60 s without a report (service_down_time), so a look every 30 s says it within a minute and a
 * half of the last report, at one request for all the runs watched.
 */
export const COMPUTE_LOOK_MS = 30_000;

/**
 * How old a list may be for Ferry to say a host's nova-compute is down from it: a list kept up to
 * COMPUTE_LOOK_MS may be from before it came back up (operator trial: "nova-compute on compute1 (the
 * source) is down" 6 s after it was up again, from a list read before the move began).
 */
export const DOWN_FRESH_MS = 2_000;

/**
 * The nova-compute services as Nova last listed them, read for every watched run at once, at most
 * every COMPUTE_LOOK_MS (steady time). A list Ferry read for something else meanwhile (a drain's look)
 * serves as well: the look asks only when no answer asked within COMPUTE_LOOK_MS is at hand. A read
 * that fails leaves the last answer: Nova not answering is said by itself (run-notices.ts), and
 * nothing is concluded from silence.
 */
export class ComputeLook {
  private services: Map<string, ComputeService> | null = null;
  /** when the answer kept was asked: an older one answered later does not replace it */
  private servicesAt = Number.NEGATIVE_INFINITY;
  private lastAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;

  constructor(private readonly deps: { cloud: CloudApi; clock: Clock }) {}

  /**
   * Nova's list of services, read elsewhere, asked at `askedAt` (steady time): the look's answer when
   * it is newer than the look's own, and no read of the look's own until COMPUTE_LOOK_MS after it.
   */
  seen(listed: readonly ComputeService[], askedAt: number): void {
    this.lastAt = Math.max(this.lastAt, askedAt);
    this.keep(listed, askedAt);
  }

  /** Each host's nova-compute, read afresh when the last answer is old; null until one answered. */
  async hosts(): Promise<Map<string, ComputeService> | null> {
    if (this.deps.clock.monotonic() - this.lastAt >= COMPUTE_LOOK_MS) {
      this.reading ??= this.read().finally(() => {
        this.reading = null;
      });
      await this.reading;
    }
    return this.services;
  }

  /**
   * Each host's nova-compute as Nova listed it at most `maxAgeMs` ago (steady time), read afresh when
   * the answer kept is older; null when no such answer is at hand (the read failed).
   */
  async hostsWithin(maxAgeMs: number): Promise<Map<string, ComputeService> | null> {
    const since = this.deps.clock.monotonic() - maxAgeMs;
    if (this.servicesAt < since) {
      this.lastAt = Number.NEGATIVE_INFINITY;
      await this.hosts();
    }
    return this.servicesAt >= since ? this.services : null;
  }

  private async read(): Promise<void> {
    const askedAt = this.deps.clock.monotonic();
    this.lastAt = askedAt;
    const listed = await this.deps.cloud.listComputeServices().catch(() => null);
    if (listed) this.keep(listed, askedAt);
  }

  private keep(listed: readonly ComputeService[], askedAt: number): void {
    if (askedAt < this.servicesAt) return;
    this.servicesAt = askedAt;
    this.services = new Map(listed.filter((s) => s.binary === 'nova-compute').map((s) => [s.host, s]));
  }
}
