import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { parseMaintenance } from '../../commands/maintenance.ts';
import { parseMigrations } from '../../commands/migrations.ts';
import { command as whereis } from '../../commands/whereis.ts';
import type { Core } from '../../src/core/create-core.ts';
import { editsFromNames } from '../../src/core/evacuation/edits.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { commandServices, recordedReply } from '../helpers/command.ts';
import { coreOver } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { silentLogger } from '../helpers/silent-logger.ts';

/**
 * IDs typed in upper case (operator trial: a server's UUID pasted in upper case was "No server named or
 * with ID …", and `/migrations E-1C3855` "is not an evacuation ID"): Nova's UUIDs are case-insensitive
 * and Ferry's own IDs are hex, so either is the same ID in lower case.
 */

describe("Ferry's own IDs in upper case", () => {
  it('are read as the same IDs', () => {
    expect(parseMigrations('E-1C3855')).toEqual({ kind: 'show', id: 'e-1c3855' });
    expect(parseMigrations('abort M-ABCDEF')).toEqual({ kind: 'abort', id: 'm-abcdef' });
    expect(parseDrain('D-1A2B3C')).toEqual({ kind: 'show', id: 'd-1a2b3c' });
    expect(parseDrain('D-1A2B3C skip compute1')).toEqual({ kind: 'skip', id: 'd-1a2b3c', host: 'compute1' });
    expect(parseDrain('compute1 --window W-1A2B3C')).toMatchObject({ kind: 'plan', windowId: 'w-1a2b3c' });
    expect(parseEvacuate('compute1 --window W-1A2B3C')).toMatchObject({ windowId: 'w-1a2b3c' });
    expect(parseMaintenance('cancel W-1A2B3C')).toEqual({ kind: 'cancel', id: 'w-1a2b3c' });
  });
});

describe('server and project IDs in upper case', () => {
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

  it('find the server, and name it in --skip and --skip-project', async () => {
    const server = await core.ports.cloud.findServer('server-x');
    const typed = server.id.toUpperCase();
    expect((await core.ports.cloud.findServer(typed)).id).toBe(server.id);
    const reply = recordedReply();
    await whereis.answer(
      { text: typed, user_id: 'U_ALICE', channel_id: 'C1' },
      reply,
      commandServices(core, store, fx.clock),
      silentLogger,
    );
    expect(reply.said[0]).toContain('is on compute host `compute1`.');
    const items = [{ serverId: server.id, serverName: 'server-x', projectId: server.projectId }];
    expect(
      editsFromNames(
        items,
        [],
        { skip: [typed], skipProjects: [server.projectId.toUpperCase()] },
        'U_ALICE',
        () => [],
      ),
    ).toEqual([
      { code: 'skip', serverId: server.id, by: 'U_ALICE' },
      { code: 'skip-project', projectId: server.projectId, by: 'U_ALICE' },
    ]);
  });
});
