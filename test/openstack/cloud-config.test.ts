import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudConfigError } from '../../src/core/cloud-errors.ts';
import { loadCloudConfig } from '../../src/openstack/cloud-config.ts';

const nowhere = { cwd: '/nonexistent', home: '/nonexistent' };
const passwordEnv = {
  OS_AUTH_URL: 'https://keystone.example.com:5000/v3',
  OS_USERNAME: 'ferry',
  OS_PASSWORD: 's3cret',
  OS_PROJECT_NAME: 'admin',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
};

function settingOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CloudConfigError) return error.setting;
    throw error;
  }
  throw new Error('expected a CloudConfigError');
}

describe('loadCloudConfig', () => {
  it('answers null when nothing is configured', () => {
    expect(loadCloudConfig({}, nowhere)).toBeNull();
  });

  it('reads the OS_* password variables', () => {
    const config = loadCloudConfig(
      { ...passwordEnv, OS_REGION_NAME: 'RegionTwo', OS_INTERFACE: 'internal' },
      nowhere,
    );
    expect(config).toMatchObject({
      authUrl: 'https://keystone.example.com:5000/v3',
      regionName: 'RegionTwo',
      interface: 'internal',
      auth: { kind: 'password', username: 'ferry', projectName: 'admin', userDomainName: 'Default' },
      source: 'OS_* environment variables',
    });
  });

  it('names the missing setting', () => {
    const { OS_PASSWORD: _, ...noPassword } = passwordEnv;
    expect(settingOf(() => loadCloudConfig(noPassword, nowhere))).toBe('OS_PASSWORD');
    const { OS_USER_DOMAIN_NAME: __, ...noDomain } = passwordEnv;
    expect(settingOf(() => loadCloudConfig(noDomain, nowhere))).toBe('OS_USER_DOMAIN_NAME');
    expect(settingOf(() => loadCloudConfig({ ...passwordEnv, OS_AUTH_URL: 'keystone:5000' }, nowhere))).toBe(
      'OS_AUTH_URL',
    );
    expect(settingOf(() => loadCloudConfig({ ...passwordEnv, OS_INTERFACE: 'private' }, nowhere))).toBe(
      'OS_INTERFACE',
    );
  });

  it('refuses contradictory application credential settings', () => {
    const appcred = {
      OS_AUTH_URL: 'https://keystone.example.com/v3',
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: 'abc',
      OS_APPLICATION_CREDENTIAL_SECRET: 'xyz',
    };
    expect(loadCloudConfig(appcred, nowhere)?.auth).toEqual({
      kind: 'applicationCredential',
      id: 'abc',
      secret: 'xyz',
    });
    expect(settingOf(() => loadCloudConfig({ ...appcred, OS_PROJECT_NAME: 'admin' }, nowhere))).toBe(
      'OS_PROJECT_NAME',
    );
    expect(
      settingOf(() => loadCloudConfig({ ...passwordEnv, OS_APPLICATION_CREDENTIAL_ID: 'abc' }, nowhere)),
    ).toBe('OS_AUTH_TYPE');
    expect(
      settingOf(() => loadCloudConfig({ ...appcred, OS_APPLICATION_CREDENTIAL_SECRET: '' }, nowhere)),
    ).toBe('OS_APPLICATION_CREDENTIAL_SECRET');
  });

  it('chooses a clouds.yaml entry by OS_CLOUD, merges secure.yaml, and lets OS_* override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-clouds-'));
    writeFileSync(
      join(dir, 'clouds.yaml'),
      `clouds:
  prod:
    region_name: RegionOne
    interface: internal
    auth:
      auth_url: https://keystone.prod:5000/v3
      username: ferry
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
  lab:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://lab:5000
      application_credential_id: labid
      application_credential_secret: labsecret
`,
    );
    writeFileSync(join(dir, 'secure.yaml'), 'clouds:\n  prod:\n    auth:\n      password: from-secure\n');
    const prod = loadCloudConfig(
      { OS_CLOUD: 'prod', OS_REGION_NAME: 'RegionTwo' },
      { cwd: dir, home: '/nonexistent' },
    );
    expect(prod).toMatchObject({
      regionName: 'RegionTwo',
      interface: 'internal',
      auth: { kind: 'password', password: 'from-secure' },
    });
    expect(prod?.source).toContain('cloud "prod"');
    expect(loadCloudConfig({ OS_CLOUD: 'lab' }, { cwd: dir, home: '/nonexistent' })?.auth.kind).toBe(
      'applicationCredential',
    );
    expect(
      settingOf(() => loadCloudConfig({ OS_CLOUD: 'staging' }, { cwd: dir, home: '/nonexistent' })),
    ).toBe('OS_CLOUD');
    // Two clouds and no OS_CLOUD: the CLI would not pick one either.
    expect(loadCloudConfig({}, { cwd: dir, home: '/nonexistent' })).toBeNull();
  });

  it('finds clouds.yaml under ~/.config/openstack and takes a lone cloud as the default', () => {
    const home = mkdtempSync(join(tmpdir(), 'ferry-home-'));
    mkdirSync(join(home, '.config', 'openstack'), { recursive: true });
    writeFileSync(
      join(home, '.config', 'openstack', 'clouds.yaml'),
      'clouds:\n  only:\n    auth:\n      auth_url: http://k:5000/v3\n      user_id: u1\n      password: p\n      project_id: p1\n',
    );
    expect(loadCloudConfig({}, { cwd: '/nonexistent', home })).toMatchObject({
      auth: { userId: 'u1', projectId: 'p1' },
    });
  });

  it('says so when OS_CLOUD is set but there is no clouds.yaml', () => {
    expect(() => loadCloudConfig({ OS_CLOUD: 'prod' }, nowhere)).toThrow(/no clouds.yaml was found/);
  });

  it('never puts a secret into an error message', () => {
    const failing = () => loadCloudConfig({ ...passwordEnv, OS_INTERFACE: 'nope' }, nowhere);
    expect(failing).toThrow(CloudConfigError);
    expect(failing).not.toThrow(/s3cret/);
  });
});
