import { describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { drainPlanMessage } from '../../src/chat/drain-plan-view.ts';
import { drainReport } from '../../src/chat/drain-report-view.ts';
import { drainMessage } from '../../src/chat/drain-view.ts';
import { evacuationProgressLine } from '../../src/chat/evacuation-progress.ts';
import { evacuationReport } from '../../src/chat/evacuation-report.ts';
import { EVACUATION_ACTIONS, evacuationMessage } from '../../src/chat/evacuation-view.ts';
import { runSummaryLine } from '../../src/chat/run-view.ts';
import { Threads } from '../../src/chat/threads.ts';
import type { DrainPlan } from '../../src/core/model/drain.ts';
import type { DrainRecord, EvacuationRecord } from '../../src/core/model/records.ts';
import { move, run } from '../helpers/hostile.ts';
import { textOf } from '../helpers/slack.ts';

describe('the evacuation report', () => {
  it('says a forced completion was forced', () => {
    const item = {
      serverId: 's1',
      serverName: 'ledger',
      status: 'ACTIVE',
      flavor: 'm1.xlarge',
      ramMb: 16_384,
      mode: 'live' as const,
      destination: 'compute2',
      state: 'done' as const,
      outcome: {
        kind: 'completed' as const,
        message: 'ledger now runs on compute2',
        host: 'compute2',
        durationMs: 90_000,
        forced: true,
      },
    };
    const request = evacuationRecord('e-abc123', 'done', [item]);
    expect(textOf(evacuationReport(request))).toMatch(
      /`ledger` `compute1` → `compute2` · live · 1m 30s · completed \(force-completed\)/,
    );
  });
});

describe("an evacuation's plan waiting for approval", () => {
  // the approval keeps when only the destinations shift (core/evacuation.test: "keeps an approval
  // when only the suggested destinations shifted"): the plan must not promise to ask again for that
  it('promises a new approval for its servers and how each moves, and calls its destinations a preview', () => {
    const item = {
      serverId: 's1',
      serverName: 'cache-2',
      status: 'ACTIVE',
      flavor: 'm1.medium',
      ramMb: 4096,
      mode: 'live' as const,
      destination: 'compute2',
      state: 'waiting' as const,
    };
    const pending = (destination: string | null): EvacuationRecord => {
      const request = evacuationRecord('e-abc125', 'running', [item]);
      return {
        ...request,
        status: 'pending',
        evacuation: { ...request.evacuation, phase: 'planned', destination },
      };
    };
    const view = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: '' };
    const anywhere = textOf(evacuationMessage(pending(null), view));
    expect(anywhere).not.toContain('destinations change');
    expect(anywhere).toContain(
      'One approval covers exactly this plan: if its servers or how each moves change, Ferry asks again. Destinations are a preview: each server goes where there is room when the evacuation starts.',
    );
    // onto one named host, the destination is no preview
    expect(textOf(evacuationMessage(pending('compute2'), view))).not.toContain('preview');
  });
});

describe('an evacuation with a move whose end Ferry did not see', () => {
  const item = (name: string, outcome: EvacuationRecord['evacuation']['items'][number]['outcome']) => ({
    serverId: name,
    serverName: name,
    status: 'ACTIVE',
    flavor: 'm1.small',
    ramMb: 2048,
    mode: 'live' as const,
    destination: 'compute2',
    state: 'done' as const,
    ...(outcome ? { outcome } : {}),
  });
  const request = (phase: 'running' | 'done') =>
    evacuationRecord('e-abc124', phase, [
      item('web-1', {
        kind: 'completed',
        message: 'moved',
        host: 'compute2',
        durationMs: 60_000,
        forced: false,
      }),
      item('web-2', {
        kind: 'unknown',
        message: 'Nova no longer has the record of migration 7, so how it ended is unknown.',
        host: null,
        forced: false,
      }),
      item('web-3', {
        kind: 'failed',
        message: 'libvirt said no',
        host: 'compute1',
        durationMs: 5_000,
        forced: false,
      }),
    ]);

  it('counts and lists it as unknown (❓), never as failed', () => {
    const report = textOf(evacuationReport(request('done')));
    expect(report).toContain('1 moved, 1 failed, ❓ 1 unknown, 0 not moved');
    expect(report).toMatch(/`web-2` `compute1` → \? · live · — · ❓ end unknown/);
    expect(
      evacuationProgressLine(request('running'), undefined, { runOf: () => undefined, now: 0 }),
    ).toContain('1 done · 0 running · 1 failed · ❓ 1 unknown');
    const view = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: '' };
    expect(evacuationMessage(request('running'), view).text).toContain('1 failed, ❓ 1 unknown');
  });
});

describe('the evacuation report after its move back', () => {
  type Item = EvacuationRecord['evacuation']['items'][number];
  const base = (name: string) => ({
    serverId: name,
    serverName: name,
    status: 'ACTIVE',
    flavor: 'm1.small',
    ramMb: 2048,
    destination: 'compute2',
  });
  const left = (name: string): Item => ({
    ...base(name),
    mode: 'live',
    state: 'done',
    outcome: { kind: 'completed', message: 'moved', host: 'compute2', durationMs: 1_000, forced: false },
  });
  /** not moved back; where Nova said it was when the move back ended (null: gone) */
  const stayed = (name: string, hostAtEnd: string | null): Item => ({
    ...base(name),
    destination: 'compute1',
    mode: null,
    state: 'skipped',
    note: hostAtEnd ? 'already on compute1' : 'no longer exists',
    hostAtEnd,
  });
  const evacuation = evacuationRecord('e-abc125', 'done', [left('web-1'), left('web-2'), left('web-3')]);
  /** the move back: web-1 deleted meanwhile, web-2 already home, web-3 as given */
  const moveBack = (third: Item): EvacuationRecord => {
    const record = evacuationRecord('e-abc126', 'done', [
      stayed('web-1', null),
      stayed('web-2', 'compute1'),
      third,
    ]);
    record.evacuation.returnOf = evacuation.id;
    return record;
  };

  it('offers to move back only the servers that can still go back', () => {
    const failed: Item = {
      ...left('web-3'),
      destination: 'compute1',
      outcome: {
        kind: 'failed',
        message: 'libvirt said no',
        host: 'compute2',
        durationMs: 1_000,
        forced: false,
      },
    };
    const report = evacuationReport(evacuation, moveBack(failed));
    expect(textOf(report)).toContain('on-call can move its 1 server(s) back');
    expect(JSON.stringify(report.blocks)).toContain('Ferry checks each server that left');
  });

  it('counts and offers only the servers that can go back, and lists each that cannot with why', () => {
    const older =
      'QEMU 6.2.0 on compute1 is older than QEMU 8.2.0 on compute2 (live migration needs one not older)';
    const record = evacuationRecord('e-abc127', 'done', [
      left('web-1'),
      { ...left('web-2'), notBack: older },
      { ...left('web-3'), notBack: older },
    ]);
    const report = evacuationReport(record);
    expect(textOf(report)).toContain('on-call can move 1 of its 3 server(s) back');
    expect(textOf(report)).toContain('2 cannot (listed with the reason):');
    expect(textOf(report)).toContain(`\`web-2\` cannot go back: ${older}`);
    expect(textOf(report)).toContain(`\`web-3\` cannot go back: ${older}`);
    // the dialog is drawn with the report and stays up: no count that a server moved by hand makes stale
    const dialog = JSON.stringify(report.blocks.find((b) => b.type === 'actions'));
    expect(dialog).toContain('Ferry checks each server that left `compute1` where it is now');
    expect(dialog).not.toMatch(/\d+ server\(s\)/);
    // after a move back: one it left behind that cannot go back is listed, not offered again
    const back = moveBack({ ...stayed('web-3', 'compute2'), note: older });
    const after = evacuationReport(
      {
        ...record,
        evacuation: {
          ...record.evacuation,
          items: [left('web-1'), left('web-2'), { ...left('web-3'), notBack: older }],
        },
      },
      back,
    );
    expect(textOf(after)).not.toContain('on-call can move');
    expect(textOf(after)).not.toContain('each is gone or already home');
    expect(textOf(after)).toContain('None of the 1 server(s) that left `compute1` can go back');
    expect(JSON.stringify(after.blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
  });

  it('says none can go back when each is gone or home, and offers no button', () => {
    const report = evacuationReport(evacuation, moveBack(stayed('web-3', 'compute1')));
    expect(textOf(report)).not.toContain('on-call can move');
    expect(textOf(report)).toContain('None of the servers the move back left behind can go back');
    expect(JSON.stringify(report.blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
  });
});

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
    expect(text).toContain('*Step 8* · `az2-c008` · 20 server(s): 19 live, 1 cannot move · ❌ does not fit');
    expect(text).toContain('… and 4 more without room');
    // 2,000 servers: not listed one by one
    expect(text).not.toContain('• vm-1-1');
    expect(message.text).toBe('Drain plan: 100 host(s), 99 of 100 step(s) fit');
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
    expect(textOf(message)).toContain('… and 240 more host(s).');
    expect(textOf(report)).toMatch(/… \d+ more section\(s\) do not fit in one Slack message/);
  });
});

describe("a run's progress bar", () => {
  it('is shown only in the phase it was read in: a cold move confirming is not at "migrating"\'s 40%', () => {
    const read = run('resizing');
    const migrating = {
      ...read,
      mode: 'cold' as const,
      outcome: undefined,
      lastProgress: {
        ...(read.lastProgress as NonNullable<typeof read.lastProgress>),
        phase: 'resizing' as const,
        percent: 40,
      },
    };
    const confirming = { ...migrating, state: 'confirming' as const };
    const approved = { ...move, status: 'approved' as const, decidedBy: 'U_BOB', decidedAt: 0 };
    const threads = new Threads({ timeZone: 'UTC' } as ConstructorParameters<typeof Threads>[0]);
    expect(threads.statusOf(approved, migrating)).toContain('40%');
    expect(threads.statusOf(approved, confirming)).not.toContain('40%');
    expect(threads.statusOf(approved, confirming)).toMatch(/\*confirming\* · Approved/);
    expect(runSummaryLine(migrating)).toContain('40%');
    expect(runSummaryLine(confirming)).not.toContain('40%');
  });
});

/** An approved evacuation of compute1 that Ferry disabled, with these items, in this phase. */
function evacuationRecord(
  id: string,
  phase: 'running' | 'done',
  items: EvacuationRecord['evacuation']['items'],
): EvacuationRecord {
  return {
    id,
    kind: 'evacuation',
    createdAt: 0,
    requestedBy: 'U_ALICE',
    decidedBy: 'U_BOB',
    status: 'approved',
    checks: [],
    ready: true,
    evaluatedAt: 0,
    evacuation: {
      host: 'compute1',
      serviceId: 'svc',
      destination: null,
      concurrency: 1,
      perDestination: 1,
      reenable: false,
      fingerprint: 'f',
      items,
      phase,
      serviceDisabled: true,
    },
  };
}
