import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import type { Block } from '../../src/chat/render.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import {
  SEED_FLAVORS,
  SEED_GROUPS,
  SEED_HOSTS,
  SEED_PROJECTS,
  SEED_SERVERS,
} from '../../src/sandbox/seed.ts';
import { asciiPunctuationInChinese, spacesAfterFullWidth, straySpacesInChinese } from '../helpers/chinese.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import {
  appHomeOpened,
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
});
/** what a test started besides Ferry and the sandbox (an SSH server), closed after Ferry stops */
let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await slack?.stop();
  for (const close of closers) await close();
  closers = [];
  await fx.close();
});

/**
 * What an operator reading Chinese would still find in English: every Latin word, once the things
 * that are names rather than words are taken out (code spans, mentions, quoted values, commands and
 * flags, setting names, IDs, the sandbox's servers, hosts, groups and flavors), with the proper names
 * and units Chinese operators write in Latin letters too. Each is given with the text around it.
 */
const KEPT_IN_LATIN = new Set(
  'Ferry Nova Placement Slack QEMU KVM SSH TLS TCP UTC ID UUID vCPU MB GB GiB MiB KiB TiB NFS Ceph Hypervisor hypervisor libvirt libvirtd nova virsh openstack admin post-copy auto-converge node qemu shell Train Newton Ocata tcp tls sasl nova-compute'.split(
    ' ',
  ),
);
const NAMES = [
  ...SEED_SERVERS.map((server) => server.name),
  ...SEED_HOSTS.map((host) => host.name),
  ...SEED_GROUPS.map((group) => group.name),
  ...SEED_FLAVORS.map((flavor) => flavor.name),
  ...SEED_PROJECTS,
].sort((a, b) => b.length - a.length);
function englishIn(text: string): string[] {
  let stripped = text;
  // what people named and typed: servers, hosts, flavors, a window's reason
  for (const name of [...NAMES, 'kernel upgrade']) stripped = stripped.replaceAll(name, ' ');
  stripped = stripped
    // a command's usage line is its syntax
    .replace(/用法：.*$/gm, ' ')
    .replace(/openstack [a-z -]+/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/“[^”\n]*”/g, ' ')
    // Nova's own words for a migration's status, quoted as Nova gave them
    .replace(/Nova：[a-z-]+/g, ' ')
    .replace(/\/[a-z]+/g, ' ')
    // Ferry's IDs (e-bdaffd: one in about 350 has no digit)
    .replace(/\b[demrw]-[0-9a-f]{4,}\b/g, ' ')
    .replace(/\S*[\d_.]\S*/g, ' ')
    .replace(/(^|\s)--?[a-z][a-z-]*/g, ' ')
    // shell commands in a fix, CamelCase settings (RamFilter), Python's True and False
    .replace(/\b(systemctl|usermod|ssh-keygen|ssh-copy-id|ssh|virsh|getent)\b[^，。；）\n]*/g, ' ')
    .replace(/\b[A-Z][a-z]+[A-Z]\w*\b/g, ' ')
    .replace(/\b(True|False)\b/g, ' ')
    .replace(/\b[A-Z][A-Z_]{2,}\b/g, ' ');

  return [...stripped.matchAll(/[A-Za-z][A-Za-z'-]+/g)]
    .filter(([word]) => !KEPT_IN_LATIN.has(word))
    .map(
      (match) =>
        `${match[0]} in «${stripped.slice(Math.max(0, (match.index ?? 0) - 30), (match.index ?? 0) + 30)}»`,
    );
}

const everything = () =>
  [
    ...slack.fake.messages.map((message) => textOf(message)),
    ...[...slack.fake.homes.values()].map((home) => textOf({ text: '', blocks: home.blocks as Block[] })),
  ].join('\n');
const root = (needle: string) =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && textOf(m).includes(needle)),
    `message with ${needle}`,
  );
const threadText = (parent: StoredMessage) =>
  slack.fake
    .threadOf(CHANNEL, parent.ts)
    .map((message) => textOf(message))
    .join('\n');

describe('Ferry in Simplified Chinese (FERRY_LANG=zh-CN)', () => {
  it('says everything of a request, its approval, its run and its refusals in Chinese', async () => {
    slack = await slackHarness(fx, { language: 'zh-CN' });
    // a move, from the request to its end: the checks, a refused self-approval, on-call's approval, progress
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await root('server-x');
    // the runbook's names of the preconditions
    for (const check of [
      '权限检查',
      '参数检查',
      '目的物理主机存在',
      '云主机状态',
      'nova-compute 在线且已启用',
    ])
      expect(textOf(parent)).toContain(`✅ *${check}*`);
    expect(textOf(parent)).toContain('✅ *目的物理主机与源物理主机不同*');
    expect(textOf(parent)).toContain('申请热迁移');
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_ALICE', parent.ts, ACTIONS.approve, requestId);
    await waitFor(() => slack.privately('U_ALICE').includes('四眼原则'), 'the four-eyes refusal');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId);
    await waitFor(() => threadText(parent).includes('已完成'), 'the outcome', 15_000);
    expect(threadText(parent)).toMatch(/server-x 现在在 compute2 上运行/);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('批准'),
      'the status line',
    );

    // preconditions that fail, with the runbook's words and the fixes
    await slack.command('U_ALICE', '/migrate', 'vault to compute2');
    const blocked = await root('vault');
    expect(textOf(blocked)).toContain('❌ *云主机状态*');
    expect(textOf(blocked)).toContain('*受阻*');
    // the fix under its check, on the request's message
    expect(textOf(blocked)).toMatch(/修正方法写在每项下面/);
    expect(textOf(blocked)).toMatch(/\n {3}➜ [^\n]*openstack server unlock/);

    // the person's own answers: help, a malformed command, lists and details
    await slack.command('U_ALICE', '/migrate', 'help');
    await slack.command('U_ALICE', '/migrate', 'server-x --fast');
    await slack.command('U_ALICE', '/migrations', '');
    await slack.command('U_ALICE', '/migrations', slack.store.runs()[0]?.id ?? '');
    await slack.command('U_ALICE', '/evacuate', 'compute3 --dry-run');
    await slack.command('U_ALICE', '/drain', 'compute1 compute3 --dry-run');
    await slack.command('U_ALICE', '/maintenance', 'compute1 saturday 02:00 for 2h kernel upgrade');
    await root('维护窗口');
    await slack.command('U_ALICE', '/maintenance', 'list');
    await appHomeOpened(slack, 'U_BOB', 'Ev01');
    await waitFor(() => slack.privately('U_ALICE').includes('示例：'), 'help');
    await waitFor(() => slack.privately('U_ALICE').includes('未知选项 --fast'), 'the malformed command');
    await waitFor(() => slack.privately('U_ALICE').includes('即将进行的维护'), 'the window list');
    await root('预演：疏散');
    await root('排空计划');
    await waitFor(() => slack.fake.homes.has('U_BOB'), 'Home');
    await waitFor(() => slack.privately('U_ALICE').includes('历史'), 'the run detail');

    expect(englishIn(everything())).toEqual([]);
    expect(asciiPunctuationInChinese(everything())).toEqual([]);
    expect(straySpacesInChinese(everything())).toEqual([]);
    expect(spacesAfterFullWidth(everything())).toEqual([]);
  });

  it('says a drain, its evacuation, the host coming back, the move home and the owners notices in Chinese', async () => {
    slack = await slackHarness(fx, {
      language: 'zh-CN',
      projectChannels: [
        { project: 'web', channel: 'C0WEB' },
        { project: 'data', channel: 'C0DATA' },
      ],
    });
    // as in the drain tests: compute4 is back in service, so compute2's servers have room
    Object.assign(fx.sandbox.cloud.hosts.get('compute4') as object, {
      status: 'enabled',
      disabledReason: null,
    });
    await slack.command('U_ALICE', '/drain', 'compute2 --return');
    const parent = await root('申请排空');
    await waitFor(() => threadText(parent).includes('*第 1 步*'), 'the plan in the thread');
    const asked = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(asked, ACTIONS.approve));
    const empty = await waitFor(
      () => slack.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === 'compute2 已清空'),
      'compute2 is empty',
      30_000,
    );
    await slack.press('U_BOB', empty.ts, DRAIN_ACTIONS.hostBack, buttonValue(empty, DRAIN_ACTIONS.hostBack));
    await waitFor(() => threadText(parent).includes('排空报告'), 'the report', 30_000);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('排空完成'),
      'done',
    );
    await waitFor(() => slack.fake.messages.some((m) => m.channel === 'C0WEB'), 'the owners told');
    expect(englishIn(everything())).toEqual([]);
    expect(asciiPunctuationInChinese(everything())).toEqual([]);
    expect(straySpacesInChinese(everything())).toEqual([]);
    expect(spacesAfterFullWidth(everything())).toEqual([]);
  });

  it('reminds of a window and starts it in Chinese from its scheduled jobs', async () => {
    // the jobs fire from the test, outside any listener: as node-cron's timers do
    const jobs: (() => void)[] = [];
    const scheduler: Scheduler = {
      every: (_ms, task) => jobs.push(task),
      cron: (_expression, _zone, task) => jobs.push(task),
      after: (ms, task) => {
        const timer = setTimeout(task, ms);
        return () => clearTimeout(timer);
      },
      stop: async () => {},
    };
    fx.clock.advance(Date.parse('2026-12-03T02:00:00Z') - fx.clock.now());
    slack = await slackHarness(fx, { language: 'zh-CN', scheduler });
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-05T02:00 for 2h kernel upgrade');
    await root('维护窗口');
    fx.clock.advance(24 * 3_600_000);
    for (const job of jobs) job();
    await root('compute1 的维护将在 24h 后开始');
    fx.clock.advance(24 * 3_600_000);
    for (const job of jobs) job();
    await root('已开始');
    expect(englishIn(everything())).toEqual([]);
    expect(asciiPunctuationInChinese(everything())).toEqual([]);
    expect(straySpacesInChinese(everything())).toEqual([]);
    expect(spacesAfterFullWidth(everything())).toEqual([]);
  });

  it('says a host check, its findings and the fixes in Chinese', async () => {
    const { ssh, checker } = await sandboxHostChecker(fx);
    closers.push(() => ssh.close());
    slack = await slackHarness(fx, { language: 'zh-CN', hostChecker: checker });
    await slack.command('U_ALICE', '/hostcheck', 'compute3 compute1');
    await root('的节点检查');
    await waitFor(() => slack.privately('U_ALICE').includes('安全问题'), 'the private findings');
    expect(englishIn(everything())).toEqual([]);
    expect(asciiPunctuationInChinese(everything())).toEqual([]);
    expect(straySpacesInChinese(everything())).toEqual([]);
    expect(spacesAfterFullWidth(everything())).toEqual([]);
  });

  it('answers each person in their Slack locale, and the channel in FERRY_LANG', async () => {
    slack = await slackHarness(fx);
    slack.fake.users.set('U_LI', { name: 'li', realName: 'Li Wei', locale: 'zh-CN' });
    slack.fake.users.set('U_ALICE', { name: 'alice', realName: 'Alice', locale: 'en-US' });
    await slack.command('U_LI', '/migrate', 'help');
    await waitFor(
      () => slack.privately('U_LI').includes('检查迁移一台云主机的所有前置条件'),
      'help in Chinese',
    );
    await slack.command('U_ALICE', '/migrate', 'help');
    await waitFor(() => slack.privately('U_ALICE').includes('Check every precondition'), 'help in English');

    // Li's request goes to the channel in English; Li's refused self-approval comes in Chinese
    await slack.command('U_LI', '/migrate', 'server-x to compute2');
    const parent = await root('server-x');
    expect(textOf(parent)).toContain('asks for a live migration');
    await slack.press('U_LI', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    await waitFor(() => slack.privately('U_LI').includes('四眼原则'), 'the refusal in Chinese');
    expect(englishIn(slack.privately('U_LI'))).toEqual([]);
    const asked = slack.fake.callsOf('users.info').map((call) => call.params);
    expect(asked.every((params) => String(params.include_locale) === 'true')).toBe(true);
    // remembered: one lookup per person however often they ask
    expect(asked.filter((params) => params.user === 'U_LI')).toHaveLength(1);
  });
});
