import { describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { drainPlanMessage } from '../../src/chat/drain-plan-view.ts';
import { drainReport } from '../../src/chat/drain-report-view.ts';
import { drainMessage } from '../../src/chat/drain-view.ts';
import type { DrainPlan } from '../../src/core/model/drain.ts';
import type { DrainRecord, EvacuationRecord } from '../../src/core/model/records.ts';
import { textOf } from '../helpers/slack.ts';

/** A drain's plan, message and report at fleet size, within Slack's limits (render.test.ts: the evacuation's). */
describe('the drain plan message', () => {
  it("keeps a 100-host plan within Slack's limits and says what it left out", () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({
      hosts: [
        {
          host: `az2-c${String(i + 1).padStart(3, '0')}`,
          serviceId: `s${i}`,
          items: Array.from({ length: 20 }, (_, j) => ({
            serverId: `id-${i}-${j}`,
            serverName: `vm-${i}-${j}`,
            status: 'ACTIVE',
            flavor: 'm1.small',
            ramMb: 2048,
            mode: j === 0 ? null : ('live' as const),
            destination: j === 0 ? null : 'az3-c001',
            ...(j === 0 ? { note: 'locked' } : {}),
          })),
        },
      ],
      fits: i !== 7,
      missing:
        i === 7
          ? Array.from({ length: 9 }, (_, k) => ({
              server: `vm-7-${k}`,
              flavor: 'm1.small',
              why: { code: 'no-host-in-service' as const },
              coldWould: false,
            }))
          : [],
      stuck: 1,
      blockedBy: [],
      staysAway: [],
    }));
    const plan: DrainPlan = {
      request: {
        hosts: [],
        zone: 'az2',
        hostsAtOnce: 1,
        concurrency: 2,
        returnHome: false,
        requestedBy: 'U_ALICE',
      },
      hosts: steps.map((s) => s.hosts[0]?.host as string),
      steps,
      checks: [],
      ready: false,
      fingerprint: 'f',
      evaluatedAt: 0,
    };
    const message = drainPlanMessage(plan, 'U_ALICE');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) expect(JSON.stringify(block).length).toBeLessThan(3_200);
    const text = textOf(message);
    expect(text).toContain('*Step 8* · `az2-c008` · 20 servers: 19 live, 1 cannot move · ❌ does not fit');
    expect(text).toContain('… and 4 more without room');
    // 2,000 servers: not listed one by one
    expect(text).not.toContain('• vm-1-1');
    expect(message.text).toBe('Drain plan: 100 hosts, 99 of 100 steps fit');
  });

  it("keeps a 300-host drain's message and report within Slack's limits, saying what was left out", () => {
    const hosts = Array.from({ length: 300 }, (_, i) => ({
      host: `az1-c${String(i).padStart(3, '0')}`,
      serviceId: `s-${i}`,
      phase: 'done' as const,
      evacuationIds: [`e-${i}`],
      startedAt: 1_000,
      emptyAt: 2_000,
      backAt: 3_000,
      endedAt: 4_000,
    }));
    const drain: DrainRecord = {
      id: 'd-000001',
      kind: 'drain',
      createdAt: 0,
      requestedBy: 'U_ALICE',
      status: 'approved',
      decidedBy: 'U_BOB',
      checks: [],
      ready: true,
      evaluatedAt: 0,
      drain: {
        hosts,
        hostsAtOnce: 3,
        concurrency: 2,
        returnHome: false,
        fingerprint: 'f',
        step: 99,
        phase: 'running',
        startedAt: 0,
      },
    };
    const evacuation = (id: string) =>
      ({
        id,
        kind: 'evacuation',
        evacuation: {
          items: Array.from({ length: 20 }, (_, k) => ({
            serverId: `${id}-${k}`,
            serverName: `vm-${id}-${k}`,
            status: 'ACTIVE',
            flavor: 'm1.small',
            ramMb: 2048,
            mode: 'live',
            destination: 'az1-c999',
            state: 'done',
            outcome: {
              kind: 'completed',
              message: 'ok',
              host: 'az1-c999',
              durationMs: 30_000,
              forced: false,
            },
          })),
        },
      }) as unknown as EvacuationRecord;
    const message = drainMessage(drain, {
      approvers: '@oncall',
      expiresAt: 0,
      timeZone: 'UTC',
      now: 10_000,
      status: 'status line',
      lookup: evacuation,
    });
    const report = drainReport(drain, evacuation);
    for (const rendered of [message, report]) {
      expect(rendered.blocks.length).toBeLessThanOrEqual(50);
      for (const block of rendered.blocks) expect(JSON.stringify(block).length).toBeLessThan(3_200);
    }
    // what matters most is never cut: the status line and the controls
    expect(textOf(message)).toContain('status line');
    expect(JSON.stringify(message.blocks)).toContain(DRAIN_ACTIONS.pause);
    expect(textOf(message)).toContain('… and 240 more hosts.');
    expect(textOf(report)).toMatch(/… \d+ more sections do not fit in one Slack message/);
  });
});
