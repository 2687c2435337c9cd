import type { Finding } from '../core/model/host-check.ts';
import type { CheckStatus } from '../core/model/types.ts';
import { t } from '../i18n/index.ts';
import { type Ini, type MigrationSettings, migrationSettings, type Section, truthy } from './config-files.ts';

export type { Finding };

/**
 * What nova.conf and libvirtd.conf say about live and cold migration, judged against today's Nova
 * (options the runbook uses that Nova ignores are called out), plus the settings two hosts must share.
 * Pure: it judges settings parsed elsewhere (config-files.ts).
 */

/** Findings that tell a reader how to take over a host: shown only to the person who asked, never in a channel. */
const EXPLOITABLE = new Set(['auth_tcp']);

export function isExploitable(finding: Finding): boolean {
  return finding.status !== 'pass' && EXPLOITABLE.has(finding.id);
}

export function analyzeNovaConf(host: string, nova: Ini): Finding[] {
  const findings: Finding[] = [];
  const add = (id: string, status: CheckStatus, title: string, evidence: string, fix?: string) =>
    findings.push({ host, id, status, title, evidence, ...(fix ? { fix } : {}) });
  const libvirt = nova.libvirt ?? {};
  const defaults = nova.DEFAULT ?? {};

  if (libvirt.live_migration_uri !== undefined) {
    const uri = libvirt.live_migration_uri;
    if (!uri.includes('%s')) {
      add(
        'live_migration_uri',
        'fail',
        t`live_migration_uri names no destination`,
        `[libvirt] live_migration_uri = ${uri}`,
        t`Remove it and use live_migration_scheme (and live_migration_inbound_addr); a URI without %s sends every migration to one host.`,
      );
    } else {
      add(
        'live_migration_uri',
        'warn',
        t`live_migration_uri is deprecated (since Nova 15)`,
        `[libvirt] live_migration_uri = ${uri}`,
        t`Replace it with live_migration_scheme = tcp|tls and, if needed, live_migration_inbound_addr.`,
      );
    }
  } else {
    const scheme = migrationSettings(nova).scheme;
    add(
      'live_migration_scheme',
      'pass',
      t`Live migration connects with qemu+${scheme}`,
      `[libvirt] live_migration_scheme = ${libvirt.live_migration_scheme ?? t`(default tcp)`}`,
    );
  }
  if (libvirt.live_migration_inbound_addr !== undefined) {
    add(
      'live_migration_inbound_addr',
      'pass',
      t`Peers reach this host at its inbound address`,
      `[libvirt] live_migration_inbound_addr = ${libvirt.live_migration_inbound_addr}`,
    );
  }
  for (const removed of ['live_migration_flag', 'block_migration_flag']) {
    if (libvirt[removed] !== undefined) {
      add(
        removed,
        'warn',
        t`${removed} has no effect: it was removed in Nova 14 (Newton)`,
        `[libvirt] ${removed} = ${libvirt[removed]}`,
        t`Delete it. VIR_MIGRATE_TUNNELLED became live_migration_tunnelled (itself deprecated: prefer live_migration_with_native_tls); the other flags are set by Nova itself.`,
      );
    }
  }
  if (libvirt.live_migration_progress_timeout !== undefined) {
    add(
      'live_migration_progress_timeout',
      'warn',
      t`live_migration_progress_timeout no longer exists`,
      `[libvirt] live_migration_progress_timeout = ${libvirt.live_migration_progress_timeout}`,
      t`Delete it; use live_migration_completion_timeout with live_migration_timeout_action.`,
    );
  }
  if (truthy(libvirt.live_migration_tunnelled)) {
    add(
      'live_migration_tunnelled',
      'warn',
      t`Tunnelled live migration is deprecated (Nova 23) and cannot block-migrate servers with volumes`,
      `[libvirt] live_migration_tunnelled = ${libvirt.live_migration_tunnelled}`,
      t`Use live_migration_with_native_tls = True for encryption instead.`,
    );
  }
  if (libvirt.connection_uri && /^qemu\+(tcp|tls|ssh):/.test(libvirt.connection_uri)) {
    add(
      'connection_uri',
      'warn',
      t`nova-compute talks to its own libvirt over the network`,
      `[libvirt] connection_uri = ${libvirt.connection_uri}`,
      t`Leave connection_uri empty (local qemu:///system); the runbook's qemu+tcp value is for virsh tests, not for nova-compute.`,
    );
  }
  const postCopy = truthy(libvirt.live_migration_permit_post_copy);
  const autoConverge = truthy(libvirt.live_migration_permit_auto_converge);
  if (postCopy && autoConverge) {
    add(
      'convergence',
      'warn',
      t`Post-copy and auto-converge are both permitted; post-copy wins and auto-converge is not used`,
      `[libvirt] live_migration_permit_post_copy = True, live_migration_permit_auto_converge = True`,
      t`Keep one: post-copy for busy guests (needs vm.unprivileged_userfaultfd=1 on newer kernels), or auto-converge.`,
    );
  } else {
    add(
      'convergence',
      postCopy || autoConverge ? 'pass' : 'warn',
      postCopy
        ? t`Busy guests can finish by post-copy`
        : autoConverge
          ? t`Busy guests are slowed down to converge (auto-converge)`
          : t`Neither post-copy nor auto-converge is permitted: a busy guest may never converge`,
      `[libvirt] live_migration_permit_post_copy = ${libvirt.live_migration_permit_post_copy ?? 'False'}, live_migration_permit_auto_converge = ${libvirt.live_migration_permit_auto_converge ?? 'False'}`,
      postCopy || autoConverge
        ? undefined
        : t`Set live_migration_permit_auto_converge = True (or permit post-copy); Ferry can still force-complete a stalled migration.`,
    );
  }
  const timeout = libvirt.live_migration_completion_timeout;
  if (timeout !== undefined && Number(timeout) === 0) {
    add(
      'live_migration_completion_timeout',
      'warn',
      t`Live migrations never time out in Nova`,
      '[libvirt] live_migration_completion_timeout = 0',
      t`Set a timeout (default 800 s per GiB) with live_migration_timeout_action = abort or force_complete.`,
    );
  }
  const action = libvirt.live_migration_timeout_action;
  if (action !== undefined && action !== 'abort' && action !== 'force_complete') {
    add(
      'live_migration_timeout_action',
      'fail',
      t`live_migration_timeout_action "${action}" is not valid`,
      `[libvirt] live_migration_timeout_action = ${action}`,
      t`Use abort (default) or force_complete; nova-compute refuses to start with anything else.`,
    );
  }
  if (truthy(defaults.allow_resize_to_same_host)) {
    add(
      'allow_resize_to_same_host',
      'warn',
      t`allow_resize_to_same_host does not affect cold migration on libvirt`,
      `[DEFAULT] allow_resize_to_same_host = ${defaults.allow_resize_to_same_host}`,
      t`Keep it only if you want resize onto the same host; a libvirt cold migration always picks another host whatever it says.`,
    );
  }
  const maxConcurrent = defaults.max_concurrent_live_migrations;
  if (maxConcurrent !== undefined && Number(maxConcurrent) === 0) {
    add(
      'max_concurrent_live_migrations',
      'warn',
      t`max_concurrent_live_migrations = 0 ("unlimited") is deprecated`,
      '[DEFAULT] max_concurrent_live_migrations = 0',
      t`Set a number (default 1); Ferry already limits how many it starts.`,
    );
  }
  const oldFilters = defaults.scheduler_default_filters;
  if (oldFilters !== undefined) {
    add(
      'scheduler_default_filters',
      'warn',
      t`scheduler_default_filters is ignored: it moved to [filter_scheduler] enabled_filters in Nova 15 (Ocata)`,
      `[DEFAULT] scheduler_default_filters = ${oldFilters}`,
      t`Move the list to [filter_scheduler] enabled_filters (on the scheduler host).`,
    );
  }
  const filters = nova.filter_scheduler?.enabled_filters ?? oldFilters;
  if (filters) {
    const removed = ['RamFilter', 'CoreFilter', 'DiskFilter', 'RetryFilter'].filter((name) =>
      filters
        .split(',')
        .map((f) => f.trim())
        .includes(name),
    );
    if (removed.length) {
      add(
        'removed_filters',
        'warn',
        t`${removed.join(t`, `)} no longer exist (capacity is Placement's job since Train)`,
        `enabled_filters = ${filters}`,
        t`Remove ${removed.join(t`, `)} from the filter list; the scheduler fails to start with unknown filters on current releases.`,
      );
    }
    if (!filters.includes('ServerGroupAntiAffinityFilter')) {
      add(
        'anti_affinity_filter',
        'warn',
        t`ServerGroupAntiAffinityFilter is not enabled: anti-affinity groups are not enforced on moves`,
        `enabled_filters = ${filters}`,
        t`Add ServerGroupAntiAffinityFilter and ServerGroupAffinityFilter.`,
      );
    }
  }
  const vnc = nova.vnc?.server_listen ?? nova.vnc?.vncserver_listen;
  if (vnc && !['0.0.0.0', '::', '[::]'].includes(vnc)) {
    add(
      'vnc_listen',
      'fail',
      t`VNC listens on a host-specific address, which does not exist on the destination`,
      `[vnc] server_listen = ${vnc}`,
      t`Set [vnc] server_listen = 0.0.0.0 (and firewall the console ports), or the migrated guest cannot start there.`,
    );
  }
  return findings;
}

export function analyzeLibvirtd(
  host: string,
  conf: Section,
  settings: MigrationSettings,
  socketUnits: { tcp: boolean; tls: boolean },
): Finding[] {
  const findings: Finding[] = [];
  const add = (id: string, status: CheckStatus, title: string, evidence: string, fix?: string) =>
    findings.push({ host, id, status, title, evidence, ...(fix ? { fix } : {}) });
  const listenTcp = truthy(conf.listen_tcp);
  const listenTls = conf.listen_tls === undefined ? true : truthy(conf.listen_tls);
  const evidence = `listen_tcp = ${conf.listen_tcp ?? t`(unset)`}, listen_tls = ${conf.listen_tls ?? t`(unset)`}${conf.tcp_port ? `, tcp_port = ${conf.tcp_port}` : ''}${conf.listen_addr ? `, listen_addr = ${conf.listen_addr}` : ''}`;
  if (socketUnits.tcp || socketUnits.tls) {
    add(
      'libvirtd_listen',
      'pass',
      t`libvirtd is socket-activated (${[socketUnits.tcp ? 'libvirtd-tcp.socket' : '', socketUnits.tls ? 'libvirtd-tls.socket' : ''].filter(Boolean).join(t`, `)}); listen_* in libvirtd.conf are ignored`,
      evidence,
    );
  } else if (settings.scheme === 'tcp' && !listenTcp) {
    add(
      'libvirtd_listen',
      'fail',
      t`libvirtd does not listen on TCP, but Nova migrates over qemu+tcp`,
      evidence,
      t`Enable libvirtd-tcp.socket (systemctl enable --now libvirtd-tcp.socket) on socket-activated hosts, or set listen_tcp = 1 and start libvirtd with --listen.`,
    );
  } else if (settings.scheme === 'tls' && !listenTls) {
    add(
      'libvirtd_listen',
      'fail',
      t`libvirtd does not listen on TLS, but Nova migrates over qemu+tls`,
      evidence,
      t`Enable libvirtd-tls.socket, or set listen_tls = 1 with --listen.`,
    );
  } else {
    add('libvirtd_listen', 'pass', t`libvirtd is configured to listen for qemu+${settings.scheme}`, evidence);
  }
  if (conf.tcp_port && Number(conf.tcp_port) !== 16509 && settings.scheme === 'tcp') {
    add(
      'tcp_port',
      'warn',
      t`libvirtd listens on ${conf.tcp_port}, but Nova's qemu+tcp URIs use 16509`,
      `tcp_port = ${conf.tcp_port}`,
      t`Use 16509, or put the port in live_migration_inbound_addr.`,
    );
  }
  const authTcp = conf.auth_tcp ?? 'sasl';
  if ((listenTcp || socketUnits.tcp) && authTcp === 'none') {
    add(
      'auth_tcp',
      'warn',
      t`auth_tcp = "none": anyone who can reach port 16509 controls every VM on this host`,
      `auth_tcp = "${authTcp}"`,
      t`Use TLS (live_migration_scheme = tls or live_migration_with_native_tls) or auth_tcp = "sasl"; at the least firewall 16509 to the compute hosts.`,
    );
  } else if (listenTcp || socketUnits.tcp) {
    add('auth_tcp', 'pass', t`TCP connections authenticate with ${authTcp}`, `auth_tcp = "${authTcp}"`);
  }
  return findings;
}

/** Settings both ends of a migration must agree on. */
export function comparePair(
  host: string,
  peer: string,
  a: MigrationSettings,
  b: MigrationSettings,
): Finding[] {
  const findings: Finding[] = [];
  const pair = `${host} ↔ ${peer}`;
  const differ = (id: string, title: string, left: string, right: string, fix: string) =>
    findings.push({
      host: pair,
      id,
      status: 'fail',
      title,
      evidence: `${host}: ${left}; ${peer}: ${right}`,
      fix,
    });
  if (a.scheme !== b.scheme)
    differ(
      'pair_scheme',
      t`The two hosts use different migration schemes`,
      a.scheme,
      b.scheme,
      t`Set the same [libvirt] live_migration_scheme on both.`,
    );
  if (a.tunnelled !== b.tunnelled)
    differ(
      'pair_tunnelled',
      t`One host tunnels migrations and the other does not`,
      String(a.tunnelled),
      String(b.tunnelled),
      t`Set the same live_migration_tunnelled on both (better: False, with native TLS).`,
    );
  if (a.nativeTls !== b.nativeTls)
    differ(
      'pair_tls',
      t`Native TLS is on for one host only`,
      String(a.nativeTls),
      String(b.nativeTls),
      t`Set the same live_migration_with_native_tls on both.`,
    );
  if (a.instancesPath !== b.instancesPath)
    differ(
      'pair_instances_path',
      t`instances_path differs`,
      a.instancesPath,
      b.instancesPath,
      t`Use the same [DEFAULT] instances_path on every compute host.`,
    );
  if (findings.length === 0)
    findings.push({
      host: pair,
      id: 'pair',
      status: 'pass',
      title: t`Both hosts agree on scheme, tunnelling, TLS and instances_path`,
      evidence: t`${a.scheme}, tunnelled ${a.tunnelled}, native TLS ${a.nativeTls}`,
    });
  return findings;
}
