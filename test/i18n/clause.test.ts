import { describe, expect, it } from 'vitest';
import { clause, inLanguage, t } from '../../src/i18n/index.ts';

describe('clause', () => {
  it("ends a sentence once, in the reader's language, whatever the text brought", () => {
    const nova = 'pre_live_migration failed on compute4.';
    expect(t`${clause(nova)}.`).toBe('pre_live_migration failed on compute4.');
    expect(t`${clause('no full stop')}.`).toBe('no full stop.');
    expect(inLanguage('zh-CN', () => t`${clause(nova)}.`)).toBe('pre_live_migration failed on compute4。');
    expect(clause('已停止。')).toBe('已停止');
  });
});
