import type {
  Impact,
  ImpactCheckFact,
  ImpactClass,
  ImpactReason,
  NovaRelease,
  ReleaseCheck,
} from '../core/model/impact.ts';
import { t } from '../i18n/index.ts';
import type { WordsFor } from './check-words.ts';
import { sentences } from './units.ts';

/** How what a move will do to a server reads (#28): its class, each reason with the Nova rule behind it. */

export function impactClassText(impactClass: ImpactClass): string {
  switch (impactClass) {
    case 'live':
      return t`moves live, keeps running`;
    case 'live-network-blip':
      return t`moves live, brief network loss`;
    case 'live-if-new-enough':
      return t`moves live only on new enough hosts`;
    case 'cold-only':
      return t`cannot move live: only a cold move, which stops it, can move it`;
    case 'cannot-move':
      return t`cannot move at all`;
  }
}

function releaseName(release: NovaRelease): string {
  switch (release) {
    case 'train':
      return t`Nova 20 "Train" (compute API 2.79)`;
    case 'caracal':
      return t`Nova 29 "2024.1 Caracal" (compute API 2.96)`;
    case 'gazpacho':
      return t`Nova 33 "2026.1 Gazpacho" (compute API 2.103)`;
  }
}

/** "needs Nova 20 "Train" (compute API 2.79); this cloud speaks 2.96" */
function releaseText(release: ReleaseCheck): string {
  const name = releaseName(release.needs);
  if (release.cloud === null) return t`needs ${name}; this cloud's release is not known`;
  return release.met
    ? t`needs ${name} on every compute host; this cloud's API speaks ${release.cloud}`
    : t`needs ${name}; this cloud speaks only ${release.cloud}`;
}

function qemuVersion(version: number): string {
  return `${Math.floor(version / 1_000_000)}.${Math.floor(version / 1000) % 1000}.${version % 1000}`;
}

export function impactReasonText(reason: ImpactReason): string {
  const text = reasonText(reason);
  return 'fromImage' in reason && reason.fromImage ? t`${text} (set by its image's properties)` : text;
}

function reasonText(reason: ImpactReason): string {
  switch (reason.code) {
    case 'sriov-port':
      return reason.vnicType === 'direct'
        ? t`SR-IOV port ${reason.port} (direct): Nova detaches it before a live migration and re-attaches it after, so the guest loses network meanwhile unless it bonds it with another port (${releaseText(reason.release)})`
        : t`SR-IOV port ${reason.port} (macvtap): moves with the server (${releaseText(reason.release)})`;
    case 'direct-physical-port':
      return t`port ${reason.port} passes a whole physical NIC (direct-physical) to the guest: it cannot move live`;
    case 'unknown-vnic-type':
      return t`port ${reason.port} has vnic type ${reason.vnicType}, for which Ferry knows no rule: Nova may refuse a live move`;
    case 'pci-passthrough':
      return t`PCI device by flavor alias ${reason.alias}: Nova refuses a live migration unless the alias is marked live_migratable (nova.conf, Nova 31 "2025.1 Epoxy"), which the API does not show`;
    case 'vgpu': {
      const old = reason.oldQemu.map((h) => t`${h.host} has QEMU ${qemuVersion(h.version)}`).join(t`, `);
      const more = reason.oldQemuCount - reason.oldQemu.length;
      const hosts = old
        ? more === 1
          ? t`; ${old} and 1 more host too old`
          : more > 0
            ? t`; ${old} and ${more} more hosts too old`
            : t`; ${old}`
        : '';
      return t`vGPU (resources:VGPU=${reason.amount}): live only with QEMU 8.1 and libvirt 8.6 on both hosts (${releaseText(reason.release)})${hosts}`;
    }
    case 'vtpm':
      return reason.secretSecurity === 'host'
        ? t`virtual TPM in host secret mode: live migration ${releaseText(reason.release)}`
        : t`virtual TPM (secret mode ${reason.secretSecurity ?? 'user'}): Nova moves it live only in host secret mode (hw:tpm_secret_security=host, Nova 33 "2026.1 Gazpacho"); it can move cold`;
    case 'cpu-pinning':
      return t`pinned CPUs (hw:cpu_policy=${reason.policy}): NUMA-aware live migration ${releaseText(reason.release)}`;
    case 'hugepages':
      return t`huge pages (hw:mem_page_size=${reason.pageSize}): NUMA-aware live migration ${releaseText(reason.release)}`;
    case 'numa':
      return t`guest NUMA topology (hw:numa_nodes=${reason.nodes}): NUMA-aware live migration ${releaseText(reason.release)}`;
    case 'local-disk-over-max-copy':
      return t`${reason.diskGb} GB of local disk to copy, more than --max-copy ${reason.maxCopyGb} GB`;
    case 'ports-unknown':
      return reason.why === 'no-network-service'
        ? t`its ports are unknown: the cloud's catalog lists no network service`
        : t`its ports are unknown: Neutron did not answer`;
    case 'image-properties-unknown':
      return reason.why === 'no-image-service'
        ? t`its image's properties are unknown: the cloud's catalog lists no image service`
        : t`its image's properties are unknown: Glance did not answer`;
    case 'extra-specs-unknown':
      return t`its flavor's extra specs are unknown: Nova's answer did not carry them`;
  }
}

/** "cannot move live: only a cold move, which stops it, can move it — PCI device by flavor alias …" */
export function impactText(impact: Impact): string {
  const reasons = impact.reasons.map(impactReasonText).join(t`; `);
  return reasons ? t`${impactClassText(impact.class)} — ${reasons}` : impactClassText(impact.class);
}

/** What the operator can do about a server that cannot move live or at all. */
export function impactFix(impact: Impact): string | null {
  switch (impact.class) {
    case 'cold-only':
      return t`Move it cold with --cold (it is stopped and restarts on the new host), or leave it where it is.`;
    case 'cannot-move': {
      const disk = impact.reasons.find((reason) => reason.code === 'local-disk-over-max-copy');
      return disk?.code === 'local-disk-over-max-copy'
        ? t`Raise --max-copy to ${disk.diskGb} GB or more to let Ferry copy its disk, or leave it where it is.`
        : t`Leave it where it is.`;
    }
    default:
      return null;
  }
}

/**
 * Where a plan puts a server, for its summary: how a live move will feel (its impact class), stopped
 * and moved cold, moved cold while it stays off (shut off already), offered cold (stays unless the
 * operator chooses it), left by the operator's edit, or not moved at all (locked, busy, no room…).
 */
export type SummaryClass =
  | 'live'
  | 'live-network-blip'
  | 'live-if-new-enough'
  | 'stopped'
  | 'moved-off'
  | 'offered-cold'
  | 'skipped'
  | 'stays';

const SUMMARY_CLASSES: readonly SummaryClass[] = [
  'live',
  'live-network-blip',
  'live-if-new-enough',
  'stopped',
  'moved-off',
  'offered-cold',
  'skipped',
  'stays',
];

/** The servers of a plan by what a move will do to them: what the plan shows before approval. */
export interface ImpactedServer {
  serverName: string;
  impact?: Impact;
  /** how the plan moves it: null when it stays */
  mode: 'live' | 'cold' | 'block' | null;
  /** its status as Nova gave it when planned: a SHUTOFF server moved cold is not stopped by the move */
  status?: string;
  /** why the plan moves it cold or leaves it (a skip by the operator is not "cannot move") */
  reason?: { code: string };
  /** the plan offers a cold move for it instead of skipping */
  alternative?: 'cold';
}

/** The class a server is counted in: from the plan's own decision (mode, status, reason), then its impact. */
export function summaryClassOf(server: ImpactedServer): SummaryClass {
  if (server.mode === 'cold') return server.status === 'SHUTOFF' ? 'moved-off' : 'stopped';
  if (server.mode === null) {
    if (server.reason?.code === 'skipped-by') return 'skipped';
    return server.alternative === 'cold' ? 'offered-cold' : 'stays';
  }
  const impact = server.impact?.class ?? 'live';
  // a plan never moves a cold-only or cannot-move server live; said as what it would be, never as live
  return impact === 'cold-only' ? 'stopped' : impact === 'cannot-move' ? 'stays' : impact;
}

/** "12 move live, keep running, 1 brief network loss, 2 will be stopped and moved cold, 1 cannot move": the classes present. */
export function impactCountsText(counts: Record<SummaryClass, number>): string {
  const parts: string[] = [];
  if (counts.live) parts.push(t`${counts.live} move live, keep running`);
  if (counts['live-network-blip']) parts.push(t`${counts['live-network-blip']} brief network loss`);
  if (counts['live-if-new-enough'])
    parts.push(t`${counts['live-if-new-enough']} live only on new enough hosts`);
  if (counts.stopped) parts.push(t`${counts.stopped} will be stopped and moved cold`);
  if (counts['moved-off']) parts.push(t`${counts['moved-off']} shut off already, moved cold and stay off`);
  if (counts['offered-cold'])
    parts.push(t`${counts['offered-cold']} cannot move live (they stay unless you choose cold)`);
  if (counts.skipped) parts.push(t`${counts.skipped} skipped by an edit of the plan`);
  if (counts.stays) parts.push(t`${counts.stays} cannot move`);
  return parts.join(t`, `);
}

/** servers named per class in a plan's summary; the rest are counted */
const NAMED_UP_TO = 20;

/**
 * "What the moves will do: 12 move live, keep running, 1 brief network loss, 1 will be stopped and moved
 * cold, 2 cannot move. Will be stopped: db-gpu. Cannot move: big-disk. Ports unknown: the cloud's
 * catalog lists no network service." — each server counted where the plan puts it (a SHUTOFF server
 * moved cold is not counted live, a locked one is not moved); null when no server has anything a move
 * would do to it beyond a plain live move, and nothing is unknown.
 */
export function impactSummaryText(servers: ImpactedServer[]): string | null {
  const counts = Object.fromEntries(SUMMARY_CLASSES.map((c) => [c, 0])) as Record<SummaryClass, number>;
  for (const server of servers) counts[summaryClassOf(server)] += 1;
  const unknown = servers
    .flatMap((server) => server.impact?.reasons ?? [])
    .find((reason) => reason.code === 'ports-unknown');
  if (servers.every((server) => (server.impact?.class ?? 'live') === 'live') && !unknown) return null;
  const parts = [t`What the moves will do: ${impactCountsText(counts)}.`];
  const names = (wanted: SummaryClass) => {
    const all = servers.filter((s) => summaryClassOf(s) === wanted).map((s) => s.serverName);
    const shown = all.slice(0, NAMED_UP_TO).join(t`, `);
    return all.length > NAMED_UP_TO ? t`${shown} and ${all.length - NAMED_UP_TO} more` : shown;
  };
  const stopped = names('stopped');
  if (stopped) parts.push(t`Will be stopped: ${stopped}.`);
  const offered = names('offered-cold');
  if (offered) parts.push(t`Cannot move live, stay unless you choose cold: ${offered}.`);
  const stay = names('stays');
  if (stay) parts.push(t`Cannot move: ${stay}.`);
  if (unknown?.code === 'ports-unknown')
    parts.push(
      unknown.why === 'no-network-service'
        ? t`Ports unknown: the cloud's catalog lists no network service, so SR-IOV ports could not be checked.`
        : t`Ports unknown: Neutron did not answer, so SR-IOV ports could not be checked.`,
    );
  return sentences(...parts);
}

/** /migrate's impact check: the class and its reasons; the fix where a live move cannot be. */
export const IMPACT_CHECK_WORDS: WordsFor<ImpactCheckFact> = {
  'move-impact': (fact) => {
    const reason = impactText(fact.impact);
    // a cold move stops every running server it moves, whatever its class; the reasons still say why
    // live would not do. One Nova shows SHUTOFF is off already: it moves while off and stays off
    if (fact.mode === 'cold' && fact.impact.class !== 'cannot-move') {
      const reasons = fact.impact.reasons.map(impactReasonText).join(t`; `);
      if (fact.status === 'SHUTOFF')
        return {
          reason: reasons
            ? t`${fact.server} is shut off already: it is moved cold and stays off — ${reasons}`
            : t`${fact.server} is shut off already: it is moved cold and stays off.`,
        };
      return {
        reason: reasons
          ? t`${fact.server} will be stopped and moved cold — ${reasons}`
          : t`${fact.server} will be stopped and moved cold.`,
      };
    }
    const fix = impactFix(fact.impact);
    return { reason: t`${fact.server}: ${reason}`, ...(fix ? { fix } : {}) };
  },
};
