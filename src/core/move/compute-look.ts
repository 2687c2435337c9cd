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
 * The nova-compute services as Nova last listed them, read for every watched run at once, at most
 * every COMPUTE_LOOK_MS (steady time). A read that fails leaves the last answer: Nova not answering is
 * said by itself (run-notices.ts), and nothing is concluded from silence.
 */
export class ComputeLook {
  private services: Map<string, ComputeService> | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;

  constructor(private readonly deps: { cloud: CloudApi; clock: Clock }) {}

  /** Each host's nova-compute, read afresh when the last look is old; null until one answered. */
  async hosts(): Promise<Map<string, ComputeService> | null> {
    if (this.deps.clock.monotonic() - this.lastAt >= COMPUTE_LOOK_MS) {
      this.reading ??= this.read().finally(() => {
        this.reading = null;
      });
      await this.reading;
    }
    return this.services;
  }

  private async read(): Promise<void> {
    this.lastAt = this.deps.clock.monotonic();
    const listed = await this.deps.cloud.listComputeServices().catch(() => null);
    if (listed)
      this.services = new Map(listed.filter((s) => s.binary === 'nova-compute').map((s) => [s.host, s]));
  }
}
