import type { Clock } from '../../clock.ts';
import type { EventSink } from '../events.ts';
import type { ProofName } from '../model/proof-facts.ts';
import type { StallPolicySettings } from '../model/stall-policy.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { BlackoutPort } from '../ports/blackout.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { GuestAgentPort } from '../ports/guest-agent.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { ProbeConfig } from '../ports/reachability.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import type { ComputeLook } from './compute-look.ts';

/** What a runner works with: the cloud, time, the store, and where its events go. */
export interface RunnerDeps {
  cloud: CloudApi;
  clock: Clock;
  store: RequestsPort & RunsPort & AuditPort & JournalPort & ClaimsPort;
  events: EventSink;
  /** reads a live move's blackout on its destination (SSH); absent: not measured, and said as such */
  blackout?: BlackoutPort;
  /** the QEMU guest agent over SSH, for the proofs after a move; absent: no SSH configured */
  guest?: GuestAgentPort;
  /** FERRY_PROBE: the reachability probe among the proofs; absent: not set */
  probe?: ProbeConfig;
  /** the watch's look at nova-compute, shared with whatever else reads it (a drain); absent: its own */
  computeLook?: ComputeLook;
}

export interface RunnerOptions {
  /** give up watching (and say so) after this long; the migration is left as it is */
  timeoutMs?: number;
  /** remaining bytes not shrinking for this long means "not converging" */
  stallAfterMs?: number;
  /**
   * confirm a cold migration in VERIFY_RESIZE once its proofs pass, and revert it when one fails
   * (FERRY_COLD_CONFIRM=auto); false: a person confirms or reverts, shown the proofs
   */
  autoConfirm?: boolean;
  /** how long the proofs after a move may wait, together (FERRY_PROOF_TIMEOUT_S) */
  proofTimeoutMs?: number;
  /** FERRY_PROOFS_OFF: the proofs not made after a move (said as turned off) */
  proofsOff?: readonly ProofName[];
  /** at most one request per this many ms per run */
  minRequestGapMs?: number;
  /** how long after a run began Ferry keeps trying to start it while Nova is unreachable or unanswered */
  startWindowMs?: number;
  /** FERRY_STALL_POLICY and its overrides and grace period: what Ferry does when nobody acts on a stall */
  stallPolicy?: StallPolicySettings;
}
