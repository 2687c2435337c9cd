import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CloudConfigError } from '../core/cloud-errors.ts';

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface PasswordAuth {
  kind: 'password';
  username?: string;
  userId?: string;
  password: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
}

export interface ApplicationCredentialAuth {
  kind: 'applicationCredential';
  id?: string;
  name?: string;
  secret: string;
  username?: string;
  userId?: string;
  userDomainName?: string;
  userDomainId?: string;
}

export interface CloudConfig {
  /** Where the settings came from, for banners and errors (never includes a secret). */
  source: string;
  authUrl: string;
  auth: PasswordAuth | ApplicationCredentialAuth;
  regionName?: string;
  interface: EndpointInterface;
  cacert?: string;
  verify: boolean;
}

type Flat = Record<string, string | boolean | undefined>;

const SELECTORS = new Set([
  'OS_CLOUD',
  'OS_REGION_NAME',
  'OS_CLIENT_CONFIG_FILE',
  'OS_CLIENT_SECURE_FILE',
  'OS_CLOUD_NAME',
]);
const CONFIG_NAMES = ['clouds.yaml', 'clouds.yml', 'clouds.json'];
const SECURE_NAMES = ['secure.yaml', 'secure.yml', 'secure.json'];

export interface LoadOptions {
  cwd?: string;
  home?: string;
}

/**
 * Reads the cloud the way the openstack CLI does: clouds.yaml (+ secure.yaml) chosen by OS_CLOUD,
 * or the OS_* variables, which also override the chosen cloud's values.
 * Answers null when nothing at all is configured.
 */
export function loadCloudConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): CloudConfig | null {
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  const fromEnv = envSettings(env);
  const hasEnvCloud = Object.keys(fromEnv).length > 0;

  const configFile = findFile(configDirs(env.OS_CLIENT_CONFIG_FILE, cwd, home), CONFIG_NAMES);
  let cloudName = env.OS_CLOUD?.trim() || undefined;
  let fileSettings: Flat = {};
  let source = 'OS_* environment variables';

  if (cloudName || (!hasEnvCloud && configFile)) {
    if (!configFile) {
      throw new CloudConfigError(
        `OS_CLOUD is "${cloudName}" but no clouds.yaml was found (looked in ${configDirs(env.OS_CLIENT_CONFIG_FILE, cwd, home).join(', ')}).`,
        'OS_CLOUD',
      );
    }
    const clouds = readClouds(configFile);
    const names = Object.keys(clouds);
    if (!cloudName) {
      // The CLI's rule: with no OS_CLOUD, a file holding exactly one cloud makes it the default.
      if (names.length !== 1) return null;
      cloudName = names[0] as string;
    }
    const entry = clouds[cloudName];
    if (!entry) {
      throw new CloudConfigError(
        `OS_CLOUD is "${cloudName}" but ${configFile} defines only: ${names.join(', ') || 'no clouds'}.`,
        'OS_CLOUD',
      );
    }
    const secureFile = env.OS_CLIENT_SECURE_FILE ?? findFile(configDirs(undefined, cwd, home), SECURE_NAMES);
    const secureEntry = secureFile && existsSync(secureFile) ? readClouds(secureFile)[cloudName] : undefined;
    fileSettings = { ...flatten(entry), ...(secureEntry ? flatten(secureEntry) : {}) };
    source = `clouds.yaml ${configFile} (cloud "${cloudName}")`;
  } else if (!hasEnvCloud) {
    return null;
  }

  const merged: Flat = { ...fileSettings, ...fromEnv };
  if (env.OS_REGION_NAME) merged.region_name = env.OS_REGION_NAME;
  return toConfig(merged, source);
}

function envSettings(env: NodeJS.ProcessEnv): Flat {
  const settings: Flat = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('OS_') || SELECTORS.has(key) || value === undefined || value === '') continue;
    settings[key.slice(3).toLowerCase()] = value;
  }
  // Microversion pins are the CLI's own business; Ferry negotiates its own.
  delete settings.compute_api_version;
  delete settings.identity_api_version;
  delete settings.placement_api_version;
  return settings;
}

function configDirs(explicitFile: string | undefined, cwd: string, home: string): string[] {
  const dirs = [cwd, join(home, '.config', 'openstack'), '/etc/openstack'];
  return explicitFile ? [resolve(cwd, explicitFile), ...dirs] : dirs;
}

function findFile(candidates: string[], names: string[]): string | undefined {
  for (const candidate of candidates) {
    if (/\.(ya?ml|json)$/.test(candidate)) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    for (const name of names) {
      const path = join(candidate, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

function readClouds(path: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CloudConfigError(`${path} cannot be read: ${(error as Error).message}`, path);
  }
  const clouds = (document as { clouds?: unknown } | null)?.clouds;
  if (!clouds || typeof clouds !== 'object') {
    throw new CloudConfigError(`${path} has no "clouds:" mapping.`, path);
  }
  return clouds as Record<string, unknown>;
}

/** clouds.yaml nests credentials under `auth:`; the CLI treats both levels as one namespace. */
function flatten(entry: unknown): Flat {
  const result: Flat = {};
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const normalized = key.replaceAll('-', '_');
      if (normalized === 'auth') visit(inner);
      else if (typeof inner === 'string' || typeof inner === 'boolean') result[normalized] = inner;
      else if (typeof inner === 'number') result[normalized] = String(inner);
    }
  };
  visit(entry);
  return result;
}

function text(settings: Flat, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function toConfig(settings: Flat, source: string): CloudConfig {
  const need = (key: string, why: string): string => {
    const value = text(settings, key);
    if (!value)
      throw new CloudConfigError(
        `${why}: set OS_${key.toUpperCase()} (or "${key}" in clouds.yaml). Source: ${source}.`,
        `OS_${key.toUpperCase()}`,
      );
    return value;
  };

  const authUrl = need('auth_url', 'The Keystone URL is missing');
  if (!/^https?:\/\//.test(authUrl)) {
    throw new CloudConfigError(`OS_AUTH_URL must be an http(s) URL, got "${authUrl}".`, 'OS_AUTH_URL');
  }

  const authType = (text(settings, 'auth_type') ?? 'password').toLowerCase();
  const appCredGiven = [
    'application_credential_id',
    'application_credential_name',
    'application_credential_secret',
  ].filter((key) => text(settings, key));
  let auth: PasswordAuth | ApplicationCredentialAuth;

  if (authType === 'password' || authType === 'v3password') {
    if (appCredGiven.length > 0) {
      throw new CloudConfigError(
        `OS_${appCredGiven[0]?.toUpperCase()} is set but the auth type is "${authType}": set OS_AUTH_TYPE=v3applicationcredential, or remove the application credential settings.`,
        'OS_AUTH_TYPE',
      );
    }
    const username = text(settings, 'username');
    const userId = text(settings, 'user_id');
    if (!username && !userId) need('username', 'Password authentication needs a user');
    const password = need('password', 'Password authentication needs a password');
    const projectName = text(settings, 'project_name') ?? text(settings, 'tenant_name');
    const projectId = text(settings, 'project_id') ?? text(settings, 'tenant_id');
    if (!projectName && !projectId)
      need('project_name', 'Ferry needs a project-scoped token (admin rights) to migrate');
    const domainName = text(settings, 'domain_name');
    const userDomainName = text(settings, 'user_domain_name') ?? (userId ? undefined : domainName);
    const userDomainId = text(settings, 'user_domain_id');
    if (username && !userId && !userDomainName && !userDomainId) {
      need('user_domain_name', `OS_USERNAME is a name, so Keystone needs its domain (usually "Default")`);
    }
    const projectDomainName = text(settings, 'project_domain_name') ?? (projectId ? undefined : domainName);
    const projectDomainId = text(settings, 'project_domain_id');
    if (projectName && !projectId && !projectDomainName && !projectDomainId) {
      need(
        'project_domain_name',
        `OS_PROJECT_NAME is a name, so Keystone needs its domain (usually "Default")`,
      );
    }
    auth = {
      kind: 'password',
      password,
      ...defined({
        username,
        userId,
        userDomainName,
        userDomainId,
        projectName,
        projectId,
        projectDomainName,
        projectDomainId,
      }),
    };
  } else if (authType === 'v3applicationcredential' || authType === 'applicationcredential') {
    const id = text(settings, 'application_credential_id');
    const name = text(settings, 'application_credential_name');
    if (!id && !name)
      need('application_credential_id', 'Application credential authentication needs the credential');
    const secret = need(
      'application_credential_secret',
      'Application credential authentication needs the secret',
    );
    const scoped = ['project_name', 'project_id', 'tenant_name'].find((key) => text(settings, key));
    if (scoped) {
      throw new CloudConfigError(
        `OS_${scoped.toUpperCase()} is set together with an application credential; Keystone refuses a scope for application credentials ("Application credentials cannot request a scope"). Remove OS_${scoped.toUpperCase()}.`,
        `OS_${scoped.toUpperCase()}`,
      );
    }
    const username = text(settings, 'username');
    const userId = text(settings, 'user_id');
    if (!id && !username && !userId) {
      need('user_id', 'An application credential given by name needs its user');
    }
    auth = {
      kind: 'applicationCredential',
      secret,
      ...defined({
        id,
        name: id ? undefined : name,
        username,
        userId,
        userDomainName: text(settings, 'user_domain_name'),
        userDomainId: text(settings, 'user_domain_id'),
      }),
    };
  } else {
    throw new CloudConfigError(
      `OS_AUTH_TYPE "${authType}" is not supported; use password (the default) or v3applicationcredential.`,
      'OS_AUTH_TYPE',
    );
  }

  const rawInterface = (text(settings, 'interface') ?? text(settings, 'endpoint_type') ?? 'public')
    .toLowerCase()
    .replace(/url$/, '');
  if (rawInterface !== 'public' && rawInterface !== 'internal' && rawInterface !== 'admin') {
    throw new CloudConfigError(
      `OS_INTERFACE must be public, internal or admin, got "${rawInterface}".`,
      'OS_INTERFACE',
    );
  }
  const verifySetting = settings.verify;
  const verify = !(verifySetting === false || verifySetting === 'false' || verifySetting === 'False');
  const cacert = text(settings, 'cacert');
  if (cacert && !existsSync(cacert)) {
    throw new CloudConfigError(`OS_CACERT points to ${cacert}, which does not exist.`, 'OS_CACERT');
  }
  return {
    source,
    authUrl: authUrl.replace(/\/+$/, ''),
    auth,
    interface: rawInterface,
    verify,
    ...defined({ regionName: text(settings, 'region_name'), cacert }),
  };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Loopback is the only network where clear text cannot be read by anyone else. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Refuses to send credentials or tokens in clear text off this machine: plain http to anything but
 * loopback needs FERRY_ALLOW_INSECURE_CLOUD=true. `what` names where the URL came from.
 */
export function assertSecureUrl(url: string, what: string, allowInsecure: boolean): void {
  if (allowInsecure || !url.startsWith('http:') || isLoopback(url)) return;
  throw new CloudConfigError(
    `${what} ${url} would carry Ferry's credentials and tokens in clear text across the network. Use https, or set FERRY_ALLOW_INSECURE_CLOUD=true if that network is trusted.`,
    what.startsWith('OS_') ? what : 'OS_AUTH_URL',
  );
}

/** What start-up must say about a cloud connection that is less safe than it looks. */
export function cloudWarnings(config: CloudConfig, allowInsecure: boolean): string[] {
  const warnings: string[] = [];
  if (!config.verify)
    warnings.push(
      `TLS certificates of ${config.authUrl} are not verified (verify: false / OS_VERIFY=false): anyone on the path could read Ferry's credentials. Set OS_CACERT instead.`,
    );
  if (allowInsecure && config.authUrl.startsWith('http:') && !isLoopback(config.authUrl))
    warnings.push(
      `FERRY_ALLOW_INSECURE_CLOUD=true: credentials and tokens go to ${config.authUrl} in clear text.`,
    );
  return warnings;
}
