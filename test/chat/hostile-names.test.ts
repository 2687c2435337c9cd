import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as render from '../../src/chat/render.ts';
import { messageToText } from '../../src/console/blocks-to-text.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { ESCAPED, mrkdwnOf, SERVER, unescaped } from '../helpers/hostile.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  waitFor,
} from '../helpers/slack.ts';
import { BUILT_IN_FLOW, MODULES, NOT_BUILDERS, VIEW_FILES } from './chat-files.ts';
import { BUILDERS } from './hostile-builders.ts';

describe('hostile names through every message builder', () => {
  it('knows every file of the chat edge, and every exported function of the view modules', () => {
    const files = readdirSync(new URL('../../src/chat/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    expect(files.filter((file) => !BUILT_IN_FLOW.has(file) && !(file in VIEW_FILES))).toEqual([]);
    const unlisted = Object.entries(MODULES).flatMap(([name, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === 'function')
        .map(([exported]) => `${name}.${exported}`)
        .filter(
          (key) =>
            !NOT_BUILDERS.has(key) && !BUILDERS[key.split('.')[0] as string]?.[key.split('.')[1] as string],
        ),
    );
    expect(unlisted).toEqual([]);
  });

  for (const language of ['en', 'zh-CN'] as const)
    it(`escapes every name in every builder's text and blocks (${language}), and the console shows them as typed`, () => {
      for (const [module, builders] of Object.entries(BUILDERS))
        for (const [name, build] of Object.entries(builders)) {
          const outputs = inLanguage(language, build);
          const texts = outputs.flatMap((output) => mrkdwnOf(output));
          expect(unescaped(texts), `${module}.${name}`).toEqual([]);
          // the case really carried a hostile name into the message (a drain's list line names none)
          if (name !== 'drainLine')
            expect(
              texts.some((text) => ESCAPED.some((escaped) => text.includes(escaped))),
              `${module}.${name} shows a name`,
            ).toBe(true);
          for (const output of outputs) {
            if (!output || typeof output !== 'object' || !('blocks' in output)) continue;
            const shown = messageToText(
              (output as { blocks: never[] }).blocks,
              '',
              new Map(),
              false,
            ).lines.join('\n');
            // the terminal shows the name as it is, never as "@channel" or a link
            expect(shown, `${module}.${name} in the console`).not.toMatch(/(^|[^<])@channel|click \(https/);
          }
        }
    });
});

describe('hostile names through a whole evacuation in Slack', () => {
  let fx: SandboxFixture;
  let slack: SlackHarness;
  afterEach(async () => {
    await slack?.stop();
    await fx?.close();
  });

  it('escapes them in the request, its thread, the report, the owners notices and App Home', async () => {
    fx = await sandboxFixture();
    const worker = [...fx.sandbox.cloud.servers.values()].find(
      (server) => server.name === 'worker' && server.host === 'compute3',
    );
    if (!worker) throw new Error('the sandbox has no server "worker"');
    worker.name = SERVER;
    const analytics = fx.sandbox.cloud.projects.get('analytics')?.id as string;
    slack = await slackHarness(fx, {
      projectChannels: [
        { project: 'web', channel: 'C0WEB' },
        { project: analytics, channel: 'C0ANALYTICS' },
      ],
    });
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await waitFor(
      () =>
        slack.fake.messages.find(
          (m) => m.channel === CHANNEL && !m.threadTs && m.text.startsWith('Evacuation'),
        ),
      'the evacuation',
    );
    await appHomeOpened(slack, 'U_BOB', 'Ev01');
    await slack.press(
      'U_BOB',
      parent.ts,
      render.ACTIONS.approve,
      buttonValue(parent, render.ACTIONS.approve),
    );
    await waitFor(
      () => slack.fake.messages.some((m) => m.text.startsWith('Evacuation report')),
      'the report',
      30_000,
    );
    await slack.ferry.reporter.idle();
    // a move of it by its ID (a name like this cannot be typed): its request, thread and owners' notices
    const destination = worker.host === 'compute1' ? 'compute2' : 'compute1';
    await slack.command('U_ALICE', '/migrate', `${worker.id} to ${destination}`);
    const request = await waitFor(
      () =>
        slack.fake.messages.find(
          (m) => m.channel === CHANNEL && !m.threadTs && m.text.startsWith('Migration request'),
        ),
      'the move',
    );
    await slack.press(
      'U_BOB',
      request.ts,
      render.ACTIONS.approve,
      buttonValue(request, render.ACTIONS.approve),
    );
    await waitFor(() => worker.host === destination, 'the move', 30_000);
    await waitFor(
      () => slack.fake.messages.filter((m) => m.channel === 'C0ANALYTICS').length >= 4,
      'the owners told of the move',
      30_000,
    );
    await slack.ferry.reporter.idle();
    await slack.ferry.home.refresh();
    await appHomeOpened(slack, 'U_ALICE', 'Ev02');
    await waitFor(() => slack.fake.homes.has('U_ALICE'), 'Home');
    const calls = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish'].flatMap(
      (method) => slack.fake.callsOf(method),
    );
    const texts = calls.flatMap((call) => mrkdwnOf(call.params));
    expect(unescaped(texts)).toEqual([]);
    // the name was there to escape: in the request, the report and the owners' notice
    const named = calls.filter((call) => JSON.stringify(call.params).includes('&lt;!channel&gt;'));
    expect(named.length).toBeGreaterThan(3);
    expect(
      slack.fake
        .callsOf('chat.postMessage')
        .some(
          (call) =>
            call.params.channel === 'C0ANALYTICS' && JSON.stringify(call.params).includes('&lt;!channel&gt;'),
        ),
    ).toBe(true);
  }, 60_000);
});
