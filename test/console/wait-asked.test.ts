import { describe, expect, it } from 'vitest';
import { waitingForPersonLines } from '../../src/console/waiting.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import type { StallDecision } from '../../src/core/model/stall-policy.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { asciiPunctuationInChinese } from '../helpers/chinese.ts';
import { runRecord } from '../helpers/records.ts';

/**
 * /wait at moves that wait for a person (operator trial): a stalled move on-call already asked Nova to
 * end is said so, not to be forced or aborted again; a cold move is named by its server, in zh too.
 */

const left: StallDecision = {
  at: 0,
  deadline: 120_000,
  chosen: 'ask',
  rule: { kind: 'default' },
  action: 'ask',
  state: 'left',
};

const stalled = (over: Partial<RunRecord>): RunRecord => ({
  ...runRecord('m-111111', 'r-111111'),
  serverName: 'ledger',
  state: 'running',
  stall: left,
  ...over,
});

describe('/wait at a stalled move on-call already asked Nova to end', () => {
  it('says what was asked and that Nova has not ended it yet, not to ask again', () => {
    const forced = stalled({
      forceRequested: true,
      stall: { ...left, settledBy: { action: 'force-complete', actor: 'U_BOB' } },
    });
    expect(waitingForPersonLines([], [forced])).toEqual([
      'Waiting for Nova: m-111111 (ledger) is not converging; on-call asked Nova to force-complete it, and Nova has not ended it yet (its thread says when it does).',
      'Type /wait to wait again.',
    ]);
    const aborted = waitingForPersonLines([], [stalled({ abortRequested: true })]).join('\n');
    expect(aborted).toContain('on-call asked Nova to abort it, and Nova has not ended it yet');
    expect(aborted).not.toMatch(/\/migrations (force|abort)/);
    // not asked yet: the commands that end it, as before
    expect(waitingForPersonLines([], [stalled({})])[0]).toContain(
      'ends only when on-call forces or aborts it: /migrations force m-111111 or /migrations abort m-111111.',
    );
    const zh = inLanguage('zh-CN', () => waitingForPersonLines([], [forced]).join('\n'));
    expect(zh).toContain('值班人员已请求 Nova 强制完成它');
    expect(asciiPunctuationInChinese(zh)).toEqual([]);
  });
});

describe('/wait at a cold move waiting for Confirm or Revert', () => {
  it('names its server, in English and in Chinese alike', () => {
    const cold = {
      ...runRecord('m-222222', 'r-222222'),
      serverName: 'batch-7',
      state: 'awaiting-confirmation' as const,
    };
    expect(waitingForPersonLines([cold], [])).toEqual([
      'Waiting for a person: batch-7 (m-222222) waits for Confirm or Revert.',
    ]);
    expect(inLanguage('zh-CN', () => waitingForPersonLines([cold], [])).join('\n')).toContain(
      'batch-7（m-222222）',
    );
  });
});
