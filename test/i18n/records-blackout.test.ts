import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Blackout } from '../../src/core/model/blackout.ts';
import type { OutcomeFact } from '../../src/core/model/run-facts.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { blackoutFigure, blackoutText } from '../../src/messages/blackout.ts';
import { outcomeFactText } from '../../src/messages/runs.ts';

/**
 * A live move's blackout is kept as a fact on its outcome (issue #29): it reads in the reader's
 * language whenever shown, and says nothing where Ferry could not have measured it (no SSH).
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const moved = (blackout?: Blackout): OutcomeFact => ({
  code: 'moved',
  server: 'web-1',
  host: 'compute2',
  status: 'ACTIVE',
  ...(blackout ? { blackout } : {}),
});
const measured: Blackout = {
  code: 'measured',
  source: 'libvirt',
  host: 'compute2',
  downtimeMs: 70,
  downtimeNoNetworkMs: 69,
  setupMs: 12,
};

describe("a live move's blackout, worded where it is read", () => {
  it('after force-complete it is not called the blackout: libvirt leaves out the time the guest was held (operator trial)', () => {
    const fact: OutcomeFact = { ...moved(measured), force: 'post-copy' } as OutcomeFact;
    const text = outcomeFactText(fact);
    expect(text).toContain(
      'Blackout not known: force-complete switched it to post-copy, and libvirt counts only the final switch-over.',
    );
    expect(text).not.toMatch(/70 ms/);
  });

  it('a force Ferry never saw take effect is not said to have held the guest, nor given a figure (console trial)', () => {
    const fact: OutcomeFact = { ...moved({ ...measured, downtimeMs: 0 }), force: 'unseen' } as OutcomeFact;
    const text = outcomeFactText(fact);
    expect(text).toBe(
      "web-1 now runs on compute2; it is ACTIVE. Force complete was requested; Nova's records showed no post-copy, and they would not show a guest paused for the final copy, so whether it took effect is not known. Blackout not known: force-complete was asked, and libvirt counts only the final switch-over.",
    );
    expect(text).not.toMatch(/0 ms|held|stood still/);
    const zh = inLanguage('zh-CN', () => outcomeFactText(fact));
    expect(zh).toContain('中断时长未知：已请求强制完成');
    expect(zh).not.toMatch(/0 毫秒/);
  });

  it('written while the channel spoke English, it reads in Chinese to a zh-CN reader', () => {
    const fact = JSON.parse(JSON.stringify(moved(measured))) as OutcomeFact;
    expect(outcomeFactText(fact)).toBe(
      'web-1 now runs on compute2; it is ACTIVE. Blackout 70 ms (measured by libvirt on compute2).',
    );
    const zh = inLanguage('zh-CN', () => outcomeFactText(fact));
    expect(zh).toContain('停顿 70 毫秒（由 compute2 上的 libvirt 测得）。');
    expect(zh).not.toMatch(/Blackout|measured/);
    expect(blackoutFigure({ fact })).toBe('blackout 70 ms');
    expect(inLanguage('zh-CN', () => blackoutFigure({ fact }))).toBe('停顿 70 毫秒');
  });

  it('says why it was not measured, and nothing without SSH or on an outcome stored before blackouts', () => {
    const notMeasured = (reason: 'no-ssh' | 'no-job' | 'unreachable' | 'no-domain'): Blackout => ({
      code: 'not-measured',
      source: 'libvirt',
      reason,
      host: 'compute2',
      detail: "error: failed to get domain 'instance-0000002a'",
    });
    expect(outcomeFactText(moved(notMeasured('no-ssh')))).toBe('web-1 now runs on compute2; it is ACTIVE.');
    expect(outcomeFactText(moved())).toBe('web-1 now runs on compute2; it is ACTIVE.');
    expect(blackoutText(notMeasured('no-job'))).toBe(
      'Blackout not measured: libvirt on compute2 kept no completed job for it.',
    );
    expect(blackoutText(notMeasured('unreachable'))).toBe(
      "Blackout not measured: libvirt on compute2 could not be read (error: failed to get domain 'instance-0000002a').",
    );
    expect(blackoutText(notMeasured('no-domain'))).toBe(
      "Blackout not measured: Nova did not give the server's libvirt domain name.",
    );
    expect(blackoutFigure({ fact: moved(notMeasured('no-job')) })).toBeNull();
  });
});
