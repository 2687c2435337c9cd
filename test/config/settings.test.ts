import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettings, SettingError } from '../../src/config.ts';

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

describe('FERRY_SANDBOX_SPEED', () => {
  it('is 20 unless set, takes any positive number, and is described where the sandbox is', () => {
    expect(readSettings({}).sandboxSpeed).toBe(20);
    expect(readSettings({ FERRY_SANDBOX_SPEED: '0.5' }).sandboxSpeed).toBe(0.5);
    expect(() => readSettings({ FERRY_SANDBOX_SPEED: '0' })).toThrow(
      /^FERRY_SANDBOX_SPEED: must be a positive number/,
    );
    // operator trial: only .env.example said it; README's sandbox section names it with its default
    const sandbox =
      readFileSync('README.md', 'utf8').split('## The sandbox cloud')[1]?.split('\n## ')[0] ?? '';
    expect(sandbox).toMatch(/`FERRY_SANDBOX_SPEED` \(any positive number, default 20/);
  });
});

describe('FERRY_DATABASE_URL beyond this machine', () => {
  const database = (url: string, more: Record<string, string> = {}) =>
    readSettings({ FERRY_DATABASE_URL: url, ...more });

  it('refuses PostgreSQL on another host without sslmode=verify-full, never repeating the password', () => {
    for (const url of [
      'postgres://ferry:pw-s3cret@db.example:5432/ferry',
      'postgres://ferry:pw-s3cret@db.example/ferry?sslmode=prefer',
      'postgresql://ferry:pw-s3cret@10.0.0.5/ferry?sslmode=disable',
      'postgres://ferry:pw-s3cret@localhost/ferry?host=db.example',
    ]) {
      const error = (() => {
        try {
          database(url);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(SettingError);
      expect(error?.message).toMatch(
        /^FERRY_DATABASE_URL: reaches PostgreSQL on \S+ without sslmode=verify-full: .* set FERRY_ALLOW_INSECURE_DATABASE=true/,
      );
      expect(error?.message).not.toContain('pw-s3cret');
    }
  });

  it('accepts verify-full and loopback silently, require with a warning, clear text only when allowed', () => {
    expect(database('postgres://f:p@db.example/ferry?sslmode=verify-full').warnings).toEqual([]);
    expect(database('postgres://f:p@127.0.0.1:5433/ferry').warnings).toEqual([]);
    expect(database('postgres://f:p@[::1]/ferry').warnings).toEqual([]);
    expect(database('postgres:///ferry?host=/var/run/postgresql').warnings).toEqual([]);
    expect(database('postgres://f:p@db.example/ferry?sslmode=require').warnings).toEqual([
      expect.stringMatching(/^FERRY_DATABASE_URL has sslmode=require: .* Use sslmode=verify-full/),
    ]);
    expect(
      database('postgres://f:p@db.example/ferry', { FERRY_ALLOW_INSECURE_DATABASE: 'true' }).warnings,
    ).toEqual([
      expect.stringMatching(/^FERRY_ALLOW_INSECURE_DATABASE=true: .* db\.example may be in clear text/),
    ]);
  });
});

describe('FERRY_READERS', () => {
  it('is nobody else by default, a list of user IDs, or everyone alone', () => {
    expect(readSettings({}).readers).toEqual([]);
    expect(readSettings({ FERRY_READERS: 'U1, U2' }).readers).toEqual(['U1', 'U2']);
    expect(readSettings({ FERRY_READERS: 'everyone' }).readers).toBe('everyone');
    expect(() => readSettings({ FERRY_READERS: 'everyone,U1' })).toThrow(/^FERRY_READERS: is either/);
  });
});

describe('FERRY_GROUP_BUDGETS', () => {
  it('reads group=budget pairs by name or ID, and refuses a budget that is not a whole number from 1', () => {
    expect(readSettings({}).groupBudgets).toEqual(new Map());
    expect(readSettings({ FERRY_GROUP_BUDGETS: 'db-cluster=2, 5f3c0e1a=1' }).groupBudgets).toEqual(
      new Map([
        ['db-cluster', 2],
        ['5f3c0e1a', 1],
      ]),
    );
    for (const wrong of ['db-cluster=0', 'db-cluster', 'db-cluster=two', '=2', 'a=1=2'])
      expect(() => readSettings({ FERRY_GROUP_BUDGETS: wrong })).toThrow(
        /^FERRY_GROUP_BUDGETS: must be group=budget pairs separated by commas/,
      );
    try {
      readSettings({ FERRY_GROUP_BUDGETS: 'db-cluster=-1' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingError);
      expect((error as SettingError).setting).toBe('FERRY_GROUP_BUDGETS');
    }
  });
});

describe('FERRY_COLD_CONFIRM and its older alias FERRY_AUTO_CONFIRM', () => {
  it('is auto by default, manual when asked either way, and stops on the two disagreeing', () => {
    expect(readSettings({}).autoConfirm).toBe(true);
    expect(readSettings({ FERRY_COLD_CONFIRM: 'manual' }).autoConfirm).toBe(false);
    expect(readSettings({ FERRY_COLD_CONFIRM: 'Auto' }).autoConfirm).toBe(true);
    expect(readSettings({ FERRY_AUTO_CONFIRM: 'false' }).autoConfirm).toBe(false);
    expect(readSettings({ FERRY_COLD_CONFIRM: 'manual', FERRY_AUTO_CONFIRM: 'false' }).autoConfirm).toBe(
      false,
    );
    expect(() => readSettings({ FERRY_COLD_CONFIRM: 'manual', FERRY_AUTO_CONFIRM: 'true' })).toThrow(
      /^FERRY_COLD_CONFIRM: says manual, but FERRY_AUTO_CONFIRM says true$/,
    );
    expect(() => readSettings({ FERRY_COLD_CONFIRM: 'later' })).toThrow(
      /^FERRY_COLD_CONFIRM: must be auto or manual/,
    );
    expect(readSettings({}).proofTimeoutMs).toBe(60_000);
    expect(readSettings({ FERRY_PROOF_TIMEOUT_S: '20' }).proofTimeoutMs).toBe(20_000);
  });
});

describe('FERRY_STALL_POLICY', () => {
  it('reads the policy, its overrides by project and flavor and its grace period; ask and 120 s by default', () => {
    expect(readSettings({}).stallPolicy).toEqual({ action: 'ask', overrides: [], graceMs: 120_000 });
    expect(
      readSettings({
        FERRY_STALL_POLICY: 'Force-Complete',
        FERRY_STALL_POLICY_OVERRIDES:
          'project:db-team=abort, flavor:g1.vgpu=ask project:5f3c=Abort-Then-Cold',
        FERRY_STALL_GRACE_S: '300',
      }).stallPolicy,
    ).toEqual({
      action: 'force-complete',
      overrides: [
        { match: 'project', value: 'db-team', action: 'abort' },
        { match: 'flavor', value: 'g1.vgpu', action: 'ask' },
        { match: 'project', value: '5f3c', action: 'abort-then-cold' },
      ],
      graceMs: 300_000,
    });
  });

  it('refuses what it cannot read, naming the variable', () => {
    const wrongs: [Record<string, string>, string, RegExp][] = [
      [
        { FERRY_STALL_POLICY: 'post-copy' },
        'FERRY_STALL_POLICY',
        /must be one of ask, force-complete, abort, abort-then-cold/,
      ],
      [{ FERRY_STALL_POLICY_OVERRIDES: 'server:x=abort' }, 'FERRY_STALL_POLICY_OVERRIDES', /is not project:/],
      [
        { FERRY_STALL_POLICY_OVERRIDES: 'project:x=pause' },
        'FERRY_STALL_POLICY_OVERRIDES',
        /the action must be/,
      ],
      [{ FERRY_STALL_POLICY_OVERRIDES: 'project:x' }, 'FERRY_STALL_POLICY_OVERRIDES', /is not project:/],
      [
        { FERRY_STALL_POLICY_OVERRIDES: 'flavor:a=ask,flavor:a=abort' },
        'FERRY_STALL_POLICY_OVERRIDES',
        /named twice/,
      ],
      [{ FERRY_STALL_GRACE_S: '0' }, 'FERRY_STALL_GRACE_S', /positive number of seconds/],
    ];
    for (const [env, setting, message] of wrongs) {
      try {
        readSettings(env);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(SettingError);
        expect((error as SettingError).setting).toBe(setting);
        expect((error as Error).message).toMatch(message);
      }
    }
  });
});
