import type { Claim, HeldClaim, RequestRecord } from '../model/records.ts';

/**
 * The hosts and servers an operation holds (kept on its request): taken in the same locked write as
 * its approval, so that of two operations that want one, one wins.
 */
export interface ClaimsPort {
  /**
   * Approves a pending request only while no other operation holds any of `claims`, and takes them in
   * the same locked write: of two approvals that want one host or server, one wins; the other learns
   * the claim that stood in its way (`conflict`) and its request stays pending.
   */
  approveClaiming(
    id: string,
    actor: string,
    at: number,
    claims: Claim[],
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean; conflict?: HeldClaim }>;
  /**
   * Records an operation approved as it is created, with its claims, unless another holds one of them.
   * `from`: the operation it follows (abort-then-cold's live move), whose claims it takes over in the
   * same write: they never stand free between the two.
   */
  addClaiming(
    record: RequestRecord,
    claims: Claim[],
    from?: string,
  ): Promise<{ request: RequestRecord; conflict?: HeldClaim }>;
  /** The operation lets go of its claims (of these servers only, when named): it ended, or they moved. */
  releaseClaims(id: string, serverIds?: string[]): Promise<void>;
  /** every claim held now, with its holder */
  heldClaims(): HeldClaim[];
}
