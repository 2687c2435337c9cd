import pLimit from 'p-limit';
import type { Hypervisor } from '../model/cloud.ts';
import type { HostCpu } from '../model/cpu.ts';
import type { CheckResult, HostConfigProvider } from '../model/types.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { type CpuTable, cpuTable } from './cpu.ts';

/**
 * The CPUs of a plan's hosts, read once per plan (never per server): over SSH where the host check is
 * set up (nova.conf's [libvirt] and virsh), else Placement's HW_CPU_* traits: one request answers every
 * compute node with room (allocation candidates list their traits), and only a node without room (a
 * full source) is asked on its own, so a report costs the same on any size of cloud. Null when nothing could be read: no CPU rule is then applied, and none is claimed.
 */

/** Placement requests at once */
const TRAITS_CONCURRENCY = 16;

export async function readCpuTable(
  deps: { cloud: CloudApi; hostConfig?: HostConfigProvider },
  hypervisors: Hypervisor[],
  /** every node's traits, when the caller asked already (beside the room Placement names) */
  asked?: Promise<Map<string, string[]>>,
): Promise<CpuTable | null> {
  const hosts = [...new Map(hypervisors.map((h) => [h.serviceHost, h])).values()];
  if (hosts.length < 2) return null;
  let cpus: HostCpu[];
  if (deps.hostConfig?.hostCpus) {
    cpus = await deps.hostConfig.hostCpus(hosts.map((h) => h.serviceHost)).catch(() => []);
  } else {
    // one request for every node with room; one each for the few without (a full source, a drained host)
    const all = await (asked ?? deps.cloud.traitsOfAll()).catch(() => new Map<string, string[]>());
    const limit = pLimit(TRAITS_CONCURRENCY);
    const traits = await Promise.all(
      hosts.map((h) => {
        const known = all.get(h.id);
        if (known) return { evidence: 'traits' as const, host: h.serviceHost, traits: known };
        return limit(() =>
          deps.cloud.providerTraits(h.id).then(
            (list): HostCpu => ({ evidence: 'traits', host: h.serviceHost, traits: list }),
            () => null,
          ),
        );
      }),
    );
    cpus = traits.filter((cpu): cpu is HostCpu => cpu !== null);
  }
  return cpus.length >= 2 ? cpuTable(cpus) : null;
}

/** A plan's line naming the CPU-compatible sets its hosts form, when there is more than one. */
export function cpuSetsCheck(cpu: CpuTable | null): CheckResult | null {
  if (!cpu || cpu.sets.length < 2) return null;
  return {
    id: 'cpu',
    status: 'pass',
    fact: { code: 'cpu-sets', sets: cpu.sets, evidence: cpu.evidence },
    evidence: { sets: cpu.sets.length },
  };
}
