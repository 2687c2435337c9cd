import { describe, expect, it } from 'vitest';
import { itemLine } from '../../src/chat/evacuation-view.ts';
import { editsSection } from '../../src/chat/plan-edit-view.ts';
import type { PlanEdit } from '../../src/core/model/plan-edits.ts';
import type { EvacuationItemState } from '../../src/core/model/records.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { drainHostReasonText } from '../../src/messages/drain.ts';
import { itemReasonText } from '../../src/messages/evacuation.ts';
import { planEditRefusalText } from '../../src/messages/plan-edits.ts';

/**
 * The edits of a plan and what they make of its servers are kept as facts: a record written while the
 * channel spoke English reads in Chinese to a zh-CN reader.
 */

const edits: PlanEdit[] = [
  { code: 'skip', serverId: 's1', by: 'U_ALICE' },
  { code: 'skip-project', projectId: 'p1', by: 'U_ALICE' },
  { code: 'force-cold', serverId: 's2', by: 'U_ALICE' },
  { code: 'pin', serverId: 's3', host: 'compute2', by: 'U_ALICE' },
];
const skipped: EvacuationItemState = {
  serverId: 's1',
  serverName: 'worker',
  status: 'ACTIVE',
  flavor: 'm1.small',
  ramMb: 2048,
  mode: null,
  destination: null,
  reason: { code: 'skipped-by', by: 'U_ALICE' },
  state: 'skipped',
};
const names = Object.entries({ s1: 'worker', s2: 'server-x', s3: 'db-primary' }).map(
  ([serverId, serverName]) => ({
    serverId,
    serverName,
  }),
);

describe('a plan edited while the channel spoke English', () => {
  it('reads in Chinese to a zh-CN reader: edits, skipped servers, a refused pin, a host kept not empty', () => {
    setChannelLanguage('en');
    const english = JSON.stringify(editsSection(edits, names));
    expect(english).toContain('db-primary pinned to compute2');
    expect(itemLine(skipped)).toContain('stays — skipped by <@U_ALICE>');
    const zh = inLanguage('zh-CN', () => ({
      edits: JSON.stringify(editsSection(edits, names)),
      line: itemLine(skipped),
      pin: itemReasonText({ code: 'pin-refused', host: 'compute3', blockers: [] }),
      refusal: planEditRefusalText({ code: 'cannot-move', serverId: 's4', server: 'vault' }),
      host: drainHostReasonText({ code: 'skipped-stay', servers: [{ server: 'worker', by: 'U_ALICE' }] }),
    }));
    expect(zh.edits).toContain('db-primary 固定到 compute2');
    expect(zh.edits).toContain('审批前的修改');
    expect(zh.edits).not.toContain('pinned to');
    expect(zh.line).toContain('留在原处 — 由 <@U_ALICE> 跳过');
    expect(zh.pin).toBe('被固定到 compute3，但该节点不在服务中');
    expect(zh.refusal).toContain('vault 完全无法迁移');
    expect(zh.host).toContain('不会被视为已清空');
    setChannelLanguage('en');
  });
});
