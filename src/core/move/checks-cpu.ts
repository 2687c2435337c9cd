import type { CheckResult } from '../model/types.ts';
import { type CheckContext, fail, pass, warn } from './checks.ts';

/**
 * /migrate's CPU check (core/move/cpu.ts has the rules): a live move onto a host whose CPU cannot run
 * the server's guest CPU fails when virsh proved it, and warns when only Placement's traits say so;
 * either way it names the hosts in service whose CPU can. A cold move boots afresh: no check.
 */
export function checkCpu({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  const table = snapshot.cpu;
  if (!server?.host || !destination || request.mode === 'cold' || !table) return null;
  const source = table.cpus.get(server.host);
  if (!source || !table.cpus.has(destination)) return null;
  const mismatch = table.mismatch(server.host, destination);
  if (!mismatch)
    return pass(
      'cpu',
      {
        code: 'cpu-compatible',
        source: server.host,
        destination,
        evidence: table.evidence,
        mode: source.evidence === 'ssh' ? source.config.mode : null,
      },
      { evidence: table.evidence },
    );
  const inService = new Set(
    snapshot.hypervisors.filter((h) => h.status === 'enabled' && h.state === 'up').map((h) => h.serviceHost),
  );
  const compatible = [...table.cpus.keys()].filter(
    (host) =>
      host !== server.host &&
      host !== destination &&
      inService.has(host) &&
      !table.mismatch(server.host as string, host),
  );
  const judge = mismatch.evidence === 'ssh' ? fail : warn;
  return judge(
    'cpu',
    { code: 'cpu-incompatible', mismatch, compatible },
    { evidence: mismatch.evidence, missing: mismatch.missing.join(',') },
  );
}
