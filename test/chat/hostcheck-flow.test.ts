import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHostcheck } from '../../commands/hostcheck.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let ssh: SandboxSsh;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
  const started = await sandboxHostChecker(fx);
  ssh = started.ssh;
  slack = await slackHarness(fx, { hostChecker: started.checker });
});
afterEach(async () => {
  await slack.stop();
  await ssh.close();
  await fx.close();
});

describe('/hostcheck', () => {
  it('parses one or two hosts and refuses anything else', () => {
    expect(parseHostcheck('compute1 compute2')).toEqual({
      kind: 'check',
      host: 'compute1',
      peer: 'compute2',
    });
    expect(parseHostcheck('')).toEqual({ kind: 'help' });
    expect(parseHostcheck('compute1 `reboot`')).toMatchObject({ kind: 'error' });
    expect(parseHostcheck('compute1 compute1')).toMatchObject({ kind: 'error' });
  });

  it('posts the findings grouped by host, with the setting to change', async () => {
    await slack.command('U_ALICE', '/hostcheck', 'compute3 compute1');
    const message = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Host check of compute3 and compute1')),
      'host check message',
      15_000,
    );
    const text = textOf(message);
    expect(text).toMatch(/\*compute3\*\n❌ Nothing listens on 16509/);
    // a weakness an attacker could use goes to the requester only
    expect(text).not.toMatch(/auth_tcp = "none"/);
    await waitFor(
      () =>
        slack.fake.messages.some(
          (m) =>
            m.ephemeralTo === 'U_ALICE' &&
            /⚠️ auth_tcp = "none": anyone who can reach port 16509/.test(textOf(m)),
        ),
      'private finding',
    );
    expect(text).toMatch(/➜ Delete it\. VIR_MIGRATE_TUNNELLED became live_migration_tunnelled/);
    expect(text).toMatch(/\*compute1\*\n✅/);
    expect(message.text).toMatch(/3 failures, 6 warnings/);
    // each host's CPU, and the sets they form: compute3's older CPU is a set of its own
    expect(text).toContain(
      "• compute3: cpu_mode `host-model` (Nova's default) → `Broadwell-noTSX-IBRS` + 16 features; host CPU `Broadwell-noTSX-IBRS` (`Intel`), 30 listed features",
    );
    expect(text).toContain(
      '⚠️ Not one CPU-compatible set: compute3 (`Broadwell-noTSX-IBRS`) · compute1 (`Cascadelake-Server`)',
    );
  });

  it('refuses a host the cloud does not know, without connecting', async () => {
    await slack.command('U_ALICE', '/hostcheck', 'compute9');
    await waitFor(
      () =>
        slack.fake.messages.some(
          (m) => m.ephemeralTo === 'U_ALICE' && m.text.includes("not one of this cloud's compute hosts"),
        ),
      'refusal',
    );
  });
});
