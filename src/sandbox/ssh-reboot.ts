import { createHash } from 'node:crypto';
import type { SandboxCloud } from './cloud.ts';

/**
 * The sandbox's compute hosts reboot (`/drain --reboot`, issue #30): each has a boot ID, a kernel and
 * an uptime its SSH answers give (`cat /proc/sys/kernel/random/boot_id /proc/uptime && uname -r`), a
 * newer kernel installed for its next boot, and `systemctl reboot` takes it down for REBOOT_MS of the
 * sandbox's clock: SSH refused, nova-compute down in os-services (a field Nova has: `state`); then a
 * new boot ID, the new kernel, nova-compute up and reporting. Faults: `reboot-hangs` (it does not come
 * back, not even from a BMC power cycle) and `reboot-old-kernel` (it comes back on the kernel it had).
 */

/** Debian 12's kernel before and after a point release (uname -r) */
export const SANDBOX_KERNEL = '6.1.0-26-amd64';
export const SANDBOX_NEXT_KERNEL = '6.1.0-28-amd64';
/** how long a host takes to come back, on the sandbox's clock */
export const SANDBOX_REBOOT_MS = 90_000;
/** days up of the small profile's hosts (others: from their name); compute4 was repaired lately */
const UPTIME_DAYS: Record<string, number> = { compute1: 23, compute2: 61, compute3: 14, compute4: 2 };
/** the command the sandbox's hosts take as a reboot (FERRY_REBOOT_COMMAND's default) */
const REBOOT = 'systemctl reboot';
const READ = 'cat /proc/sys/kernel/random/boot_id /proc/uptime && uname -r';

interface SandboxBoot {
  bootId: string;
  kernel: string;
  /** the kernel its next boot runs */
  next: string;
  bootedAt: number;
  /** down until then (rebooting) */
  downUntil?: number;
  hangs?: boolean;
  keepsKernel?: boolean;
  boots: number;
  /** every reboot: when it went down and when it is (or was) back; null: it hangs */
  reboots: SandboxRebootRecord[];
}

/** A reboot as the sandbox itself saw it (for a bench's yardstick, never in an API answer). */
export interface SandboxRebootRecord {
  downAt: number;
  upAt: number | null;
}

const BOOTS = new WeakMap<SandboxCloud, Map<string, SandboxBoot>>();
/** how long a reboot takes on this cloud's clock, when not SANDBOX_REBOOT_MS */
const REBOOT_TAKES = new WeakMap<SandboxCloud, number>();

/** Reboots of this cloud's hosts take `ms` of its clock from now on (a bench: 30 s at its speed). */
export function rebootTakes(cloud: SandboxCloud, ms: number): void {
  REBOOT_TAKES.set(cloud, ms);
}

/** The host's reboots so far, as the sandbox timed them. */
export function rebootRecords(cloud: SandboxCloud, host: string): SandboxRebootRecord[] {
  return [...(BOOTS.get(cloud)?.get(host)?.reboots ?? [])];
}

/** A boot ID as the kernel makes one (a v4 UUID), from the host, its boot count and a seed. */
function bootId(host: string, boots: number): string {
  const hex = createHash('sha256').update(`${host}:${boots}:${Math.random()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function bootOf(cloud: SandboxCloud, host: string): SandboxBoot {
  const boots = BOOTS.get(cloud) ?? new Map<string, SandboxBoot>();
  BOOTS.set(cloud, boots);
  let boot = boots.get(host);
  if (!boot) {
    const days = UPTIME_DAYS[host] ?? 30 + ((createHash('sha256').update(host).digest()[0] ?? 0) % 60);
    // compute4 came back from its repair on the new kernel already
    const kernel = host === 'compute4' ? SANDBOX_NEXT_KERNEL : SANDBOX_KERNEL;
    boot = {
      bootId: bootId(host, 0),
      kernel,
      next: SANDBOX_NEXT_KERNEL,
      bootedAt: cloud.clock.now() - days * 86_400_000,
      boots: 0,
      reboots: [],
    };
    boots.set(host, boot);
  }
  // back once its time has come, unless it hangs
  if (boot.downUntil !== undefined && !boot.hangs && cloud.clock.now() >= boot.downUntil) {
    boot.boots += 1;
    boot.bootId = bootId(host, boot.boots);
    if (!boot.keepsKernel) boot.kernel = boot.next;
    boot.bootedAt = boot.downUntil;
    delete boot.downUntil;
    cloud.setServiceDown(host, false);
    cloud.hostOrThrow(host).serviceUpdatedAt = cloud.clock.now();
  }
  return boot;
}

/** The host is down for its reboot: its SSH refuses connections. */
export function rebooting(cloud: SandboxCloud, host: string): boolean {
  return bootOf(cloud, host).downUntil !== undefined;
}

/** Goes down now: nova-compute stops reporting, SSH stops answering. */
function goDown(cloud: SandboxCloud, host: string): void {
  const boot = bootOf(cloud, host);
  const now = cloud.clock.now();
  boot.downUntil = now + (REBOOT_TAKES.get(cloud) ?? SANDBOX_REBOOT_MS);
  boot.reboots.push({ downAt: now, upAt: boot.hangs ? null : boot.downUntil });
  cloud.setServiceDown(host, true);
}

/** The host's answer to the boot read or the reboot; null for any other command. */
export function bootAnswer(
  cloud: SandboxCloud,
  host: string,
  command: string,
): { code: number; stdout: string; stderr: string } | null {
  if (command === READ) {
    const boot = bootOf(cloud, host);
    const uptime = (cloud.clock.now() - boot.bootedAt) / 1000;
    return {
      code: 0,
      stdout: `${boot.bootId}\n${uptime.toFixed(2)} ${(uptime * 27.4).toFixed(2)}\n${boot.kernel}\n`,
      stderr: '',
    };
  }
  if (command === REBOOT) {
    goDown(cloud, host);
    return { code: 0, stdout: '', stderr: '' };
  }
  return null;
}

/** A fault on a host's next reboots. */
export function rebootFault(cloud: SandboxCloud, host: string, fault: 'hangs' | 'old-kernel'): void {
  cloud.hostOrThrow(host);
  const boot = bootOf(cloud, host);
  if (fault === 'hangs') boot.hangs = true;
  else boot.keepsKernel = true;
}

/** The reboot faults removed: next reboots come back on the new kernel; a host hung already stays hung. */
export function clearRebootFaults(cloud: SandboxCloud): void {
  for (const boot of BOOTS.get(cloud)?.values() ?? []) {
    boot.keepsKernel = false;
    if (boot.downUntil === undefined) boot.hangs = false;
  }
}

/** The sandbox's BMC address of a host (FERRY_BMC on the sandbox). */
export function sandboxBmcAddress(host: string): string {
  return `${host}-bmc.sandbox`;
}

/**
 * ipmitool against the sandbox's BMCs: `chassis power cycle` takes the host down and back as a reboot
 * does (a hung host stays hung); any other command, or an unknown BMC, fails as ipmitool does.
 */
export function sandboxIpmitool(
  cloud: SandboxCloud,
): (args: string[]) => Promise<{ code: number | null; stderr: string }> {
  return async (args) => {
    const address = args[args.indexOf('-H') + 1] ?? '';
    const host = [...cloud.hosts.keys()].find((name) => sandboxBmcAddress(name) === address);
    if (!host || args.slice(-3).join(' ') !== 'chassis power cycle')
      return { code: 1, stderr: `Error: Unable to establish IPMI v2 / RMCP+ session\n` };
    goDown(cloud, host);
    return { code: 0, stderr: '' };
  };
}
