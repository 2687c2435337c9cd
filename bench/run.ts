import { execFileSync } from 'node:child_process';
import { benchBudgets } from './budgets.ts';
import { benchDrain } from './drain.ts';
import { benchEvacuation } from './evacuation.ts';
import { benchOutbox } from './outbox.ts';
import { benchPollingRate, benchPreconditions } from './preconditions.ts';
import { benchProofTime, benchStallPolicy } from './proofs.ts';
import { benchReplicaApprovals, benchReplicaTakeover } from './replicas.ts';
import { benchSharedPoll } from './shared-poll.ts';
import { benchSlackAck } from './slack-ack.ts';

/** `npm run bench`: every performance figure Ferry claims, measured here and printed. */
await benchPreconditions();
await benchPollingRate();
await benchSlackAck();
await benchEvacuation();
await benchBudgets();
await benchDrain();
await benchProofTime();
await benchStallPolicy();
await benchOutbox();
execFileSync(process.execPath, ['--import', 'tsx', 'bench/large-main.ts'], { stdio: 'inherit' });
// FERRY_SOAK_MINUTES (default 10; #31 asks for 120) of plans, moves and App Home in a process of its own
execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak-main.ts'], {
  stdio: 'inherit',
});
await benchSharedPoll();
await benchReplicaApprovals();
await benchReplicaTakeover();
