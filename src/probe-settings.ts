import type { ProbeSetting } from './core/model/proof-facts.ts';
import { SettingError } from './setting-error.ts';

/** The host name FERRY_PROBE gives to probe from Ferry's own host: said explicitly, never assumed. */
export const FROM_FERRY = 'ferry';

const SYNTAX = /^(?:tcp:(\d{1,5})|(icmp))@([A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?)$/;

/**
 * FERRY_PROBE, read strictly: `tcp:<port>@<host>` (a TCP connect to that port of each fixed address)
 * or `icmp@<host>` (one ping), from `<host>` over Ferry's SSH (FERRY_SSH_*), or from Ferry's own host
 * when `<host>` is `ferry`. Absent or empty: no probe. Anything else: a SettingError saying why.
 */
export function parseProbe(raw: string | undefined): ProbeSetting | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const match = SYNTAX.exec(text);
  const port = Number(match?.[1]);
  if (!match || (match[1] !== undefined && (port < 1 || port > 65_535)))
    throw new SettingError(
      'FERRY_PROBE',
      `must be tcp:<port>@<host> or icmp@<host> (e.g. tcp:22@jumphost, icmp@jumphost; the host ${FROM_FERRY} for Ferry's own host), got "${text}"`,
    );
  const from = match[3] === FROM_FERRY ? null : (match[3] as string);
  return match[2] ? { how: 'icmp', from } : { how: 'tcp', port, from };
}
