import type { SandboxCloud } from '../cloud.ts';
import type { SandboxPort, SandboxServer } from '../model.ts';
import { type Api, authenticated, type Context, isAdmin, type Reply } from './http.ts';

/**
 * Neutron: only the port listing Ferry reads (`GET /v2.0/ports`), filtered by `device_id` (repeated:
 * any of them) and cut to `fields`, as neutron-lib's api-ref "List ports" describes it and the lab
 * answered (test/fixtures/real-neutron: the port's keys exactly, no port-security extension).
 */
export const networkApi: Api = {
  prefix: '/network',
  serve: network,
  error: (fault) => neutronError(fault.status, fault.message),
};

function neutronError(status: number, message: string): Reply {
  const type = status === 404 ? 'HTTPNotFound' : status === 403 ? 'HTTPForbidden' : 'HTTPBadRequest';
  return { status, body: { NeutronError: { type, message, detail: '' } } };
}

function network(cloud: SandboxCloud, context: Context): Reply {
  const path = context.path.replace(/^\/network/, '') || '/';
  if (path === '/') {
    return {
      status: 200,
      body: {
        versions: [
          { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${context.base}/network/v2.0/` }] },
        ],
      },
    };
  }
  const token = authenticated(cloud, context);
  if (context.method !== 'GET' || path !== '/v2.0/ports')
    return neutronError(404, 'The resource could not be found.');
  const devices = context.query.getAll('device_id');
  const fields = context.query.getAll('fields');
  const ports: Record<string, unknown>[] = [];
  const servers = devices.length
    ? devices.flatMap((id) => cloud.servers.get(id) ?? [])
    : [...cloud.servers.values()];
  for (const server of servers) {
    // a project's member sees its own ports; an admin every project's
    if (!isAdmin(token) && server.projectId !== token.projectId) continue;
    for (const port of server.ports) ports.push(only(portView(cloud, server, port), fields));
  }
  return { status: 200, body: { ports } };
}

function only(view: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  if (fields.length === 0) return view;
  return Object.fromEntries(Object.entries(view).filter(([key]) => fields.includes(key)));
}

function portView(cloud: SandboxCloud, server: SandboxServer, port: SandboxPort): Record<string, unknown> {
  const created = new Date(server.created).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const direct = port.vnicType !== 'normal';
  return {
    admin_state_up: true,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    'binding:host_id': port.boundHost ?? cloud.hosts.get(server.host)?.name ?? server.host,
    'binding:profile': {},
    'binding:vif_details': direct ? { port_filter: false, vlan: '100' } : { port_filter: true },
    'binding:vif_type': direct ? 'hw_veb' : 'ovs',
    'binding:vnic_type': port.vnicType,
    created_at: created,
    description: '',
    device_id: server.id,
    device_owner: `compute:${cloud.hosts.get(server.host)?.zone ?? 'nova'}`,
    fixed_ips: [{ ip_address: port.ip, subnet_id: port.networkId }],
    id: port.id,
    mac_address: port.macAddress,
    name: port.name,
    network_id: port.networkId,
    project_id: server.projectId,
    revision_number: 1,
    security_groups: [],
    status: 'ACTIVE',
    tags: [],
    tenant_id: server.projectId,
    updated_at: created,
  };
}
