import type { Port } from '../core/model/cloud.ts';
import type { KeystoneSession } from './keystone.ts';
import type { ServiceCaller } from './service-caller.ts';

type Json = Record<string, unknown>;

/**
 * Neutron's ports, read in bulk: `GET /v2.0/ports?device_id=a&device_id=b&fields=…` (Neutron takes a
 * repeated filter as "any of", neutron-lib api-ref "List ports"), a batch of servers per request so
 * the URL stays short, whatever the number of servers.
 */
export const SERVERS_PER_REQUEST = 40;
/**
 * More servers than this and one listing of every port of the cloud (only the fields Ferry reads:
 * about 150 bytes a port) costs less than the batches: the requests stay a handful whatever the size.
 */
export const BATCHES_AT_MOST = 4;

const FIELDS = ['id', 'name', 'device_id', 'binding:vnic_type', 'binding:host_id', 'status'];

export class NeutronClient {
  constructor(
    private readonly network: ServiceCaller,
    private readonly session: KeystoneSession,
  ) {}

  /** Whether the Keystone catalog lists a network service: without one, ports are unknown. */
  available(): Promise<boolean> {
    return this.session.offers('network');
  }

  /** Every port of these servers by server ID (a server without ports maps to []). */
  async portsOf(serverIds: string[]): Promise<Map<string, Port[]>> {
    const ids = [...new Set(serverIds)];
    const result = new Map<string, Port[]>(ids.map((id) => [id, []]));
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += SERVERS_PER_REQUEST)
      batches.push(ids.slice(start, start + SERVERS_PER_REQUEST));
    const answers =
      batches.length > BATCHES_AT_MOST
        ? [await this.network.call('GET', '/v2.0/ports', { query: { fields: FIELDS } })]
        : await Promise.all(
            batches.map((batch) =>
              this.network.call('GET', '/v2.0/ports', { query: { device_id: batch, fields: FIELDS } }),
            ),
          );
    for (const answer of answers) {
      // a listing of every port holds other servers' and routers' too: only these servers' are kept
      for (const raw of (answer.body as { ports?: Json[] }).ports ?? []) {
        const port = toPort(raw);
        result.get(port.serverId)?.push(port);
      }
    }
    return result;
  }
}

export function toPort(raw: Json): Port {
  const vnic = raw['binding:vnic_type'];
  const host = raw['binding:host_id'];
  return {
    id: String(raw.id),
    name: String(raw.name ?? ''),
    serverId: String(raw.device_id ?? ''),
    vnicType: typeof vnic === 'string' ? vnic : null,
    // Neutron answers '' for a port bound nowhere
    boundTo: typeof host === 'string' && host !== '' ? host : null,
    status: typeof raw.status === 'string' ? raw.status : null,
  };
}
