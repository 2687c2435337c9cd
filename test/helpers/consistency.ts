import { expect } from 'vitest';
import type { FakeSlack } from '../../src/chat/fake-slack.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { outcomeText } from '../../src/messages/runs.ts';
import type { SandboxCloud } from '../../src/sandbox/cloud.ts';
import { textOf } from './slack.ts';

/**
 * No statement in one report may contradict another in the same message: a summary that says all is
 * well above a failing line, one check shown twice with different verdicts, a host called unknown and
 * then passed. Run over every message a Slack-flow test made Ferry post or update.
 */
export function contradictionsIn(text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  const checkLine = /^\s*(✅|⚠️|❌|➖) \*([^*]+)\*:/;
  const bad = lines.filter((line) => /^\s*(❌|⚠️) \*[^*]+\*:/.test(line));
  if (bad.length && /every check passed/i.test(text)) found.push(`"every check passed" beside: ${bad[0]}`);
  if (lines.some((line) => /^\s*❌ \*[^*]+\*:/.test(line)) && /⏳ \*Waiting for approval\*/.test(text))
    found.push('waiting for approval beside a failed check');
  const verdicts = new Map<string, Set<string>>();
  for (const line of lines) {
    const match = checkLine.exec(line);
    if (!match) continue;
    const [, icon, title] = match as unknown as [string, string, string];
    verdicts.set(title, (verdicts.get(title) ?? new Set()).add(icon));
  }
  for (const [title, icons] of verdicts)
    if (icons.size > 1) found.push(`${title} shown as ${[...icons].join(' and ')}`);
  for (const unknown of text.matchAll(/(\S+) is not a compute host/g)) {
    const host = unknown[1] as string;
    const passed = lines.find(
      (line) => /^\s*✅/.test(line) && line.includes(host) && !/\*Parameters\*/.test(line),
    );
    if (passed) found.push(`${host} is unknown, yet passed: ${passed}`);
  }
  return found;
}

export function expectNoContradictions(fake: FakeSlack): void {
  const sent = [...fake.callsOf('chat.postMessage'), ...fake.callsOf('chat.update')];
  for (const call of sent) {
    const params = call.params as { text?: string; blocks?: string | Record<string, unknown>[] };
    const blocks = typeof params.blocks === 'string' ? JSON.parse(params.blocks) : (params.blocks ?? []);
    const text = textOf({ text: params.text ?? '', blocks });
    expect(contradictionsIn(text), text).toEqual([]);
  }
}

/**
 * What Ferry said about runs' ends that Nova's own records (the sandbox's) contradict: a failure or a
 * "never started" where Nova completed or began the move, a record called gone that Nova has, a
 * duration other than the record's created_at → updated_at. `texts` are the thread messages.
 */
export function contradictionsWithNova(
  runs: RunRecord[],
  cloud: SandboxCloud,
  texts: string[] = [],
): string[] {
  const found: string[] = [];
  for (const text of texts)
    for (const [, uuid] of text.matchAll(/no longer has the record of migration (\S+)/g))
      if (cloud.migrations.some((m) => m.uuid === uuid))
        found.push(`called ${uuid} gone, Nova has it: ${text}`);
  for (const run of runs) {
    const { outcome } = run;
    if (!outcome) continue;
    const ours = run.migrationUuid
      ? cloud.migrations.find((m) => m.uuid === run.migrationUuid)
      : cloud.migrations.find((m) => m.serverId === run.serverId && m.createdAt >= run.startedAt);
    const server = cloud.servers.get(run.serverId);
    // a server moved again since (a drain's move back) is no longer where this move took it; "since"
    // by Nova's id, which only grows, not by created_at, which follows a clock that may be set back
    const movedSince = cloud.migrations.some((m) => ours && m.serverId === run.serverId && m.id > ours.id);
    const completed =
      ours && ['completed', 'confirmed'].includes(ours.status) && (movedSince || server?.host === ours.dest);
    if (outcome.kind !== 'completed' && completed)
      found.push(`${run.id} ${outcome.kind} (${outcomeText(outcome)}), but Nova completed ${ours.uuid}`);
    if (outcome.kind === 'completed' && !completed) found.push(`${run.id} completed, Nova says otherwise`);
    if (/nothing was started|never started/i.test(outcomeText(outcome)) && ours)
      found.push(`${run.id} says nothing started, Nova has ${ours.uuid} (${ours.status})`);
    // a duration said is never negative; with Nova's record it is the record's, and none when the
    // record runs backwards (Nova's clock set back: nobody knows how long it took)
    if (outcome.durationMs !== undefined && outcome.durationMs < 0)
      found.push(`${run.id} took ${outcome.durationMs} ms by Ferry, less than nothing`);
    const byNova = ours ? ours.updatedAt - ours.createdAt : undefined;
    if (outcome.kind === 'completed' && byNova !== undefined) {
      const expected = byNova >= 0 ? byNova : undefined;
      const differs =
        expected === undefined || outcome.durationMs === undefined
          ? expected !== outcome.durationMs
          : Math.abs(outcome.durationMs - expected) >= 1;
      if (differs)
        found.push(
          `${run.id} took ${outcome.durationMs ?? 'unknown'} ms by Ferry, ${byNova} ms by Nova's record`,
        );
    }
  }
  return [...found, ...outcomesAgainstNova(texts, cloud)];
}

/** What Nova's record of a migration says of how it ended, in the words Ferry's outcomes use. */
const NOVA_ENDS: Record<string, string[]> = {
  completed: ['completed', 'confirmed'],
  reverted: ['reverted'],
  'rolled-back': ['error', 'failed', 'cancelled'],
  aborted: ['cancelled', 'error', 'failed'],
};

/**
 * Outcomes said in Slack, read back from the texts and held against the sandbox's migration records:
 * "`web-2` … — completed" (an evacuation's line) or "web-2: completed (…)" (a move's thread post)
 * needs a record of that server in Nova that ended that way (a server moved out and back has two); a
 * "failed" or "timed out" must not name a server whose every record completed.
 */
export function outcomesAgainstNova(texts: string[], cloud: SandboxCloud): string[] {
  const found: string[] = [];
  const said: { server: string; kind: string; line: string }[] = [];
  for (const text of texts)
    for (const line of text.split('\n')) {
      const item =
        /^\S+ `([^`]+)` .* — (completed|failed|rolled back|rolled-back|reverted|aborted|timed out)\b/.exec(
          line,
        );
      const move =
        /^([\w.-]+): (completed|failed|rolled back|rolled-back|reverted|aborted|timed out) \(/.exec(line);
      const match = item ?? move;
      if (match)
        said.push({ server: match[1] as string, kind: (match[2] as string).replace(' ', '-'), line });
    }
  for (const { server, kind, line } of said) {
    const servers = [...cloud.servers.values()].filter((s) => s.name === server);
    const records = cloud.migrations.filter((m) => servers.some((s) => s.id === m.serverId));
    const ends = NOVA_ENDS[kind];
    if (kind === 'completed') {
      if (!records.some((m) => ends?.includes(m.status)))
        found.push(`said ${server} completed, Nova has no completed record: ${line}`);
    } else if (ends && !records.some((m) => ends.includes(m.status)))
      found.push(`said ${server} ${kind}, Nova has no record that ended so: ${line}`);
    else if (
      (kind === 'failed' || kind === 'timed-out') &&
      records.length &&
      records.every((m) => NOVA_ENDS.completed?.includes(m.status))
    )
      found.push(`said ${server} ${kind}, every record Nova has of it completed: ${line}`);
  }
  return found;
}
