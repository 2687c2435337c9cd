import type { ComputeService, Hypervisor, Server, ServerGroup } from '../model/cloud.ts';
import type { CloudApi } from '../ports/cloud.ts';

/**
 * The reads one step of a drain shares among its plans (issue #31): the step planned again
 * (step-fit.ts), then each of its hosts' evacuations (emptying.ts), within seconds of each other,
 * asked Nova the same questions. A StepReads lives from the step's first look at its hosts to the
 * submission of their evacuations, and is then dropped: nothing is kept across steps or looks.
 *
 * Shared only what nothing Ferry does between the plans changes:
 * - what each of the step's hosts holds: its servers leave only by its own evacuation, which starts
 *   after its plan (the other hosts' servers go to hosts out of the step: it is disabled);
 * - a server read by ID that is on none of the step's hosts (a group's member elsewhere): the step
 *   moves only its hosts' servers; an answer placing it on one of them is never kept;
 * - every server group (members change when servers are made or deleted, not by a move);
 * - Nova's services and hypervisors, on each side of the step's disable apart: `beforeDisable` for the
 *   look at idle hosts and the step's plan, `afterDisable` for the evacuations' plans (the disable
 *   changes both; the moves the evacuations start change neither).
 * Never shared: Placement's room and capacities, the traits of the hosts with room and a host's
 * consumers (a starting move takes room, and holds its source), the disable's own read, and the moves'
 * checks. An answer that failed is not kept: the next plan asks again.
 */
export class StepReads {
  /** the cloud as the step's look at idle hosts and its plan read it, before the disable */
  readonly beforeDisable: CloudApi;
  /** the cloud as the step's evacuations' plans read it, once its hosts are disabled */
  readonly afterDisable: CloudApi;
  private readonly hosts: ReadonlySet<string>;
  private readonly listings = new Map<string, Promise<Server[]>>();
  private readonly servers = new Map<string, Promise<Server>>();
  private readonly groups = new Map<string, Promise<ServerGroup[]>>();

  constructor(
    private readonly cloud: CloudApi,
    hosts: readonly { host: string }[],
  ) {
    this.hosts = new Set(hosts.map((h) => h.host));
    this.beforeDisable = this.view();
    this.afterDisable = this.view();
  }

  /** A view of the cloud sharing this step's reads, with its own services and hypervisors. */
  private view(): CloudApi {
    const cloud = this.cloud;
    // this side of the disable's answers
    const side = new Map<string, Promise<ComputeService[] | Hypervisor[]>>();
    const shared: Partial<CloudApi> = {
      serversOnHost: (host) =>
        this.hosts.has(host)
          ? kept(this.listings, host, () => cloud.serversOnHost(host))
          : cloud.serversOnHost(host),
      getServer: (id) =>
        kept(
          this.servers,
          id,
          () => cloud.getServer(id),
          (server) => server.host === null || !this.hosts.has(server.host),
        ),
      listServerGroups: () => kept(this.groups, '', () => cloud.listServerGroups()),
      listComputeServices: () =>
        kept(side, 'services', () => cloud.listComputeServices()) as Promise<ComputeService[]>,
      listHypervisors: () =>
        kept(side, 'hypervisors', () => cloud.listHypervisors()) as Promise<Hypervisor[]>,
    };
    // every other question goes to the cloud as asked
    return new Proxy(cloud, {
      get: (target, key, receiver) =>
        key in shared ? shared[key as keyof CloudApi] : Reflect.get(target, key, receiver),
    });
  }
}

/**
 * The answer kept under `key`, else one asked now and kept while it may be (`keep`): a failed one is
 * forgotten, so the next asker asks again.
 */
function kept<T>(
  memo: Map<string, Promise<T>>,
  key: string,
  ask: () => Promise<T>,
  keep?: (answer: T) => boolean,
) {
  const known = memo.get(key);
  if (known) return known;
  const read = ask();
  memo.set(key, read);
  read.then(
    (answer) => {
      if (keep && !keep(answer) && memo.get(key) === read) memo.delete(key);
    },
    () => {
      if (memo.get(key) === read) memo.delete(key);
    },
  );
  return read;
}
