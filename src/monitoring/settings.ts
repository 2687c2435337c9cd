import { readFileSync } from 'node:fs';
import { SettingError } from '../setting-error.ts';

/** One matcher of FERRY_SILENCE_MATCHERS, `{host}` still in its value. */
export interface MatcherTemplate {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** FERRY_GATES, FERRY_PROMETHEUS_URL, FERRY_ALERTMANAGER_URL, FERRY_SILENCE_MATCHERS, FERRY_SILENCE_LEASE_S. */
export interface MonitoringSettings {
  gates?: { prometheusUrl: string; queries: string[] };
  silences?: { alertmanagerUrl: string; matchers: MatcherTemplate[]; leaseMs: number };
}

const DEFAULT_LEASE_S = 300;

/** An http(s) URL without credentials in it (they would reach logs and errors), or a SettingError. */
function serviceUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingError(name, `must be an http(s) URL (e.g. http://prometheus:9090), got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SettingError(name, `must be an http(s) URL (e.g. http://prometheus:9090), got "${raw}"`);
  if (url.username || url.password) throw new SettingError(name, 'must not carry credentials');
  return url.toString().replace(/\/+$/, '');
}

/**
 * FERRY_GATES: PromQL expressions that must return an empty result, separated by `;;` (PromQL itself
 * never has two semicolons in a row), or `@<path>`: a file with one expression per line (blank lines
 * and lines starting with # left out).
 */
export function parseGates(raw: string): string[] {
  const text = raw.trim();
  let queries: string[];
  if (text.startsWith('@')) {
    const path = text.slice(1).trim();
    let file: string;
    try {
      file = readFileSync(path, 'utf8');
    } catch (error) {
      throw new SettingError('FERRY_GATES', `cannot read ${path}: ${(error as Error).message}`);
    }
    queries = file
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
  } else
    queries = text
      .split(';;')
      .map((query) => query.trim())
      .filter(Boolean);
  if (queries.length === 0)
    throw new SettingError('FERRY_GATES', 'names no query (separate several with ;; or give @<file>)');
  for (const query of queries) {
    if (query.length > 2000) throw new SettingError('FERRY_GATES', `a query is longer than 2000 characters`);
    if ([...query].some((c) => c.charCodeAt(0) < 32))
      throw new SettingError('FERRY_GATES', `a query holds a control character: "${JSON.stringify(query)}"`);
  }
  return queries;
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/;

/** FERRY_SILENCE_MATCHERS: `name="value"` (also `!=`, `=~`, `!~`), comma-separated; `{host}` is the host. */
export function parseSilenceMatchers(raw: string): MatcherTemplate[] {
  const matchers: MatcherTemplate[] = [];
  let rest = raw.trim();
  while (rest) {
    const match = MATCHER.exec(rest);
    if (!match)
      throw new SettingError(
        'FERRY_SILENCE_MATCHERS',
        `must be matchers like instance=~"{host}.*",job="node" ({host}: the host's name), got "${raw.trim()}"`,
      );
    const op = match[2] as string;
    matchers.push({
      name: match[1] as string,
      value: (match[3] as string).replace(/\\(.)/g, '$1'),
      isRegex: op === '=~' || op === '!~',
      isEqual: op === '=' || op === '=~',
    });
    rest = rest.slice(match[0].length).trim();
  }
  if (!matchers.some((m) => m.value.includes('{host}')))
    throw new SettingError(
      'FERRY_SILENCE_MATCHERS',
      'no matcher names {host}: every alert would be silenced',
    );
  if (!matchers.some((m) => m.isEqual))
    throw new SettingError(
      'FERRY_SILENCE_MATCHERS',
      'needs at least one = or =~ matcher (Alertmanager refuses silences of only negative matchers)',
    );
  return matchers;
}

/** The monitoring settings, read strictly; one without the other it needs is a SettingError. */
export function readMonitoringSettings(text: (name: string) => string | undefined): MonitoringSettings {
  const settings: MonitoringSettings = {};
  const gates = text('FERRY_GATES');
  const prometheus = text('FERRY_PROMETHEUS_URL');
  if (gates && !prometheus)
    throw new SettingError(
      'FERRY_PROMETHEUS_URL',
      'must be set when FERRY_GATES is (where the gates are asked)',
    );
  if (prometheus && !gates) throw new SettingError('FERRY_GATES', 'must be set when FERRY_PROMETHEUS_URL is');
  if (gates && prometheus)
    settings.gates = {
      prometheusUrl: serviceUrl('FERRY_PROMETHEUS_URL', prometheus),
      queries: parseGates(gates),
    };
  const alertmanager = text('FERRY_ALERTMANAGER_URL');
  const matchers = text('FERRY_SILENCE_MATCHERS');
  if (alertmanager && !matchers)
    throw new SettingError(
      'FERRY_SILENCE_MATCHERS',
      'must be set when FERRY_ALERTMANAGER_URL is (e.g. instance=~"{host}.*")',
    );
  if (matchers && !alertmanager)
    throw new SettingError('FERRY_ALERTMANAGER_URL', 'must be set when FERRY_SILENCE_MATCHERS is');
  const leaseRaw = text('FERRY_SILENCE_LEASE_S');
  const lease = leaseRaw === undefined ? DEFAULT_LEASE_S : Number(leaseRaw);
  if (!Number.isFinite(lease) || lease < 60 || lease > 3600)
    throw new SettingError('FERRY_SILENCE_LEASE_S', `must be between 60 and 3600 seconds, got "${leaseRaw}"`);
  if (alertmanager && matchers)
    settings.silences = {
      alertmanagerUrl: serviceUrl('FERRY_ALERTMANAGER_URL', alertmanager),
      matchers: parseSilenceMatchers(matchers),
      leaseMs: lease * 1000,
    };
  return settings;
}
