import { describe, expect, it } from 'vitest';
import { drainStatus } from '../../src/chat/drain-status.ts';
import { evacuationEta, evacuationProgressLine } from '../../src/chat/evacuation-progress.ts';
import type { DrainRecord, EvacuationItemState, RunRecord } from '../../src/core/model/records.ts';
import { evacuationItem, runningEvacuation, runRecord } from '../helpers/records.ts';

/**
 * An evacuation's ETA counts moving time only (operator trial: it grew with the minutes a cold move
 * waited in VERIFY_RESIZE for a person's Confirm), and a step its paused drain holds says so, with no
 * ETA (operator trial: "1 proving · ETA 30s" for 9 minutes of pause).
 */

const MINUTE = 60_000;

/** A cold move that copied for `movedMs`, waited `waitedMs` for Confirm from then, confirmed 5 s later. */
function confirmedRun(id: string, movedMs: number, waitedMs: number): RunRecord {
  const at = (ms: number) => 2_000 + ms;
  return {
    ...runRecord(id, `r-${id}`),
    mode: 'cold',
    state: 'done',
    transitions: [
      { state: 'starting', at: at(0) },
      { state: 'resizing', at: at(1_000) },
      { state: 'awaiting-confirmation', at: at(movedMs) },
      { state: 'confirming', at: at(movedMs + waitedMs) },
      { state: 'done', at: at(movedMs + waitedMs + 5_000) },
    ],
  };
}

const ended = (serverId: string, runId: string, durationMs: number): EvacuationItemState => ({
  ...evacuationItem(serverId),
  mode: 'cold',
  state: 'done',
  runId,
  outcome: { kind: 'completed', host: 'compute2', durationMs, forced: false },
});

describe("an evacuation's ETA", () => {
  it('leaves out the time a cold move waited for Confirm or Revert', () => {
    const runs = new Map([['m-1', confirmedRun('m-1', MINUTE, 10 * MINUTE)]]);
    const items = [ended('a', 'm-1', 11 * MINUTE + 5_000), evacuationItem('b')];
    const seen = { runOf: (id: string) => runs.get(id), now: 2_000 + 12 * MINUTE, autoConfirm: false };
    // moving time: its minute and the 5 s of its confirmation, for the one move still waiting
    expect(evacuationEta(items, 1, seen)).toBe(MINUTE + 5_000);
    // with auto-confirm that time is Ferry's proofs: it counts
    expect(evacuationEta(items, 1, { ...seen, autoConfirm: true })).toBe(11 * MINUTE + 5_000);
  });

  it('counts nothing left for a move that waits for a person now, whatever it waited so far', () => {
    const waiting: RunRecord = {
      ...confirmedRun('m-2', MINUTE, 0),
      state: 'awaiting-confirmation',
      transitions: confirmedRun('m-2', MINUTE, 0).transitions.slice(0, 3),
    };
    const runs = new Map([
      ['m-1', confirmedRun('m-1', MINUTE, 0)],
      ['m-2', waiting],
    ]);
    const items = [
      ended('a', 'm-1', MINUTE + 5_000),
      { ...evacuationItem('b'), mode: 'cold' as const, state: 'running' as const, runId: 'm-2' },
      evacuationItem('c'),
    ];
    const seen = { runOf: (id: string) => runs.get(id), now: 2_000 + 30 * MINUTE, autoConfirm: false };
    expect(evacuationEta(items, 2, seen)).toBe((MINUTE + 5_000) / 2);
  });
});

describe("a drain's step while the drain is paused", () => {
  it('says it is paused and gives no ETA', () => {
    const runs = new Map([['m-1', confirmedRun('m-1', MINUTE, 0)]]);
    const request = runningEvacuation(
      'e-1',
      'compute1',
      [ended('a', 'm-1', MINUTE), evacuationItem('b')],
      true,
    );
    request.evacuation.drainId = 'd-1';
    const drain = (phase: DrainRecord['drain']['phase']) =>
      ({ id: 'd-1', drain: { phase, pausedBy: 'U_BOB' } }) as DrainRecord;
    const line = (phase: DrainRecord['drain']['phase']) =>
      evacuationProgressLine(request, undefined, {
        runOf: (id) => runs.get(id),
        now: 2_000 + 2 * MINUTE,
        drainOf: () => drain(phase),
      });
    expect(line('running')).toMatch(/^🚚 \*Evacuating\* .* · 1 left · ETA \d+/);
    // its icon once a line (operator trial h-words29: "⏸️ *Paused* … · ⏸️ drain d-1 is paused")
    expect(line('paused')).toMatch(
      /^⏸️ \*Paused\* .* · 1 left · drain `d-1` is paused: moves in flight finish, no new one starts until someone presses Resume$/,
    );
    expect(line('held')).toMatch(/^✋ \*Held\* .* · 1 left · drain `d-1` is held: /);
    expect(line('paused')).not.toContain('ETA');
  });

  it('says a cold move waiting for Confirm with ⏳, not as paused, each icon once a line', () => {
    const waits: RunRecord = {
      ...runRecord('m-2', 'r-m-2'),
      mode: 'cold',
      state: 'awaiting-confirmation',
      transitions: [{ state: 'awaiting-confirmation', at: 2_000 }],
    };
    const runs = new Map([['m-2', waits]]);
    const request = runningEvacuation('e-1', 'compute1', [evacuationItem('a'), evacuationItem('b')], true);
    request.evacuation.items[0] = { ...evacuationItem('a'), mode: 'cold', state: 'running', runId: 'm-2' };
    request.evacuation.drainId = 'd-1';
    for (const phase of ['paused', 'held'] as const) {
      const line = evacuationProgressLine(request, undefined, {
        runOf: (id) => runs.get(id),
        now: 2_000 + MINUTE,
        autoConfirm: false,
        drainOf: () => ({ id: 'd-1', drain: { phase, pausedBy: 'U_BOB' } }) as DrainRecord,
      });
      expect(line).toContain(' · ⏳ waiting for a person to press Confirm or Revert: `a`');
      const icons = line.match(/\p{Extended_Pictographic}/gu) ?? [];
      expect(icons.length, line).toBe(new Set(icons).size);
    }
  });

  it("says a paused drain's cold move waiting for Confirm with ⏳, so ⏸️ is said once", () => {
    const drain = { id: 'd-1', drain: { phase: 'paused', pausedBy: 'U_BOB' } } as DrainRecord;
    const line = drainStatus(drain, '<@U_BOB>', '12:00', 'UTC', ['web-1']);
    expect(line).toMatch(
      /^⏸️ \*Paused\* by <@U_BOB>: .* · ⏳ waiting for a person to press Confirm or Revert: `web-1`$/,
    );
    expect(line.match(/⏸️/g)).toHaveLength(1);
  });
});
