/**
 * Which Ferry process does what, when several share one store. A lease is a name held by one replica
 * until it stops renewing it; each running migration (or evacuation, with its moves) is watched by
 * the replica holding its lease, and the scheduled jobs run on the one holding `scheduler`.
 */
export interface Leases {
  /** this replica's name in the lease table (host, PID and a random part) */
  readonly holder: string;
  /** false when one process is all there is (lowdb): it holds every lease, nobody else can */
  readonly shared: boolean;
  /** takes the lease if free or expired, or renews it if held; false while someone else holds it */
  acquire(name: string): Promise<boolean>;
  /** gives the lease up (a clean stop), so another replica need not wait for it to expire */
  release(name: string): Promise<void>;
  /** every lease recorded, with its holder and whether it has expired (the database's clock) */
  list(): Promise<LeaseState[]>;
  /**
   * The fencing token of a lease this replica took: its generation, which changes whenever another
   * holder takes it. A write about what the lease covers is refused once the generation moved on.
   * Undefined when not held here, or when one process is all there is.
   */
  fence(name: string): number | undefined;
}

export interface LeaseState {
  name: string;
  holder: string;
  expiresAt: number;
  expired: boolean;
}

/** Renewed this often; a lease not renewed for LEASE_TTL_MS is taken over. */
export const LEASE_RENEW_MS = 5_000;
export const LEASE_TTL_MS = 20_000;

export const SCHEDULER_LEASE = 'scheduler';

/** The lease under which a run is watched: its evacuation's when it is one of its moves. */
export function leaseOfRun(runId: string, parentId: string | undefined): string {
  return parentId ? evacuationLease(parentId) : `run:${runId}`;
}

export function evacuationLease(requestId: string): string {
  return `evacuation:${requestId}`;
}

/** An approved move whose start no process began: taken up by one replica (its run then has its own). */
export function approvedMoveLease(requestId: string): string {
  return `move:${requestId}`;
}

export function drainLease(requestId: string): string {
  return `drain:${requestId}`;
}

/** The only process on its store (the locked lowdb file) holds every lease. */
export class SoleLeases implements Leases {
  readonly shared = false;
  private readonly held = new Set<string>();

  constructor(readonly holder: string) {}

  async acquire(name: string): Promise<boolean> {
    this.held.add(name);
    return true;
  }

  async release(name: string): Promise<void> {
    this.held.delete(name);
  }

  /** nobody else can take a lease: nothing to fence */
  fence(): undefined {
    return undefined;
  }

  async list(): Promise<LeaseState[]> {
    return [...this.held].map((name) => ({
      name,
      holder: this.holder,
      expiresAt: Number.POSITIVE_INFINITY,
      expired: false,
    }));
  }
}
