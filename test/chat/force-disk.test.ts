import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlsMessage, progressText } from '../../src/chat/run-view.ts';
import { stallWarning } from '../../src/chat/stall-view.ts';
import type { ProgressSnapshot, RunRecord } from '../../src/core/model/records.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { plannerFor } from '../helpers/core.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Force complete pressed while a block migration still copies the disk (console trial): without
 * post-copy Nova pauses the guest, and it stays paused until the disk copy ends. The question says
 * so before it is pressed. Nova's records never show that pause (a migrating server's power state is
 * left as it was: compute manager's _sync_instance_power_state skips a server with a task), so the
 * live line and the outcome say only that force-complete was asked, never that the guest was held.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const forceQuestion = (run: RunRecord) =>
  JSON.stringify(controlsMessage(run, '@bob').blocks.find((b) => b.type === 'actions'));

describe('Force complete during a block migration’s disk copy', () => {
  it('warns that the guest stays paused until the disk copy ends, and afterwards says only what Nova shows', async () => {
    const h = harness(fx);
    const run = await h.runner.start(
      await h.approved({ server: 'server-x', destination: 'compute2', mode: 'block' }),
    );
    const progressOf = () =>
      h.events.flatMap((e) => (e.kind === 'run.progress' && e.run.id === run.id ? [e.progress] : []));
    // before any disk figure, a block migration's question already says it may not be brief
    expect(forceQuestion(h.store.getRun(run.id) as RunRecord)).toContain('stays paused until that copy ends');
    await until(() => progressOf().some((p) => (p.diskRemaining ?? 0) > 0 && p.rate), 'the disk copying');
    const copying = h.store.getRun(run.id) as RunRecord;
    const question = forceQuestion(copying);
    expect(question).toMatch(/still copies its disk \([\d.]+ [KMG]i?B, about .+ at the current pace left\)/);
    expect(question).toContain('stays paused until the disk copy ends');
    expect(question).not.toContain('stops briefly');
    expect(inLanguage('zh-CN', () => forceQuestion(copying))).toContain('仍在复制磁盘');
    expect(JSON.stringify(stallWarning(copying, 60_000, undefined, '@bob').blocks)).toContain(
      'pauses the guest until its disk copy ends',
    );

    await h.runner.forceComplete(run.id, 'U_BOB');
    // the sandbox pauses the guest (its console goes), and Nova's record still shows it running
    const server = [...fx.sandbox.cloud.servers.values()].find((s) => s.id === run.serverId);
    expect(fx.sandbox.cloud.powerStateOf(server as never)).toBe(3);
    expect((await plannerFor(fx).cloud.getServer(run.serverId)).powerState).toBe(1);
    const forced = progressOf().length;
    await until(
      () =>
        progressOf()
          .slice(forced)
          .some((p) => p.phase === 'running' && (p.diskRemaining ?? 0) > 0),
      'the disk still copying after the force',
    );
    const held = h.store.getRun(run.id) as RunRecord;
    const line = progressText(held, progressOf().at(-1) as ProgressSnapshot);
    expect(line).toContain(
      'force-complete asked: Nova shows no post-copy, and would not show the guest paused',
    );
    expect(line).not.toContain('guest paused by');
    expect(inLanguage('zh-CN', () => progressText(held, progressOf().at(-1) as ProgressSnapshot))).toContain(
      '已请求强制完成',
    );
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', fact: { force: 'unseen' } });
  });
});

describe('the sandbox’s force-complete during a block migration’s disk copy, where post-copy is permitted', () => {
  it('answers 202 and changes nothing, as the lab did ("Failed to switch to post-copy"): Ferry says it never saw it take effect', async () => {
    applyFault(fx.sandbox.cloud, {
      type: 'nova-conf',
      host: 'compute1',
      live_migration_permit_post_copy: true,
    });
    const h = harness(fx);
    const run = await h.runner.start(
      await h.approved({ server: 'server-x', destination: 'compute2', mode: 'block' }),
    );
    await until(() => (h.store.getRun(run.id)?.lastProgress?.diskRemaining ?? 0) > 0, 'the disk copying');
    await h.runner.forceComplete(run.id, 'U_BOB');
    const migration = fx.sandbox.cloud.migrations.find((m) => m.serverId === run.serverId && m.block);
    expect(migration).toMatchObject({ status: 'running', forced: false });
    await h.runner.idle();
    const outcome = h.store.getRun(run.id)?.outcome;
    expect(outcome).toMatchObject({ kind: 'completed', forced: false, fact: { force: 'unseen' } });
    expect(h.store.getRun(run.id)?.transitions.map((t) => t.state)).not.toContain('post-copy');
  });
});
