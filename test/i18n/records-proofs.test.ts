import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeMessage } from '../../src/chat/run-view.ts';
import type { Outcome, RunRecord } from '../../src/core/model/records.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { proofsOffCaveat } from '../../src/messages/proofs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * The proofs after a move are kept as facts on the outcome, not as a sentence: a move proven (or not)
 * while the channel spoke English reads in Chinese to a zh-CN reader (issue #29).
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  setChannelLanguage('en');
});
afterEach(async () => {
  setChannelLanguage('en');
  await fx.close();
});

const asStored = (run: RunRecord | undefined) => JSON.parse(JSON.stringify(run)) as RunRecord;
const textOf = (rendered: unknown) => JSON.stringify(rendered);

describe('the proofs of a run read in another language than they were made in', () => {
  it('a move whose port stayed on its source reads ⚠️ in Chinese, with what was seen', async () => {
    applyFault(fx.sandbox.cloud, { type: 'port-stays-bound', server: 'cache-1' });
    const h = harness(fx);
    const started = await h.runner.start(await h.approved({ server: 'cache-1' }));
    await h.runner.idle();
    const run = asStored(h.store.getRun(started.id));
    const outcome = run.outcome as Outcome;
    expect(outcome.kind).toBe('completed');
    expect(outcome.fact).toMatchObject({ code: 'moved', proofs: expect.any(Array) });
    expect(textOf(outcomeMessage(run, outcome))).toMatch(/⚠️ \*Moved, not proven\*.*⚠️ Proof failed: after/);
    // the headline's time is the move's, said as such: not "after" (the proofs waited longer, operator trial)
    expect(textOf(outcomeMessage(run, outcome))).toMatch(/⚠️ \*Moved, not proven\* \(moved in \d+s\): /);
    const { durationMs: _, ...untimed } = outcome;
    expect(textOf(outcomeMessage(run, untimed))).toMatch(/⚠️ \*Moved, not proven\*: cache-1 now runs/);
    const zh = textOf(inLanguage('zh-CN', () => outcomeMessage(run, outcome)));
    expect(zh).toMatch(/⚠️ \*已迁移，未获证明\*（迁移用时 \d+ 秒）：/);
    // how long the ports were waited for depends on where the deadline falls between two looks
    expect(zh).toMatch(/状态为 ACTIVE。⚠️ 证明失败：等待 1 分钟 0\d 秒后，端口/);
    expect(zh).toContain('已证明：控制台仍在输出。');
    expect(zh).not.toMatch(/Proof failed|Proven:|console alive/);
  });

  it('a proof turned off by FERRY_PROOFS_OFF reads as not asked, in Chinese too', async () => {
    const h = harness(fx, { proofsOff: ['console', 'ports'] });
    const started = await h.runner.start(await h.approved({ server: 'cache-1' }));
    await h.runner.idle();
    const run = asStored(h.store.getRun(started.id));
    const outcome = run.outcome as Outcome;
    expect(textOf(outcomeMessage(run, outcome))).toContain(
      'ports not asked (turned off by FERRY_PROOFS_OFF); console not asked (turned off by FERRY_PROOFS_OFF)',
    );
    const zh = textOf(inLanguage('zh-CN', () => outcomeMessage(run, outcome)));
    expect(zh).toContain(
      '未检查端口（已由 FERRY_PROOFS_OFF 关闭）；未检查控制台（已由 FERRY_PROOFS_OFF 关闭）',
    );
    expect(zh).not.toMatch(/not asked/);
    // the caveat beside the parent's ✅, from the same stored facts
    expect(proofsOffCaveat([outcome])).toBe('ports, console not proven: turned off by FERRY_PROOFS_OFF');
    expect(inLanguage('zh-CN', () => proofsOffCaveat([outcome]))).toBe(
      '端口，控制台未获证明：已由 FERRY_PROOFS_OFF 关闭',
    );
  });
});
