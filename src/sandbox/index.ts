import type { Clock } from '../clock.ts';
import { SandboxCloud, type SandboxOptions } from './cloud.ts';
import { type RunningSandbox, startSandboxServer } from './http-server.ts';

export { SandboxCloud } from './cloud.ts';
export { applyFault, type FaultSpec } from './faults.ts';

export interface Sandbox extends RunningSandbox {
  cloud: SandboxCloud;
}

/** A sandbox cloud served over real HTTP on loopback (port 0: any free port). */
export async function startSandbox(
  options: SandboxOptions & { clock: Clock; port?: number },
): Promise<Sandbox> {
  const cloud = new SandboxCloud(options);
  const running = await startSandboxServer(cloud, options.port ?? 0);
  return { ...running, cloud };
}
