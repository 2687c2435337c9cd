import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeLibvirtd, analyzeNovaConf, comparePair } from '../../src/hostcheck/analyze.ts';
import { migrationSettings, parseLibvirtdConf, parseNovaConf } from '../../src/hostcheck/config-files.ts';

const fixture = (host: string, file: string) =>
  readFileSync(new URL(`../fixtures/hosts/${host}/${file}`, import.meta.url), 'utf8');
const nova = (host: string, fragments: string[] = []) =>
  parseNovaConf([fixture(host, 'nova.conf'), ...fragments.map((f) => fixture(host, `nova.conf.d/${f}`))]);
const statuses = (findings: { id: string; status: string }[]) =>
  Object.fromEntries(findings.map((f) => [f.id, f.status]));

describe('nova.conf and libvirtd.conf findings', () => {
  it('passes a correct TLS host', () => {
    const conf = nova('correct');
    const findings = [
      ...analyzeNovaConf('c1', conf),
      ...analyzeLibvirtd(
        'c1',
        parseLibvirtdConf(fixture('correct', 'libvirtd.conf')),
        migrationSettings(conf),
        { tcp: false, tls: false },
      ),
    ];
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(migrationSettings(conf)).toMatchObject({ scheme: 'tls', port: 16514, nativeTls: true });
  });

  it("explains what is wrong or obsolete in the runbook's CentOS settings", () => {
    const conf = nova('centos-runbook');
    const findings = [
      ...analyzeNovaConf('c1', conf),
      ...analyzeLibvirtd(
        'c1',
        parseLibvirtdConf(fixture('centos-runbook', 'libvirtd.conf')),
        migrationSettings(conf),
        { tcp: false, tls: false },
      ),
    ];
    expect(statuses(findings)).toMatchObject({
      live_migration_flag: 'warn',
      allow_resize_to_same_host: 'warn',
      scheduler_default_filters: 'warn',
      removed_filters: 'warn',
      convergence: 'warn',
      libvirtd_listen: 'pass',
      auth_tcp: 'warn',
    });
    expect(findings.find((f) => f.id === 'live_migration_flag')?.title).toMatch(/removed in Nova 14/);
    expect(findings.find((f) => f.id === 'removed_filters')?.title).toMatch(
      /RamFilter, DiskFilter, RetryFilter/,
    );
    expect(findings.find((f) => f.id === 'auth_tcp')).toMatchObject({ evidence: 'auth_tcp = "none"' });
  });

  it("flags the Ubuntu runbook's remote connection_uri", () => {
    expect(statuses(analyzeNovaConf('u1', nova('ubuntu-runbook')))).toMatchObject({
      connection_uri: 'warn',
      live_migration_flag: 'warn',
    });
  });

  it('reads nova.conf.d fragments and trusts socket activation over listen_*', () => {
    const conf = nova('socket-activated', ['50-migration.conf']);
    expect(conf.libvirt?.live_migration_timeout_action).toBe('force_complete');
    const findings = [
      ...analyzeNovaConf('s1', conf),
      ...analyzeLibvirtd(
        's1',
        parseLibvirtdConf(fixture('socket-activated', 'libvirtd.conf')),
        migrationSettings(conf),
        { tcp: true, tls: false },
      ),
    ];
    expect(statuses(findings)).toMatchObject({
      libvirtd_listen: 'pass',
      auth_tcp: 'pass',
      convergence: 'pass',
      live_migration_inbound_addr: 'pass',
    });
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('fails a broken host with the setting to change', () => {
    const conf = nova('broken');
    const findings = [
      ...analyzeNovaConf('b1', conf),
      ...analyzeLibvirtd(
        'b1',
        parseLibvirtdConf(fixture('broken', 'libvirtd.conf')),
        migrationSettings(conf),
        { tcp: false, tls: false },
      ),
    ];
    expect(statuses(findings)).toMatchObject({
      live_migration_uri: 'fail',
      live_migration_tunnelled: 'warn',
      live_migration_completion_timeout: 'warn',
      live_migration_timeout_action: 'fail',
      max_concurrent_live_migrations: 'warn',
      vnc_listen: 'fail',
      libvirtd_listen: 'fail',
      tcp_port: 'warn',
    });
    expect(findings.find((f) => f.id === 'vnc_listen')?.fix).toMatch(/server_listen = 0.0.0.0/);
  });

  it('fails a pair that disagrees on scheme, tunnelling, TLS or instances_path', () => {
    const pair = comparePair(
      'b1',
      'c1',
      migrationSettings(nova('broken')),
      migrationSettings(nova('correct')),
    );
    expect(pair.map((f) => f.id).sort()).toEqual([
      'pair_instances_path',
      'pair_scheme',
      'pair_tls',
      'pair_tunnelled',
    ]);
    expect(
      comparePair('c1', 'c2', migrationSettings(nova('correct')), migrationSettings(nova('correct'))),
    ).toMatchObject([{ status: 'pass' }]);
  });
});
