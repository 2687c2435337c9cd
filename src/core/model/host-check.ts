import type { CpuSet, SshHostCpu } from './cpu.ts';
import type { CheckStatus } from './types.ts';

/**
 * What the SSH host check reports, as the core and the edges see it (src/hostcheck makes it: it reads
 * nova.conf and libvirtd.conf over SSH and judges each line).
 */

/** One line of the check on a host (or the pair): its verdict, the line(s) that prove it, the fix. */
export interface Finding {
  host: string;
  id: string;
  status: CheckStatus;
  title: string;
  /** the line(s) that prove it, as found */
  evidence: string;
  fix?: string;
}

/** The settings that decide how a host is reached for live migration (its nova.conf). */
export interface MigrationSettings {
  scheme: 'tcp' | 'tls' | 'ssh';
  nativeTls: boolean;
  tunnelled: boolean;
  port: number;
  instancesPath: string;
}

export interface HostReport {
  host: string;
  findings: Finding[];
  settings: MigrationSettings | null;
  /** its CPU: nova.conf's [libvirt] and virsh (absent when SSH or nova.conf failed first) */
  cpu?: SshHostCpu;
}

export interface HostCheckReport {
  hosts: HostReport[];
  pair: Finding[];
  /** the checked hosts grouped by CPU compatibility (core/move/cpu.ts), when their CPUs were read */
  cpuSets?: CpuSet[];
  checkedAt: number;
}
