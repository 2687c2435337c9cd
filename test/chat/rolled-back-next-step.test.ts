import { describe, expect, it } from 'vitest';
import { outcomeMessage } from '../../src/chat/run-view.ts';
import type { FailureReason, Outcome } from '../../src/core/model/run-facts.ts';
import { runRecord } from '../helpers/records.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * A rolled-back move's next step fits what Nova said: "Read the reason" only when there is one
 * (operator trial: a live move Nova recorded no reason for was told to read it).
 */

const run = runRecord('r-1', 'm-1');
const at = { server: 'server-x', host: 'compute1', status: 'ACTIVE' };

function rolledBack(reason: FailureReason): Outcome {
  return {
    kind: 'rolled-back',
    fact: { code: 'rolled-back', ...at, migrationStatus: 'error', reason },
    host: 'compute1',
    durationMs: 30_000,
    forced: false,
  };
}

describe("a rolled-back move's next step", () => {
  it("tells to read Nova's reason when Nova gave one", () => {
    const said = textOf(outcomeMessage(run, rolledBack({ code: 'fault', message: 'No valid host' })));
    expect(said).toContain('No valid host');
    expect(said).toContain('Read the reason, fix it');
  });

  it("points at nova-compute's log when Nova recorded no reason", () => {
    const reason: FailureReason = {
      code: 'last-step-seen',
      state: 'running',
      source: 'compute1',
      serverId: 'id-1',
    };
    const said = textOf(outcomeMessage(run, rolledBack(reason)));
    expect(said).toContain("Nova records no reason, look in nova-compute's log on compute1");
    expect(said).not.toContain('Read the reason');
    expect(said).toContain("Find the cause in nova-compute's log as said");
  });

  it('says only that nothing moved when Nova cancelled it itself', () => {
    const cancelled: Outcome = {
      kind: 'rolled-back',
      fact: { code: 'cancelled-by-nova', ...at },
      host: 'compute1',
      durationMs: 30_000,
      forced: false,
    };
    const said = textOf(outcomeMessage(run, cancelled));
    expect(said).not.toContain('Read the reason');
    expect(said).toContain('Nothing moved. Ask again with /migrate once you know why it stopped.');
  });
});
