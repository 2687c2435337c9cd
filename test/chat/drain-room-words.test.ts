import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainPlanMessage } from '../../src/chat/drain-plan-view.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import type { DrainPlan, DrainRequest, MissingRoom } from '../../src/core/model/drain.ts';
import type { BlockerKind } from '../../src/core/move/fit.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { heldCauseText, missingRoomText } from '../../src/messages/drain.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import { plannerFor, worded } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * Operator trials of /drain: why a step's server has nowhere to go, as the plan says it. A host that
 * could take it but is full is named with what is short; the "… and N more" line counts by reason.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const drain = (request: Partial<DrainRequest>) =>
  planDrain(plannerFor(fx), {
    hosts: [],
    hostsAtOnce: 1,
    concurrency: 2,
    returnHome: false,
    requestedBy: 'U_ALICE',
    ...request,
  });
const host = (name: string) => fx.sandbox.cloud.hosts.get(name) as SandboxHost;
const line = (plan: DrainPlan, step: number, server: string) =>
  plan.steps[step]?.missing.map(missingRoomText).find((said) => said.startsWith(`${server} (`));
const capacityReason = (plan: DrainPlan) => plan.checks.map(worded).find((c) => c.id === 'capacity')?.reason;
const QEMU_OLDER =
  'compute3: QEMU 6.2.0 on compute3 is older than QEMU 8.2.0 on compute1 (live migration needs one not older)';

describe("a drain plan's servers with nowhere to go", () => {
  it('names no room on the host that could take a later step’s server, filled by an earlier step', async () => {
    // compute2 was disabled before: it is emptied and takes nothing; compute4 is enabled, small, and
    // step 1 fills it; compute3 has room but an older QEMU
    Object.assign(host('compute2'), { status: 'disabled', disabledReason: 'RAID rebuild' });
    Object.assign(host('compute4'), { status: 'enabled', disabledReason: null, memoryMb: 16_800 });
    host('compute3').memoryMb = 64_000;
    const plan = await drain({ hosts: ['compute2', 'compute1'] });
    expect(plan.steps[0]?.fits).toBe(true);
    const moved = plan.steps[0]?.hosts[0]?.items.filter((i) => i.mode === 'live');
    expect(moved?.map((i) => i.destination)).toEqual(['compute4', 'compute4', 'compute4']);
    // step 2: compute4, the one host a live move from compute1 may go to, has no room left
    expect(line(plan, 1, 'server-x')).toBe(
      'server-x (m1.large): the hosts that could take it have no room: compute4: memory: needs 8192 MB, ' +
        `4000 MB free; the hosts with room rule it out: ${QEMU_OLDER}; it could move cold (a restart) if you choose`,
    );
    expect(line(plan, 1, 'ledger')).toContain(
      'the hosts that could take it have no room: compute4: memory: needs 16384 MB',
    );
    // web-1 is kept off compute4 by its group as well: room is not all that stops it there, so not said
    expect(line(plan, 1, 'web-1')).toBe(
      `web-1 (m1.medium): the hosts with room rule it out: ${QEMU_OLDER}; it could move cold (a restart) if you choose`,
    );
    expect(capacityReason(plan)).toBe(
      'Step 2 does not fit: the hosts still in service cannot take 4 servers (room, an older or different hypervisor).',
    );
    // a fact: as stored, it reads in Chinese to a zh-CN reader
    const stored = JSON.parse(JSON.stringify(plan)) as DrainPlan;
    const chinese = inLanguage('zh-CN', () => stored.steps[1]?.missing.map(missingRoomText));
    expect(chinese?.find((said) => said.startsWith('server-x（'))).toContain(
      '能接收它的节点都没有空间：compute4：',
    );
  });

  it('counts the servers left unlisted by their reason, never all as "without room"', async () => {
    // only compute3 is in service: it has room for all, but its older QEMU takes no live move
    Object.assign(host('compute2'), { status: 'disabled', disabledReason: 'RAID rebuild' });
    host('compute3').memoryMb = 200_000;
    for (const name of ['api-1', 'api-2'])
      fx.sandbox.cloud.addServer({
        name,
        host: 'compute1',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
      });
    const plan = await drain({ hosts: ['compute1'] });
    expect(plan.steps[0]?.missing).toHaveLength(7);
    const text = textOf(drainPlanMessage(plan, 'U_ALICE'));
    expect(text).not.toContain('without room');
    expect(text).toContain('… and 2 more that the hosts with room rule out');
    expect(inLanguage('zh-CN', () => textOf(drainPlanMessage(plan, 'U_ALICE')))).toContain(
      '… 另有 2 台被有空间的节点排除',
    );
  });

  it('counts both reasons when the unlisted servers have each', () => {
    const missing = (server: string, why: MissingRoom['why']): MissingRoom => ({
      server,
      flavor: 'm1.small',
      why,
      coldWould: false,
    });
    const ruled = (server: string) =>
      missing(server, { code: 'ruled-out', hosts: [{ host: 'compute3', blockers: [] }], more: 0 });
    const need = { MEMORY_MB: 2048, VCPU: 1, DISK_GB: 20 };
    const roomiest = (server: string) =>
      missing(server, { code: 'roomiest', need, host: 'compute3', free: { ...need, MEMORY_MB: 1024 } });
    const plan: DrainPlan = {
      request: {
        hosts: ['compute1'],
        hostsAtOnce: 1,
        concurrency: 2,
        returnHome: false,
        requestedBy: 'U_ALICE',
      },
      hosts: ['compute1'],
      steps: [
        {
          hosts: [{ host: 'compute1', serviceId: 's1', items: [] }],
          fits: false,
          missing: [...['a', 'b', 'c', 'd', 'e', 'f'].map(ruled), roomiest('g'), roomiest('h')],
          blockedBy: ['capacity', 'hypervisor'],
          stuck: 0,
          staysAway: [],
        },
      ],
      checks: [],
      ready: false,
      fingerprint: 'f',
      evaluatedAt: 0,
    };
    expect(textOf(drainPlanMessage(plan, 'U_ALICE'))).toContain(
      '… and 3 more with nowhere to go: 2 without room, 1 that the hosts with room rule out',
    );
  });

  it("says a held drain's step has no room only when room is what it lacks", () => {
    const held = (blockedBy: BlockerKind[]) => ({
      at: 0,
      fingerprint: 'f',
      failed: [
        {
          id: 'compute-services' as const,
          status: 'fail' as const,
          evidence: {},
          fact: { code: 'drain-hosts-down' as const, hosts: ['compute2'] },
        },
        {
          id: 'capacity' as const,
          status: 'fail' as const,
          evidence: {},
          fact: { code: 'drain-step-short' as const, step: 2, steps: [2], servers: 3, blockedBy },
        },
      ],
    });
    expect(heldCauseText(held(['capacity']))).toBe(
      'nova-compute is down on compute2, and the rest of the step has no room',
    );
    // the hosts with room rule its servers out: not "no room" (operator trial)
    const ruled = heldCauseText(held(['hypervisor', 'anti-affinity']));
    expect(ruled).not.toContain('no room');
    expect(ruled).toBe(
      'nova-compute is down on compute2, and the hosts still in service cannot take the rest of the step',
    );
    expect(inLanguage('zh-CN', () => heldCauseText(held(['hypervisor'])))).toBe(
      'compute2 上的 nova-compute 宕机，且仍在服务的节点无法接收该步其余云主机',
    );
  });
});
