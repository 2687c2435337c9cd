import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLines, requestMessage } from '../../src/chat/render.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { MoveRecord } from '../../src/core/model/records.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { candidateRefusal } from '../../src/messages/placement-checks.ts';
import { plan, plannerFor } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * A plan's checks are kept in its request record until someone approves it. Written while the channel
 * spoke English, they read in Chinese to a zh-CN reader: the record keeps facts, worded when shown.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  setChannelLanguage('en');
});
afterEach(async () => {
  setChannelLanguage('en');
  await fx.close();
});

/** What a store keeps and gives back: plain JSON. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const zh = <T>(make: () => T) => inLanguage('zh-CN', make);
const CHINESE = /[\u4e00-\u9fff]/;

describe("a plan's checks kept in a record", () => {
  it('read in Chinese to a zh-CN reader though the channel spoke English when they were written', async () => {
    const written = await plan(fx, { server: 'web-1' });
    const checks = stored(written.checks);
    expect(checks.some((c) => c.status === 'fail')).toBe(true);
    // the record holds no sentence a reader reads: only ids, statuses, facts and evidence
    expect(JSON.stringify(checks)).not.toMatch(/Room elsewhere|No host can take|Permission/);

    const english = checkLines(checks);
    expect(english.join('\n')).toMatch(/\*Room elsewhere\*: No host can take web-1/);
    const chinese = zh(() => checkLines(checks));
    expect(chinese).toHaveLength(checks.length);
    for (const line of chinese) expect(line).toMatch(CHINESE);
    expect(chinese.join('\n')).not.toMatch(/No host can take|Room elsewhere|Permission/);
    const fixes = zh(() => checkLines(checks, true).join('\n'));
    expect(fixes).toMatch(/反亲和/);
    expect(fixes).not.toMatch(/anti-affinity group allows one member per host/);
    // the candidates' refusals too: their blockers are kept, not a sentence
    const candidates = stored(written.candidates);
    expect(zh(() => candidates.map(candidateRefusal).join('\n'))).toMatch(/反亲和组/);
  });

  it("read in Chinese for an evacuation's and a drain's plan", async () => {
    const planner = plannerFor(fx);
    const evacuation = await planEvacuation(planner, {
      host: 'compute1',
      concurrency: 2,
      requestedBy: 'U_ALICE',
    });
    const drain = await planDrain(planner, {
      hosts: ['compute1', 'nowhere'],
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: false,
      requestedBy: 'U_ALICE',
    });
    for (const checks of [stored(evacuation.checks), stored(drain.checks)]) {
      const chinese = zh(() => checkLines(checks));
      for (const line of chinese) expect(line).toMatch(CHINESE);
      expect(chinese.join('\n')).not.toMatch(/Room for everything|Hosts exist|servers? can move/);
    }
  });

  it('written before checks were facts, still read: their sentences shown as stored', () => {
    const legacy: CheckResult = {
      id: 'capacity',
      title: 'Room on the destination',
      status: 'fail',
      reason: 'compute3 has no room for ledger: memory: needs 16384 MB, 2048 MB free.',
      fix: 'Choose a host with more room, or move something off it first.',
      evidence: {},
    };
    const lines = zh(() => checkLines(stored([legacy]), true).join('\n'));
    // the line's own frame in Chinese, the stored sentences as they were written
    expect(lines).toContain(
      '*Room on the destination*：compute3 has no room for ledger: memory: needs 16384 MB',
    );
    expect(lines).toContain('➜ Choose a host with more room, or move something off it first.');
    expect(zh(() => candidateRefusal({ refusal: 'compute3 is full' }))).toBe('compute3 is full');
  });

  it("written before checks were facts, a move's request message still shows its checks and candidates", () => {
    const legacy: MoveRecord = stored({
      id: 'r-000001',
      kind: 'move',
      createdAt: 0,
      requestedBy: 'U_ALICE',
      status: 'pending',
      request: { server: 'web-1', mode: 'live', requestedBy: 'U_ALICE' },
      plan: {
        serverId: 'id-1',
        serverName: 'web-1',
        projectId: 'p1',
        flavor: 'm1.small',
        source: 'compute1',
        destination: null,
        mode: 'live',
        blockMigration: 'auto',
        checks: [
          {
            id: 'capacity',
            title: 'Room elsewhere',
            status: 'fail',
            reason: 'No host can take web-1 (2048 MB, 1 vCPUs, 20 GB disk). compute2: full.',
            fix: 'Free room on a host, or enable one.',
            evidence: {},
          },
        ],
        candidates: [{ host: 'compute2', freeMemoryMb: 512, refusal: 'compute2 is full' }],
        ready: false,
        evaluatedAt: 0,
      },
    } satisfies MoveRecord);
    const text = textOf(
      requestMessage(legacy, {
        approvers: '<@U_BOB>',
        expiresAt: 0,
        timeZone: 'UTC',
        status: 'pending',
        withButtons: false,
      }),
    );
    expect(text).toContain(
      '*Room elsewhere*: No host can take web-1 (2048 MB, 1 vCPUs, 20 GB disk). compute2: full.',
    );
    expect(text).toContain('`compute2` 512 MB free — compute2 is full');
  });
});

// operator trial: "leave those hosts out" was said of one host
describe('nova-compute down on hosts of a drain', () => {
  const down = (hosts: string[]): CheckResult => ({
    id: 'compute-services',
    status: 'fail',
    fact: { code: 'drain-hosts-down', hosts },
    evidence: {},
  });
  it('says "that host" of one host and "those hosts" of several, in both languages', () => {
    expect(wordCheck(down(['compute3'])).fix).toBe(
      'Start nova-compute there, or leave that host out of the drain.',
    );
    expect(wordCheck(down(['compute3', 'compute4'])).fix).toBe(
      'Start nova-compute there, or leave those hosts out of the drain.',
    );
    expect(zh(() => wordCheck(down(['compute3'])).fix)).toBe(
      '在该节点上启动 nova-compute，或把它从排空中去掉。',
    );
    expect(zh(() => wordCheck(down(['compute3', 'compute4'])).fix)).toBe(
      '在那些节点上启动 nova-compute，或把它们从排空中去掉。',
    );
  });
});
