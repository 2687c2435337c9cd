import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration, Server } from '../../src/core/model/cloud.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { classifyEnd } from '../../src/core/move/outcome.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { outcomeFactText, outcomeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('how a move that did not complete is told', () => {
  it('reports a rollback honestly, even though Nova leaves the server ACTIVE', async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'fail-migration',
      server: 'cache-1',
      stage: 'pre-live-migration',
      message: 'Timed out waiting for volume attach on compute1',
    });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'rolled-back', host: 'compute2' });
    // the step in words, Nova's reason as it wrote it; never Nova's function name
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /Preparing the destination failed on compute1: Timed out waiting for volume attach on compute1\.$/,
    );
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).not.toMatch(/compute_|pre_live_migration/);
  });

  it('names the step it last saw and says the status in words when Nova rolls back without a reason', async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'transfer' });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'rolled-back', host: 'compute2' });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /^Nova rolled the migration back and marked it failed: cache-1 is ACTIVE on compute2 again\. The transfer was the last step Ferry saw; Nova records no reason, look in nova-compute's log on compute2/,
    );
    const verdict = classifyEnd(
      h.store.getRun(run.id) as RunRecord,
      { status: 'failed', destCompute: 'compute1' } as Migration,
      { name: 'cache-1', host: 'compute2', status: 'ACTIVE' } as Server,
      { code: 'fault', message: 'x' },
    );
    const zh = inLanguage('zh-CN', () => verdict && outcomeFactText(verdict.fact));
    // Nova's status as Nova says it (operator trial h-words29), the migration's in Chinese
    expect(zh).not.toMatch(/failed|运行中/);
    expect(zh).toContain('状态为 ACTIVE');
  });

  it("keeps the human part of an error raised on another host (oslo.messaging's RemoteError)", async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'fail-migration',
      server: 'cache-1',
      stage: 'pre-live-migration',
      message:
        "Remote error: ProcessExecutionError Unexpected error while running command.\nCommand: iscsiadm -m node\nExit code: 21\n['Traceback (most recent call last):\\n', '  File \"/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py\", line 174, in _process_incoming\\n']",
    });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    const message = outcomeText(h.store.getRun(run.id)?.outcome) ?? '';
    expect(message).toMatch(
      /Preparing the destination failed on compute1: Unexpected error while running command\.\nCommand: iscsiadm -m node\nExit code: 21\.$/,
    );
    expect(message).not.toMatch(/Remote error|ProcessExecutionError|Traceback|oslo_messaging|compute_/);
  });

  it("reports a failure with Nova's fault text when the server ends in ERROR", async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'server-x', stage: 'driver-error' });
    const run = await h.runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'failed' });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /is in ERROR on compute1: Nova: internal error/,
    );
  });

  it('does not call a migration completed when Nova says so but the server never left', async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'completed-not-moved' });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    expect((await fx.clients.nova.listMigrations({ serverId: run.serverId, limit: 1 }))[0]?.status).toBe(
      'completed',
    );
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'failed', host: 'compute2' });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /Nova marked the migration completed, but cache-1 is still on compute2/,
    );
  });

  it('says a server moved although Nova recorded an error, and that the records disagree', async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'moved-but-error' });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    expect((await fx.clients.nova.findServer('cache-1')).host).toBe('compute1');
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'failed', host: 'compute1' });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /recorded the migration as error \(.*port bindings.*\), yet cache-1 is ACTIVE on compute1: it moved, but Nova's records disagree/,
    );
  });

  it("reports the conductor's refusal that comes after Nova's 202", async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'fail-migration',
      server: 'cache-1',
      stage: 'scheduler',
      message: 'Host compute1 failed the PCI filter',
    });
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    await h.runner.idle();
    const outcome = h.store.getRun(run.id)?.outcome;
    expect(outcome?.kind).toBe('rolled-back');
    expect(outcomeText(outcome)).toMatch(
      /Choosing the destination failed on controller: No valid host was found. Host compute1 failed the PCI filter/,
    );
    expect(outcomeText(outcome)).not.toMatch(/conductor_/);
  });

  it("explains Nova's 409 when the server changed after the checks", async () => {
    const h = harness(fx);
    const requestId = await h.approved({ server: 'cache-1', destination: 'compute1' });
    applyFault(fx.sandbox.cloud, { type: 'conflict' });
    const run = await h.runner.start(requestId);
    expect(run.outcome).toMatchObject({ kind: 'failed' });
    expect(outcomeText(run.outcome)).toMatch(
      /Nova refused to start: Cannot 'os-migrateLive'.*409: the server changed since the checks/,
    );
  });
});
