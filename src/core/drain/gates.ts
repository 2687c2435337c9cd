import { telling } from '../journal.ts';
import type { DrainRecord } from '../model/records.ts';
import type { GateResult } from '../ports/health-gates.ts';
import type { DrainDeps } from './hosts.ts';
import { DrainRefused } from './refusals.ts';

/** What holds a step, for "has it changed?": each gate's query, verdict and the labels it returned. */
function holdKey(results: GateResult[]): string {
  return JSON.stringify(
    results.map((r) =>
      r.verdict === 'fail'
        ? [r.query, r.verdict, r.total, r.series.map((s) => s.labels)]
        : [r.query, r.verdict, r.verdict === 'unknown' ? (r.trouble ?? r.error ?? '') : ''],
    ),
  );
}

/**
 * Health gates before each step of a drain (FERRY_GATES): every query must come back empty before a
 * step's hosts are disabled. One that returns anything, an error or no answer holds the step (the
 * drain stays running, nothing new starts); the drain's loop evaluates them again at every look and
 * the step goes on by itself once all pass, or when on-call says Resume anyway.
 */
export class DrainGates {
  constructor(
    private readonly deps: DrainDeps,
    private readonly wake: (id: string) => void,
  ) {}

  /** Whether the drain's current step may start now; a hold (or its end) is recorded and told. */
  async passes(id: string): Promise<boolean> {
    const gates = this.deps.gates;
    if (!gates || gates.queries.length === 0) return true;
    const state = (this.deps.store.getDrain(id) as DrainRecord).drain;
    if (state.gateOverride?.step === state.step) return true;
    const results = await gates.evaluate();
    this.deps.gateTimes?.(results);
    const holding = results.filter((r) => r.verdict !== 'pass');
    const now = this.deps.clock.now();
    if (holding.length === 0) {
      if (state.gate)
        await this.deps.store.updateDrain(
          id,
          (d) => {
            delete d.drain.gate;
          },
          telling(this.deps.events, now, (request) => [{ kind: 'drain.gate-passed', request }]),
        );
      return true;
    }
    const before = state.gate?.step === state.step ? state.gate : undefined;
    // said once per distinct hold, not at every look while it lasts
    if (before && holdKey(before.results) === holdKey(holding)) return false;
    // a changed hold (another gate, other series) is told again with what holds it now
    await this.deps.store.updateDrain(
      id,
      (d) => {
        d.drain.gate = { step: state.step, since: before?.since ?? now, at: now, results: holding };
      },
      telling(this.deps.events, now, (request) => [{ kind: 'drain.gate-held', request, results: holding }]),
    );
    if (!before)
      await this.deps.store.recordAudit({
        at: now,
        actor: 'ferry',
        action: 'drain-gate-held',
        subject: id,
        detail: JSON.stringify(holding.map((r) => ({ query: r.query, verdict: r.verdict }))),
      });
    return false;
  }

  /** On-call's Resume anyway: the held step goes on whatever the gates say (audited). */
  async resumeAnyway(id: string, user: string, step?: number): Promise<DrainRecord> {
    await this.deps.onCall?.(user, 'override-gates');
    const now = this.deps.clock.now();
    const resumed = await this.deps.store.updateDrain(
      id,
      (d) => {
        const held = d.drain.gate;
        // a button of an earlier step's hold resumes nothing now
        if (!held || held.step !== d.drain.step || (step !== undefined && step !== held.step))
          throw new DrainRefused({ code: 'not-gate-held', id });
        if (!['running', 'paused'].includes(d.drain.phase))
          throw new DrainRefused({ code: 'not-gate-held', id });
        d.drain.gateOverride = { step: d.drain.step, by: user, at: now };
        delete d.drain.gate;
      },
      telling(this.deps.events, now, (request) => [{ kind: 'drain.gate-passed', request, by: user }]),
    );
    await this.deps.store.recordAudit({
      at: now,
      actor: user,
      action: 'drain-gate-override',
      subject: id,
      detail: JSON.stringify({ step: resumed.drain.step + 1 }),
    });
    this.wake(id);
    return resumed;
  }
}
