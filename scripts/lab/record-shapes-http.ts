/**
 * The lab's APIs as record-shapes.ts calls them: one Keystone token (admin, from .lab/openrc), each
 * service with the version header Ferry sends (compute 2.93, placement 1.39).
 */
import { env, token } from './lab-auth.ts';

export interface Service {
  base: string;
  /** the OpenStack-API-Version service type, when the service takes a microversion */
  micro?: string;
  version?: string;
  name: string;
  contentType?: (method: string) => string;
}
export interface Answer {
  status: number;
  body: unknown;
  label: string;
}

export const services = {
  nova: { base: env('NOVA_URL'), micro: 'compute', version: '2.93', name: 'compute' },
  neutron: { base: 'http://127.0.0.1:9696', name: 'network' },
  glance: {
    base: 'http://127.0.0.1:9292',
    name: 'image',
    contentType: (method: string) =>
      method === 'PATCH' ? 'application/openstack-images-v2.1-json-patch' : 'application/json',
  },
  placement: { base: env('PLACEMENT_URL'), micro: 'placement', version: '1.39', name: 'placement' },
  keystone: { base: env('OS_AUTH_URL').replace(/\/v3$/, ''), name: 'identity' },
} satisfies Record<string, Service>;

const auth = await token();

export async function api(
  service: Service,
  method: string,
  path: string,
  body?: unknown,
  version = service.version,
): Promise<Answer> {
  const response = await fetch(`${service.base}${path}`, {
    method,
    headers: {
      'X-Auth-Token': auth,
      ...(service.micro && version ? { 'OpenStack-API-Version': `${service.micro} ${version}` } : {}),
      ...(body !== undefined ? { 'Content-Type': service.contentType?.(method) ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  const label = service.micro && version ? `${service.micro} ${version}` : service.name;
  return { status: response.status, body: parsed, label };
}
