import {
  type ClientOptions,
  createOpenStackClients,
  type OpenStackClients,
} from '../src/openstack/client.ts';
import { loadCloudConfig } from '../src/openstack/cloud-config.ts';

/** Ferry's real clients pointed at a sandbox (its environment alone, no clouds.yaml), microversion agreed. */
export async function sandboxClients(
  sandbox: { env: Record<string, string> },
  options: ClientOptions,
): Promise<OpenStackClients> {
  const config = loadCloudConfig(sandbox.env, { cwd: '/nonexistent', home: '/nonexistent' });
  if (!config) throw new Error('no config');
  const clients = createOpenStackClients(config, options);
  await clients.nova.negotiate();
  return clients;
}
