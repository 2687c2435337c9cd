import { afterEach, describe, expect, it } from 'vitest';
import type { ProofFact } from '../../src/core/model/proof-facts.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { proofsText } from '../../src/messages/proofs.ts';

/** FERRY_PROBE's proofs are stored as facts: made while the channel spoke English, read in Chinese. */

afterEach(() => setChannelLanguage('en'));

describe('the probe among stored proofs', () => {
  it('reads in the language of its reader, whichever it was made in', () => {
    setChannelLanguage('en');
    const stored = JSON.parse(
      JSON.stringify([
        {
          code: 'probe-unreached',
          probe: { how: 'tcp', port: 22, from: 'jumphost' },
          addresses: ['10.0.0.5'],
          waitedMs: 60_000,
        },
        { code: 'probe-reached', probe: { how: 'icmp', from: null }, addresses: ['10.0.0.5'] },
        { code: 'probe-unavailable', probe: { how: 'icmp', from: 'jumphost' }, why: 'no-address' },
      ] satisfies ProofFact[]),
    ) as ProofFact[];
    expect(proofsText(stored)).toBe(
      "⚠️ Proof failed: probe reached none of 10.0.0.5 (TCP 22 from jumphost) in 1m 00s. Proven: probe reached 10.0.0.5 (ICMP from Ferry's host). Not proven: probe not made (ICMP from jumphost): Nova shows no fixed IP address for the server.",
    );
    const zh = inLanguage('zh-CN', () => proofsText(stored));
    expect(zh).toContain('探测（从 jumphost 连 TCP 22）在 1 分钟 00 秒内未到达 10.0.0.5 中的任何一个');
    expect(zh).toContain('探测（从 Ferry 所在机器发 ICMP）已到达 10.0.0.5');
    expect(zh).toContain('未做探测（从 jumphost 发 ICMP）：Nova 未给出该云主机的固定 IP 地址');
    expect(zh).not.toMatch(/probe|reached|Proven/);
  });
});
