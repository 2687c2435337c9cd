import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gateHeldMessage } from '../../src/chat/drain-gates-view.ts';
import type { GateResult } from '../../src/core/ports/health-gates.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { drain } from '../helpers/hostile-drain.ts';

/**
 * Why a health gate gave no verdict is kept on the drain's hold as data (where Prometheus was asked,
 * the cause): held while the channel spoke English, it reads in Chinese to a zh-CN reader; a hold an
 * earlier Ferry stored as a sentence still reads as stored.
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const held: GateResult[] = JSON.parse(
  JSON.stringify([
    {
      query: 'up == 0',
      verdict: 'unknown',
      trouble: { code: 'unreachable', prometheus: 'prom.example:9090', cause: 'ECONNREFUSED' },
      tookMs: 3,
    },
    {
      query: 'ceph_health_status > 0',
      verdict: 'unknown',
      trouble: { code: 'timeout', prometheus: 'prom.example:9090', afterMs: 5_000 },
      tookMs: 5_000,
    },
  ]),
);
const text = (results: GateResult[]) =>
  JSON.stringify(gateHeldMessage(drain('approved', 'running'), results).blocks);

describe('a gate hold recorded in English', () => {
  it('reads in Chinese to a zh-CN reader, with the address and the cause', () => {
    expect(text(held)).toContain('Prometheus at prom.example:9090 could not be reached: connection refused');
    const chinese = inLanguage('zh-CN', () => text(held));
    expect(chinese).toContain('无法连接 prom.example:9090 上的 Prometheus：连接被拒绝');
    expect(chinese).toContain('prom.example:9090 上的 Prometheus 在 5 秒内未应答');
    expect(chinese).not.toContain('could not be reached');
  });

  it('a hold stored by an earlier Ferry as a sentence reads as stored', () => {
    const legacy: GateResult[] = [
      { query: 'up == 0', verdict: 'unknown', error: 'Prometheus did not answer (ECONNREFUSED)', tookMs: 1 },
    ];
    expect(text(legacy)).toContain('no verdict (Prometheus did not answer (ECONNREFUSED))');
  });
});
