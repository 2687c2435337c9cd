import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * `npm run bench`: every performance figure Ferry claims, measured here and printed, each in a process
 * of its own (what one figure leaves behind, memory or a warmed-up JIT, is not in the next).
 * `npm run bench -- preconditions large` measures only those.
 */
const FIGURES: Record<string, () => Promise<void>> = {
  // each figure's modules are loaded only in its own process: what one figure imports (fake Slack,
  // test helpers, an in-process sandbox) is not counted in another's memory
  preconditions: async () => (await import('./preconditions.ts')).benchPreconditions(),
  polling: async () => (await import('./preconditions.ts')).benchPollingRate(),
  'slack-ack': async () => (await import('./slack-ack.ts')).benchSlackAck(),
  evacuation: async () => (await import('./evacuation.ts')).benchEvacuation(),
  budgets: async () => (await import('./budgets.ts')).benchBudgets(),
  drain: async () => (await import('./drain.ts')).benchDrain(),
  // #30: /drain --reboot --return of 10 hosts with health gates and silences (FERRY_CAMPAIGN_SPEED, default
  // 10; FERRY_CAMPAIGN_HOSTS, default 10)
  campaign: async () => (await import('./campaign.ts')).benchCampaign(),
  proofs: async () => (await import('./proofs.ts')).benchProofTime(),
  'stall-policy': async () => (await import('./proofs.ts')).benchStallPolicy(),
  outbox: async () => (await import('./outbox.ts')).benchOutbox(),
  // FERRY_FLEET_SPEED (default 50), FERRY_FLEET_MINUTES (default 8), FERRY_FLEET_HOSTS (default all)
  fleet: async () => (await import('./fleet.ts')).benchFleet(),
  large: async () => (await import('./large.ts')).benchLargeProfile(),
  // FERRY_SOAK_MINUTES (default 10; #31 asks for 120) of plans, moves and App Home; FERRY_SOAK_SERIES=1 prints every sample;
  // FERRY_SOAK_SPEED (sandbox speed, default 20), FERRY_SOAK_SAMPLE_SECONDS (default 30)
  soak: async () => (await import('./soak.ts')).benchSoak(Number(process.env.FERRY_SOAK_MINUTES ?? 10)),
  'shared-poll': async () => (await import('./shared-poll.ts')).benchSharedPoll(),
  'replica-approvals': async () => (await import('./replicas.ts')).benchReplicaApprovals(),
  'replica-takeover': async () => (await import('./replicas.ts')).benchReplicaTakeover(),
  // #31 target 6: real live migrations on the lab (npm run lab:up, OS_* from .lab/openrc); FERRY_LAB_MOVES (default 6)
  'lab-latency': async () => (await import('./lab-latency.ts')).benchLabLatency(),
};
/** figures run only when named: they need the real-VM lab */
const LAB_FIGURES = new Set(['lab-latency']);

const [figure, ...rest] = process.argv.slice(2);
const run = figure === '--one' ? FIGURES[rest[0] ?? ''] : undefined;
if (figure === '--one') {
  if (!run) throw new Error(`no figure "${rest[0]}"; figures: ${Object.keys(FIGURES).join(', ')}`);
  await run();
  process.exit(0);
}
const asked = process.argv.slice(2);
for (const name of asked.length ? asked : Object.keys(FIGURES).filter((f) => !LAB_FIGURES.has(f))) {
  if (!FIGURES[name]) throw new Error(`no figure "${name}"; figures: ${Object.keys(FIGURES).join(', ')}`);
  const compiled = { large: 'large-main.js', soak: 'soak-main.js' }[name];
  if (compiled) {
    // Ferry's memory as deployed: compiled with `npm run build`'s settings and started as the Procfile
    // starts Ferry (its environment and node's flags), not TypeScript compiled by tsx inside the
    // measured process; `--one <figure>` runs it through tsx instead, as `npm start` does.
    // --expose-gc: both measure after full collections
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], {
      stdio: 'inherit',
    });
    const deployed = procfileWeb();
    execFileSync(process.execPath, [...deployed.flags, '--expose-gc', `dist/bench-build/bench/${compiled}`], {
      stdio: 'inherit',
      env: { ...process.env, ...deployed.env },
    });
    continue;
  }
  execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--one', name], {
    stdio: 'inherit',
  });
}

/** The Procfile's `web` line: the environment it sets (`KEY=value` before node) and node's flags. */
function procfileWeb(): { env: Record<string, string>; flags: string[] } {
  const line = readFileSync('Procfile', 'utf8').match(/^web:(.*)$/m)?.[1] ?? '';
  const words = line.trim().split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`the Procfile's web line does not start node: ${line}`);
  const env = Object.fromEntries(words.slice(0, node).map((word) => word.split('=') as [string, string]));
  const flags = words.slice(node + 1).filter((word) => word.startsWith('--'));
  return { env, flags };
}
