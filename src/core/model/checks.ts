import type {
  Blocker,
  BlockerKind,
  HostFindings,
  HypervisorSide,
  Need,
  OutOfService,
  Shortfall,
} from '../move/fit.ts';
import type { CpuMismatch, CpuMode, CpuSet } from './cpu.ts';
import type { ImpactCheckFact } from './impact.ts';

/**
 * Why a check passed, warned, failed or was not evaluated, as data: the values raw, never a sentence.
 * src/messages/checks.ts words each code (its title, reason and fix) in the reader's language.
 */

/** A move's mode (types.ts MoveMode, which builds on this file: no import back) */
type MoveMode = 'live' | 'block' | 'cold';

/** Why someone may not ask for moves (the access policy's answer). */
export type AccessRefusal = { code: 'not-a-requester'; user: string };

/** One of several servers with the name asked for (as cloud-errors.ts AmbiguousServerError lists them). */
export interface Namesake {
  id: string;
  name: string;
  host: string | null;
  projectId: string;
}

/** A server as a check names it. */
export interface Named {
  name: string;
  id: string;
}

/** A nova-compute problem of a move's source or destination. */
export type ServiceProblem =
  | { what: 'source-down'; host: string; forced: boolean }
  | { what: 'destination-down'; host: string; forced: boolean }
  | { what: 'destination-disabled'; host: string; reason: string | null };

/** Why checks about the destination (or a drain's hosts) were not evaluated. */
export type Unjudged =
  | { why: 'unknown-destination'; host: string }
  | { why: 'same-host'; server: string; host: string }
  | { why: 'no-drain-hosts' };

/** Who holds a host or server another request wants (claims.ts). */
export interface HeldBy {
  kind: 'host' | 'server';
  name: string;
  role: 'drained' | 'return' | 'source' | 'destination' | 'moving';
  holder: string;
  holderKind: 'move' | 'evacuation' | 'drain' | null;
  /** the drain an evacuation holding it belongs to */
  drainId: string | null;
}

/** A host pair the SSH host check rules out, and for which modes. */
export interface RuledOut {
  source: string;
  target: string;
  modes: 'live' | 'cold' | 'both';
}

/** What a drain names that is no compute host. */
export type Unknown = { aggregate: string } | { zone: string } | { host: string };

/** The /migrate checks (checks.ts). */
export type MoveCheckFact =
  | { code: 'requester-refused'; refusal: AccessRefusal }
  | { code: 'no-admin-role'; roles: string[]; novaSaid: string | null }
  | { code: 'may-move' }
  | { code: 'server-not-found'; server: string }
  /** several servers have the name: each with its ID, host and project */
  | { code: 'server-ambiguous'; server: string; candidates: Namesake[] }
  | { code: 'node-name-given'; typed: string; host: string }
  | { code: 'server-resolved'; server: Named; mode: MoveMode; destination: string | null }
  | { code: 'scheduler-chooses' }
  | {
      code: 'not-a-compute-host';
      host: string;
      missing: 'hypervisor' | 'service';
      /** close names, or every host when none is close */
      choices: string[];
    }
  | { code: 'compute-host'; host: string; hypervisor: string }
  /**
   * the destination is in `targetZone`, not the server's `zone`: `pinned`, Nova said the server was created
   * there (it refuses the move); not pinned, Nova did not say (before 2.96): it refuses it if it was
   */
  | { code: 'other-zone'; host: string; server: string; zone: string; targetZone: string; pinned: boolean }
  /**
   * the destination's zone is one Nova lets the server go to: `same`, the zone it was created in; `none`,
   * it was created in no zone; `not-shown`, Nova did not say (before 2.96) and it is the zone it runs in
   */
  | {
      code: 'zone-allowed';
      host: string;
      server: string;
      targetZone: string;
      pinned: 'same' | 'none' | 'not-shown';
    }
  | { code: 'server-locked'; server: Named; lockedReason: string | null }
  | { code: 'awaiting-resize-confirm'; server: string }
  | { code: 'server-migrating'; server: string; task: string }
  | { code: 'server-busy'; server: string; task: string }
  | { code: 'cold-accepts'; server: string; status: 'ACTIVE' | 'SHUTOFF' }
  | { code: 'cold-refuses'; server: string; status: string; fault: string | null }
  | { code: 'live-accepts'; server: string; status: string }
  | { code: 'live-refuses'; server: string; status: string; fault: string | null }
  | { code: 'services-down'; problems: ServiceProblem[] }
  | { code: 'services-up'; source: string; destination: string | null }
  | { code: 'scheduler-avoids-source' }
  | { code: 'hosts-differ'; source: string | null; destination: string }
  | { code: 'same-host'; server: string; host: string; cold: boolean };

/** The checks about where the server can go (checks-placement.ts). */
export type PlacementCheckFact =
  | {
      code: 'no-host-fits';
      server: string;
      need: Need;
      candidates: { host: string; blockers: Blocker[] }[];
      outOfService: OutOfService[];
      live: boolean;
    }
  | { code: 'hosts-fit'; server: string; need: Need; hosts: string[] }
  | { code: 'no-room-on-destination'; host: string; server: string; shortfalls: Shortfall[] }
  | { code: 'little-room-left'; host: string; server: string; leftMb: number }
  | { code: 'room-on-destination'; host: string; freeMb: number | null; need: Need }
  | { code: 'cold-any-hypervisor' }
  | { code: 'hypervisor-type-differs'; source: HypervisorSide; destination: HypervisorSide }
  | { code: 'hypervisor-older'; source: HypervisorSide; destination: HypervisorSide }
  | { code: 'hypervisor-same'; source: HypervisorSide }
  | { code: 'hypervisor-newer'; source: HypervisorSide; destination: HypervisorSide }
  | { code: 'block-on-volume'; server: string }
  | { code: 'volume-backed'; server: string }
  | { code: 'block-forced'; diskGb: number }
  | { code: 'local-disk'; server: string; diskGb: number }
  | { code: 'group-spread-lost'; member: string; group: string; host: string }
  | { code: 'group-refuses'; member: string; group: string; host: string }
  | { code: 'affinity-group'; server: string; group: string }
  | { code: 'groups-kept'; groups: { name: string; policy: string }[] };

/** What every plan shares: not evaluated, claims, the SSH host check. */
export type SharedCheckFact =
  | { code: 'not-evaluated'; because: Unjudged }
  | { code: 'nothing-held' }
  | { code: 'held'; held: HeldBy }
  /** nothing held, but another request waiting for approval wants the same: one approval refuses the other */
  | { code: 'pending-too'; held: HeldBy }
  /** a dry run's host has an evacuation waiting for approval: the real request is refused for it */
  | { code: 'evacuation-waiting'; host: string; id: string }
  /** a member of the server's group is in flight in another operation, as many as its budget allows */
  | { code: 'group-in-flight'; group: string; budget: number; held: HeldBy }
  | { code: 'host-check-rules-out'; ruledOut: RuledOut[]; single: string | null }
  | { code: 'host-check-passes'; source: string; targets: string[] }
  | { code: 'host-check-passes-all'; pairs: number }
  /** one line per host (or `pair`) of the SSH host check, for one move (src/hostcheck) */
  | ({ code: 'host-findings' } & HostFindings)
  | { code: 'host-check-unreachable'; source: string; error: string };

/**
 * One server group of a plan: its members here, and how they move. `budget`: members in flight or
 * stopped at once (anti-affinity, `overridden` by FERRY_GROUP_BUDGETS); 'together': one wave onto
 * `destination` (soft-affinity), or not at all when `destination` is null; 'stays': hard affinity.
 */
export interface GroupPace {
  name: string;
  policy: string;
  members: number;
  budget: number | 'together' | 'stays';
  overridden?: true;
  destination?: string | null;
}

/** The checks of an evacuation's, a drain's and a move back's plans. */
export type EmptyingCheckFact =
  | { code: 'no-admin-role-to-empty' }
  | { code: 'may-empty' }
  | { code: 'evacuated-host-unknown'; host: string; known: string[] }
  | { code: 'evacuated-host-down'; host: string }
  /** servers Nova's lists of these hosts left out while Placement holds the hosts for them (evacuation/unlisted.ts) */
  | {
      code: 'hosts-unlisted';
      hosts: { host: string; servers: { server: string; status?: number }[] }[];
      /** hosts whose check Nova or Placement did not answer */
      unread?: string[];
    }
  | { code: 'evacuation-onto-itself'; host: string }
  | {
      code: 'evacuation-destination-unusable';
      host: string;
      is: 'disabled' | 'down' | 'unknown';
      disabledReason: string | null;
    }
  | {
      code: 'evacuation-room';
      host: string;
      servers: number;
      movable: number;
      disabledAlready: boolean;
      /** nova-compute on the host is down: no move can leave it, whatever the room (`movable`: would have it) */
      sourceDown?: boolean;
    }
  /** the server groups whose members this plan moves, and how their budgets pace them (core/move/budgets.ts) */
  | { code: 'group-budgets'; host: string; groups: GroupPace[] }
  /** a drain's steps whose hosts together hold more members of a group than its budget lets move at once */
  | {
      code: 'drain-group-budgets';
      paced: {
        step: number;
        group: string;
        hosts: string[];
        members: number;
        budget: number;
        overridden?: true;
      }[];
    }
  | {
      code: 'drain-hosts-unknown';
      unknown: Unknown[];
      /** the cloud's compute hosts, when hosts were named: a misspelt one gets a "did you mean" */
      known?: string[];
      /** the hosts named that are aggregates' names: --aggregate drains them */
      aggregateNames?: string[];
      /** what there is instead: every aggregate (with its host count), or every zone, when one was named */
      aggregates?: { name: string; hosts: number }[];
      zones?: string[];
    }
  /** `servers`: how many run on it as the plan read them (a plan from before: none said) */
  | { code: 'drain-hosts-disabled'; hosts: { host: string; reason: string | null; servers?: number }[] }
  | { code: 'drain-hosts-down'; hosts: string[] }
  | { code: 'drain-hosts-up'; count: number }
  /**
   * steps without room for all their servers: `step` the first, `steps` every one (numbered from 1; a
   * check from before: the first only), `servers` without room in them all, `blockedBy` what keeps them
   */
  | { code: 'drain-step-short'; step: number; steps?: number[]; servers: number; blockedBy: BlockerKind[] }
  | {
      code: 'drain-fits';
      servers: number;
      hosts: number;
      hostsAtOnce: number;
      /** servers that cannot move at all, those of `sourceDown` left out */
      stuck: number;
      /** hosts whose nova-compute is down, and their servers: none can move, whatever the room */
      sourceDown?: { hosts: string[]; servers: number };
      /** servers skipped by an edit (they stay, needing no room); with `sourceDown` (a check from before: none) */
      skipped?: number;
    }
  | {
      code: 'move-back-room';
      home: string;
      servers: number;
      moving: number;
      /** moved home by hand meanwhile */
      homeAlready: number;
      evacuation: string;
    }
  | {
      code: 'home-not-in-service';
      home: string;
      is: 'gone' | 'down' | 'disabled';
      disabledReason: string | null;
    };

/** The CPU check (core/move/cpu.ts): /migrate's destination, and the sets a plan's hosts form. */
export type CpuCheckFact =
  | {
      code: 'cpu-compatible';
      source: string;
      destination: string;
      evidence: 'ssh' | 'traits';
      mode: CpuMode | null;
    }
  /** fail when virsh proved it, warn when only traits did; `compatible`: in-service hosts its CPU allows */
  | { code: 'cpu-incompatible'; mismatch: CpuMismatch; compatible: string[] }
  /** a plan's hosts form more than one CPU-compatible set */
  | { code: 'cpu-sets'; sets: CpuSet[]; evidence: 'ssh' | 'traits' };

export type CheckFact =
  | MoveCheckFact
  | PlacementCheckFact
  | SharedCheckFact
  | EmptyingCheckFact
  | ImpactCheckFact
  | CpuCheckFact;
