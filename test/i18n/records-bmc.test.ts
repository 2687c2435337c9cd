import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RebootFailure } from '../../src/core/model/reboot.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { rebootFailureText } from '../../src/messages/reboot.ts';

/**
 * A BMC that refused the power cycle is kept on the drain host's reboot as a fact (`failure.bmc`):
 * written while the channel spoke English, it reads in Chinese to a zh-CN reader; a record from before
 * the fact keeps its error's line and still reads.
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const failure = JSON.parse(
  JSON.stringify({
    code: 'not-sent',
    error: 'password-rejected',
    bmc: { code: 'password-rejected', bmc: '10.0.0.12', port: 6230 },
  }),
) as RebootFailure;

describe("a BMC's refusal read in another language than it was recorded in", () => {
  it('reads in English, then in Chinese to a zh-CN reader', () => {
    expect(rebootFailureText('compute2', failure)).toBe(
      'compute2 could not be rebooted: BMC 10.0.0.12 port 6230 refused the password in FERRY_BMC_PASSWORD_FILE',
    );
    expect(inLanguage('zh-CN', () => rebootFailureText('compute2', failure))).toBe(
      'compute2 无法重启：BMC 10.0.0.12 端口 6230 拒绝了 FERRY_BMC_PASSWORD_FILE 中的密码',
    );
  });

  it('a record written before the fact shows its stored line', () => {
    const legacy: RebootFailure = {
      code: 'not-sent',
      error: 'ipmitool (10.0.0.12): Error: Unable to establish IPMI v2 / RMCP+ session',
    };
    expect(inLanguage('zh-CN', () => rebootFailureText('compute2', legacy))).toBe(
      'compute2 无法重启：ipmitool (10.0.0.12): Error: Unable to establish IPMI v2 / RMCP+ session',
    );
  });
});
