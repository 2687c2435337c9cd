import { NovaFault, type SandboxCloud, type TokenInfo } from '../cloud.ts';
import { authenticate, validateToken } from '../keystone-tokens.ts';
import { sandboxUuid } from '../seed.ts';
import { type Api, authenticated, type Context, type Reply, router } from './http.ts';

interface IdentityRequest {
  cloud: SandboxCloud;
  context: Context;
}

function versionDoc(base: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

const routes = router<IdentityRequest>([
  {
    method: 'GET',
    path: '/identity',
    handle: ({ context }) => ({ status: 300, body: { versions: { values: [versionDoc(context.base)] } } }),
  },
  {
    method: 'GET',
    path: '/identity/v3',
    handle: ({ context }) => ({ status: 200, body: { version: versionDoc(context.base) } }),
  },
  {
    method: 'POST',
    path: '/identity/v3/auth/tokens',
    handle: ({ cloud, context }) => {
      const { token, info } = authenticate(cloud, context.body);
      return {
        status: 201,
        headers: { 'X-Subject-Token': token },
        body: { token: tokenBody(info, context.base, !context.query.has('nocatalog'), cloud.network) },
      };
    },
  },
  {
    method: 'GET',
    path: '/identity/v3/auth/tokens',
    handle: ({ cloud, context }) => {
      authenticated(cloud, context);
      const subject = context.headers['x-subject-token'];
      const info = validateToken(cloud, Array.isArray(subject) ? subject[0] : subject);
      return {
        status: 200,
        headers: { 'X-Subject-Token': String(subject) },
        body: { token: tokenBody(info, context.base, true, cloud.network) },
      };
    },
  },
  {
    method: 'GET',
    path: '/identity/v3/projects',
    handle: ({ cloud, context }) => {
      const token = authenticated(cloud, context);
      if (!token.roles.includes('admin'))
        throw new NovaFault(
          403,
          'You are not authorized to perform the requested action: identity:list_projects.',
        );
      const name = context.query.get('name');
      const self = `${context.base}/identity/v3/projects`;
      return {
        status: 200,
        body: {
          projects: [...cloud.projects.values()]
            .filter((project) => !name || project.name === name)
            .map((project) => ({
              id: project.id,
              name: project.name,
              domain_id: 'default',
              description: '',
              enabled: true,
              parent_id: 'default',
              is_domain: false,
              tags: [],
              options: {},
              links: { self: `${self}/${project.id}` },
            })),
          links: { next: null, self, previous: null },
        },
      };
    },
  },
]);

/** Keystone v3: password and application-credential tokens, their validation, the catalog, projects. */
export const identityApi: Api = {
  prefix: '/identity',
  serve: (cloud, context) => routes.dispatch(context.method, context.path, { cloud, context }),
  error: (fault: NovaFault): Reply => ({
    status: fault.status,
    body: {
      error: {
        code: fault.status,
        title: fault.status === 401 ? 'Unauthorized' : fault.status === 403 ? 'Forbidden' : 'Bad Request',
        message: fault.message,
      },
    },
  }),
};

function tokenBody(
  info: TokenInfo,
  base: string,
  withCatalog: boolean,
  network: boolean,
): Record<string, unknown> {
  const endpoint = (type: string, name: string, url: string) => ({
    type,
    name,
    id: sandboxUuid('service', type).replaceAll('-', ''),
    endpoints: ['public', 'internal', 'admin'].map((iface) => ({
      id: sandboxUuid('endpoint', `${type}/${iface}`).replaceAll('-', ''),
      interface: iface,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url,
    })),
  });
  return {
    methods: info.methods,
    user: {
      id: info.userId,
      name: info.userName,
      domain: { id: 'default', name: 'Default' },
      password_expires_at: null,
    },
    audit_ids: [info.userId.slice(0, 22)],
    expires_at: new Date(info.expiresAt).toISOString().replace('Z', '000Z'),
    issued_at: new Date(info.issuedAt).toISOString().replace('Z', '000Z'),
    project: { id: info.projectId, name: info.projectName, domain: { id: 'default', name: 'Default' } },
    is_domain: false,
    roles: info.roles.map((name) => ({ id: sandboxUuid('role', name).replaceAll('-', ''), name })),
    ...(withCatalog
      ? {
          catalog: [
            endpoint('identity', 'keystone', `${base}/identity`),
            endpoint('compute', 'nova', `${base}/compute/v2.1`),
            endpoint('placement', 'placement', `${base}/placement`),
            endpoint('image', 'glance', `${base}/image`),
            ...(network ? [endpoint('network', 'neutron', `${base}/network`)] : []),
          ],
        }
      : {}),
  };
}
