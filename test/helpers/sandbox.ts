import { FakeClock } from '../../src/clock.ts';
import { createOpenStackClients, type OpenStackClients } from '../../src/openstack/client.ts';
import { loadCloudConfig } from '../../src/openstack/cloud-config.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';

export interface SandboxFixture {
  clock: FakeClock;
  sandbox: Sandbox;
  clients: OpenStackClients;
  close(): Promise<void>;
}

/** A sandbox cloud on a loopback port with a fake clock, and Ferry's real clients pointed at it. */
export async function sandboxFixture(
  options: {
    speed?: number;
    maxMicroversion?: string;
    maxLimit?: number;
    /** false: no network service in the catalog (no Neutron) */
    network?: boolean;
    env?: Record<string, string>;
    /** how long Ferry's client waits for an answer (real ms); 5 s unless a test loses answers */
    timeoutMs?: number;
  } = {},
): Promise<SandboxFixture> {
  const clock = new FakeClock();
  const sandbox = await startSandbox({
    clock,
    speed: options.speed ?? 1,
    ...(options.maxMicroversion ? { maxMicroversion: options.maxMicroversion } : {}),
    ...(options.maxLimit ? { maxLimit: options.maxLimit } : {}),
    ...(options.network === false ? { network: false } : {}),
  });
  const config = loadCloudConfig(
    { ...sandbox.env, ...options.env },
    { cwd: '/nonexistent', home: '/nonexistent' },
  );
  if (!config) throw new Error('sandbox env produced no cloud config');
  const clients = createOpenStackClients(config, {
    clock,
    timeoutMs: options.timeoutMs ?? 5_000,
    retries: 2,
  });
  return { clock, sandbox, clients, close: () => sandbox.close() };
}

/** Empty compute hosts with room for any seeded flavor (64 GiB, 32 vCPUs, 2 TB, QEMU 8.2), added to the sandbox. */
export function addRoomyHosts(fx: SandboxFixture, ...names: string[]): void {
  for (const name of names)
    fx.sandbox.cloud.addHost({
      name,
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 2_000,
      hypervisorVersion: 8_002_000,
    });
}
