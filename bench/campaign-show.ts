import type { DrainHostState } from '../src/core/model/records.ts';
import type { SandboxMigration } from '../src/sandbox/model.ts';
import type { SilenceSeen } from './campaign-watch.ts';
import { percentile, verdict } from './stats.ts';

export interface CampaignStep {
  host: string;
  leaving: SandboxMigration[];
  returning: SandboxMigration[];
  /** the sandbox's slot time of the moves out, and of the moves home spread as bench/drain.ts does */
  emptying: number;
  back: number;
  reboot: { downAt: number; upAt: number } | undefined;
  /** as the sandbox's os-services showed them (sampled every 10 ms) */
  disabledAt: number | undefined;
  enabledAt: number | undefined;
  state: DrainHostState | undefined;
}

export interface CampaignRun {
  speed: number;
  rebootS: number;
  hosts: number;
  serversPerHost: number;
  concurrency: number;
  started: number;
  ended: number;
  phase: string;
  steps: CampaignStep[];
  monitoring: boolean;
  gates: { at: number; ms: number; selfMs: number[]; verdicts: string[] }[];
  queries: { count: number; sumS: number; withinOneS: number } | undefined;
  silences: SilenceSeen[] | undefined;
  backHome: number;
  servers: number;
}

const s = (ms: number) => (ms / 1000).toFixed(1);
const first = (ms: SandboxMigration[]) => Math.min(...ms.map((m) => m.createdAt));
const last = (ms: SandboxMigration[]) => Math.max(...ms.map((m) => m.updatedAt));
const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(2)} s`;

/** The campaign figure's lines: each number next to its target, and where the time went. */
export function showCampaign(run: CampaignRun): void {
  const { steps } = run;
  // a step runs from its host disabled (the first: from the approval) to the next host disabled (the
  // last: to the drain's end), as the bench saw them
  const bounds = [run.started, ...steps.slice(1).map((st) => st.disabledAt ?? Number.NaN), run.ended];
  const rows = steps.map((st, i) => {
    const wall = (bounds[i + 1] as number) - (bounds[i] as number);
    const reboot = st.reboot ? st.reboot.upAt - st.reboot.downAt : 0;
    const ideal = st.emptying + reboot + st.back;
    return { st, wall, reboot, ideal, ratio: wall / ideal };
  });
  const worst = Math.max(...rows.map((r) => r.ratio));
  const wall = run.ended - run.started;
  const ideal = rows.reduce((sum, r) => sum + r.ideal, 0);
  console.log(
    `campaign: /drain ${run.hosts} hosts × ${run.serversPerHost} servers --reboot --return at speed ${run.speed} (every move and each ${run.rebootS} s reboot in 1/${run.speed} of its time; Ferry on real time), ${run.concurrency} moves at once; ended ${run.phase}, ${run.backHome}/${run.servers} servers back home`,
  );
  console.log(
    `  wall per step vs (drain + reboot) from the sandbox's migration and reboot records: ${rows.map((r) => `${s(r.wall)}/${s(r.ideal)}`).join(', ')} s; ` +
      `worst step ${worst.toFixed(3)}× (target ≤ 1.10× per step: ${verdict(worst <= 1.1)}); whole campaign ${s(wall)} s vs ${s(ideal)} s = ${(wall / ideal).toFixed(3)}×`,
  );
  // where each step's time went, on average (the sandbox's records and os-services; Ferry's own
  // timestamp only for when it took the reboot as verified)
  const parts = new Map<string, number>();
  // what happens once (before the first step, after the last) is shown whole, the rest per step
  const add = (name: string, ms: number, once = false) =>
    parts.set(name, (parts.get(name) ?? 0) + (once ? ms : ms / steps.length));
  rows.forEach(({ st }, i) => {
    if (!st.reboot || st.disabledAt === undefined || st.enabledAt === undefined) return;
    const start = bounds[i] as number;
    if (i === 0) add('approval to first host disabled (once)', st.disabledAt - start, true);
    add('disabled to first move', first(st.leaving) - st.disabledAt);
    add('moves out (Nova)', last(st.leaving) - first(st.leaving));
    add('empty to reboot sent', st.reboot.downAt - last(st.leaving));
    add('reboot (sandbox)', st.reboot.upAt - st.reboot.downAt);
    const verified = st.state?.reboot?.verifiedAt;
    if (verified !== undefined) {
      add('up to verified (Ferry: boot read, nova-compute, host check)', verified - st.reboot.upAt);
      add('verified to enabled (the moves out still proven: enabled once they are)', st.enabledAt - verified);
    } else add('up to enabled', st.enabledAt - st.reboot.upAt);
    add('enabled to first move home', first(st.returning) - st.enabledAt);
    add('moves home (Nova)', last(st.returning) - first(st.returning));
    const next = (bounds[i + 1] as number) - last(st.returning);
    if (i + 1 < steps.length)
      add(
        "home to next host disabled (gates, next step's start)",
        next * (steps.length / (steps.length - 1)),
      );
    else add('last host home to the drain done (once)', next, true);
  });
  console.log(
    `  per step on average: ${[...parts].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}`,
  );
  // the two worst steps over their target, moment by moment from their start ([Ferry]: Ferry's own records)
  const over = rows.map((row, i) => ({ ...row, i })).filter((row) => row.ratio > 1.1);
  if (over.length) console.log(`  ${over.length} of ${rows.length} steps over 1.10×; the worst:`);
  over.sort((a, b) => b.ratio - a.ratio);
  for (const { st, ratio, i } of over.slice(0, 2)) {
    const start = bounds[i] as number;
    const h = st.state;
    const at = (name: string, ms: number | undefined) =>
      ms === undefined || !Number.isFinite(ms) ? [] : [`${name} +${s(ms - start)}`];
    console.log(
      `  ${st.host} (${ratio.toFixed(2)}×): ${[
        ...at('disabled', st.disabledAt),
        ...at('[Ferry] started', h?.startedAt),
        ...at('first move', st.leaving.length ? first(st.leaving) : undefined),
        ...at('moves out ended', st.leaving.length ? last(st.leaving) : undefined),
        ...at('[Ferry] empty', h?.emptyAt),
        ...at('[Ferry] reboot sent', h?.reboot?.attempts[0]?.at),
        ...at('down', st.reboot?.downAt),
        ...at('up', st.reboot?.upAt),
        ...at('[Ferry] verified', h?.reboot?.verifiedAt),
        ...at('[Ferry] back', h?.backAt),
        ...at('enabled', st.enabledAt),
        ...at('first move home', st.returning.length ? first(st.returning) : undefined),
        ...at('moves home ended', st.returning.length ? last(st.returning) : undefined),
        ...at('[Ferry] ended', h?.endedAt),
        ...at('step over', bounds[i + 1]),
      ].join(', ')} s`,
    );
  }
  if (!run.monitoring) {
    console.log(
      '  gates and silences: not measured — /usr/bin/prometheus and /usr/bin/prometheus-alertmanager are not installed (apt-get install prometheus prometheus-alertmanager)',
    );
    return;
  }
  const times = run.gates.map((g) => g.ms);
  const worstGate = Math.max(0, ...times);
  const q = run.queries;
  console.log(
    `  gates (${run.gates.length} evaluations of ${run.gates[0]?.verdicts.length ?? 0} queries, ${run.gates.filter((g) => g.verdicts.every((v) => v === 'pass')).length} passing): timed around the query p50 ${percentile(times, 50).toFixed(0)} ms, max ${worstGate.toFixed(0)} ms (target ≤ 1,000 ms per step: ${verdict(worstGate <= 1000 && run.gates.length > 0)}); ` +
      `Prometheus's own /api/v1/query histogram: ${q?.count ?? 0} queries, mean ${q?.count ? ((q.sumS / q.count) * 1000).toFixed(1) : '–'} ms, ${q?.withinOneS ?? 0} within 1 s; Ferry's self-report max ${Math.max(0, ...run.gates.flatMap((g) => g.selfMs))} ms`,
  );
  const silences = run.silences ?? [];
  const created: number[] = [];
  const startsAt: number[] = [];
  const expired: number[] = [];
  const endsAt: number[] = [];
  const missing: string[] = [];
  for (const st of steps) {
    const mine = silences.filter((x) => x.host === st.host);
    const gone = mine.filter((x) => x.expiredSeen !== undefined);
    const lastGone = gone.sort((a, b) => (a.expiredSeen as number) - (b.expiredSeen as number)).at(-1);
    if (!mine.length || st.disabledAt === undefined) missing.push(`${st.host} never silenced`);
    else {
      created.push(Math.min(...mine.map((x) => x.firstSeen)) - st.disabledAt);
      startsAt.push(Math.min(...mine.map((x) => x.startsAt)) - st.disabledAt);
    }
    if (mine.some((x) => x.expiredSeen === undefined)) missing.push(`${st.host} still silenced`);
    else if (lastGone && st.enabledAt !== undefined) {
      expired.push((lastGone.expiredSeen as number) - st.enabledAt);
      endsAt.push(lastGone.endsAt - st.enabledAt);
    }
  }
  const far = (deltas: number[]) => Math.max(0, ...deltas.map(Math.abs));
  const range = (deltas: number[]) =>
    deltas.length ? `${signed(Math.min(...deltas))} … ${signed(Math.max(...deltas))}` : '–';
  const met =
    missing.length === 0 && Math.max(far(created), far(startsAt), far(expired), far(endsAt)) <= 5_000;
  console.log(
    `  silences (${silences.length} in Alertmanager, its API polled every 100 ms; os-services sampled every 10 ms): created vs host disabled: first listed ${range(created)}, startsAt ${range(startsAt)}; ` +
      `expired vs host enabled: first listed expired ${range(expired)}, endsAt ${range(endsAt)} (target within 5 s: ${verdict(met)})${missing.length ? `; ${missing.join(', ')}` : ''}`,
  );
}
