import { execFileSync } from 'node:child_process';
import { benchBudgets } from './budgets.ts';
import { benchCampaign } from './campaign.ts';
import { benchDrain } from './drain.ts';
import { benchEvacuation } from './evacuation.ts';
import { benchLargeProfile } from './large.ts';
import { benchOutbox } from './outbox.ts';
import { benchPollingRate, benchPreconditions } from './preconditions.ts';
import { benchProofTime, benchStallPolicy } from './proofs.ts';
import { benchReplicaApprovals, benchReplicaTakeover } from './replicas.ts';
import { benchSharedPoll } from './shared-poll.ts';
import { benchSlackAck } from './slack-ack.ts';
import { benchSoak } from './soak.ts';

/**
 * `npm run bench`: every performance figure Ferry claims, measured here and printed, each in a process
 * of its own (what one figure leaves behind, memory or a warmed-up JIT, is not in the next).
 * `npm run bench -- preconditions large` measures only those.
 */
const FIGURES: Record<string, () => Promise<void>> = {
  preconditions: benchPreconditions,
  polling: benchPollingRate,
  'slack-ack': benchSlackAck,
  evacuation: benchEvacuation,
  budgets: benchBudgets,
  drain: benchDrain,
  // #30: /drain --reboot --return of 10 hosts with health gates and silences (FERRY_CAMPAIGN_SPEED, default 10)
  campaign: benchCampaign,
  proofs: benchProofTime,
  'stall-policy': benchStallPolicy,
  outbox: benchOutbox,
  large: benchLargeProfile,
  // FERRY_SOAK_MINUTES (default 10; #31 asks for 120) of plans, moves and App Home
  soak: () => benchSoak(Number(process.env.FERRY_SOAK_MINUTES ?? 10)),
  'shared-poll': benchSharedPoll,
  'replica-approvals': benchReplicaApprovals,
  'replica-takeover': benchReplicaTakeover,
};

const [figure, ...rest] = process.argv.slice(2);
const run = figure === '--one' ? FIGURES[rest[0] ?? ''] : undefined;
if (figure === '--one') {
  if (!run) throw new Error(`no figure "${rest[0]}"; figures: ${Object.keys(FIGURES).join(', ')}`);
  await run();
  process.exit(0);
}
const asked = process.argv.slice(2);
for (const name of asked.length ? asked : Object.keys(FIGURES)) {
  if (!FIGURES[name]) throw new Error(`no figure "${name}"; figures: ${Object.keys(FIGURES).join(', ')}`);
  // --expose-gc: the soak measures the heap after full collections
  execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--one', name], {
    stdio: 'inherit',
  });
}
