/**
 * The reachability probe (FERRY_PROBE): a TCP connect or an ICMP echo to a server's fixed addresses,
 * from a host the operator named, over SSH; from Ferry's own host only when the setting says `@ferry`.
 */

import type { ProbeSetting } from '../model/proof-facts.ts';

export type { ProbeSetting };

/** One attempt at a server's addresses. */
export type Reach =
  /** the probing host ran the probe: the addresses that answered (maybe none) */
  | { code: 'answered'; reached: string[] }
  /** the probing host could not be reached over SSH */
  | { code: 'unreachable'; error: string };

export interface ReachabilityPort {
  /** probes each address (IP literals that isIpLiteral accepts; others are skipped, never run) */
  reach(addresses: readonly string[]): Promise<Reach>;
}

/** FERRY_PROBE as the core gets it: the setting, and the way to carry it out (absent: no SSH). */
export interface ProbeConfig {
  setting: ProbeSetting;
  port?: ReachabilityPort;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]{2,45}$/;

/**
 * An IPv4 or IPv6 literal and nothing else (no zone, no prefix, no name): what may reach a probe's
 * command. IPv6: hex groups and colons, at most one `::`, an IPv4 tail allowed.
 */
export function isIpLiteral(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!IPV6_CHARS.test(text) || !text.includes(':') || text.includes(':::')) return false;
  const doubled = text.split('::').length - 1;
  if (doubled > 1) return false;
  let groups = text.split(':');
  const last = groups[groups.length - 1] ?? '';
  let extra = 0;
  if (last.includes('.')) {
    if (!IPV4.test(last)) return false;
    groups = groups.slice(0, -1);
    extra = 2;
  }
  const filled = groups.filter((group) => group !== '');
  if (!filled.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  // empty groups only where `::` is (at most two of them, at its ends)
  if (doubled === 0) return filled.length + extra === 8 && groups.length === filled.length;
  return filled.length + extra <= 7;
}
