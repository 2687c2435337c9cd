import type { SandboxCloud } from '../cloud.ts';
import { type Api, authenticated, type Context, novaError, type Reply } from './http.ts';

/** Glance: what the openstack CLI looks up, and the images Ferry reads in bulk (`id=in:`) for their properties. */
export const imageApi: Api = {
  prefix: '/image',
  serve: image,
  error: (fault) => novaError(fault.status, fault.message),
};

function image(cloud: SandboxCloud, context: Context): Reply {
  const path = context.path.replace(/^\/image/, '') || '/';
  if (path === '/' || path === '/versions') {
    return {
      status: 200,
      body: {
        versions: [
          { id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: `${context.base}/image/v2/` }] },
        ],
      },
    };
  }
  authenticated(cloud, context);
  const view = (id: string, image: { name: string; properties: Record<string, string> }) => ({
    ...image.properties,
    id,
    name: image.name,
    status: 'active',
    visibility: 'public',
    disk_format: 'qcow2',
    container_format: 'bare',
    size: 343_932_928,
    min_disk: 0,
    min_ram: 0,
    protected: false,
    tags: [],
    created_at: '2026-01-10T08:00:00Z',
    updated_at: '2026-01-10T08:00:00Z',
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
  });
  if (path === '/v2/images') {
    // `id=in:a,b`: the images of those IDs (Glance v2's "in" operator; the lab answered it)
    const wanted = context.query.get('id');
    const ids = wanted?.startsWith('in:')
      ? new Set(wanted.slice(3).split(','))
      : wanted
        ? new Set([wanted])
        : null;
    const images = [...cloud.images]
      .filter(([id]) => !ids || ids.has(id))
      .map(([id, image]) => view(id, image));
    return { status: 200, body: { images, schema: '/v2/schemas/images', first: '/v2/images' } };
  }
  const match = /^\/v2\/images\/([^/]+)$/.exec(path);
  const image = match ? cloud.images.get(match[1] as string) : undefined;
  if (match && image) return { status: 200, body: view(match[1] as string, image) };
  return { status: 404, body: { message: 'Not found', code: '404 Not Found', title: 'Not Found' } };
}
