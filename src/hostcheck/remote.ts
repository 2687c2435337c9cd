/** The commands Ferry runs on a compute host, and the shell that runs them. */

export interface RemoteShell {
  run(host: string, command: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  close(): void;
}

/** Single-quoted for a POSIX shell: the one way a value reaches a remote command. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The only commands Ferry runs on a host. */
export const REMOTE = {
  read: (path: string) => `cat -- ${shellQuote(path)}`,
  fragments: (dir: string) => `ls -1 -- ${shellQuote(dir)} 2>/dev/null`,
  listening: () => 'ss -ltnp 2>/dev/null || netstat -lnpt 2>/dev/null',
  socketUnits: () => `systemctl is-enabled libvirtd-tcp.socket libvirtd-tls.socket 2>/dev/null`,
  resolve: (peer: string) => `getent hosts ${shellQuote(peer)}`,
  virsh: (peer: string, scheme: string) =>
    `timeout 10 virsh -c ${shellQuote(`qemu+${scheme}://${peer}/system`)} version`,
  novaUser: () => `getent passwd nova`,
  novaSsh: (peer: string) =>
    `timeout 15 sudo -n -u nova ssh -o BatchMode=yes -o ConnectTimeout=5 ${shellQuote(peer)} true`,
  /** read-only, on the system connection (a non-root user's default is its session) */
  capabilities: () => 'timeout 10 virsh -r -c qemu:///system capabilities',
  /**
   * the virt type as nova.conf names it, one of a fixed pair: nothing read from the host reaches the
   * shell. Not on a read-only connection: libvirt refuses it there ("operation forbidden: read only
   * access prevents virConnectGetDomainCapabilities", the lab's Debian libvirt 9.0: it may start QEMU
   * to probe); the command itself changes nothing.
   */
  /**
   * libvirt's statistics of the domain's last completed job (a live migration's, on its destination),
   * kept for the next reader (--keep-completed, libvirt 6.0+: without it the first read discards them;
   * `keep` false for an older virsh that lacks the option). On the read-write connection, as
   * domcapabilities: the command changes nothing. `domain` is a server's instance_name that
   * isDomainName() accepted, and quoted besides.
   */
  completedJob: (domain: string, keep = true) =>
    `timeout 10 virsh -c qemu:///system domjobinfo --completed${keep ? ' --keep-completed' : ''} ${shellQuote(domain)}`,
  domCapabilities: (virtType: string) =>
    `timeout 10 virsh -c qemu:///system domcapabilities --virttype ${virtType === 'qemu' ? 'qemu' : 'kvm'}`,
  /** the guest agent's ping, on the system connection; `domain` is checked against DOMAIN_NAME first */
  /**
   * FERRY_PROBE's TCP connect: bash's /dev/tcp, the address and port passed as arguments ($1, $2), never
   * part of the script; `address` is an IP literal (isIpLiteral) and quoted besides
   */
  tcpProbe: (address: string, port: number) =>
    `timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' ferry-probe ${shellQuote(address)} ${shellQuote(String(Math.trunc(port)))}`,
  /** FERRY_PROBE's ICMP echo: one packet, 2 s to answer; `address` as for tcpProbe */
  icmpProbe: (address: string) => `timeout 5 ping -c 1 -W 2 ${shellQuote(address)}`,
  /** the boot (boot ID, uptime) and the kernel, for `/drain --reboot`: read before and after the reboot */
  boot: () => 'cat /proc/sys/kernel/random/boot_id /proc/uptime && uname -r',
  guestPing: (domain: string) =>
    `timeout 10 virsh -c qemu:///system qemu-agent-command ${shellQuote(domain)} '{"execute":"guest-ping"}'`,
} as const;
