import type { Clock } from '../../clock.ts';
import type { EventSink } from '../events.ts';
import type { StallPolicySettings } from '../model/stall-policy.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';

/** What a runner works with: the cloud, time, the store, and where its events go. */
export interface RunnerDeps {
  cloud: CloudApi;
  clock: Clock;
  store: RequestsPort & RunsPort & AuditPort & JournalPort;
  events: EventSink;
}

export interface RunnerOptions {
  /** give up watching (and say so) after this long; the migration is left as it is */
  timeoutMs?: number;
  /** remaining bytes not shrinking for this long means "not converging" */
  stallAfterMs?: number;
  /** confirm a cold migration as soon as the server reaches VERIFY_RESIZE looking healthy */
  autoConfirm?: boolean;
  /** at most one request per this many ms per run */
  minRequestGapMs?: number;
  /** how long after a run began Ferry keeps trying to start it while Nova is unreachable or unanswered */
  startWindowMs?: number;
  /** FERRY_STALL_POLICY and its overrides and grace period: what Ferry does when nobody acts on a stall */
  stallPolicy?: StallPolicySettings;
}
