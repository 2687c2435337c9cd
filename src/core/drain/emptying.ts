import { readWhyNotBack } from '../evacuation/move-back.ts';
import { planEvacuation } from '../evacuation/plan.ts';
import { movesLanded } from '../evacuation/runs.ts';
import { namedUnlisted, unlistedServers } from '../evacuation/unlisted.ts';
import { tellAlone, telling } from '../journal.ts';
import type { DrainHostReason, DrainHostState, DrainRecord, EvacuationRecord } from '../model/records.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { type DrainDeps, disabledByDrain, keepDrainHostDisabled, setHost, tellHost } from './hosts.ts';

/** Emptying a drain's host: its evacuation starts, and once it ends the cloud says whether it is empty. */
export class DrainEmptying {
  constructor(private readonly deps: DrainDeps) {}

  /**
   * Empties one host with an evacuation of its own, approved by the drain's approval, or (going on
   * with a host not empty) by the on-call person who approved its Continue (`continueApprovedBy`).
   */
  async startHost(
    id: string,
    host: DrainHostState,
    continueApprovedBy?: string,
    /** the step's reads its plans share (step-reads.ts), when the step starts it */
    cloud: CloudApi = this.deps.cloud,
  ): Promise<void> {
    // who went on with a host not empty is kept once the ask is cleared: its question's answer says so
    const asker = host.continueAsk?.by;
    const continued =
      continueApprovedBy && asker ? { continued: { by: asker, approvedBy: continueApprovedBy } } : {};
    // a kill between the evacuation's approval (its claims taken) and the host's write left it
    // approved and unrecorded: it is this host's evacuation, never planned again beside it
    const evacuation =
      this.unrecorded(id, host) ?? (await this.submit(id, host, continued, cloud, continueApprovedBy));
    if (!evacuation) return;
    const now = this.deps.clock.now();
    await setHost(
      this.deps.store,
      id,
      host.host,
      {
        phase: 'evacuating',
        evacuationIds: [...host.evacuationIds, evacuation.id],
        startedAt: host.startedAt ?? now,
        continueAsk: undefined,
        // what kept it from being empty is no longer true of it: this evacuation tries again
        reason: undefined,
        note: undefined,
        ...continued,
      },
      (h) => h.phase === host.phase,
      tellHost(this.deps, (request) => ({
        kind: 'drain.host-started',
        request,
        host: host.host,
        evacuation,
      })),
    );
    await this.deps.evacuator.start(evacuation.id);
  }

  /**
   * A step's hosts with nothing to do are done at once, left as found: someone else disabled them
   * before the drain (Ferry neither enables nor reboots them) and no server is on them now, so there is
   * nothing to empty, nothing to bring home and no maintenance of Ferry's to wait for. The others are
   * returned, to be started.
   */
  async settleIdle(
    id: string,
    hosts: DrainHostState[],
    cloud: CloudApi = this.deps.cloud,
  ): Promise<DrainHostState[]> {
    const services = await cloud.listComputeServices();
    const starting: DrainHostState[] = [];
    for (const host of hosts) {
      const service = services.find((s) => s.host === host.host && s.binary === 'nova-compute');
      const before = service?.status === 'disabled' && !disabledByDrain(service, id);
      if (!before || (await cloud.serversOnHost(host.host)).length > 0) {
        starting.push(host);
        continue;
      }
      const change: Partial<DrainHostState> = {
        phase: 'done',
        service: 'disabled-before',
        leftDisabled: true,
        ...(service.disabledReason ? { disabledReason: service.disabledReason } : {}),
        reason: { code: 'nothing-to-do', host: host.host },
        endedAt: this.deps.clock.now(),
      };
      await setHost(
        this.deps.store,
        id,
        host.host,
        change,
        (h) => h.phase === 'waiting',
        tellHost(this.deps, (request) => ({ kind: 'drain.host-done', request, host: host.host })),
      );
    }
    return starting;
  }

  /**
   * A drain ending lets go of its steps' evacuations approved and never started: a Stop (or a kill)
   * between a step's approval and the host's write left them holding the host's servers, and nothing
   * else would ever start or end them. They end as they are: nothing was moved.
   */
  async dropUnstarted(id: string): Promise<void> {
    for (const record of this.unstarted(id)) await this.endUnstarted(record.id);
  }

  private async endUnstarted(evacuationId: string): Promise<void> {
    await this.deps.store.setEvacuationPhase(evacuationId, 'done', { endedAt: this.deps.clock.now() });
    await this.deps.store.releaseClaims(evacuationId);
  }

  /** This drain's evacuations approved and not started that no host's record names. */
  private unstarted(id: string): EvacuationRecord[] {
    const hosts = this.deps.store.getDrain(id)?.drain.hosts ?? [];
    const named = new Set(hosts.flatMap((h) => [...h.evacuationIds, ...(h.returnId ? [h.returnId] : [])]));
    return this.deps.store
      .evacuations()
      .filter(
        (r) =>
          r.evacuation.drainId === id &&
          r.status === 'approved' &&
          r.evacuation.phase === 'planned' &&
          !named.has(r.id),
      );
  }

  /** An evacuation of this drain approved for `host`, not started, that the host's record does not name. */
  private unrecorded(id: string, host: DrainHostState): EvacuationRecord | undefined {
    return this.unstarted(id).find((r) => r.evacuation.host === host.host && !r.evacuation.returnOf);
  }

  /** The host's evacuation, planned and approved now; none when the plan is not ready (the host is not empty). */
  private async submit(
    id: string,
    host: DrainHostState,
    continued: Pick<DrainHostState, 'continued'>,
    cloud: CloudApi,
    continueApprovedBy?: string,
  ): Promise<EvacuationRecord | undefined> {
    const drain = this.deps.store.getDrain(id) as DrainRecord;
    const plan = await planEvacuation(
      {
        cloud,
        clock: this.deps.clock,
        access: this.deps.access,
        ...(this.deps.hostConfig ? { hostConfig: this.deps.hostConfig } : {}),
        ...(this.deps.groupBudgets ? { groupBudgets: this.deps.groupBudgets } : {}),
        ...(this.deps.departures ? { departures: this.deps.departures } : {}),
      },
      {
        host: host.host,
        concurrency: drain.drain.concurrency,
        requestedBy: drain.requestedBy,
        // the drain's approved plan showed a server that cannot move live as "will be stopped"
        coldWhereNeeded: true,
        ...(drain.drain.maxCopyGb !== undefined ? { maxCopyGb: drain.drain.maxCopyGb } : {}),
        ...(drain.drain.coldFallback ? { coldFallback: true as const } : {}),
        // the servers the requester skipped stay: the host's evacuation leaves them where they are
        ...(drain.drain.edits?.length ? { edits: drain.drain.edits } : {}),
        // the hosts whose turn is still to come: a server sent there would move again (operator trial)
        ...laterHosts(drain, host.host),
      },
    );
    if (plan.ready) return this.deps.book.submitDrainEvacuation(drain, plan, continueApprovedBy);
    // the room check counts only the servers not skipped: the host's post counts and names all it read
    const why: DrainHostReason = {
      code: 'plan-failed',
      checks: plan.checks.filter((check) => check.status === 'fail'),
      servers: plan.items.length,
      staying: plan.items.flatMap((item) =>
        item.mode === null
          ? [{ server: item.serverName, ...(item.reason ? { reason: item.reason } : {}) }]
          : [],
      ),
    };
    await setHost(
      this.deps.store,
      id,
      host.host,
      { phase: 'not-empty', reason: why, note: undefined, continueAsk: undefined, ...continued },
      undefined,
      tellHost(this.deps, (request) => ({
        kind: 'drain.host-not-empty',
        request,
        host: host.host,
        remaining: plan.items.map((item) => item.serverName),
        why,
      })),
    );
    return undefined;
  }

  /** An evacuation of a host ended: the host is empty (the cloud says so) or it is not. */
  async settleEvacuation(id: string, host: DrainHostState): Promise<void> {
    const evacuationId = host.evacuationIds.at(-1) ?? '';
    // a kill (or a failed start) between the host's write and its start left the evacuation planned:
    // it starts now, at any look until it does (the store starts it once, whoever else starts it too),
    // unless the drain was stopped meanwhile: no new host starts, so it ends having moved nothing
    if (this.deps.store.getEvacuation(evacuationId)?.evacuation.phase === 'planned') {
      if (this.deps.store.getDrain(id)?.drain.phase === 'stopping') await this.endUnstarted(evacuationId);
      else await this.deps.evacuator.start(evacuationId);
    }
    const evacuation = this.deps.store.getEvacuation(evacuationId);
    if (!evacuation) return;
    const done = evacuation.evacuation.phase === 'done';
    // Nova has ended each of its moves, Ferry still proving the last ones: the host may be empty now
    // (its outcomes still go to the thread, and the drain's report waits for them). Safe to empty,
    // reboot and service: only a live move Nova recorded completed counts as landed, and it cannot go
    // back; a cold move, which Ferry reverts to this host when a proof fails, is waited for
    if (!done && !movesLanded(this.deps.store, evacuationId, this.deps.landed ?? (() => false))) return;
    const listed = await this.deps.cloud.serversOnHost(host.host);
    // an empty list is not yet an empty host: a cell that does not answer is left out of it
    const unlisted = listed.length === 0 ? await unlistedServers(this.deps.cloud, host.host, listed) : [];
    const nameOf = (id: string) =>
      evacuation.evacuation.items.find((item) => item.serverId === id)?.serverName ?? id;
    const left = [
      ...listed.map((server) => ({ id: server.id, name: server.name })),
      ...unlisted.map((server) => ({ id: server.id, name: server.name ?? nameOf(server.id) })),
    ];
    // not empty before the evacuation ended: why is known once it has
    if (!done && left.length > 0) return;
    // with --return, the empty host's post says which servers cannot come back: read for the moves
    // still proven too, from where Nova landed them (the evacuation's end reads it again)
    if (!done && left.length === 0 && (this.deps.store.getDrain(id) as DrainRecord).drain.returnHome)
      await readWhyNotBack(this.deps, evacuationId, (item) =>
        item.runId ? this.deps.store.getRun(item.runId)?.destination : undefined,
      );
    if (left.length === 0) {
      // "empty and disabled" is said from a fresh read of nova-compute, not from what Ferry once did
      const service = await keepDrainHostDisabled(this.deps, id, host.host);
      await setHost(
        this.deps.store,
        id,
        host.host,
        { phase: 'empty', emptyAt: this.deps.clock.now(), service },
        undefined,
        telling(this.deps.events, this.deps.clock.now(), (request) => [
          ...(service === 'disabled-again'
            ? [{ kind: 'drain.host-disabled-again' as const, request, host: host.host }]
            : []),
          { kind: 'drain.host-empty', request, host: host.host },
        ]),
      );
      return;
    }
    const failed = evacuation.evacuation.items.filter(
      (item) => item.outcome && item.outcome.kind !== 'completed',
    );
    // what the requester skipped stays, as the plan said: the host is not declared empty for it
    const kept = evacuation.evacuation.items.flatMap((item) =>
      item.reason?.code === 'skipped-by' && left.some((server) => server.id === item.serverId)
        ? [{ server: item.serverName, by: item.reason.by }]
        : [],
    );
    const why: DrainHostReason =
      unlisted.length > 0
        ? {
            code: 'unlisted',
            servers: namedUnlisted(unlisted, nameOf),
          }
        : failed.length === 0 && kept.length === left.length
          ? { code: 'skipped-stay', servers: kept }
          : {
              code: 'not-moved',
              failed: failed.flatMap((item) =>
                item.outcome ? [{ server: item.serverName, outcome: item.outcome }] : [],
              ),
            };
    await setHost(
      this.deps.store,
      id,
      host.host,
      { phase: 'not-empty', reason: why, note: undefined },
      undefined,
      tellHost(this.deps, (request) => ({
        kind: 'drain.host-not-empty',
        request,
        host: host.host,
        remaining: left.map((server) => server.name),
        why,
      })),
    );
  }

  /** A host the drain holds out of service was found enabled: disabled again, and the thread told. */
  async disableAgain(id: string, host: string): Promise<void> {
    if ((await keepDrainHostDisabled(this.deps, id, host)) !== 'disabled-again') return;
    const request = this.deps.store.getDrain(id) as DrainRecord;
    await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
      { kind: 'drain.host-disabled-again', request, host },
    ]);
  }

  /**
   * A host waiting for its maintenance, read again at every look (and at once after a restart): one
   * that has servers on it again is not empty any more, and the thread is told what was found. True
   * while it is still empty.
   */
  async stillEmpty(id: string, host: DrainHostState, afterRestart: boolean): Promise<boolean> {
    const found = await this.deps.cloud.serversOnHost(host.host);
    if (found.length === 0) return true;
    const why: DrainHostReason = { code: 'servers-came', host: host.host, count: found.length, afterRestart };
    await setHost(
      this.deps.store,
      id,
      host.host,
      { phase: 'not-empty', reason: why, note: undefined },
      (h) => h.phase === 'empty',
      tellHost(this.deps, (request) => ({
        kind: 'drain.host-not-empty',
        request,
        host: host.host,
        remaining: found.map((server) => server.name),
        why,
      })),
    );
    return false;
  }
}

/** The drain's hosts still waiting for their turn, other than `host`: its evacuation sends servers there last. */
function laterHosts(drain: DrainRecord, host: string): { later?: string[] } {
  const later = drain.drain.hosts.filter((h) => h.phase === 'waiting' && h.host !== host).map((h) => h.host);
  return later.length ? { later } : {};
}
