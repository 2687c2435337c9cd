import { describe, expect, it } from 'vitest';
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
    expect(line('paused')).toMatch(
      /^⏸️ \*Paused\* .* · 1 left · ⏸️ drain `d-1` is paused: moves in flight finish, no new one starts until someone presses Resume$/,
    );
    expect(line('held')).toMatch(/^✋ \*Held\* .* · 1 left · ✋ drain `d-1` is held: /);
    expect(line('paused')).not.toContain('ETA');
  });
});
