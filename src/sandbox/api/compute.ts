import { randomUUID } from 'node:crypto';
import { NovaFault, type SandboxCloud } from '../cloud.ts';
import type { Version } from '../nova-views.ts';
import { computeHostRoutes } from './compute-hosts.ts';
import { computeServerRoutes } from './compute-servers.ts';
import { type Api, authenticated, type Context, novaError, type Reply, router } from './http.ts';

/** Nova's compute API v2.1 with microversions: the route tables of compute-servers and compute-hosts. */
export const computeApi: Api = {
  prefix: '/compute',
  serve: compute,
  error: (fault) => novaError(fault.status, fault.message),
};

const routes = router([...computeServerRoutes, ...computeHostRoutes]);

function requestedVersion(cloud: SandboxCloud, context: Context): Version {
  const max = cloud.maxMicroversion.split('.').map(Number) as Version;
  const header = context.headers['openstack-api-version'];
  const legacy = context.headers['x-openstack-nova-api-version'];
  let text: string | undefined;
  if (typeof header === 'string' && header.trim().toLowerCase().startsWith('compute '))
    text = header.trim().slice(8).trim();
  else if (typeof legacy === 'string') text = legacy.trim();
  if (!text) return [2, 1];
  if (text === 'latest') return max;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new NovaFault(400, `Invalid API version request string: ${text}`);
  const version: Version = [Number(match[1]), Number(match[2])];
  if (version[0] !== 2 || version[1] < 1 || version[1] > max[1]) {
    throw Object.assign(
      new NovaFault(
        406,
        `Version ${text} is not supported by the API. Minimum is 2.1 and maximum is ${cloud.maxMicroversion}.`,
      ),
      {},
    );
  }
  return version;
}

function compute(cloud: SandboxCloud, context: Context): Reply {
  const { method, base } = context;
  const computeBase = `${base}/compute/v2.1`;
  const versionDoc = {
    id: 'v2.1',
    status: 'CURRENT',
    version: cloud.maxMicroversion,
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${computeBase}/` }],
  };
  if (method === 'GET' && context.path === '/compute') {
    return { status: 200, body: { versions: [versionDoc] } };
  }
  if (method === 'GET' && context.path === '/compute/v2.1') {
    return {
      status: 200,
      body: {
        version: {
          ...versionDoc,
          links: [
            ...versionDoc.links,
            { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
          ],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
          ],
        },
      },
    };
  }
  const path = context.path.replace(/^\/compute\/v2\.1/, '');
  const token = authenticated(cloud, context);
  let version: Version;
  try {
    version = requestedVersion(cloud, context);
  } catch (error) {
    if (error instanceof NovaFault && error.status === 406) {
      return { status: 406, body: { computeFault: { code: 406, message: error.message } } };
    }
    throw error;
  }
  const requestId = `req-${randomUUID()}`;
  let reply: Reply;
  try {
    reply = routes.dispatch(context.method, path, {
      cloud,
      context: { ...context, path },
      token,
      version,
      base: computeBase,
    });
  } catch (error) {
    if (!(error instanceof NovaFault)) throw error;
    reply = novaError(error.status, error.message);
  }
  const versionText = `${version[0]}.${version[1]}`;
  const actionRequestId = reply.headers?.['x-openstack-request-id'] ?? requestId;
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'OpenStack-API-Version': `compute ${versionText}`,
      'X-OpenStack-Nova-API-Version': versionText,
      Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      'x-openstack-request-id': actionRequestId,
      'x-compute-request-id': actionRequestId,
    },
  };
}
