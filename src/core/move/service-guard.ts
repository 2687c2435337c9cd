import { isCloudError } from '../cloud-errors.ts';
import type { EvacuationRecord, EvacuationState, ServiceSeen } from '../model/records.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { type HoldTrouble, RunActionError } from './run-errors.ts';

export type { HoldTrouble };

/** A RunActionError carrying its trouble: the edge (chat/explain.ts) words it. */
export class HoldError extends RunActionError {
  constructor(readonly trouble: HoldTrouble) {
    super(trouble);
  }
}

/**
 * Reads the host's nova-compute; one enabled behind Ferry's back while Ferry holds the host is
 * disabled again with `reason`. Throws (typed) when it cannot be read or disabled again.
 */
export async function keepDisabled(
  cloud: CloudApi,
  host: string,
  /** how Ferry's own reason for this hold begins */
  ownReason: string,
  reason: string,
  /** a locked write: no cloud action unless the store takes writes (and this replica holds it) */
  lock: () => Promise<unknown>,
): Promise<ServiceSeen> {
  const service = (await cloud.listComputeServices()).find(
    (s) => s.host === host && s.binary === 'nova-compute',
  );
  if (!service) throw new HoldError({ code: 'no-nova-compute', host });
  if (service.status === 'disabled')
    return (service.disabledReason ?? '').startsWith(ownReason) ? 'disabled' : 'disabled-before';
  await lock();
  try {
    await cloud.setServiceEnabled(service.id, false, reason);
  } catch (error) {
    throw new HoldError({ code: 'not-disabled-again', host, error: (error as Error).message });
  }
  return 'disabled-again';
}

/**
 * An evacuation's host at its end, when the report would say it stays disabled (its drain's step, or
 * disabled by it and not enabled again): read from the cloud, disabled again if someone enabled it.
 */
export async function serviceAtEnd(
  cloud: CloudApi,
  requestId: string,
  state: EvacuationState,
  reason: string,
  lock: () => Promise<unknown>,
): Promise<Pick<EvacuationState, 'serviceAtEnd'>> {
  if (state.returnOf) return {};
  // Ferry did not disable it (someone else had): as Nova shows it now, never "enabled again" by Ferry
  if (!state.drainId && !state.serviceDisabled) {
    if (!state.serviceId) return {};
    // Nova not answering is not an answer: the evacuation's end waits for it (its look fails, is said
    // once, and is tried again), so the report says what Nova shows, never a guess
    const service = (await cloud.listComputeServices()).find((s) => s.id === state.serviceId);
    return service?.status === 'enabled' ? {} : { serviceAtEnd: 'disabled-before' };
  }
  const own = state.drainId ? `Ferry drain ${state.drainId} ` : `Ferry evacuation ${requestId}:`;
  return {
    serviceAtEnd: await keepDisabled(cloud, state.host, own, reason, lock).catch((error) => {
      // the read failed: as above (before, an outage here read as "enabled again outside Ferry")
      if (isCloudError(error)) throw error;
      // read enabled, and disabling it again failed: it is enabled
      return 'enabled' as const;
    }),
  };
}

/** Ferry's reason on the host's nova-compute while this evacuation holds it */
export function holdReason(request: EvacuationRecord): string {
  const by = `requested by ${request.requestedBy}, approved by ${request.decidedBy ?? '?'}`;
  const drainId = request.evacuation.drainId;
  return drainId ? `Ferry drain ${drainId} (${request.id}): ${by}` : `Ferry evacuation ${request.id}: ${by}`;
}
