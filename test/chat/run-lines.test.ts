import { describe, expect, it } from 'vitest';
import { progressText, runStage, runSummaryLine } from '../../src/chat/run-view.ts';
import type { ProgressSnapshot, RunRecord } from '../../src/core/model/records.ts';
import { landedSnapshot, percentOfPhase } from '../../src/core/move/progress.ts';
import { inLanguage } from '../../src/i18n/index.ts';

/** A run's one-line forms (/migrations, App Home, its progress in its thread) in words, not state names. */

const run = (state: RunRecord['state']) =>
  ({
    id: 'm-f05d9e',
    serverName: 'batch-7',
    source: 'compute1',
    destination: 'compute2',
    mode: 'cold',
    state,
    transitions: [],
  }) as unknown as RunRecord;

describe("a run's line", () => {
  it('says a cold move waiting in VERIFY_RESIZE in words, never as the state name', () => {
    const line = runSummaryLine(run('awaiting-confirmation'));
    expect(line).toBe(
      '`m-f05d9e` `batch-7` `compute1` → `compute2` cold · *moved, waiting for Confirm or Revert*',
    );
    const chinese = inLanguage('zh-CN', () => runSummaryLine(run('awaiting-confirmation')));
    expect(chinese).not.toMatch(/awaiting/);
    // with auto-confirm nobody need press anything: Ferry confirms it (operator trial)
    const auto = { outage: null, timeZone: 'UTC', autoConfirm: true };
    expect(runSummaryLine(run('awaiting-confirmation'), auto)).toBe(
      '`m-f05d9e` `batch-7` `compute1` → `compute2` cold · *moved, in VERIFY_RESIZE: Ferry confirms it itself once its proofs pass*',
    );
    expect(inLanguage('zh-CN', () => runSummaryLine(run('awaiting-confirmation'), auto))).not.toMatch(
      /确认”或“回退|VERIFY_RESIZE: Ferry/,
    );
  });

  it('says a move Nova queued is queued by Nova, with no share done', () => {
    // what the watcher reads from a record in `queued` (run-watch: percentOfPhase of its status)
    expect(percentOfPhase('queued')).toBeNull();
    const queued: ProgressSnapshot = {
      at: 0,
      phase: 'queued',
      migrationStatus: 'queued',
      percent: percentOfPhase('queued'),
      bytesRemaining: null,
      bytesTotal: null,
      rate: null,
      etaMs: null,
      elapsedMs: 3_000,
    };
    // every live move passes through Nova's `queued`: alone on its source, no slot is waited for
    const alone = {
      ...run('queued'),
      serverName: 'cache-1',
      mode: 'live',
      transitions: [{ state: 'queued', at: 0, note: { code: 'nova-status', status: 'queued' } }],
    } as RunRecord;
    expect(progressText(alone, queued)).toBe('`cache-1` is queued by Nova · elapsed 3s');
    expect(inLanguage('zh-CN', () => progressText(alone, queued))).not.toMatch(/slot|名额/);
    // behind another live migration from its source (run-watch's queue position on its note)
    const behind = {
      ...alone,
      transitions: [
        {
          state: 'queued',
          at: 0,
          note: { code: 'nova-status', status: 'queued', queue: { ahead: 1, source: 'compute1' } },
        },
      ],
    } as RunRecord;
    const line = progressText(behind, queued);
    expect(line).toBe(
      '`cache-1` is queued by Nova: it waits for a free live-migration slot on `compute1` (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed 3s',
    );
    expect(line).not.toMatch(/%|▓|░/);
    // behind moves of Ferry's the shared feed showed holding the slot: named (operator trial: an
    // evacuation's thread did not say which of its moves it waits for)
    const behindFerrys = (ferrys: string[]) =>
      ({
        ...alone,
        transitions: [
          {
            state: 'queued',
            at: 0,
            note: { code: 'nova-status', status: 'queued', queue: { ferrys, source: 'compute1' } },
          },
        ],
      }) as RunRecord;
    expect(progressText(behindFerrys(['analytics-1']), queued)).toBe(
      "`cache-1` is queued by Nova: it waits for a free live-migration slot on `compute1`, behind Ferry's move of `analytics-1` (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed 3s",
    );
    expect(progressText(behindFerrys(['a-1', 'a-2']), queued)).toContain(
      "behind Ferry's moves of `a-1`, `a-2` (",
    );
    expect(inLanguage('zh-CN', () => progressText(behindFerrys(['analytics-1']), queued))).toContain(
      '排在 Ferry 迁移 `analytics-1` 之后',
    );
  });

  it('says a move Nova recorded completed as moved, with its 100%, whatever phase Ferry saw last', () => {
    // operator trial at speed 50: Nova ran a small move between two reads, from queued to completed, and
    // the watcher wrote its landed progress (run-watch: landedSnapshot) while Ferry proved it
    const seen = { ...run('queued'), serverName: 'worker', mode: 'live', startedAt: 0 } as RunRecord;
    const landed = { ...seen, lastProgress: landedSnapshot(seen, 4_000) } as RunRecord;
    const line = runSummaryLine(landed);
    expect(line).toBe(
      '`m-f05d9e` `worker` `compute1` → `compute2` live · *moved, Ferry proves it* [▓▓▓▓▓▓▓▓▓▓] 100%',
    );
    expect(line).not.toContain('queued');
    expect(runStage(landed).word).toBe('moved, Ferry proves it');
    // not landed: the state Ferry saw, and no bar of another phase
    expect(runStage(seen)).toEqual({ word: 'queued', progress: undefined });
  });
});
