import { describe, expect, it } from 'vitest';
import { runConsole } from './run-console.ts';

describe('editing a plan from the console', () => {
  it('answers the Edit plan dialog input by input, and the plan is approved and carried out as edited', async () => {
    const { stdout, code } = await runConsole(
      [
        '/evacuate compute1 --skip worker',
        'edit plan',
        // projects; then per server (batch-7, db-primary, ledger, server-x, vault, web-1, worker): choice, pin
        '',
        '',
        '',
        '',
        'compute2',
        'skip',
        '',
        'cold',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '/as bob',
        'approve',
        'y',
        '/wait',
        'exit',
      ],
      undefined,
      {},
      // a whole evacuation at the sandbox's speed, through the dialog: slow on a busy machine
      150_000,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exclude whole projects \(their servers stay\) — 1\) /);
    expect(stdout).toContain('db-primary pinned to compute2');
    expect(stdout).toContain('ledger skipped: it stays where it is');
    expect(stdout).toContain('server-x moved cold: it is stopped, moved and started again');
    expect(stdout).toContain('@alice edited the plan: approving now approves the plan as edited.');
    expect(stdout).toContain('`worker` stays on `compute1` · — · — · not moved: skipped by @alice');
    expect(stdout).toContain('`ledger` stays on `compute1` · — · — · not moved: skipped by @alice');
    expect(stdout).toMatch(/`db-primary` `compute1` → `compute2` · live · .* · completed/);
    expect(stdout).toMatch(/`server-x` `compute1` → `compute\d` · cold · .* · completed/);
  }, 180_000);
});

describe('editing a drain plan from the console', () => {
  it('asks the drain dialog once its plan is read (never the placeholder), and the drain is carried out as edited', async () => {
    const { stdout, code } = await runConsole([
      '/drain compute3',
      'edit plan',
      // projects; then one choice per server of compute3 (no cold move, no pin in a drain)
      '',
      'skip',
      '',
      '',
      '/as bob',
      'approve',
      'y',
      '/wait',
      'exit',
    ]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('Your answer');
    expect(stdout).toMatch(/Exclude whole projects \(their servers stay\) — 1\) /);
    expect(stdout).toMatch(/skipped: it stays where it is — @alice/);
    expect(stdout).toContain('@alice edited the plan: approving now approves the plan as edited.');
    expect(stdout).toContain('only servers skipped in the plan stay on it');
  }, 120_000);
});
