import { isInternalCloudError, OpenStackApiError } from '../cloud-errors.ts';
import { EvacuationOutages } from '../evacuation/outages.ts';
import { tellAlone } from '../journal.ts';
import type { NovaOutage, RunRecord } from '../model/records.ts';
import type { RunNotice } from '../model/run-facts.ts';
import { ComputeLook, DOWN_FRESH_MS } from './compute-look.ts';
import type { MigrationFeed } from './migration-feed.ts';
import { novaTime } from './progress.ts';
import type { RunnerDeps } from './runner-deps.ts';

/** What a run's thread was told about Nova while watching it. */
export interface NoticeState {
  /** when this run's own reads began failing for Nova as a whole (reset by a read that worked) */
  readsFailingSince: number | null;
  /** the HTTP status this run's last failed read got (undefined: no answer at all) */
  readsFailedWith?: number | undefined;
  /** the outage the thread was told of (App Home and /migrations show it while it lasts) */
  outageSaid: NovaOutage | null;
  /** the thread was told that Nova cannot read this run's server (its cell) */
  unreadableSaid: boolean;
  /** the hosts of this run whose nova-compute the thread was told is down */
  computeDownSaid?: Set<string>;
}

/**
 * What the thread of a watched run hears about Nova itself: an outage once and its end once, and a
 * server Nova cannot read while it answers for the rest (the server's cell), once, never as an outage.
 * The moves of an evacuation share its thread: an outage is said there once for them all, and its end
 * once (evacuation-outages.ts).
 */
export class RunNotices {
  private readonly evacuations: EvacuationOutages;

  private readonly computeLook: ComputeLook;

  constructor(private readonly deps: RunnerDeps & { feed: MigrationFeed }) {
    this.evacuations = new EvacuationOutages(deps);
    this.computeLook = deps.computeLook ?? new ComputeLook(deps);
  }

  /**
   * While Nova does not answer (the shared feed or this run's own reads), the thread is told once, and
   * once more when Nova answers again: progress stops meanwhile, and nothing is concluded from silence.
   */
  async sayReachability(run: RunRecord, watch: NoticeState): Promise<void> {
    const feedSince = this.deps.feed.unreachableSince();
    const since =
      feedSince === null
        ? watch.readsFailingSince
        : Math.min(feedSince, watch.readsFailingSince ?? Number.POSITIVE_INFINITY);
    if (since !== null && watch.outageSaid === null) {
      // a 5xx is an answer, not Nova out of reach: 502-504 its proxy finding no Nova behind it
      const status = feedSince === null ? watch.readsFailedWith : this.deps.feed.failedWith();
      watch.outageSaid = { since, status };
      if (await this.evacuations.out(run, watch.outageSaid)) return;
      await this.notice(run, { code: 'nova-out', since, ...(status === undefined ? {} : { status }) });
    } else if (since === null && watch.outageSaid !== null) {
      const began = watch.outageSaid.since;
      watch.outageSaid = null;
      if (await this.evacuations.back(run, began)) return;
      await this.notice(run, { code: 'nova-back', since: began, forMs: this.deps.clock.now() - began });
    }
  }

  /** After a look at a run that goes on: Nova's reachability, then the move's hosts' nova-compute. */
  async afterLook(run: RunRecord, watch: NoticeState): Promise<void> {
    await this.sayReachability(run, watch);
    await this.sayCompute(run, watch);
  }

  /**
   * A nova-compute of the move's hosts that Nova lists down is said once, and once more when it is up
   * again (operator trial: the move's thread said nothing). The source's runs the move and writes its
   * record; the destination's makes its last steps: either down, the move cannot end meanwhile.
   */
  private async sayCompute(run: RunRecord, watch: NoticeState): Promise<void> {
    let services = await this.computeLook.hosts();
    if (!services) return;
    watch.computeDownSaid ??= new Set();
    const said = watch.computeDownSaid;
    const hosts = [
      { host: run.source, role: 'source' as const },
      ...(run.destination && run.destination !== run.source
        ? [{ host: run.destination, role: 'destination' as const }]
        : []),
    ];
    // the list shared by every move may be 30 s old: a host is said down from a list read just now
    // (operator trial: said down 6 s after nova-compute was up again, from a list read before the move)
    const list = services;
    if (hosts.some(({ host }) => list.get(host)?.state === 'down' && !said.has(host))) {
      services = await this.computeLook.hostsWithin(DOWN_FRESH_MS);
      if (!services) return;
    }
    for (const { host, role } of hosts) {
      const service = services.get(host);
      if (!service) continue;
      if (service.state === 'down' && !said.has(host)) {
        said.add(host);
        const heard = novaTime(service.updatedAt);
        await this.notice(run, {
          code: 'compute-down',
          host,
          role,
          lastHeard: Number.isFinite(heard) ? heard : null,
        });
      } else if (service.state === 'up' && said.has(host)) {
        said.delete(host);
        await this.notice(run, { code: 'compute-up', host, role });
      }
    }
  }

  /** The outage said in an evacuation's thread, while it lasts (evacuation-outages.ts). */
  evacuationOutageOf(evacuationId: string): NovaOutage | null {
    return this.evacuations.outageOf(evacuationId);
  }

  /** A run no longer watched here (ended, or taken over elsewhere). */
  forget(runId: string): void {
    this.evacuations.forget(runId);
  }

  /**
   * Whether `error` is Nova failing for this run's server alone: a 500 for the server's own paths
   * while Nova answers for the rest (its hypervisors), as when the database of the server's cell does
   * not answer. Nova did not go away, so no outage is said: the thread is told once that Nova cannot
   * read the server and that Ferry keeps looking. `request` spaces the check with the run's reads.
   */
  async serverUnreadable(
    run: RunRecord,
    watch: NoticeState,
    error: unknown,
    request: <T>(call: () => Promise<T>) => Promise<T>,
  ): Promise<boolean> {
    // a 502-504 is the API's proxy finding no Nova behind it: all of Nova away, even if the next
    // request (the hypervisors, just after) finds it back (operator trial: an outage's last 503 was
    // said as this server's alone); a cell that does not answer makes Nova answer 500
    if (!(error instanceof OpenStackApiError && isInternalCloudError(error))) return false;
    if (!error.path.includes(`/servers/${run.serverId}`)) return false;
    const answersForTheRest = await request(() => this.deps.cloud.listHypervisors()).then(
      () => true,
      () => false,
    );
    if (!answersForTheRest) return false;
    if (!watch.unreadableSaid) {
      watch.unreadableSaid = true;
      await this.notice(run, { code: 'server-unreadable', status: error.status });
    }
    return true;
  }

  private notice(run: RunRecord, notice: RunNotice): Promise<void> {
    const { store, events, clock } = this.deps;
    return tellAlone(store, events, clock.now(), [{ kind: 'run.notice', run, notice }]);
  }
}
