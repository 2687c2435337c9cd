import type { SandboxCloud } from '../cloud.ts';
import { sandboxUuid } from '../seed.ts';
import { type Api, authenticated, type Context, novaError, type Reply } from './http.ts';

const IMAGE_ID = sandboxUuid('image', 'debian-12');

/** Glance: only what the openstack CLI looks up (the one image the sandbox's servers boot from). */
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
  const view = {
    id: IMAGE_ID,
    name: 'debian-12',
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
    self: `/v2/images/${IMAGE_ID}`,
    file: `/v2/images/${IMAGE_ID}/file`,
    schema: '/v2/schemas/image',
  };
  if (path === '/v2/images')
    return { status: 200, body: { images: [view], schema: '/v2/schemas/images', first: '/v2/images' } };
  if (path === `/v2/images/${IMAGE_ID}`) return { status: 200, body: view };
  return { status: 404, body: { message: 'Not found', code: '404 Not Found', title: 'Not Found' } };
}
