import { describe, expect, it } from 'vitest';
import type { ActionEvent } from '../../src/core/model/cloud.ts';

import { clause, inLanguage, t } from '../../src/i18n/index.ts';
import { failedStepText as failedStep } from '../../src/messages/runs.ts';

describe('clause', () => {
  it("ends a sentence once, in the reader's language, whatever the text brought", () => {
    const nova = 'pre_live_migration failed on compute4.';
    expect(t`${clause(nova)}.`).toBe('pre_live_migration failed on compute4.');
    expect(t`${clause('no full stop')}.`).toBe('no full stop.');
    expect(inLanguage('zh-CN', () => t`${clause(nova)}.`)).toBe('pre_live_migration failed on compute4。');
    expect(clause('已停止。')).toBe('已停止');
  });
});

describe("Nova's own English inside a Chinese sentence", () => {
  it('is quoted with full-width quotes, so the reader sees where Nova’s words begin and end', () => {
    const event = {
      event: 'compute_live_migration',
      host: 'compute1',
      details: 'Connection reset by peer.',
      result: 'Error',
    } as ActionEvent;
    expect(inLanguage('zh-CN', () => failedStep(event))).toBe(
      '数据传输在 compute1 上失败：“Connection reset by peer”',
    );
    expect(inLanguage('zh-CN', () => failedStep({ ...event, host: null } as unknown as ActionEvent))).toBe(
      '数据传输失败：“Connection reset by peer”',
    );
    expect(inLanguage('zh-CN', () => t`Nova: ${'internal error'}`)).toBe('Nova：“internal error”');
    // English keeps Nova's words as it wrote them
    expect(failedStep(event)).toBe('The transfer failed on compute1: Connection reset by peer');
  });
});
