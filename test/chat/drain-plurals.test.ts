import { describe, expect, it } from 'vitest';
import { drainEndLine, drainMessage } from '../../src/chat/drain-view.ts';
import { waitingForPersonLines } from '../../src/console/waiting.ts';
import type { DrainRecord, RunRecord } from '../../src/core/model/records.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { en } from '../../src/i18n/en.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
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

/** The operator trial h-words29: "4 server(s) on 1 host(s)", "wait(s) for Confirm", "1 at a time". */
describe('every count said as one or as many', () => {
  it('has no "(s)" in any message, in English or Chinese', () => {
    expect(Object.keys(en).filter((key) => /\w\(s\)/.test(key))).toEqual([]);
    expect(Object.values(zhCN).filter((text) => /\w\(s\)/.test(text))).toEqual([]);
  });

  it("says a drain's room as one server on one host, or as many", () => {
    const fits = (servers: number, hosts: number, stuck: number) =>
      wordCheck(check({ code: 'drain-fits', servers, hosts, hostsAtOnce: 1, stuck })).reason;
    expect(fits(1, 1, 1)).toBe(
      'Every step fits: 1 server on 1 host, one host at a time. 1 server cannot move at all (listed): its host cannot be emptied.',
    );
    expect(fits(4, 2, 2)).toBe(
      'Every step fits: 4 servers on 2 hosts, one host at a time. 2 servers cannot move at all (listed): their hosts cannot be emptied.',
    );
    expect(inLanguage('zh-CN', () => fits(4, 1, 0))).toBe(
      '每一步都可行：1 个节点上共 4 台云主机，每次 1 个节点。',
    );
  });

  it('says a cold move waiting for Confirm as one that waits, or several that wait', () => {
    const run = (id: string) => ({ id, serverName: `web-${id}` }) as RunRecord;
    expect(waitingForPersonLines([run('m-1')], [])[0]).toBe(
      'Waiting for a person: web-m-1 (m-1) waits for Confirm or Revert.',
    );
    expect(waitingForPersonLines([run('m-1'), run('m-2')], [])[0]).toBe(
      'Waiting for a person: web-m-1 (m-1), web-m-2 (m-2) wait for Confirm or Revert.',
    );
  });

  it("says what a drain's pace counts: one host at a time, and moves at once", () => {
    const record = finished(['compute2']);
    record.status = 'pending';
    record.drain.hostsAtOnce = 1;
    record.drain.concurrency = 1;
    record.drain.warnings = undefined;
    const view = {
      approvers: '',
      expiresAt: 0,
      timeZone: 'UTC',
      now: 0,
      status: '',
      lookup: () => undefined,
    };
    const text = JSON.stringify(drainMessage(record, view));
    expect(text).toContain('asks to drain 1 host of zone');
    expect(text).toContain(', one host at a time, up to 1 move at once per host;');
    expect(text).toMatch(/Disable and empty `compute2`, one host at a time/);
    expect(text).not.toMatch(/\d at a time/);
  });
});
