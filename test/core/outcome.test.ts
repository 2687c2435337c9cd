import { describe, expect, it } from 'vitest';
import type { Migration, Server } from '../../src/core/model/cloud.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import type { FailureReason } from '../../src/core/model/run-facts.ts';
import { classifyEnd, type Verdict } from '../../src/core/move/outcome.ts';
import { outcomeFactText } from '../../src/messages/runs.ts';

/** The pure outcome classifier: the migration record and the server's own state, both, decide. */

const run = (over: Partial<RunRecord> = {}) =>
  ({
    id: 'm-1',
    source: 'compute1',
    forceRequested: false,
    revertRequested: false,
    abortRequested: false,
    ...over,
  }) as RunRecord;
const migration = (status: string, destCompute = 'compute2') => ({ status, destCompute }) as Migration;
const server = (host: string, status = 'ACTIVE') => ({ name: 'vm1', host, status }) as Server;
/** Nova's reason as the server's fault gives it */
const fault = (message: string): FailureReason => ({ code: 'fault', message });
/** the verdict as its thread says it */
const said = (verdict: Verdict | null) =>
  verdict && { kind: verdict.kind, message: outcomeFactText(verdict.fact) };

describe('how a migration ended', () => {
  it('is completed only when the record says so and the server is on the destination', () => {
    expect(said(classifyEnd(run(), migration('completed'), server('compute2')))).toEqual({
      kind: 'completed',
      message: 'vm1 now runs on compute2; it is ACTIVE.',
    });
    expect(classifyEnd(run(), migration('completed'), server('compute2'))?.fact).toEqual({
      code: 'moved',
      server: 'vm1',
      host: 'compute2',
      status: 'ACTIVE',
    });
  });

  it('says force-complete worked only when the cloud showed it: post-copy, its only sign in Nova', () => {
    const ended = (over: Partial<RunRecord>) =>
      said(classifyEnd(run({ forceRequested: true, ...over }), migration('completed'), server('compute2')))
        ?.message;
    expect(ended({ forceSeen: 'post-copy' })).toBe(
      'vm1 now runs on compute2 after force-complete (Nova switched it to post-copy); it is ACTIVE.',
    );
    // accepted by Nova during a block migration's disk copy, it did nothing the cloud showed
    expect(ended({})).toBe(
      "vm1 now runs on compute2; it is ACTIVE. Force complete was requested; Nova's records showed no post-copy, and they would not show a guest paused for the final copy, so whether it took effect is not known.",
    );
  });

  it('is a failure when the record says completed but the server did not move', () => {
    expect(said(classifyEnd(run(), migration('completed'), server('compute1')))).toEqual({
      kind: 'failed',
      message:
        'Nova marked the migration completed, but vm1 is still on compute1. Check it before trusting it.',
    });
  });

  it("asks for Nova's reason before judging an error, then says where the server really is", () => {
    expect(classifyEnd(run(), migration('error'), server('compute2'))).toBeNull();
    expect(
      said(classifyEnd(run(), migration('error'), server('compute2'), fault('post_live_migration failed'))),
    ).toEqual({
      kind: 'failed',
      message:
        "Nova recorded the migration as error (Nova: post_live_migration failed), yet vm1 is ACTIVE on compute2: it moved, but Nova's records disagree. Check the server and Placement's allocations on compute1 and compute2 before trusting either.",
    });
    expect(classifyEnd(run(), migration('error'), server('compute1'), fault('NoValidHost'))).toMatchObject({
      kind: 'rolled-back',
    });
    expect(
      said(classifyEnd(run(), migration('error'), server('compute1', 'ERROR'), fault('libvirt died'))),
    ).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/^vm1 is in ERROR on compute1: Nova: libvirt died/),
    });
  });

  it("tells an operator's abort and revert from Nova's own rollback", () => {
    expect(classifyEnd(run({ abortRequested: true }), migration('cancelled'), server('compute1'))?.kind).toBe(
      'aborted',
    );
    expect(classifyEnd(run({ revertRequested: true }), migration('reverted'), server('compute1'))?.kind).toBe(
      'reverted',
    );
    expect(classifyEnd(run(), migration('reverted'), server('compute1'))?.kind).toBe('rolled-back');
  });

  it("says a watch that failed on the cloud's answer to its own confirm in Ferry's words, the cloud's kept", () => {
    expect(
      outcomeFactText({
        code: 'watch-failed',
        runId: 'm-1',
        error: 'confirm refused: Instance is locked',
        cloud: { action: 'confirm', answer: 'refused', text: 'Instance is locked' },
      }),
    ).toBe(
      'Ferry stopped watching after an unexpected error: Nova refused to confirm: Instance is locked. Check the server with /migrations m-1.',
    );
    expect(outcomeFactText({ code: 'watch-failed', runId: 'm-1', error: 'boom' })).toBe(
      'Ferry stopped watching after an unexpected error: boom. Check the server with /migrations m-1.',
    );
  });
});
