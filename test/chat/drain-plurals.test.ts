import { describe, expect, it } from 'vitest';
import { drainEndLine } from '../../src/chat/drain-view.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { drain } from '../helpers/hostile-drain.ts';

/**
 * One host is said as one (operator trial h-grammar28: "all 1 host(s)", "no server on them" of one
 * host, "2 skipped server(s) stay on their host"): each count picks its sentence, as the catalogue's
 * other counted lines do.
 */

const finished = (hosts: string[]): DrainRecord => {
  const record = drain('approved', 'done');
  const [first] = record.drain.hosts;
  record.drain.hosts = hosts.map((host) => ({ ...(first as DrainRecord['drain']['hosts'][number]), host }));
  record.drain.stoppedBy = undefined;
  record.drain.endedAt = undefined;
  return record;
};
const check = (fact: unknown): CheckResult =>
  ({ id: 'drain', status: 'pass', fact, evidence: {} }) as unknown as CheckResult;

describe('a drain counting its hosts', () => {
  it('ends naming its one host, or counting all of them', () => {
    expect(drainEndLine(finished(['compute1']), 'UTC')).toBe(
      '🏁 *Drain finished*: its one host, `compute1`, is done',
    );
    expect(drainEndLine(finished(['compute1', 'compute2']), 'UTC')).toBe(
      '🏁 *Drain finished*: all 2 hosts done',
    );
  });

  it('says nova-compute runs on the one host, or on all of them', () => {
    expect(wordCheck(check({ code: 'drain-hosts-up', count: 1 })).reason).toBe(
      'nova-compute runs on the host.',
    );
    expect(wordCheck(check({ code: 'drain-hosts-up', count: 3 })).reason).toBe(
      'nova-compute runs on all 3 hosts.',
    );
  });

  it('says a host disabled before the drain as it, several as they', () => {
    const one = wordCheck(
      check({
        code: 'drain-hosts-disabled',
        hosts: [
          { host: 'compute2', reason: null, servers: 3 },
          { host: 'compute4', reason: null, servers: 0 },
        ],
      }),
    ).reason;
    expect(one).toContain(
      'It is emptied in its turn and left disabled afterwards; it takes no servers meanwhile.',
    );
    expect(one).toContain(
      'with no server on it: compute4. There is nothing to empty there; it is left disabled',
    );
    const two = wordCheck(
      check({
        code: 'drain-hosts-disabled',
        hosts: [
          { host: 'compute2', reason: null, servers: 0 },
          { host: 'compute4', reason: null, servers: 0 },
        ],
      }),
    ).reason;
    expect(two).toContain(
      'with no server on them: compute2, compute4. There is nothing to empty there; they are left',
    );
  });
});
