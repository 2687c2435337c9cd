/**
 * How long Placement keeps a finished live migration's source allocation (held by the migration's
 * UUID as consumer) after Nova's record says `completed`: compute/manager.py _post_live_migration
 * saves the record, then deletes that allocation. Moves a server back and forth and polls both.
 *
 *   set -a; . .lab/openrc; set +a
 *   npx tsx scripts/lab/measure-release.ts server-x 4
 */
import { env, token } from './lab-auth.ts';

const NOVA = env('NOVA_URL');
const PLACEMENT = env('PLACEMENT_URL');
interface Json {
  servers: { id: string }[];
  server: Record<string, string>;
  services: { host: string; status: string; state: string }[];
  migrations: { id: number; uuid: string; status: string; updated_at: string }[];
  allocations?: Record<string, unknown>;
}

async function main() {
  const [name = 'server-x', times = '4'] = process.argv.slice(2);
  const auth = await token();
  const nova = async (path: string, init: RequestInit = {}): Promise<Json> => {
    const response = await fetch(`${NOVA}${path}`, {
      ...init,
      headers: {
        'X-Auth-Token': auth,
        'OpenStack-API-Version': 'compute 2.93',
        'Content-Type': 'application/json',
      },
    });
    return response.status === 202 ? ({} as Json) : ((await response.json()) as Json);
  };
  const held = async (consumer: string): Promise<boolean> => {
    const response = await fetch(`${PLACEMENT}/allocations/${consumer}`, {
      headers: { 'X-Auth-Token': auth, 'OpenStack-API-Version': 'placement 1.28' },
    });
    return Object.keys(((await response.json()) as Json).allocations ?? {}).length > 0;
  };
  const [server] = (await nova(`/servers/detail?all_tenants=1&name=^${name}$`)).servers;
  if (!server) throw new Error(`no server ${name}`);
  const windows: number[] = [];
  for (let i = 0; i < Number(times); i++) {
    const now = (await nova(`/servers/${server.id}`)).server;
    const from = now?.['OS-EXT-SRV-ATTR:host'];
    const { services } = await nova('/os-services?binary=nova-compute');
    const to = services.find((s) => s.host !== from && s.status === 'enabled' && s.state === 'up')?.host;
    const [before] = (await nova(`/os-migrations?instance_uuid=${server.id}&limit=1`)).migrations;
    await nova(`/servers/${server.id}/action`, {
      method: 'POST',
      body: JSON.stringify({ 'os-migrateLive': { host: to, block_migration: 'auto' } }),
    });
    let uuid: string | null = null;
    let completedAt: number | null = null;
    let updatedAt = '';
    let heldSeen = false;
    for (const began = Date.now(); Date.now() - began < 600_000; ) {
      const [m] = (await nova(`/os-migrations?instance_uuid=${server.id}&limit=1`)).migrations;
      if (m && m.id !== before?.id) {
        uuid = m.uuid;
        if (m.status === 'completed' && completedAt === null) {
          completedAt = Date.now();
          updatedAt = m.updated_at;
        }
        if (['error', 'failed', 'cancelled'].includes(m.status)) throw new Error(`migration ${m.status}`);
      }
      if (uuid) {
        const stillHeld = await held(uuid);
        heldSeen ||= stillHeld;
        if (!stillHeld && heldSeen && completedAt !== null) {
          const window = Date.now() - completedAt;
          windows.push(window);
          console.log(
            `${from} → ${to}: migration ${uuid} completed (updated_at ${updatedAt}); its source allocation seen gone ${window} ms after the record was seen completed`,
          );
          break;
        }
        if (!stillHeld && heldSeen && completedAt === null)
          console.log(`${from} → ${to}: allocation gone before the record was seen completed`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  console.log(`windows (ms): ${windows.join(', ')}`);
}
await main();
