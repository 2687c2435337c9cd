import { describe, expect, it } from 'vitest';
import { evacuationProgressLine } from '../../src/chat/evacuation-progress.ts';
import { evacuationReport } from '../../src/chat/evacuation-report.ts';
import { EVACUATION_ACTIONS, evacuationMessage } from '../../src/chat/evacuation-view.ts';
import { runSummaryLine } from '../../src/chat/run-view.ts';
import { Threads } from '../../src/chat/threads.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
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
    expect(textOf(report)).toContain('on-call can move its one server back');
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
    expect(textOf(report)).toContain('on-call can move 1 of its 3 servers back');
    expect(textOf(report)).toContain('2 cannot (listed with the reason):');
    expect(textOf(report)).toContain(`\`web-2\` cannot go back: ${older}`);
    expect(textOf(report)).toContain(`\`web-3\` cannot go back: ${older}`);
    // the dialog is drawn with the report and stays up: no count that a server moved by hand makes stale
    const dialog = JSON.stringify(report.blocks.find((b) => b.type === 'actions'));
    expect(dialog).toContain('Ferry checks each server that left `compute1` where it is now');
    expect(dialog).not.toMatch(/\(s\)/);
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
    expect(textOf(after)).toContain('The one server that left `compute1` cannot go back');
    expect(JSON.stringify(after.blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
  });

  it('says none can go back when each is gone or home, and offers no button', () => {
    const report = evacuationReport(evacuation, moveBack(stayed('web-3', 'compute1')));
    expect(textOf(report)).not.toContain('on-call can move');
    expect(textOf(report)).toContain('None of the servers the move back left behind can go back');
    expect(JSON.stringify(report.blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
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
