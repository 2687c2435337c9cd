import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeMessage } from '../../src/chat/run-view.ts';
import { stallStepMessage, stallWarning } from '../../src/chat/stall-view.ts';
import type { Outcome, RunRecord } from '../../src/core/model/records.ts';
import type { StallDecision } from '../../src/core/model/stall-policy.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { stallTally } from '../../src/messages/stall-policy.ts';

/**
 * The stall policy's decision is kept on the run as data: decided while the channel spoke English, it
 * reads in Chinese to a zh-CN reader, warning, step and the report's count alike.
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const stall: StallDecision = {
  at: 1_000,
  deadline: 121_000,
  chosen: 'force-complete',
  rule: { kind: 'flavor', value: 'g1.vgpu' },
  action: 'ask',
  refused: { code: 'passthrough', devices: ['vgpu'] },
  state: 'left',
};
const run = JSON.parse(
  JSON.stringify({
    id: 'm-1',
    requestId: 'r-1',
    serverId: 's-1',
    serverName: 'render-1',
    mode: 'live',
    source: 'gpu1',
    destination: 'gpu2',
    blockMigration: 'auto',
    state: 'done',
    startedAt: 0,
    baselineMigrationId: 0,
    novaRequestIds: [],
    transitions: [],
    forceRequested: false,
    abortRequested: false,
    revertRequested: false,
    stall,
  }),
) as RunRecord;
const outcome: Outcome = { kind: 'aborted', host: 'gpu1', forced: false, durationMs: 60_000 };
const textOf = (rendered: unknown) => JSON.stringify(rendered);

describe('a stall decision read in another language than it was made in', () => {
  it('reads in Chinese to a zh-CN reader', () => {
    expect(textOf(stallWarning(run, 60_000, run.stall, '@oncall'))).toContain(
      'Policy: force complete (the override for flavor g1.vgpu), refused: Ferry never forces a server with a vGPU to complete',
    );
    const zh = inLanguage('zh-CN', () =>
      textOf([
        stallWarning(run, 60_000, run.stall, '@oncall'),
        stallStepMessage(run, 'overridden', { ...stall, overriddenBy: 'U_BOB' }, 'U_BOB'),
        outcomeMessage(run, outcome),
      ]),
    );
    expect(zh).toContain(
      '策略：强制完成（规格 g1.vgpu 的覆盖规则），已拒绝：Ferry 从不对带有vGPU的云主机强制完成',
    );
    expect(zh).toContain('<@U_BOB> 选择让 `render-1` 继续运行');
    expect(zh).toContain(
      '停滞策略，1 个迁移停滞：不允许对它执行“强制完成”，因此 Ferry 什么也没做：由值班人员决定',
    );
    expect(zh).not.toMatch(/Policy|refused|left to on-call|Stall policy/);
  });
});

describe('a stall on-call settled with a button (operator trial)', () => {
  const settled: StallDecision = {
    ...stall,
    chosen: 'ask',
    refused: undefined,
    settledBy: { action: 'force-complete', actor: 'U_BOB' },
  };
  it('says on-call asked Nova, and the end Nova reported, not "force-completed" before it is known', () => {
    expect(stallTally([{ stall: settled }])).toBe(
      'Stall policy, 1 stalled: ask on-call, leave it running, then on-call asked Nova to force-complete it; the move has not ended yet',
    );
    expect(stallTally([{ stall: settled, outcome: { ...outcome, kind: 'completed' } }])).toBe(
      'Stall policy, 1 stalled: ask on-call, leave it running, then on-call asked Nova to force-complete it; the move completed',
    );
    expect(
      stallTally([
        {
          stall: { ...settled, settledBy: { action: 'abort', actor: 'U_BOB' } },
          outcome: { ...outcome, kind: 'unknown' },
        },
      ]),
    ).toBe(
      'Stall policy, 1 stalled: ask on-call, leave it running, then on-call asked Nova to abort it; how the move ended is not known',
    );
    const zh = inLanguage('zh-CN', () => stallTally([{ stall: settled }]));
    expect(zh).not.toMatch(/已由值班人员强制完成|asked Nova/);
  });

  // operator trial: "1 stalled: … (1 move)" said its one count twice
  it('counts each way they ended only when they ended more than one way', () => {
    const completed = { stall: settled, outcome: { ...outcome, kind: 'completed' as const } };
    expect(stallTally([completed, completed])).toBe(
      'Stall policy, 2 stalled: ask on-call, leave it running, then on-call asked Nova to force-complete it; the move completed',
    );
    expect(stallTally([completed, completed, { stall: settled }])).toBe(
      'Stall policy, 3 stalled: ask on-call, leave it running, then on-call asked Nova to force-complete it; the move completed (2 moves); ask on-call, leave it running, then on-call asked Nova to force-complete it; the move has not ended yet (1 move)',
    );
  });
});
