import type { Clock } from '../../clock.ts';
import type { RunRecord } from '../model/records.ts';
import type { RunNotice } from '../model/run-facts.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RunsPort } from '../ports/runs.ts';
import { isLanded } from './in-flight.ts';

/**
 * How long after Ferry saw a move end its source's allocation may still be held in Placement: Nova
 * saves the record `completed` (live) or `confirmed` (cold) and only then deletes the allocation the
 * migration's UUID holds on the source (compute/manager.py _post_live_migration, confirm_resize).
 * On the lab it was gone 0.1-0.2 s after the record said so; a minute covers any slow Placement.
 */
const RELEASE_RECENT_MS = 60_000;
const RELEASE_POLL_MS = 250;
/** how long a start waits for Placement at most: then it asks Nova anyway, whose answer is told as it comes */
const RELEASE_WAIT_MS = 30_000;
/**
 * Nova's scheduler keeps a live-migrated server in its source host's list of instances (the source's
 * update after the move names itself) until that host's nova-compute sends its list again, every
 * `scheduler_instance_sync_interval` (120 s by default). Anti-affinity counts that list: a peer of the
 * group sent to the host within that time gets NoValidHost (the lab, 6 December: web-1 left compute1,
 * web-2 sent there 8 s later was refused; compute1's next sync came 91 s after the move).
 */
export const SCHEDULER_SYNC_MS = 120_000;
/** the sync's answer reaches the scheduler by a message: a little more than the interval */
const SYNC_SLACK_MS = 2_000;

export interface ReleaseDeps {
  cloud: CloudApi;
  clock: Clock;
  store: RunsPort;
  halt: AbortSignal;
}

/**
 * Before a move starts, what Nova still holds of the moves Ferry saw end, so that a start right after
 * an end (a drain's next step, a move home, an evacuation's next move) is not refused for room or a
 * group's host that Nova has not freed yet. Only Ferry's own runs are looked at.
 */
export class RoomRelease {
  /** migration UUIDs whose source allocation Placement answered gone, with when: kept only while recent */
  private readonly freed = new Map<string, number>();

  constructor(private readonly deps: ReleaseDeps) {}

  /** Resolves once nothing Ferry knows of holds the run's destination, or the waits ran out (or halt). */
  async settle(run: RunRecord, say: (notice: RunNotice) => Promise<void>): Promise<void> {
    await this.allocationsFreed(run);
    await this.schedulerSynced(run, say);
  }

  /**
   * Moves of other servers that left the run's destination (any host: none named) and that Ferry saw
   * Nova complete since `since`, with when it saw that.
   */
  private leftDestination(run: RunRecord, since: number): { run: RunRecord; at: number }[] {
    return this.deps.store.runs().flatMap((other) => {
      if (other.id === run.id || other.serverId === run.serverId) return [];
      if (run.destination !== null && other.source !== run.destination) return [];
      const completed = isLanded(other) || other.outcome?.kind === 'completed';
      // when Ferry saw Nova's record completed (kept with the run), else its end: proofs can take a minute
      const seen =
        other.lastProgress?.migrationStatus === 'completed' ? other.lastProgress.at : other.endedAt;
      const at = completed ? (seen ?? null) : null;
      return at !== null && at >= since ? [{ run: other, at }] : [];
    });
  }

  private async allocationsFreed(run: RunRecord): Promise<void> {
    const { cloud, clock, halt } = this.deps;
    for (const [uuid, at] of this.freed) if (at < clock.now() - RELEASE_RECENT_MS) this.freed.delete(uuid);
    const consumers = this.leftDestination(run, clock.now() - RELEASE_RECENT_MS)
      .map(({ run: other }) => other.migrationUuid)
      .filter((uuid): uuid is string => uuid !== undefined && !this.freed.has(uuid));
    // on the monotonic clock: a wall clock stepped back must not stretch the wait
    const until = clock.monotonic() + RELEASE_WAIT_MS;
    for (const uuid of consumers) {
      while (!halt.aborted) {
        // Placement cannot be read: nothing known holds the room, and Nova's own answer is told
        const held = await cloud.consumerHolds(uuid).catch(() => false);
        if (!held) {
          this.freed.set(uuid, clock.now());
          break;
        }
        if (clock.monotonic() >= until) return;
        await clock.sleep(RELEASE_POLL_MS, halt).catch(() => undefined);
      }
    }
  }

  /**
   * A server of an anti-affinity group sent to a host another member left by a live move less than
   * SCHEDULER_SYNC_MS ago waits out that time: said in its thread, since it can take two minutes.
   */
  private async schedulerSynced(run: RunRecord, say: (notice: RunNotice) => Promise<void>): Promise<void> {
    const { cloud, clock, halt } = this.deps;
    if (run.destination === null) return;
    const left = this.leftDestination(run, clock.now() - SCHEDULER_SYNC_MS - SYNC_SLACK_MS).filter(
      ({ run: other }) => other.mode === 'live',
    );
    if (left.length === 0) return;
    const groupIds =
      cloud.serverGroupsSeen(run.serverId) ??
      (await cloud.getServer(run.serverId).catch(() => null))?.serverGroupIds ??
      [];
    const groups = await Promise.all(groupIds.map((id) => cloud.getServerGroup(id).catch(() => null)));
    const peers = new Set(
      groups.flatMap((group) => (group?.policy === 'anti-affinity' ? group.members : [])),
    );
    const latest = left.filter(({ run: other }) => peers.has(other.serverId)).sort((a, b) => b.at - a.at)[0];
    if (!latest) return;
    // whole milliseconds (times the clock reaches are written as integers), and never longer than the
    // sync interval, whatever a wall clock stepped back since the peer left makes of its departure time
    const wait = Math.ceil(
      Math.min(
        Math.ceil(latest.at) + SCHEDULER_SYNC_MS + SYNC_SLACK_MS - clock.now(),
        SCHEDULER_SYNC_MS + SYNC_SLACK_MS,
      ),
    );
    if (wait <= 0 || halt.aborted) return;
    await say({
      code: 'start-waits-scheduler',
      peer: latest.run.serverName,
      host: run.destination,
      leftAt: latest.at,
      until: clock.now() + wait,
    });
    await clock.sleep(wait, halt).catch(() => undefined);
  }
}
