import type { Blackout } from '../core/model/blackout.ts';
import { DOMAIN_NAME } from '../core/model/cloud.ts';
import { REMOTE, type RemoteShell } from './remote.ts';

/**
 * A live move's blackout as libvirt measured it: `virsh domjobinfo --completed` on the destination
 * after the move ("Operation: Incoming migration"), whose "Total downtime" is QEMU's own figure for how
 * long the guest stood still. The lines are virsh's (`%-17s %-12llu ms`, tools/virsh-domain.c); only
 * the figures Ferry reports are read.
 */

export function isDomainName(name: string): boolean {
  return DOMAIN_NAME.test(name);
}

export interface CompletedJob {
  /** "Job type": Completed, None, Failed, Cancelled… */
  type: string;
  /** "Operation": Incoming migration, Outgoing migration… (absent from older virsh) */
  operation: string | null;
  downtimeMs: number | null;
  downtimeNoNetworkMs: number | null;
  setupMs: number | null;
  elapsedMs: number | null;
}

/** virsh's `Label:   value` lines, by label. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

/** "70           ms" → 70; null when absent or not milliseconds. */
function ms(value: string | undefined): number | null {
  const match = value ? /^(\d+)\s*ms$/.exec(value) : null;
  return match ? Number(match[1]) : null;
}

export function parseCompletedJob(text: string): CompletedJob {
  const f = fields(text);
  return {
    type: f.get('Job type') ?? '',
    operation: f.get('Operation') ?? null,
    downtimeMs: ms(f.get('Total downtime')),
    downtimeNoNetworkMs: ms(f.get('Downtime w/o network')),
    setupMs: ms(f.get('Setup time')),
    elapsedMs: ms(f.get('Time elapsed')),
  };
}

/** The blackout fact from virsh's answer on `host`. */
export function blackoutOf(host: string, job: CompletedJob): Blackout {
  // the last completed job must be the move's arrival (virsh before 3.3 prints no Operation line)
  const arrival = job.operation === null || job.operation === 'Incoming migration';
  if (job.type !== 'Completed' || !arrival || job.downtimeMs === null)
    return { code: 'not-measured', source: 'libvirt', reason: 'no-job', host };
  return {
    code: 'measured',
    source: 'libvirt',
    host,
    downtimeMs: job.downtimeMs,
    downtimeNoNetworkMs: job.downtimeNoNetworkMs,
    setupMs: job.setupMs,
  };
}

/** Reads the completed job of `domain` on `host` (already known to be one of the cloud's hosts). */
export async function readBlackout(shell: RemoteShell, host: string, domain: string): Promise<Blackout> {
  if (!isDomainName(domain)) return { code: 'not-measured', source: 'libvirt', reason: 'no-domain', host };
  let answer = await shell.run(host, REMOTE.completedJob(domain));
  // a virsh older than libvirt 6.0 lacks --keep-completed: read once, as it can
  if (answer.code !== 0 && /keep-completed/.test(answer.stderr))
    answer = await shell.run(host, REMOTE.completedJob(domain, false));
  if (answer.code !== 0)
    return {
      code: 'not-measured',
      source: 'libvirt',
      reason: 'unreachable',
      host,
      // virsh's own words (its exit status when it said nothing)
      detail: (answer.stderr || answer.stdout).trim().split('\n')[0] || String(answer.code),
    };
  return blackoutOf(host, parseCompletedJob(answer.stdout));
}
