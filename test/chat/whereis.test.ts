import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWhereis, command as whereis, whereisText } from '../../commands/whereis.ts';
import type { Core } from '../../src/core/create-core.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { commandServices, recordedReply } from '../helpers/command.ts';
import { coreOver } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { silentLogger } from '../helpers/silent-logger.ts';

describe('/whereis grammar', () => {
  it('takes one server name or ID, and help', () => {
    expect(parseWhereis('server-x')).toEqual({ kind: 'where', server: 'server-x' });
    expect(parseWhereis('')).toEqual({ kind: 'help' });
    expect(parseWhereis('help')).toEqual({ kind: 'help' });
    expect(parseWhereis('server-x compute2')).toMatchObject({ kind: 'error', message: /Too many words/ });
    expect(parseWhereis('<@U123>')).toMatchObject({ kind: 'error', message: /Slack mention/ });
  });
});

describe('/whereis', () => {
  let fx: SandboxFixture;
  let core: Core;
  let store: LowdbStore;
  beforeEach(async () => {
    fx = await sandboxFixture();
    store = LowdbStore.memory();
    core = coreOver(fx, { store, access: requestersPolicy(['U_ALICE']) });
  });
  afterEach(async () => {
    await core?.stop();
    await fx.close();
  });

  const ask = async (text: string, user = 'U_ALICE') => {
    const reply = recordedReply();
    await whereis.answer(
      { text, user_id: user, channel_id: 'C1' },
      reply,
      commandServices(core, store, fx.clock),
      silentLogger,
    );
    return reply.said;
  };

  it('says which compute host a server is on, with its status, task state and power state', async () => {
    const server = await core.ports.cloud.findServer('server-x');
    expect(await ask('server-x')).toEqual([
      `*server-x* (\`${server.id}\`) is on compute host \`compute1\`.\nStatus \`ACTIVE\`, no task running, power state \`RUNNING\`.`,
    ]);
    // by its ID too, and a stopped one says so
    expect((await ask(server.id))[0]).toContain('is on compute host `compute1`.');
    expect((await ask('batch-7'))[0]).toContain('Status `SHUTOFF`, no task running, power state `SHUTDOWN`.');
  });

  // the operator trial: `cache-2` in backticks, as Ferry's messages show names, was refused as "`'cache-2'`
  // contains a backtick"; and CACHE-2 was answered "Did you mean cache-2, cache-1?"
  it('takes a name typed as inline code, and offers only the name typed in another case', async () => {
    expect((await ask('`server-x`'))[0]).toContain('is on compute host `compute1`.');
    expect((await ask('SERVER-X'))[0]).toMatch(/Did you mean server-x\?/);
  });

  it('sets its sentences side by side in Chinese, with no space between them', () => {
    const said = inLanguage('zh-CN', () =>
      whereisText({ kind: 'not-found', query: 'server-y', suggestions: ['server-x'] }),
    );
    expect(said).toContain('。你是指 server-x 吗？');
  });

  it('answers a server nobody has with the names it may mean, as the other commands do', async () => {
    expect(await ask('server-y')).toEqual([
      'No server named or with ID "server-y" exists in any project. Did you mean server-x?',
    ]);
    expect(await ask('zzzzzzzzzzzz')).toEqual([
      'No server named or with ID "zzzzzzzzzzzz" exists in any project. Check the name, or use the server ID.',
    ]);
  });

  it('pings nobody with a name from the cloud or the asker', async () => {
    const server = {
      ...(await core.ports.cloud.findServer('server-x')),
      name: '<!channel> *x*',
      host: '<@U1>',
    };
    const said = [
      whereisText({ kind: 'found', server }),
      whereisText({ kind: 'not-found', query: '<!here>', suggestions: ['<!channel>'] }),
    ].join('\n');
    expect(said).not.toMatch(/<[!@]/);
  });

  it('is read only by those who may read the lists', async () => {
    expect(await ask('server-x', 'U_DAVE')).toEqual([
      'Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.',
    ]);
  });
});
