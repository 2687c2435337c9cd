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
