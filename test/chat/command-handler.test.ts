import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as migrations } from '../../commands/migrations.ts';
import type { Core } from '../../src/core/create-core.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { commandServices, recordedReply } from '../helpers/command.ts';
import { coreOver } from '../helpers/core.ts';
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

describe('a command handler, with the core and a recorded reply (no Bolt)', () => {
  it('/migrations <r-…> reads a request through Queries, and refuses someone who may not read', async () => {
    const store = LowdbStore.memory();
    core = coreOver(fx, { store, access: requestersPolicy(['U_ALICE']) });
    const services = commandServices(core, store, fx.clock);
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
