import type { SandboxCloud } from '../src/sandbox/cloud.ts';

/**
 * The hosts a drain bench walks: `hosts` of 32 GiB named `<prefix>-01`… with `serversPerHost` shared-
 * storage m1.medium servers each, and two 64 GiB spares that can hold them while one host is out.
 * `home`: each server's host, to tell which came back.
 */
export function drainFleet(
  sim: SandboxCloud,
  prefix: string,
  hosts: number,
  serversPerHost: number,
): { drained: string[]; home: Map<string, string> } {
  const drained = Array.from({ length: hosts }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
  for (const name of [...drained, 'spare-1', 'spare-2'])
    sim.addHost({
      name,
      memoryMb: name.startsWith('spare') ? 65_536 : 32_768,
      vcpus: 32,
      diskGb: 2_000,
      hypervisorVersion: 8_002_000,
    });
  const home = new Map<string, string>();
  for (const host of drained)
    for (let i = 1; i <= serversPerHost; i++) {
      const server = sim.addServer({
        name: `${host}-vm${i}`,
        host,
        flavor: 'm1.medium',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
      home.set(server.id, host);
    }
  return { drained, home };
}
