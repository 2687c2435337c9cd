import type { Clock } from '../clock.ts';
import { t } from '../i18n/index.ts';
import type { CloudApi } from './cloud-port.ts';
import type { EventSink } from './events.ts';
import type { StorePort } from './store-port.ts';

/**
 * A destination can go down or be disabled while the evacuation runs; Nova would refuse every move
 * onto it (NoValidHost). Its waiting servers are left where they are, and the thread is told. True
 * when `host` was unusable.
 */
export async function dropIfUnusable(
  deps: { cloud: CloudApi; clock: Clock; store: StorePort; events: EventSink },
  requestId: string,
  host: string,
): Promise<boolean> {
  const service = (await deps.cloud.listComputeServices()).find((s) => s.host === host);
  const why = !service
    ? t`its nova-compute service is gone`
    : service.state !== 'up' || service.forcedDown
      ? t`its nova-compute went down`
      : service.status === 'disabled'
        ? t`it was disabled${service.disabledReason ? ` ("${service.disabledReason}")` : ''}`
        : null;
  if (!why) return false;
  const servers: string[] = [];
  const dropped = (deps.store.getEvacuation(requestId)?.evacuation.items ?? []).filter(
    (item) => item.state === 'waiting' && item.destination === host,
  );
  servers.push(...dropped.map((item) => item.serverName));
  const request = await deps.store.updateEvacuationItems(
    requestId,
    dropped.map((item) => ({
      serverId: item.serverId,
      change: {
        state: 'not-started' as const,
        note: t`not moved: ${host} became unusable during the evacuation (${why})`,
      },
    })),
  );
  await deps.store.recordAudit({
    at: deps.clock.now(),
    actor: 'ferry',
    action: 'evacuation-destination-dropped',
    subject: requestId,
    detail: `${host}: ${why}`,
  });
  deps.events.emit({ kind: 'evacuation.destination-dropped', request, host, why, servers });
  return true;
}
