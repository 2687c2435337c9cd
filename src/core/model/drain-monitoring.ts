import type { GateResult } from '../ports/health-gates.ts';

/**
 * A drain host's alert silence, recorded before it is asked for: 'asking' with no ID is a create whose
 * answer is unknown (looked up by its comment before another is created); 'active' until `endsAt`
 * (a lease renewed on the drain's loop); 'expired' once the host is enabled again; 'failed' says why
 * the last try did not go through (tried again at the next look).
 */
export interface HostSilence {
  state: 'asking' | 'active' | 'expired' | 'failed';
  /** Ferry's mark on it: the drain and the host */
  comment: string;
  id?: string;
  endsAt?: number;
  /** the last change (wall time) */
  at: number;
  error?: string;
}

/** A drain held before a step by health gates that did not pass (FERRY_GATES). */
export interface DrainGateHold {
  step: number;
  /** since when the step is held (wall time) */
  since: number;
  /** the last evaluation that held it */
  at: number;
  /** the gates that did not pass then */
  results: GateResult[];
}

/**
 * What a drain's plan says of the monitoring that holds and covers its steps (the operator's
 * configuration, never anything typed in Slack): the health gates asked before each step, and the
 * silence each host gets while it is out of service.
 */
export interface DrainMonitoringPlan {
  /** FERRY_GATES: PromQL queries that must come back empty before each step */
  gates: string[];
  silences?: {
    /** FERRY_ALERTMANAGER_URL (never with credentials: the setting refuses them) */
    alertmanager: string;
    /** FERRY_SILENCE_MATCHERS as Alertmanager reads them, `{host}` standing for each host */
    matchers: string[];
    /** FERRY_SILENCE_LEASE_S: how long a silence lasts unless Ferry renews it */
    leaseMs: number;
  };
  /** asked when the plan was made: the gates Prometheus gave no verdict for (the first step would hold) */
  unanswered?: GateResult[];
  /** asked when the plan was made: why Alertmanager did not answer (hosts would go out unsilenced) */
  silencesTrouble?: string;
}
