import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config.ts';

const oncall = { FERRY_ONCALL_USERS: 'U1' };

describe('Slack settings', () => {
  it('stops on a signing secret without a bot token instead of falling back to the console', () => {
    expect(() => readSettings({ SLACK_SIGNING_SECRET: 's3cr3t', ...oncall })).toThrow(
      /^SLACK_BOT_TOKEN: must be set too, since SLACK_SIGNING_SECRET is \(the bot token starts with xoxb-\); or unset them all for the console$/,
    );
    expect(() => readSettings({ SLACK_APP_TOKEN: 'xapp-1', ...oncall })).toThrow(
      /^SLACK_BOT_TOKEN: must be set too, since SLACK_APP_TOKEN is /,
    );
  });

  it('stops when Socket Mode and HTTP mode are both configured', () => {
    expect(() =>
      readSettings({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_SIGNING_SECRET: 's',
        ...oncall,
      }),
    ).toThrow(/^SLACK_APP_TOKEN: cannot be set together with SLACK_SIGNING_SECRET: keep/);
  });

  it('never repeats a token in its message', () => {
    try {
      readSettings({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_SIGNING_SECRET: 's', ...oncall });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('xoxp-user-token-secret');
    }
  });

  it('chooses the console with nothing set, Socket Mode and HTTP mode when complete', () => {
    expect(readSettings({}).slack).toEqual({ kind: 'console' });
    expect(readSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', ...oncall }).slack.kind).toBe(
      'socket',
    );
    expect(readSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ...oncall }).slack.kind).toBe(
      'http',
    );
  });
});

describe('FERRY_LANG', () => {
  it('is English unless set, takes zh-CN, and names the languages it knows when it cannot', () => {
    expect(readSettings({}).language).toBe('en');
    expect(readSettings({ FERRY_LANG: 'zh-CN' }).language).toBe('zh-CN');
    expect(() => readSettings({ FERRY_LANG: 'fr' })).toThrow(
      /^FERRY_LANG: must be one of en, zh-CN, got "fr"/,
    );
  });
});
