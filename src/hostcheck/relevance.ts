import type { MoveMode } from '../core/model/types.ts';
import { t } from '../i18n/index.ts';
import type { Finding } from './analyze.ts';
import type { SshError } from './ssh.ts';

/** Which findings bear on a move, what a clean line covered, and the fix for an SSH failure. */

/** Settings and connectivity only a live migration uses: libvirt's transport, its tuning, the console. */
const LIVE_ONLY = new Set([
  'live_migration_uri',
  'live_migration_flag',
  'block_migration_flag',
  'live_migration_scheme',
  'live_migration_inbound_addr',
  'live_migration_progress_timeout',
  'live_migration_tunnelled',
  'live_migration_completion_timeout',
  'live_migration_timeout_action',
  'max_concurrent_live_migrations',
  'convergence',
  'vnc_listen',
  'libvirtd_conf',
  'libvirtd_listen',
  'tcp_port',
  'auth_tcp',
  'listening',
  'virsh_peer',
  'pair_scheme',
  'pair_tunnelled',
  'pair_tls',
  'pair',
]);
/** A cold migration copies disks as the nova user over SSH; a live one never does. */
const COLD_ONLY = new Set(['nova_user', 'nova_ssh_peer']);

/** Whether a finding bears on this move: judged for its mode, and nothing has to reach the source. */
export function mattersFor(finding: Finding, mode: MoveMode, onSource: boolean): boolean {
  if (onSource && finding.id === 'listening') return false;
  if (mode === 'cold') return !LIVE_ONLY.has(finding.id);
  return !COLD_ONLY.has(finding.id);
}

/**
 * What a clean line covered, so "look right" never claims more than was looked at: the pair's first
 * line, or the lines that reached the peer (src/messages/shared-checks.ts words the rest).
 */
export function cleanLines(scope: string, findings: Finding[]): string[] {
  if (scope === 'pair') return findings.slice(0, 1).map((f) => f.title);
  return findings
    .filter((f) => ['peer_resolves', 'virsh_peer', 'nova_ssh_peer'].includes(f.id))
    .map((f) => f.title);
}

export function sshFix(error: SshError): string {
  switch (error.kind) {
    case 'unknown-host-key':
    case 'changed-host-key':
      return t`Verify the fingerprint out of band, then update Ferry's known_hosts (FERRY_SSH_KNOWN_HOSTS).`;
    case 'revoked-host-key':
      return t`The host presents a key someone revoked: find out why before trusting it again.`;
    case 'setup':
      return t`Fix Ferry's SSH settings (FERRY_SSH_KEY, FERRY_SSH_KEY_PASSPHRASE).`;
    case 'auth':
      return t`Install Ferry's public key for the SSH user on the host (FERRY_SSH_USER, FERRY_SSH_KEY).`;
    case 'timeout':
    case 'unreachable':
      return t`Check the host is up and port 22 (or its override in FERRY_SSH_HOSTS) is reachable from Ferry.`;
    default:
      return t`Try again; a check command hung.`;
  }
}
