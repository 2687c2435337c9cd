import { describe, expect, it } from 'vitest';
import { runApproved } from '../../src/chat/owners-view.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { itemReasonText } from '../../src/messages/evacuation.ts';
import { BUILDERS } from '../chat/hostile-builders.ts';
import { mrkdwnOf } from '../helpers/hostile.ts';

/**
 * Brackets as the operator trial h-words29 read them: no space beside a full-width bracket（ ）in a
 * Chinese line ("（项目 *web*） 从"), and no bracket inside a bracket in either language ("became
 * unusable (it was disabled ("disk"))"), through every message builder.
 */

/** What a builder's text holds, its names and code spans (hostile, typed by people) left out. */
const wordsOf = (text: string) =>
  text
    .replace(/`[^`]*`/g, 'X')
    .replace(/&lt;[^&]*&gt;/g, 'N')
    .replace(/"[^"]*"|“[^”]*”/g, 'Q');

function found(language: 'en' | 'zh-CN', pattern: RegExp): string[] {
  const hits = new Set<string>();
  for (const [module, builders] of Object.entries(BUILDERS))
    for (const [name, build] of Object.entries(builders))
      for (const text of inLanguage(language, () => build().flatMap((output) => mrkdwnOf(output)))) {
        const words = wordsOf(text);
        for (const match of words.matchAll(pattern))
          hits.add(`${module}.${name}: …${words.slice(Math.max(0, match.index - 30), match.index + 40)}…`);
      }
  return [...hits];
}

describe('brackets', () => {
  it('sets no space beside a full-width bracket in Chinese (the " — " between parts aside)', () => {
    expect(found('zh-CN', /[（）][ \t](?!—)|[ \t][（）]/g)).toEqual([]);
  });

  for (const language of ['en', 'zh-CN'] as const)
    it(`opens no bracket inside a bracket (${language})`, () => {
      expect(found(language, /[(（][^)）\n]*[(（]/g)).toEqual([]);
    });

  it("names a server's project before it in Chinese: 把项目 *web* 的 `web-1` 从", () => {
    const run = {
      serverName: 'web-1',
      source: 'compute1',
      destination: 'compute2',
      mode: 'live',
    } as RunRecord;
    const zh = inLanguage('zh-CN', () => runApproved(run, 'U_ALICE', 'U_BOB', 'web').blocks);
    expect(JSON.stringify(zh)).toContain(
      '🚚 Ferry 正在把项目 *web* 的 `web-1` 从 `compute1` 迁移到 `compute2`（热迁移',
    );
    const alone = inLanguage('zh-CN', () => runApproved(run, 'U_ALICE', 'U_BOB', undefined).blocks);
    expect(JSON.stringify(alone)).toContain('🚚 Ferry 正在把 `web-1` 从 `compute1`');
  });

  it('says a destination that became unusable without a bracket in a bracket', () => {
    const reason = {
      code: 'replanned',
      onto: 'compute1',
      host: 'compute2',
      why: { code: 'disabled', reason: 'disk' },
    } as const;
    expect(itemReasonText(reason)).toBe(
      'planned again onto compute1: compute2 became unusable, as it was disabled with the reason "disk"',
    );
    expect(inLanguage('zh-CN', () => itemReasonText(reason))).toBe(
      '已重新规划到 compute1：compute2 已不可用，因为它被禁用了，原因为“disk”',
    );
  });
});
