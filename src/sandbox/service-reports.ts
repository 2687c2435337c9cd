import type { SandboxHost } from './model.ts';

/** Nova's report_interval (its default): a running nova-compute writes its updated_at this often. */
export const REPORT_INTERVAL_MS = 10_000;

/**
 * A host's nova-compute `updated_at` as os-services shows it: its last report. While it runs it reports
 * every REPORT_INTERVAL_MS from when it started (`serviceUpdatedAt`); down, it stays at its last one.
 */
export function lastReport(host: SandboxHost, now: number): number {
  if (host.down) return host.serviceUpdatedAt;
  const since = Math.max(0, now - host.serviceUpdatedAt);
  return host.serviceUpdatedAt + Math.floor(since / REPORT_INTERVAL_MS) * REPORT_INTERVAL_MS;
}

/** nova-compute stops (its last report stays) or starts again (it reports at once). */
export function serviceGoes(host: SandboxHost, down: boolean, now: number): void {
  if (host.down === down) return;
  host.serviceUpdatedAt = down ? lastReport(host, now) : now;
  host.down = down;
}
