import { describe, expect, it } from 'vitest';
import { stillInFlight } from '../../src/console/in-flight.ts';
import type { DrainHostState, DrainRecord, RunRecord } from '../../src/core/model/records.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { asciiPunctuationInChinese } from '../helpers/chinese.ts';

const drain = (phase: DrainRecord['drain']['phase'], hosts: Partial<DrainHostState>[]) =>
  ({ id: 'd-111111', status: 'approved', drain: { phase, hosts } }) as DrainRecord;
const said = (drains: DrainRecord[], runs: Partial<RunRecord>[] = []) =>
  stillInFlight({
    store: {
      activeRuns: () => runs as RunRecord[],
      evacuations: () => [],
      drains: () => drains,
      pendingRequests: () => [],
    },
    lead: 'Input ended',
  });

describe('what the console says it stops watching at the end of piped input', () => {
  it('says what a drain waiting for a person waits for, never that it is running', () => {
    const lines = said([drain('running', [{ host: 'compute3', phase: 'empty' }])]);
    expect(lines).toEqual([
      "Input ended; d-111111 waits for someone to press Host is back for compute3. It waits in Ferry's records: at its next start Ferry takes it up where it is.",
    ]);
    expect(said([drain('running', [{ host: 'compute3', phase: 'not-empty' }])])).toEqual([
      "Input ended; d-111111 waits for someone to press Continue with compute3 or Skip host. It waits in Ferry's records: at its next start Ferry takes it up where it is.",
    ]);
    expect(said([drain('held', [])])).toEqual([
      "Input ended; d-111111 waits for on-call to press Approve new plan. It waits in Ferry's records: at its next start Ferry takes it up where it is.",
    ]);
    expect(said([], [{ id: 'm-222222', state: 'awaiting-confirmation' }])).toEqual([
      "Input ended; m-222222 waits for someone to press Confirm or Revert. It waits in Ferry's records: at its next start Ferry takes it up where it is.",
    ]);
  });

  it('still says a drain runs while another host of its step is being emptied', () => {
    const lines = said([
      drain('running', [
        { host: 'compute3', phase: 'empty' },
        { host: 'compute4', phase: 'evacuating' },
      ]),
    ]);
    expect(lines[0]).toMatch(
      /^Input ended; Ferry stops watching d-111111 \(running\)\. They go on in the cloud/,
    );
    expect(lines[1]).toBe(
      "Input ended; d-111111 waits for someone to press Host is back for compute3. It waits in Ferry's records: at its next start Ferry takes it up where it is.",
    );
  });

  // the operator trial: `/drain compute3 --reboot`, /wait said "Ferry reboots compute3 and checks that it
  // comes back", and exit two seconds later "d-… waits for someone to press Host is back for compute3"
  it('says a --reboot drain runs while Ferry reboots its empty host, not that it waits for a person', () => {
    const rebooting = {
      ...drain('running', [{ host: 'compute3', phase: 'empty' }]),
    } as DrainRecord;
    rebooting.drain.reboot = {} as DrainRecord['drain']['reboot'];
    const lines = said([rebooting]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Input ended; Ferry stops watching d-111111 \(running\)\./);
  });

  it('punctuates what it names in Chinese with full-width brackets', () => {
    const lines = inLanguage('zh-CN', () =>
      said(
        [drain('running', [{ host: 'compute4', phase: 'evacuating' }])],
        [{ id: 'm-222222', serverName: 'server-x', state: 'running' }],
      ),
    );
    expect(lines.join('\n')).toMatch(/server-x（m-222222，进行中）/);
    expect(asciiPunctuationInChinese(lines.join('\n'))).toEqual([]);
  });
});
