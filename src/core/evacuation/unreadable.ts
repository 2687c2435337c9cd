import type { Clock } from '../../clock.ts';
import { isInternalCloudError, OpenStackApiError } from '../cloud-errors.ts';
import type { EventSink } from '../events.ts';
import { tellAlone } from '../journal.ts';
import type { Hypervisor } from '../model/cloud.ts';
import type { EvacuationItemState, EvacuationRecord } from '../model/records.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RoomKeeper } from './room.ts';

/**
 * Servers of an evacuation that Nova cannot read when their turn comes (a cell whose database does
 * not answer: Nova answers 5xx for the server while it answers for the rest). Such a server is set
 * aside for this look, the thread is told once, and the others move; it is read again at the next look.
 */
export class UnreadableServers {
  /** `evacuation:server` already told, until the server is read again */
  private readonly told = new Set<string>();

  constructor(
    private readonly deps: { cloud: CloudApi; store: JournalPort; events: EventSink; clock: Clock },
    private readonly room: RoomKeeper,
  ) {}

  /**
   * Whether the item's server may start now: room on its destination (when it has one), the server
   * read. 'unreadable' when Nova answered an error for this server alone; an error of Nova as a whole
   * (it does not answer for its hypervisors either) throws, and the look fails as a whole.
   */
  async mayStart(
    request: EvacuationRecord,
    item: EvacuationItemState,
    /** Nova's hypervisors, read for this start */
    hypervisors: readonly Hypervisor[],
  ): Promise<boolean | 'unreadable'> {
    const key = `${request.id}:${item.serverId}`;
    let room: boolean;
    try {
      room = item.destination
        ? await this.room.roomFor(item, item.destination, hypervisors)
        : await this.deps.cloud.getServer(item.serverId).then(() => true);
    } catch (error) {
      if (!(error instanceof OpenStackApiError && error.status >= 500)) throw error;
      if (!error.path.includes(`/servers/${item.serverId}`)) throw error;
      // Nova answers for the rest: its trouble is this server's (its cell), not Nova's
      await this.deps.cloud.listHypervisors();
      if (!this.told.has(key)) {
        this.told.add(key);
        await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
          {
            kind: 'evacuation.server-unreadable',
            request,
            server: item.serverName,
            status: error.status,
            cloudText: isInternalCloudError(error) ? null : error.apiMessage,
            ...(error.requestId ? { novaRequestId: error.requestId } : {}),
          },
        ]);
      }
      return 'unreadable';
    }
    this.told.delete(key);
    return room;
  }
}
