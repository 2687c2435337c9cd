import { describe, expect, it } from 'vitest';
import { inLanguage, k } from '../../src/i18n/index.ts';
import { cloudText, consoleBanner } from '../../src/messages/console-banner.ts';
import { asciiPunctuationInChinese } from '../helpers/chinese.ts';

/**
 * The console's banner (operator trial h-words29): a Chinese banner brackets a person's role and the
 * cloud's compute API full-width, as the rest of it does; the moves the sandbox forgot are counted as
 * one or as many.
 */

const facts = (forgotten: number, cloud: () => string) => ({
  cloud: cloud(),
  database: '/var/lib/ferry/ferry.json',
  language: 'zh-CN',
  forgotten,
  users: [
    { name: 'alice', role: k`on call, may approve` },
    { name: 'bob', role: k`not on call` },
  ],
});
const real = () => cloudText({ source: 'clouds.yaml (cloud "prod")' }, '2.95');
const sandbox = () => cloudText({ sandbox: { url: 'http://127.0.0.1:8774', speed: 10 } }, '2.95');

describe('the console banner', () => {
  it('brackets full-width in Chinese: a role, the compute API', () => {
    const zh = inLanguage('zh-CN', () => [
      ...consoleBanner(facts(2, real)),
      ...consoleBanner(facts(1, sandbox)),
    ]);
    expect(zh).toContain(
      '人员：    alice（值班中，可以审批），bob（不在值班）。你是 alice；用 /as bob 切换。',
    );
    expect(zh).toContain('云：      clouds.yaml (cloud "prod")（compute API 2.95）');
    // the settings' source is a name, as Ferry read it: its own marks are not Ferry's
    expect(
      zh.flatMap((line) => asciiPunctuationInChinese(line.replace('clouds.yaml (cloud "prod")', 'x'))),
    ).toEqual([]);
  });

  it('counts the moves the sandbox forgot as one or as many', () => {
    expect(consoleBanner(facts(1, sandbox))).toContain(
      'Sandbox:  the built-in sandbox cloud started afresh with this process and has no record of the move in flight before the restart; its thread says what Nova shows of it.',
    );
    expect(consoleBanner(facts(3, sandbox)).join('\n')).toContain('has no record of the 3 moves in flight');
    expect(consoleBanner(facts(0, sandbox)).join('\n')).not.toContain('Sandbox:');
    expect(consoleBanner(facts(2, real)).join('\n')).toContain(
      'People:   alice (on call, may approve), bob (not on call).',
    );
  });
});
