import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as migrations } from '../../commands/migrations.ts';
import { approvalNews } from '../../src/chat/approval-news.ts';
import type { Reply } from '../../src/chat/command.ts';
import { explainFailure } from '../../src/chat/explain.ts';
import { UserLanguages } from '../../src/chat/languages.ts';
import { wiredPoster } from '../../src/chat/poster-wiring.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import { Threads } from '../../src/chat/threads.ts';
import type { Core } from '../../src/core/create-core.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { FerryMetrics } from '../../src/metrics.ts';
import { Store } from '../../src/store/store.ts';
import { coreOver, onCall } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { silentLogger } from '../helpers/silent-logger.ts';

let fx: SandboxFixture;
let core: Core;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await core?.stop();
  await fx.close();
});

/**
 * What createSlackEdge hands a command, built without Bolt: the core, and an edge whose poster is
 * never started (a read-only command posts nothing; Slack's address answers nobody).
 */
function servicesOver(core: Core, store: Store): FerryServices {
  const log = () => undefined;
  const poster = wiredPoster({
    slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    metrics: new FerryMetrics({ store, clock: fx.clock }),
    logger: silentLogger,
    store,
    clock: fx.clock,
    gapMs: 0,
    log,
  });
  const threads = new Threads({
    store,
    places: store,
    poster,
    approvers: onCall,
    book: core.book,
    timeZone: 'UTC',
    clock: fx.clock,
  });
  return {
    core,
    poster,
    threads,
    approvers: onCall,
    news: approvalNews({ threads, clock: fx.clock, timeZone: 'UTC' }),
    timeZone: 'UTC',
    language: 'en',
    languages: new UserLanguages({ localeOf: async () => undefined, channelLanguage: 'en', clock: fx.clock }),
    explain: explainFailure,
    log,
  };
}

/** A reply that keeps what the command answered, as the person would read it. */
function recordedReply(): Reply & { said: string[] } {
  const said: string[] = [];
  const reply = async (say: Parameters<Reply>[0]) => {
    const made = typeof say === 'function' ? say() : say;
    said.push(typeof made === 'string' ? made : made.text);
  };
  return Object.assign(reply, { said });
}

describe('a command handler, with the core and a recorded reply (no Bolt)', () => {
  it('/migrations <r-…> reads a request through Queries, and refuses someone who may not read', async () => {
    const store = Store.memory();
    core = coreOver(fx, { store, access: requestersPolicy(['U_ALICE']) });
    const services = servicesOver(core, store);
    const { request } = await core.moves.ask({
      user: 'U_ALICE',
      server: 'server-x',
      destination: 'compute2',
      mode: 'live',
      dryRun: false,
    });
    const asked = { text: request.id, user_id: 'U_ALICE', channel_id: 'C1' };

    const reply = recordedReply();
    await migrations.answer(asked, reply, services, silentLogger);
    expect(reply.said).toEqual([`Request ${request.id} is pending; it has not started a migration.`]);

    const refused = recordedReply();
    await migrations.answer({ ...asked, user_id: 'U_DAVE' }, refused, services, silentLogger);
    expect(refused.said).toEqual([
      'Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.',
    ]);

    const mistyped = recordedReply();
    await migrations.answer({ ...asked, text: 'abrot m-000000' }, mistyped, services, silentLogger);
    expect(mistyped.said).toEqual([expect.stringContaining('Did you mean abort?')]);
  });
});
