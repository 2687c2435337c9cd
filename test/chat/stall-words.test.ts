import { describe, expect, it } from 'vitest';
import { stallPolicyBlocks } from '../../src/chat/stall-view.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import type { StallAction, StallDecision, StallRule } from '../../src/core/model/stall-policy.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { stallDecisionText, stallTally } from '../../src/messages/stall-policy.ts';
import { straySpacesInChinese } from '../helpers/chinese.ts';

/**
 * The stall policy's "Policy:" line in every path (operator trial h-words29): a bracket never opens
 * inside a bracket, and never right after one closes ("ask (leave it running) (the override for
 * project p1)"), in English and in Chinese.
 */

const ACTIONS: StallAction[] = ['ask', 'force-complete', 'abort', 'abort-then-cold'];
const RULES: StallRule[] = [
  { kind: 'default' },
  { kind: 'project', value: 'p1' },
  { kind: 'flavor', value: 'f1' },
];
const STATES: StallDecision['state'][] = ['pending', 'acting', 'acted', 'failed', 'left', 'moot'];
const run = { id: 'm-1', serverName: 'ledger', state: 'running' } as RunRecord;

/** Every decision the policy can make: each action by each rule, refused where it can be, in each state. */
function decisions(): StallDecision[] {
  const all: StallDecision[] = [];
  for (const action of ACTIONS)
    for (const rule of RULES)
      for (const state of STATES) {
        const base = { at: 0, deadline: 120_000, chosen: action, rule, action, state };
        all.push(base, { ...base, chosen: 'abort', overriddenBy: 'U_BOB' });
        if (action === 'force-complete')
          all.push({
            ...base,
            action: 'ask',
            refused: { code: 'passthrough', devices: ['pci-passthrough'] },
          });
        if (action === 'abort-then-cold')
          all.push({ ...base, action: 'ask', refused: { code: 'no-cold-consent' } });
      }
  return all;
}

const BRACKET_IN_BRACKET = /[(（][^)）]*[(（]/;
const BRACKET_AFTER_BRACKET = /[)）]\s*[(（]/;

describe("the stall policy's Policy line", () => {
  it('names the ask policy without a bracket of its own, its rule in the one bracket', () => {
    const ask: StallDecision = {
      at: 0,
      deadline: 120_000,
      chosen: 'ask',
      rule: { kind: 'project', value: 'p1' },
      action: 'ask',
      state: 'pending',
    };
    expect(stallDecisionText(ask)).toBe(
      'Policy: ask on-call, leave it running (the override for project p1): Ferry does nothing by itself.',
    );
    expect(inLanguage('zh-CN', () => stallDecisionText(ask))).toBe(
      '策略：询问值班人员，让它继续运行（项目 p1 的覆盖规则）：Ferry 不会自行操作。',
    );
  });

  for (const language of ['en', 'zh-CN'] as const)
    it(`has no bracket inside or right after a bracket, in every path (${language})`, () => {
      const found = inLanguage(language, () =>
        decisions().flatMap((stall) => [
          stallDecisionText(stall),
          ...stallPolicyBlocks(run, stall, '@oncall').map((block) => JSON.stringify(block)),
          stallTally([{ stall }]) ?? '',
        ]),
      ).filter((text) => BRACKET_IN_BRACKET.test(text) || BRACKET_AFTER_BRACKET.test(text));
      expect([...new Set(found)]).toEqual([]);
    });

  // "强制完成 对它不被允许": an action's word set before Chinese with a space (operator trial h-words29)
  it('sets the action in a Chinese line without a stray space', () => {
    const found = inLanguage('zh-CN', () =>
      decisions().flatMap((stall) =>
        [stallDecisionText(stall), stallTally([{ stall }]) ?? ''].flatMap(straySpacesInChinese),
      ),
    );
    expect([...new Set(found)]).toEqual([]);
  });
});
