import pLimit from 'p-limit';
import type { Clock } from '../clock.ts';
import type { Blackout } from '../core/model/blackout.ts';
import type { HostCpu, SshHostCpu } from '../core/model/cpu.ts';
import type { HostCheckReport, HostReport } from '../core/model/host-check.ts';
import type { CheckResult, HostConfigProvider, MoveMode } from '../core/model/types.ts';
import { cpuSets } from '../core/move/cpu.ts';
import type { BlackoutPort } from '../core/ports/blackout.ts';
import { t } from '../i18n/index.ts';
import { analyzeLibvirtd, analyzeNovaConf, comparePair, type Finding } from './analyze.ts';
import { readBlackout } from './blackout.ts';
import { checkLines } from './check-lines.ts';
import { migrationSettings, parseLibvirtdConf, parseNovaConf } from './config-files.ts';
import { readHostCpu } from './cpu.ts';
import type { HeldConnections } from './held-ssh.ts';
import { KnownHosts } from './known-hosts.ts';
import { reachableListeners } from './listeners.ts';
import { sshFix } from './relevance.ts';
import { REMOTE, type RemoteShell, shellQuote } from './remote.ts';
import { SshError } from './ssh.ts';

/**
 * The host check: reads nova.conf (+ nova.conf.d) and libvirtd.conf over SSH, checks libvirtd listens,
 * the peer resolves, virsh reaches it and the nova user can SSH to it. Only a fixed set of commands
 * runs, and the only argument is a peer name taken from the cloud's own hypervisor list.
 */

export interface HostPaths {
  novaConf: string;
  novaConfDir: string;
  libvirtdConf: string;
}

export const DEFAULT_PATHS: HostPaths = {
  novaConf: '/etc/nova/nova.conf',
  novaConfDir: '/etc/nova/nova.conf.d',
  libvirtdConf: '/etc/libvirt/libvirtd.conf',
};

/** the only host names Ferry passes to SSH (and then only the cloud's own compute hosts) */
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

export type { HostCheckReport, HostReport };
export { REMOTE, type RemoteShell, shellQuote };

export class HostChecker implements HostConfigProvider, BlackoutPort {
  private readonly cache = new Map<string, { report: Promise<HostCheckReport>; at: number }>();
  private readonly known: KnownHosts;

  constructor(
    private readonly deps: {
      /** a fresh shell per check, closed afterwards (connections reused within it) */
      shell: () => RemoteShell;
      /** connections opened ahead to live moves' destinations, for the blackout read at their end */
      held?: HeldConnections;
      /** the cloud's compute hosts: the only names Ferry will SSH to or pass as a peer */
      knownHosts: () => Promise<string[]>;
      clock: Clock;
      paths?: HostPaths;
      cacheMs?: number;
    },
  ) {
    this.known = new KnownHosts(deps.knownHosts, deps.clock);
  }

  /** `fresh`: read the host now, not a report kept from before (a host that has just rebooted) */
  check(host: string, peer?: string, fresh = false): Promise<HostCheckReport> {
    const key = `${host}|${peer ?? ''}`;
    // A check in flight or done within cacheMs is shared: callers asking at once open one SSH session.
    // Its age is read on the monotonic clock: a wall clock stepped back must not keep a report for hours.
    const cached = this.cache.get(key);
    if (!fresh && cached && this.deps.clock.monotonic() - cached.at < (this.deps.cacheMs ?? 300_000))
      return cached.report;
    const report = this.validate(host, peer).then(() => this.inspectPair(host, peer));
    this.cache.set(key, { report, at: this.deps.clock.monotonic() });
    // a refusal or a failure is not kept: the next caller asks again
    report.catch(() => this.cache.delete(key));
    return report;
  }

  /** Only the cloud's own compute hosts are ever contacted or named as a peer. */
  private async validate(host: string, peer: string | undefined): Promise<void> {
    const names = [host, peer].filter((n): n is string => Boolean(n));
    const known = await this.known.vetting(names);
    for (const name of names) {
      if (!HOST_NAME.test(name) || !known.includes(name)) {
        throw new SshError(
          name,
          'unreachable',
          () => t`"${name}" is not one of this cloud's compute hosts (${known.join(t`, `)}).`,
        );
      }
    }
  }

  private async inspectPair(host: string, peer: string | undefined): Promise<HostCheckReport> {
    const shell = this.deps.shell();
    try {
      // Connectivity is checked in the direction of travel: from `host` to `peer`.
      const hosts = await Promise.all(
        [host, ...(peer ? [peer] : [])].map((name, index) =>
          this.inspect(shell, name, index === 0 ? peer : undefined),
        ),
      );
      const [a, b] = hosts;
      const pair = a?.settings && b?.settings && peer ? comparePair(host, peer, a.settings, b.settings) : [];
      const cpus = hosts.flatMap((h) => (h.cpu ? [h.cpu] : []));
      return {
        hosts,
        pair,
        ...(cpus.length ? { cpuSets: cpuSets(cpus) } : {}),
        checkedAt: this.deps.clock.now(),
      };
    } finally {
      shell.close();
    }
  }

  /** As a /migrate precondition: one check line per host, warnings and failures with their fixes. */
  async findings(
    source: string,
    destination: string | null,
    mode: MoveMode = 'live',
    asDestination = false,
  ): Promise<CheckResult[]> {
    let report: HostCheckReport;
    try {
      // a host about to take moves again (back from its maintenance) is read now, not as kept
      report = await this.check(source, destination ?? undefined, asDestination);
    } catch (error) {
      return [
        {
          id: 'host-config',
          status: 'warn',
          fact: { code: 'host-check-unreachable', source, error: (error as Error).message },
          evidence: {},
        },
      ];
    }
    return checkLines(report, source, destination, mode, asDestination);
  }

  private async inspect(shell: RemoteShell, host: string, peer: string | undefined): Promise<HostReport> {
    const paths = this.deps.paths ?? DEFAULT_PATHS;
    const findings: Finding[] = [];
    let nova: ReturnType<typeof parseNovaConf>;
    try {
      const main = await shell.run(host, REMOTE.read(paths.novaConf));
      if (main.code !== 0) {
        findings.push({
          host,
          id: 'nova_conf',
          status: 'fail',
          title: t`Cannot read ${paths.novaConf}`,
          evidence: main.stderr.trim(),
          fix: t`Give the SSH user read access (it needs no more), or set the path.`,
        });
        return { host, findings, settings: null };
      }
      const listing = await shell.run(host, REMOTE.fragments(paths.novaConfDir));
      const fragments = listing.stdout
        .split('\n')
        .map((f) => f.trim())
        .filter((f) => /^[A-Za-z0-9._-]+\.conf$/.test(f))
        .sort();
      const texts = [main.stdout];
      for (const fragment of fragments)
        texts.push((await shell.run(host, REMOTE.read(`${paths.novaConfDir}/${fragment}`))).stdout);
      nova = parseNovaConf(texts);
    } catch (error) {
      if (error instanceof SshError) {
        findings.push({
          host,
          id: `ssh_${error.kind}`,
          status: 'fail',
          title: ['unknown-host-key', 'changed-host-key', 'revoked-host-key'].includes(error.kind)
            ? t`Host key not trusted`
            : t`SSH failed`,
          evidence: error.message,
          fix: sshFix(error),
        });
        return { host, findings, settings: null };
      }
      throw error;
    }
    findings.push(...analyzeNovaConf(host, nova));
    const settings = migrationSettings(nova);
    const cpu = await readHostCpu(shell, host, nova);

    const [libvirtd, units, listening, novaUser] = [
      await shell.run(host, REMOTE.read(paths.libvirtdConf)),
      await shell.run(host, REMOTE.socketUnits()),
      await shell.run(host, REMOTE.listening()),
      await shell.run(host, REMOTE.novaUser()),
    ];
    const enabled = units.stdout.split('\n').map((line) => line.trim());
    const socketUnits = { tcp: enabled[0] === 'enabled', tls: enabled[1] === 'enabled' };
    if (libvirtd.code === 0)
      findings.push(...analyzeLibvirtd(host, parseLibvirtdConf(libvirtd.stdout), settings, socketUnits));
    else
      findings.push({
        host,
        id: 'libvirtd_conf',
        status: 'warn',
        title: t`Cannot read ${paths.libvirtdConf}`,
        evidence: libvirtd.stderr.trim() || t`no output`,
      });

    const port = settings.port;
    const listenAddress = libvirtd.code === 0 ? parseLibvirtdConf(libvirtd.stdout).listen_addr : undefined;
    const reachable = reachableListeners(listening.stdout, port, [
      listenAddress,
      nova.libvirt?.live_migration_inbound_addr,
    ]);
    const elsewhere = new RegExp(`:${port}\\s`).test(listening.stdout);
    findings.push(
      reachable.length > 0
        ? {
            host,
            id: 'listening',
            status: 'pass',
            title: t`Something listens on ${port} (${settings.scheme})`,
            evidence: reachable[0] as string,
          }
        : {
            host,
            id: 'listening',
            status: 'fail',
            title: t`Nothing listens on ${port}: peers cannot migrate to ${host}`,
            evidence: elsewhere
              ? t`ss -ltnp shows ${port} only on addresses peers cannot use here`
              : listening.stdout.trim()
                ? t`ss -ltnp shows no such port`
                : t`neither ss nor netstat answered`,
            fix:
              settings.scheme === 'tls'
                ? t`systemctl enable --now libvirtd-tls.socket`
                : t`systemctl enable --now libvirtd-tcp.socket (or listen_tcp = 1 with libvirtd --listen)`,
          },
    );
    const passwd = novaUser.stdout.trim();
    const shellOf = passwd.split(':')[6] ?? '';
    findings.push(
      !passwd
        ? {
            host,
            id: 'nova_user',
            status: 'warn',
            title: t`No nova user on this host`,
            evidence: t`getent passwd nova: nothing`,
            fix: t`Expected on a compute host; cold migration copies disks as nova over SSH.`,
          }
        : /nologin|false$/.test(shellOf)
          ? {
              host,
              id: 'nova_user',
              status: 'fail',
              title: t`The nova user has no login shell: cold migration cannot copy disks`,
              evidence: passwd,
              fix: t`usermod -s /bin/bash nova (and give it password-less SSH to the other compute hosts).`,
            }
          : {
              host,
              id: 'nova_user',
              status: 'pass',
              title: t`The nova user logs in with ${shellOf}`,
              evidence: passwd,
            },
    );
    if (peer) {
      const resolved = await shell.run(host, REMOTE.resolve(peer));
      findings.push(
        resolved.code === 0 && resolved.stdout.trim()
          ? {
              host,
              id: 'peer_resolves',
              status: 'pass',
              title: t`${peer} resolves`,
              evidence: resolved.stdout.trim(),
            }
          : {
              host,
              id: 'peer_resolves',
              status: 'fail',
              title: t`${peer} does not resolve on ${host}`,
              evidence: resolved.stderr.trim() || t`getent hosts: nothing`,
              fix: t`Add ${peer} to DNS or /etc/hosts on ${host}, or set live_migration_inbound_addr on ${peer}.`,
            },
      );
      const virsh = await shell.run(
        host,
        REMOTE.virsh(peer, settings.scheme === 'ssh' ? 'ssh' : settings.scheme),
      );
      findings.push(
        virsh.code === 0
          ? {
              host,
              id: 'virsh_peer',
              status: 'pass',
              title: t`virsh on ${host} reaches libvirt on ${peer}`,
              evidence: virsh.stdout.trim().split('\n')[0] ?? '',
            }
          : {
              host,
              id: 'virsh_peer',
              status: 'fail',
              title: t`virsh on ${host} cannot reach qemu+${settings.scheme}://${peer}/system`,
              evidence: (virsh.stderr || virsh.stdout).trim().split('\n')[0] ?? t`exit ${virsh.code}`,
              fix: t`Check libvirtd listens on ${peer}, the firewall between them (${settings.port}, and 49152-49215 for the data), and authentication.`,
            },
      );
      const ssh = await shell.run(host, REMOTE.novaSsh(peer));
      findings.push(
        ssh.code === 0
          ? {
              host,
              id: 'nova_ssh_peer',
              status: 'pass',
              title: t`nova on ${host} reaches ${peer} by SSH without a password`,
              evidence: t`ssh -o BatchMode=yes … true: ok`,
            }
          : {
              host,
              id: 'nova_ssh_peer',
              status: 'fail',
              title: t`nova on ${host} cannot SSH to ${peer} without a password (cold migration needs it)`,
              evidence: (ssh.stderr || ssh.stdout).trim().split('\n')[0] ?? t`exit ${ssh.code}`,
              fix: t`As nova on ${host}: ssh-keygen, then ssh-copy-id nova@${peer}; accept ${peer}'s host key once.`,
            },
      );
    }
    return { host, findings, settings, cpu };
  }

  /** Each host's CPU for a plan, from its host check (cached as /hostcheck's); a host not read is left out. */
  async hostCpus(hosts: string[]): Promise<HostCpu[]> {
    const limit = pLimit(8); // hosts checked at once for a plan
    const read = await Promise.all(
      hosts.map((host) =>
        limit(() =>
          this.check(host).then(
            (r) => r.hosts[0]?.cpu ?? null,
            () => null,
          ),
        ),
      ),
    );
    return read.filter((cpu): cpu is SshHostCpu => cpu !== null && cpu !== undefined);
  }

  /** A live move's blackout, read on its destination (one of the cloud's hosts) after it landed. */
  async blackout(host: string, domain: string): Promise<Blackout> {
    await this.validate(host, undefined);
    const shell = this.deps.held?.shell() ?? this.deps.shell();
    try {
      return await readBlackout(shell, host, domain);
    } finally {
      shell.close();
    }
  }

  expect(host: string): void {
    const { held } = this.deps;
    // kept while asked; else only one of the cloud's own compute hosts is contacted (a refusal: left to the read)
    if (held?.holds(host)) held.hold(host);
    else if (held)
      this.validate(host, undefined).then(
        () => held.hold(host),
        () => undefined,
      );
  }
}
