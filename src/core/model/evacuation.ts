import type { CheckResult, MoveMode } from './types.ts';

/**
 * An evacuation's plan as data: the request, every server of the host with how it can move, and the
 * checks. evacuation.ts plans it; records, events and the chat edge carry it.
 */

export interface EvacuationRequest {
  host: string;
  /** every server to this host; absent: a capacity-aware preview across enabled hosts */
  destination?: string;
  concurrency: number;
  requestedBy: string;
}

export interface EvacuationItem {
  serverId: string;
  serverName: string;
  status: string;
  flavor: string;
  ramMb: number;
  /** how it moves; null when it cannot */
  mode: MoveMode | null;
  destination: string | null;
  /** why it cannot move (or why it moves cold) */
  note?: string;
  /** for a server that cannot move live: what the operator may choose instead of skipping */
  alternative?: 'cold';
  /** where it is now, when that is not the evacuation's host (a move back starts from many hosts) */
  source?: string;
  /** the project that owns it, told of its move (FERRY_PROJECT_CHANNELS) */
  projectId?: string;
}

export interface EvacuationPlan {
  request: EvacuationRequest;
  host: string;
  serviceId: string | null;
  destination: string | null;
  items: EvacuationItem[];
  checks: CheckResult[];
  ready: boolean;
  fingerprint: string;
  evaluatedAt: number;
  /** nova-compute on the host was disabled already when planned: approving disables nothing */
  disabledAlready: boolean;
}
