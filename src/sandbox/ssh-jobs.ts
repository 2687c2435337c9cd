import type { SandboxCloud } from './cloud.ts';

/**
 * `virsh domjobinfo --completed [--keep-completed] <domain>` as a sandbox host answers it. The lines
 * are virsh's own (tools/virsh-domain.c: `%-17s %-12s` for words, `%-17s %-12llu ms` for times; the
 * lab's answers, test/fixtures/lab-migrations and test/fixtures/lab-proofs, show the same padding and
 * the trailing empty line). After a live migration its destination keeps the completed job ("Operation:
 * Incoming migration") until it is read without --keep-completed; anything else is "Job type: None".
 */

const word = (label: string, value: string) => `${label.padEnd(17)} ${value.padEnd(12)}`;
const millis = (label: string, value: number) => `${label.padEnd(17)} ${String(value).padEnd(12)} ms`;

export function completedJobAnswer(
  cloud: SandboxCloud,
  host: string,
  domain: string,
  keep: boolean,
): { code: number; stdout: string; stderr: string } {
  const server = [...cloud.servers.values()].find((s) => s.instanceName === domain);
  // the source's domain is gone after the move; a domain never here was never found
  if (!server || server.host !== host)
    return {
      code: 1,
      stdout: '',
      stderr: `error: failed to get domain '${domain}'\n`,
    };
  const last = cloud.migrations
    .filter((m) => m.serverId === server.id && m.type === 'live-migration')
    .sort((a, b) => b.id - a.id)[0];
  const job = last?.status === 'completed' && last.dest === host ? last.completedJob : null;
  if (!last || !job) return { code: 0, stdout: `${word('Job type:', 'None')}\n\n`, stderr: '' };
  if (!keep) last.completedJob = null;
  const lines = [
    word('Job type:', 'Completed'),
    word('Operation:', 'Incoming migration'),
    millis('Time elapsed:', job.elapsedMs),
    millis('Total downtime:', job.downtimeMs),
    // the sandbox's hosts share one clock and no wire: nothing to take out for the network
    millis('Downtime w/o network:', job.downtimeMs),
  ];
  return { code: 0, stdout: `${lines.join('\n')}\n\n`, stderr: '' };
}
