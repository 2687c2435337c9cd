import { telling } from '../../src/core/journal.ts';
import type { Outcome, ProgressSnapshot, RunRecord } from '../../src/core/model/records.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { moveRecord } from '../helpers/records.ts';

/**
 * A Ferry core's writes in a process of its own, on a lowdb file: a move's progress and its end,
 * each written with the events it tells, and then nothing (the process is killed before any message
 * about them is written, as a kill -9 between the state write and the send would leave it). The
 * thread's root message is already in Slack (FERRY_THREAD_TS). Says "written" when done.
 */
const store = await LowdbStore.open(process.env.FERRY_DB as string);
const quiet = { emit: () => undefined };
const at = 1_000_000;
await store.addRequest(moveRecord('r-kill', { status: 'approved' }));
await store.setPlace('r-kill', { channel: 'C0KILL', ts: process.env.FERRY_THREAD_TS as string });
const run: RunRecord = {
  id: 'm-kill',
  requestId: 'r-kill',
  serverId: 'id-kill',
  serverName: 'db-kill',
  mode: 'live',
  source: 'compute1',
  destination: 'compute2',
  blockMigration: 'auto',
  state: 'running',
  startedAt: at,
  baselineMigrationId: 0,
  novaRequestIds: [],
  transitions: [{ state: 'running', at }],
  forceRequested: false,
  abortRequested: false,
  revertRequested: false,
};
await store.claimRun('r-kill', () => run);
const progress: ProgressSnapshot = {
  at: at + 60_000,
  phase: 'running',
  migrationStatus: 'running',
  percent: 62,
  bytesRemaining: null,
  bytesTotal: null,
  rate: null,
  etaMs: null,
  elapsedMs: 60_000,
};
await store.saveProgress(
  'm-kill',
  progress,
  telling(quiet, progress.at, (saved) => [{ kind: 'run.progress', run: saved, progress }]),
);
const outcome: Outcome = {
  kind: 'completed',
  message: 'db-kill runs on compute2',
  host: 'compute2',
  durationMs: 120_000,
  forced: false,
};
await store.finishRun(
  'm-kill',
  outcome,
  at + 120_000,
  telling(quiet, at + 120_000, (ended) => [{ kind: 'run.outcome', run: ended, outcome }]),
);
process.stdout.write('written\n');
// killed before it ends
setInterval(() => undefined, 1_000);
