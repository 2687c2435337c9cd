import type { HostCheckReport } from './model/host-check.ts';
import type { Permissions } from './permissions.ts';

/** The SSH host check as the core sees it (src/hostcheck's HostChecker is the adapter). */
export interface HostCheckPort {
  check(host: string, peer?: string): Promise<HostCheckReport>;
}

/** What /hostcheck gets back: a report, or that no SSH is set up to make one. */
export type HostCheckAnswer = { kind: 'no-ssh' } | { kind: 'checked'; report: HostCheckReport };

/** /hostcheck's use case: who may ask (requesters and on call, as for /migrate), then the check. */
export class HostChecks {
  constructor(private readonly deps: { permissions: Permissions; checker?: HostCheckPort }) {}

  async check(user: string, host: string, peer?: string): Promise<HostCheckAnswer> {
    await this.deps.permissions.mayRequest(user, true);
    const checker = this.deps.checker;
    if (!checker) return { kind: 'no-ssh' };
    return { kind: 'checked', report: await checker.check(host, peer) };
  }
}
