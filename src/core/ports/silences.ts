/**
 * Alert silences (FERRY_ALERTMANAGER_URL, FERRY_SILENCE_MATCHERS) for a drain's hosts while they are
 * out of service. The adapter (src/monitoring/alertmanager.ts) speaks Alertmanager's API v2.
 */

/** A silence as Alertmanager holds it: its ID, state and end. */
export interface SilenceSeen {
  id: string;
  state: 'active' | 'pending' | 'expired';
  endsAt: number;
}

export interface SilencesPort {
  /**
   * A silence for `host` that is not expired and carries `comment` (Ferry's mark: the drain and the
   * host), or null: how a create whose answer was lost is found before creating another.
   */
  find(host: string, comment: string): Promise<SilenceSeen | null>;
  /**
   * a new silence for the host's matchers, from now for one lease (by Alertmanager's clock: the
   * adapter reads its own wall time); its ID
   */
  create(host: string, comment: string): Promise<string>;
  /** the silence `id` extended to one lease from now; Alertmanager may answer with a new ID */
  extend(id: string, host: string, comment: string): Promise<string>;
  /** the silence ends now (a silence already gone or expired counts as expired) */
  expire(id: string): Promise<void>;
  /** how long each lease lasts (a crashed Ferry's silences end this long after their last renewal) */
  readonly leaseMs: number;
  /** where the silences are made (the plan names it): Alertmanager's URL, without credentials */
  readonly where: string;
  /** the matchers of every host's silence as configured (`instance=~"{host}.*"`), for the plan */
  readonly matchers: readonly string[];
}
