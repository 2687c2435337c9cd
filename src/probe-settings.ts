import { OPTIONAL_PROOFS, type ProbeSetting, type ProofName } from './core/model/proof-facts.ts';
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

/**
 * FERRY_PROOFS_OFF: the proofs after a move an operator turns off, separated by commas (`console` for
 * guests that print nothing to their console). Absent or empty: every proof available is made. Nova's
 * proof cannot be turned off; anything else unknown is a SettingError naming the variable.
 */
export function parseProofsOff(raw: string | undefined): ProofName[] {
  const names = (raw ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(OPTIONAL_PROOFS as readonly string[]).includes(name))
      throw new SettingError(
        'FERRY_PROOFS_OFF',
        `must list proofs separated by commas, each one of ${OPTIONAL_PROOFS.join(', ')} (Nova's proof cannot be turned off), got "${name}"`,
      );
  return [...new Set(names as ProofName[])];
}
