import type { BmcFailure } from '../core/model/reboot.ts';
import { BmcFailed } from '../core/ports/reboot.ts';

/**
 * What an `ipmitool -v … chassis power cycle` that failed said, as a BmcFailed carrying the fact
 * (issue #30's BMC path; src/messages/reboot.ts words it). The cases and their lines were read from
 * Debian 12's ipmitool 1.8.19 against Debian's `ipmi_sim` (test/hostcheck/ipmi.test.ts): without `-v`
 * a wrong password, an unknown user and a BMC that does not answer all end in the same "Unable to
 * establish IPMI v2 / RMCP+ session"; with `-v` each says its own line. Nothing of the password: Ferry
 * never reads it.
 */

/** `-v` lines that say nothing about the failure (ipmi_sim has no cipher suite list; IANA registry). */
const NOISE =
  /^(Loading IANA PEN Registry|Unable to Get Channel Cipher Suites|Running Get VSO Capabilities|Invalid completion code received: Invalid command|Discovered IPMB address|Password:\s*$)/;
const GENERIC = /^Error: Unable to establish IPMI v2 \/ RMCP\+ session$/;

/** A failed run as a BmcFailed; `bmc` is the BMC as FERRY_BMC gives it. */
export function bmcError(
  bmc: { address: string; port?: number },
  run: { stderr: string; timedOut?: boolean; passwordFileUnreadable?: boolean },
): BmcFailed {
  const lines = run.stderr
    .split('\n')
    .map((line) => line.replace(/^>\s*/, '').trim())
    .filter(Boolean);
  const has = (pattern: RegExp) => lines.some((line) => pattern.test(line));
  const failed = (failure: BmcFailure['code'], detail?: string) =>
    new BmcFailed({
      code: failure,
      bmc: bmc.address,
      ...(bmc.port !== undefined ? { port: bmc.port } : {}),
      ...(detail ? { detail } : {}),
    });
  if (run.timedOut) return failed('timeout');
  if (run.passwordFileUnreadable) return failed('password-file');
  if (has(/spawn ipmitool ENOENT/)) return failed('not-installed');
  if (has(/Unable to (open|read) password (from )?file/)) return failed('password-file');
  if (has(/RAKP 2 HMAC is invalid/)) return failed('password-rejected');
  if (has(/RAKP 2 message indicates an error : unauthorized name/)) return failed('user-rejected');
  if (has(/^Address lookup for .* failed/)) return failed('address-unknown');
  if (has(/Get Auth Capabilities error|No response from remote controller/)) return failed('no-answer');
  // the line that says why, before ipmitool's generic last words
  const why = lines.filter((line) => !NOISE.test(line) && !GENERIC.test(line))[0] ?? lines.at(-1);
  return failed('failed', why?.slice(0, 160));
}
