/**
 * What an `ipmitool -v … chassis power cycle` that failed said, as a typed error (issue #30's BMC
 * path). The cases and their words were read from Debian 12's ipmitool 1.8.19 against Debian's
 * `ipmi_sim` (test/hostcheck/ipmi.test.ts): without `-v` a wrong password, an unknown user and a BMC
 * that does not answer all end in the same "Unable to establish IPMI v2 / RMCP+ session"; with `-v`
 * each says its own line. No case carries anything of the password: Ferry never reads it.
 */

export type BmcFailureCode =
  /** the BMC answered and refused the password in FERRY_BMC_PASSWORD_FILE (RAKP 2 HMAC invalid) */
  | 'password-rejected'
  /** the BMC answered and does not know the user */
  | 'user-rejected'
  /** nothing answered IPMI at the address (and port) */
  | 'no-answer'
  /** the address is a name that does not resolve */
  | 'address-unknown'
  /** FERRY_BMC_PASSWORD_FILE cannot be read (gone or unreadable since Ferry started) */
  | 'password-file'
  /** ipmitool is not installed (not on PATH) */
  | 'not-installed'
  /** ipmitool took longer than its time and was stopped */
  | 'timeout'
  /** a session was refused for another reason, or the BMC refused the command */
  | 'failed';

export class BmcError extends Error {
  constructor(
    readonly code: BmcFailureCode,
    /** the BMC as configured (address, and port when not 623) */
    readonly bmc: string,
    /** ipmitool's own last words, when they add something */
    readonly detail?: string,
  ) {
    super(bmcFailureText(code, bmc, detail));
    this.name = 'BmcError';
  }
}

/** The error's message: what went wrong and what to check, in one line. */
function bmcFailureText(code: BmcFailureCode, bmc: string, detail?: string): string {
  const said = detail ? ` (ipmitool: ${detail})` : '';
  switch (code) {
    case 'password-rejected':
      return `BMC ${bmc} refused the password in FERRY_BMC_PASSWORD_FILE`;
    case 'user-rejected':
      return `BMC ${bmc} does not know the user (FERRY_BMC_USER or the user in FERRY_BMC)`;
    case 'no-answer':
      return `BMC ${bmc} did not answer IPMI over LAN (lanplus): check the address in FERRY_BMC and that the BMC is reachable`;
    case 'address-unknown':
      return `BMC ${bmc}: the name does not resolve (FERRY_BMC)`;
    case 'password-file':
      return `BMC ${bmc}: FERRY_BMC_PASSWORD_FILE cannot be read`;
    case 'not-installed':
      return `BMC ${bmc}: ipmitool is not installed (apt-get install ipmitool)`;
    case 'timeout':
      return `BMC ${bmc}: ipmitool did not finish in time`;
    case 'failed':
      return `BMC ${bmc}: ipmitool failed${said}`;
  }
}

/** `-v` lines that say nothing about the failure (ipmi_sim has no cipher suite list; IANA registry). */
const NOISE =
  /^(Loading IANA PEN Registry|Unable to Get Channel Cipher Suites|Running Get VSO Capabilities|Invalid completion code received: Invalid command|Discovered IPMB address|Password:\s*$)/;

const GENERIC = /^Error: Unable to establish IPMI v2 \/ RMCP\+ session$/;

/** A failed run's exit code and stderr as a BmcError. */
export function bmcError(bmc: string, code: number | null, stderr: string, timedOut = false): BmcError {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^>\s*/, '').trim())
    .filter(Boolean);
  const has = (pattern: RegExp) => lines.some((line) => pattern.test(line));
  if (timedOut) return new BmcError('timeout', bmc);
  if (has(/spawn ipmitool ENOENT/)) return new BmcError('not-installed', bmc);
  if (has(/Unable to (open|read) password (from )?file/)) return new BmcError('password-file', bmc);
  if (has(/RAKP 2 HMAC is invalid/)) return new BmcError('password-rejected', bmc);
  if (has(/RAKP 2 message indicates an error : unauthorized name/)) return new BmcError('user-rejected', bmc);
  if (has(/^Address lookup for .* failed/)) return new BmcError('address-unknown', bmc);
  if (has(/Get Auth Capabilities error|No response from remote controller/))
    return new BmcError('no-answer', bmc);
  // the line that says why, before ipmitool's generic last words
  const why = lines.filter((line) => !NOISE.test(line) && !GENERIC.test(line))[0] ?? lines.at(-1);
  return new BmcError('failed', bmc, (why ?? `exit ${code}`).slice(0, 160));
}
