import type { SandboxCloud } from '../cloud.ts';
import { applyFault, clearAllFaults } from '../faults.ts';
import { usageByHost } from '../placement-and-scheduling.ts';
import { type Api, type Context, novaError, type Reply } from './http.ts';

/** The sandbox's own API: faults to inject and the whole state at a glance (tests, console, benches). */
export const controlApi: Api = {
  prefix: '/sandbox',
  serve: control,
  error: (fault) => novaError(fault.status, fault.message),
};

function control(cloud: SandboxCloud, context: Context): Reply {
  if (context.path === '/sandbox/faults' && context.method === 'POST') {
    try {
      return { status: 200, body: { applied: applyFault(cloud, context.body) } };
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
  }
  if (context.path === '/sandbox/faults' && context.method === 'DELETE') {
    clearAllFaults(cloud);
    return { status: 204 };
  }
  // how many requests the sandbox has served, alone: a bench counts a plan's requests without the whole state
  if (context.path === '/sandbox/requests' && context.method === 'GET')
    return { status: 200, body: { requestsServed: cloud.requestsServed } };
  if (context.path === '/sandbox/state' && context.method === 'GET') {
    const usage = usageByHost(cloud);
    return {
      status: 200,
      body: {
        speed: cloud.speed,
        requestsServed: cloud.requestsServed,
        hosts: [...cloud.hosts.values()].map((h) => ({
          name: h.name,
          status: h.status,
          up: cloud.serviceUp(h),
          usage: usage.get(h.name) ?? { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 },
        })),
        servers: [...cloud.servers.values()].map((s) => ({
          id: s.id,
          name: s.name,
          host: s.host,
          status: cloud.statusOf(s),
        })),
        migrations: cloud.migrations.map((m) => ({
          id: m.id,
          server: m.serverId,
          type: m.type,
          status: m.status,
          source: m.source,
          dest: m.dest,
        })),
      },
    };
  }
  return { status: 404, body: { error: 'not found' } };
}
