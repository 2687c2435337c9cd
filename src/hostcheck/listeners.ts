import { isIP } from 'node:net';

const WILDCARDS = new Set(['0.0.0.0', '*', '::', '']);
const isLoopback = (address: string) => address === '::1' || /^127\./.test(address);

/**
 * The `ss -ltnp` / `netstat -lnpt` lines that listen on `port` where a peer can connect: on a wildcard,
 * on an address the host names as its own (libvirtd's listen_addr, Nova's live_migration_inbound_addr),
 * or, when it names none by number, on any address but loopback. A loopback listener the host does not
 * name serves only the host itself; hosts that share a network namespace (the lab) even list each
 * other's sockets.
 */
export function reachableListeners(
  output: string,
  port: number,
  ownAddresses: (string | undefined)[],
): string[] {
  const own = new Set(ownAddresses.flatMap((address) => (address?.trim() ? [address.trim()] : [])));
  const ownByNumber = [...own].some((address) => isIP(address) !== 0);
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const local = line.split(/\s+/)[3] ?? '';
      const cut = local.lastIndexOf(':');
      if (cut < 0 || local.slice(cut + 1) !== String(port)) return false;
      const address = local
        .slice(0, cut)
        .replace(/^\[|\]$/g, '')
        .replace(/%.*$/, '');
      if (WILDCARDS.has(address) || own.has(address)) return true;
      return !isLoopback(address) && !ownByNumber;
    });
}
