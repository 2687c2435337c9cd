import type { GroupBudget } from '../move/budgets.ts';
import type { CpuTable } from '../move/cpu.ts';
import type { Blocker } from '../move/fit.ts';
import type { AccessRefusal, CheckFact, Namesake } from './checks.ts';
import type { ComputeService, Hypervisor, ProviderCapacity, Server, ServerGroup } from './cloud.ts';
import type { HostCpu } from './cpu.ts';
import type { Impact } from './impact.ts';

/** live: Nova picks shared or block (block_migration "auto"); block: copy disks (true); cold: migrate + confirm */
export type MoveMode = 'live' | 'block' | 'cold';

export interface MoveRequest {
  server: string;
  /** a nova-compute service host; absent: Nova's scheduler chooses */
  destination?: string;
  mode: MoveMode;
  /** who asks (a chat user ID), checked against the access policy */
  requestedBy: string;
  /** `--max-copy`: the most local disk (GB) the move may copy */
  maxCopyGb?: number;
  /**
   * `--cold-fallback`: if a live move stops converging, the stall policy may abort it and move the
   * server cold (it is stopped); its plan says so
   */
  coldFallback?: true;
}

/** skipped: not evaluated, because a fact it depends on is missing (the reason says which) */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

export type CheckId =
  | 'permission'
  | 'parameters'
  | 'destination'
  | 'instance-state'
  | 'compute-services'
  | 'distinct-hosts'
  | 'capacity'
  | 'hypervisor'
  | 'storage'
  | 'server-groups'
  | 'host-config'
  /** the destination's CPU can run the server's guest CPU (core/move/cpu.ts) */
  | 'cpu'
  /** no other operation holds the hosts or servers (core/claims.ts) */
  | 'claims'
  /** what the move will do to the server: its impact class (#28, core/move/impact.ts) */
  | 'impact'
  /** Nova's availability zone rule for a named destination (core/move/fit.ts zoneBlocker) */
  | 'availability-zone'
  /** Nova's list of a host's servers is whole, by Placement's allocations (core/evacuation/unlisted.ts) */
  | 'server-list';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** why, as data: src/messages/checks.ts words its title, reason and fix at render time */
  fact?: CheckFact;
  /** the data that proves it */
  evidence: Record<string, string | number | boolean | null>;
  /** written by Ferry before facts (a plan kept for approval); shown as stored when `fact` is absent */
  title?: string;
  /** written by Ferry before facts; shown as stored */
  reason?: string;
  /** written by Ferry before facts; shown as stored */
  fix?: string;
}

export interface Candidate {
  host: string;
  freeMemoryMb: number;
  freeVcpus: number;
  freeDiskGb: number;
  /** why Nova would not pick it, as data; absent when it can take the server */
  blockedBy?: Blocker[];
}

export interface AccessPolicy {
  /** answers why not, or null when `user` may request moves */
  refusal(user: string): AccessRefusal | null;
}

/** Findings from the SSH host check for a source/destination pair (a separate module provides them). */
export interface HostConfigProvider {
  /**
   * `asDestination`: `source` is checked as a host moves go to (a drain's host coming back), so what
   * only a destination needs (libvirt listening for live moves) counts too
   */
  findings(
    source: string,
    destination: string | null,
    mode: MoveMode,
    asDestination?: boolean,
  ): Promise<CheckResult[]>;
  /** each host's CPU as read over SSH (nova.conf's [libvirt], virsh); a host that could not be read is left out */
  hostCpus?(hosts: string[]): Promise<HostCpu[]>;
}

/** One consistent picture of the cloud, taken in at most two waves of concurrent requests. */
export interface CloudSnapshot {
  takenAt: number;
  server: Server | null;
  /** the servers of that name, when several have it (none found: the server is null, and this too) */
  serverError: Namesake[] | null;
  /** several servers have the name: the error lists them all, so no "did you mean" */
  serverAmbiguous: boolean;
  hypervisors: Hypervisor[];
  services: ComputeService[];
  credentialRoles: string[];
  /** by hypervisor (resource provider) id: the named destination's, or every host with room */
  capacity: Map<string, ProviderCapacity>;
  /** hypervisor ids of the hosts Placement found no room on for the server (scheduler's choice) */
  noRoom: Set<string>;
  groups: ServerGroup[];
  /** host name → the members of the server's groups on it (read by ID, a handful of requests) */
  serversByHost: Map<string, Server[]>;
  hostFindings: CheckResult[];
  /** the CPUs of the source and the hosts in service (live moves only); null when not read */
  cpu: CpuTable | null;
  /** 403 or other refusals met while reading */
  readErrors: string[];
  /** what a move will do to the server, from its flavor, ports and the cloud's versions (#28) */
  impact?: Impact;
}

export interface MovePlan {
  request: MoveRequest;
  server: Server | null;
  /** the name matched several servers (listed with their IDs in the parameters check) */
  serverAmbiguous: boolean;
  source: string | null;
  /** the resolved nova-compute host, or null for the scheduler's choice */
  destination: string | null;
  mode: MoveMode;
  /** what Ferry will send as block_migration for a live move */
  blockMigration: 'auto' | true;
  checks: CheckResult[];
  candidates: Candidate[];
  ready: boolean;
  evaluatedAt: number;
  /** the budgets of the server's groups (core/move/budget-check.ts checks them against what is in flight) */
  budgets?: GroupBudget[];
}
