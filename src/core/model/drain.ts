import type { Blocker, BlockerKind, Need } from '../move/fit.ts';
import type { DrainMonitoringPlan } from './drain-monitoring.ts';
import type { EvacuationItem, HostBlockers } from './evacuation.ts';
import type { PlanEdit } from './plan-edits.ts';
import type { RebootOptions, RebootPlan } from './reboot.ts';
import type { CheckResult } from './types.ts';

/** A rolling drain's plan as data: drain-plan.ts plans it; records, events and the chat edge carry it. */

export interface DrainRequest {
  /** hosts in the order to drain them (ignored when `zone` is set) */
  hosts: string[];
  /** every compute host of this availability zone, by name */
  zone?: string;
  /** every compute host of this host aggregate, by name */
  aggregate?: string;
  hostsAtOnce: number;
  /** moves at once per host */
  concurrency: number;
  /** servers go back to their host once it is back, before the next step */
  returnHome: boolean;
  /** `--max-copy`: the most local disk (GB) one move may copy; a server with more cannot move */
  maxCopyGb?: number;
  /** `--cold-fallback`: the stall policy may abort a stalled live move and migrate the server cold */
  coldFallback?: true;
  requestedBy: string;
  /**
   * the requester's edits (skip, skip a project): those servers stay on their host, which is then not
   * declared empty: the drain stops at it as at any host not empty (Continue or Skip host)
   */
  edits?: PlanEdit[];
  /** `--reboot`: each emptied host rebooted by Ferry and verified before it is enabled */
  reboot?: RebootOptions;
}

/**
 * One server of a drained host, as an evacuation item: `mode` null when it cannot move (its host then
 * stays not empty); `destination` is the preview's, chosen again when the step runs.
 */
export type DrainItem = Omit<EvacuationItem, 'alternative' | 'source'>;

export interface DrainHost {
  host: string;
  serviceId: string | null;
  items: DrainItem[];
  /** nova-compute on it is disabled already: Ferry leaves it disabled, so its servers do not come back */
  disabledBefore?: true;
  /** with return: how many of its servers cannot go back (the step's `staysAway` says why) */
  staysAway?: number;
}

export interface DrainStep {
  hosts: DrainHost[];
  /** every server that can move has room on a host still in service */
  fits: boolean;
  /** one per server without room, saying what is missing */
  missing: MissingRoom[];
  /** what keeps those servers from every host still in service: room, or the checks' other reasons */
  blockedBy: BlockerKind[];
  /** servers that cannot move at all: their host cannot be emptied */
  stuck: number;
  /**
   * the step's hosts whose nova-compute is down: none of their servers can move (a live or cold
   * migration needs it running), whatever the room; each is an item that cannot move ('source-down')
   */
  down?: string[];
  /** servers the requester skipped: they stay, so their host is not declared empty either */
  kept?: number;
  /** with return: one per server that cannot go back to its host (say, live onto older QEMU) */
  staysAway: StaysAway[];
}

export interface DrainPlan {
  request: DrainRequest;
  hosts: string[];
  steps: DrainStep[];
  checks: CheckResult[];
  ready: boolean;
  fingerprint: string;
  evaluatedAt: number;
  /** `--reboot`: how, the kernel, the order and the hosts already on the kernel (core/drain/reboot-order.ts) */
  reboot?: RebootPlan;
  /** #30: the health gates that hold each step and the silences of its hosts, as configured */
  monitoring?: DrainMonitoringPlan;
}

/**
 * Why no host in service takes a server in a drain's step: none is in service, none has room (the
 * roomiest named with what it has free), or the hosts with room are ruled out (the first few named
 * with their blockers, `more` not named); then `short`: the hosts that nothing but room keeps from it
 * (the first few in the order the plan prefers hosts, with what is short on each; `shortMore` not
 * named), when there are any (operator
 * trial: a host an earlier step filled went unsaid, and only the other hosts' rules were named).
 */
export type NoRoom =
  | { code: 'no-host-in-service' }
  | { code: 'roomiest'; need: Need; host: string; free: Need }
  | { code: 'ruled-out'; hosts: HostBlockers[]; more: number; short?: HostBlockers[]; shortMore?: number };

/**
 * What a drain's plan warned of when it was made, kept with the request so that its approval shows it
 * too: gates Prometheus gave no verdict for (the first step would hold), why Alertmanager did not
 * answer (hosts would go out unsilenced), and with --reboot the hosts whose host check fails already.
 */
export interface DrainPlanWarnings extends Pick<DrainMonitoringPlan, 'unanswered' | 'silencesTrouble'> {
  checkFailing?: Record<string, string[]>;
}

/** A held drain: the re-plan found a later step no longer fits; approving `fingerprint` resumes it. */
export interface DrainHold {
  at: number;
  fingerprint: string;
  /** the checks of the new plan that failed */
  failed?: CheckResult[];
  /** the servers without room, by step (numbered from 1) */
  missingAt?: { step: number; missing: MissingRoom }[];
  /** written by Ferry before facts (sentences in the channel's language then); shown as stored */
  missing?: string[];
  reason?: string;
}

/** A server of a drain's step that has no room: why, and whether a cold migration would find some. */
export interface MissingRoom {
  server: string;
  flavor: string;
  why: NoRoom;
  coldWould: boolean;
}

/** With return: a server that cannot go back to `home`, its host disabled before the drain or blocked. */
export interface StaysAway {
  server: string;
  home: string;
  why: { code: 'disabled-before' } | { code: 'blocked'; blockers: Blocker[] };
}
