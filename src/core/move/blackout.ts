import type { Blackout } from '../model/blackout.ts';
import type { Server } from '../model/cloud.ts';
import type { RunRecord } from '../model/records.ts';
import type { BlackoutPort } from '../ports/blackout.ts';

/**
 * A live move's blackout, read once it completed: libvirt's completed job on the destination, where
 * the guest now runs (the source's domain is gone after the move). Without SSH, or when the read fails,
 * the fact says why it was not measured; it never holds a guess, and it never fails the move.
 */
export async function measureBlackout(
  port: BlackoutPort | undefined,
  run: RunRecord,
  server: Server,
): Promise<Blackout | null> {
  if (run.mode === 'cold') return null;
  const host = server.host;
  if (!port) return { code: 'not-measured', source: 'libvirt', reason: 'no-ssh', host };
  if (!host || !server.instanceName)
    return { code: 'not-measured', source: 'libvirt', reason: 'no-domain', host };
  try {
    return await port.blackout(host, server.instanceName);
  } catch (error) {
    return {
      code: 'not-measured',
      source: 'libvirt',
      reason: 'unreachable',
      host,
      detail: (error as Error).message,
    };
  }
}
