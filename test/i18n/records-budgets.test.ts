import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLines } from '../../src/chat/render.ts';
import type { ItemReason } from '../../src/core/model/evacuation.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { itemReasonText } from '../../src/messages/evacuation.ts';

/**
 * What a plan says of its server groups' budgets is kept as facts in its record: written while the
 * channel spoke English, it reads in Chinese to a zh-CN reader.
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const CHINESE = /[\u4e00-\u9fff]/;

describe('budgets kept in a record', () => {
  it('read in Chinese to a zh-CN reader though the channel spoke English when written', () => {
    const checks = stored<CheckResult[]>([
      {
        id: 'server-groups',
        status: 'pass',
        fact: {
          code: 'group-budgets',
          host: 'compute4',
          groups: [
            { name: 'db-cluster', policy: 'anti-affinity', members: 3, budget: 1 },
            {
              name: 'web-pair',
              policy: 'soft-affinity',
              members: 2,
              budget: 'together',
              destination: 'compute2',
            },
          ],
        },
        evidence: {},
      },
      {
        id: 'server-groups',
        status: 'pass',
        fact: {
          code: 'drain-group-budgets',
          paced: [{ step: 1, group: 'db-c', hosts: ['rack9-1', 'rack9-2'], members: 2, budget: 1 }],
        },
        evidence: {},
      },
    ]);
    expect(JSON.stringify(checks)).not.toMatch(/moved one at a time/);
    expect(checkLines(checks).join('\n')).toContain('db-cluster: 3 members on compute4, moved one at a time');
    const chinese = inLanguage('zh-CN', () => checkLines(checks));
    for (const line of chinese) expect(line).toMatch(CHINESE);
    expect(chinese.join('\n')).toContain('db-cluster：compute4 上有 3 个成员，每次迁移一个');
    expect(chinese.join('\n')).not.toMatch(/one at a time|move together/);

    const reasons = stored<ItemReason[]>([
      { code: 'together', group: 'web-pair', blocker: 'web-2' },
      { code: 'group-on-destination', group: 'db-c', member: 'db-c-1', host: 'compute2' },
    ]);
    for (const reason of reasons) {
      const words = inLanguage('zh-CN', () => itemReasonText(reason));
      expect(words).toMatch(CHINESE);
      expect(words).not.toMatch(/together or not at all|meanwhile/);
    }
  });
});
