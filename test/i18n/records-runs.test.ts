import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDetail } from '../../src/chat/run-detail.ts';
import { outcomeMessage } from '../../src/chat/run-view.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import type { Outcome, RunRecord } from '../../src/core/model/records.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { runRefusalText } from '../../src/messages/run-refusals.ts';
import { runNoticeText } from '../../src/messages/runs.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A run's record keeps what happened, not a sentence in the channel's language of the moment: a move
 * that ended while the channel spoke English reads in Chinese to a zh-CN reader (issue #27).
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

/** A record as the store hands it back: plain data, read again from its JSON. */
const asStored = (run: RunRecord | undefined) => JSON.parse(JSON.stringify(run)) as RunRecord;
const textOf = (rendered: unknown) => JSON.stringify(rendered);

describe('a run record read in another language than it was written in', () => {
  it('ended while the channel spoke English, it reads in Chinese to a zh-CN reader', async () => {
    const h = harness(fx);
    const started = await h.runner.start(await h.approved({ server: 'cache-1' }));
    await h.runner.idle();
    const run = asStored(h.store.getRun(started.id));
    const outcome = run.outcome as Outcome;
    expect(outcome.kind).toBe('completed');
    // in the channel's English, as when it ended
    expect(textOf(outcomeMessage(run, outcome))).toContain('cache-1 now runs on compute1; it is ACTIVE.');
    // a Chinese reader, later: the outcome and the history in Chinese
    const zh = textOf(inLanguage('zh-CN', () => runDetail(run, undefined, 'UTC')));
    expect(zh).toContain('结果：cache-1 现在在 compute1 上运行；状态为 ACTIVE。');
    expect(zh).toContain('Nova：running');
    expect(zh).not.toMatch(/now runs on|it is ACTIVE|Nova: running|运行中/);
    expect(textOf(inLanguage('zh-CN', () => outcomeMessage(run, outcome)))).toContain(
      'cache-1 现在在 compute1 上运行；状态为 ACTIVE。',
    );
  });

  it('written by Ferry before outcomes were facts, it still shows its sentence as stored', () => {
    const legacy = {
      id: 'm-0ld',
      requestId: 'r-0ld',
      serverId: 'srv-1',
      serverName: 'web-1',
      mode: 'live',
      source: 'compute1',
      destination: 'compute2',
      blockMigration: 'auto',
      state: 'done',
      startedAt: 0,
      endedAt: 60_000,
      baselineMigrationId: 0,
      novaRequestIds: [],
      transitions: [
        { state: 'starting', at: 0 },
        { state: 'running', at: 1_000, note: 'Nova: running' },
        { state: 'done', at: 60_000, note: 'completed' },
      ],
      forceRequested: false,
      abortRequested: false,
      revertRequested: false,
      outcome: {
        kind: 'completed',
        message: 'web-1 now runs on compute2; it is ACTIVE.',
        host: 'compute2',
        durationMs: 60_000,
        forced: false,
      },
    } as RunRecord;
    const zh = textOf(inLanguage('zh-CN', () => runDetail(legacy, undefined, 'UTC')));
    expect(zh).toContain('结果：web-1 now runs on compute2; it is ACTIVE.');
    expect(zh).toContain('Nova: running');
    expect(textOf(outcomeMessage(legacy, legacy.outcome as Outcome))).toContain(
      'web-1 now runs on compute2; it is ACTIVE.',
    );
  });

  it('a notice journaled for its thread reads in the language of whoever tells it; one from before facts as stored', () => {
    const run = { id: 'm-0ld', serverName: 'web-1' } as RunRecord;
    const since = Date.UTC(2026, 11, 5, 2, 3, 4);
    // as the journal keeps it: plain data
    const told = JSON.parse(
      JSON.stringify({ kind: 'run.notice', run, notice: { code: 'nova-out', since, status: 503 } }),
    ) as Extract<FerryEvent, { kind: 'run.notice' }>;
    expect(runNoticeText(told)).toBe(
      'Nova is not available since 02:03:04 UTC (it answers 503); still watching',
    );
    expect(inLanguage('zh-CN', () => runNoticeText(told))).toBe(
      '自 02:03:04 UTC 起 Nova 不可用（应答 503）；仍在监视',
    );
    const legacy = {
      kind: 'run.notice',
      run,
      note: 'Cannot reach Nova since 02:03:04 UTC; still watching',
    } as const;
    expect(inLanguage('zh-CN', () => runNoticeText(legacy))).toBe(
      'Cannot reach Nova since 02:03:04 UTC; still watching',
    );
  });

  it("a refusal on an ended run names how it ended in the reader's words, never the raw code", () => {
    const said = inLanguage('zh-CN', () =>
      runRefusalText({ code: 'run-ended', runId: 'm-e43520', outcome: 'completed' }),
    );
    expect(said).toContain('（已完成）');
    expect(said).not.toContain('completed');
    expect(runRefusalText({ code: 'run-ended', runId: 'm-1', outcome: undefined })).toBe(
      'Migration m-1 has already ended (end unknown).',
    );
  });

  it('a Confirm or Revert pressed after one was sent says which was sent (operator trial)', () => {
    expect(runRefusalText({ code: 'nothing-to-revert', state: 'confirming' })).toBe(
      'Nothing was done: the confirmation was sent already, and Nova is confirming the move.',
    );
    expect(runRefusalText({ code: 'nothing-to-confirm', state: 'reverting' })).toBe(
      'Nothing was done: the revert was sent already, and Nova is moving the server back.',
    );
    expect(runRefusalText({ code: 'nothing-to-confirm', state: 'running' })).toBe(
      'Nothing to confirm: the migration is running.',
    );
  });
});
