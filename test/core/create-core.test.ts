import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/chat/explain.ts';
import type { ApprovalFact, ApprovalNews } from '../../src/core/approvals.ts';
import type { Core } from '../../src/core/create-core.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { coreOver } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
let core: Core;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await core?.stop();
  await fx.close();
});

/** What an edge would say, kept as the facts the core told. */
function recordingNews(): ApprovalNews & { facts: ApprovalFact[] } {
  const facts: ApprovalFact[] = [];
  return {
    facts,
    approved: async (fact) => {
      facts.push(fact);
    },
    slow: async () => undefined,
    unanswered: async () => undefined,
    answered: async () => undefined,
    recheckFailed: async () => undefined,
  };
}

describe('createCore', () => {
  it('plans, records and starts a move over the sandbox and a memory store, with no Slack', async () => {
    core = coreOver(fx);
    const { request, plan } = await core.moves.ask({
      user: 'U_ALICE',
      server: 'server-x',
      destination: 'compute2',
      mode: 'live',
      dryRun: false,
    });
    expect(plan.ready).toBe(true);
    expect(request.status).toBe('pending');
    expect(core.queries.request(request.id)?.status).toBe('pending');

    const news = recordingNews();
    await core.approvals.approve(request.id, 'U_BOB', news);
    expect(news.facts.map((fact) => [fact.kind, fact.by])).toEqual([['checking', 'U_BOB']]);
    const run = core.queries.run(request.id);
    expect(run?.requestId).toBe(request.id);
    expect(core.queries.activeRuns().map((r) => r.id)).toEqual([run?.id]);
  });

  it('refuses a mistyped server with the names it may mean, and records nothing', async () => {
    const store = LowdbStore.memory();
    core = coreOver(fx, { store });
    const refused = await core.moves
      .ask({ user: 'U_ALICE', server: 'server-y', mode: 'live', dryRun: false })
      .then(
        () => null,
        (error: unknown) => error,
      );
    // the core refuses with data; the edge words it
    expect(explain(refused)).toMatch(/Did you mean server-x\?/);
    expect(store.pendingRequests()).toEqual([]);
  });

  it("checks /hostcheck's permission in the core, as /migrate's", async () => {
    core = coreOver(fx, { access: requestersPolicy(['U_ALICE']) });
    const refused = await core.hostChecks.check('U_DAVE', 'compute1').then(
      () => null,
      (error: unknown) => error,
    );
    expect(explain(refused)).toMatch(/FERRY_REQUESTERS/);
    // on call may check too; without SSH there is no report to make
    expect(await core.hostChecks.check('U_BOB', 'compute1')).toEqual({ kind: 'no-ssh' });
    expect(await core.hostChecks.check('U_ALICE', 'compute1')).toEqual({ kind: 'no-ssh' });
  });
});
