import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import type { DrainPlan, DrainRequest } from '../../src/core/model/drain.ts';
import { missingRoomText, staysAwayText } from '../../src/messages/drain.ts';
import { plannerFor, worded } from '../helpers/core.ts';
import { noted } from '../helpers/notes.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const drain = (request: Partial<DrainRequest>) =>
  planDrain(plannerFor(fx), {
    hosts: [],
    hostsAtOnce: 1,
    concurrency: 2,
    returnHome: false,
    requestedBy: 'U_ALICE',
    ...request,
  });
const item = (plan: DrainPlan, step: number, name: string) =>
  noted(plan.steps[step]?.hosts.flatMap((h) => h.items).find((i) => i.serverName === name));
/** a step's lines as the plan's message says them */
const missingLines = (plan: DrainPlan, step: number) => plan.steps[step]?.missing.map(missingRoomText);
const staysAwayLines = (plan: DrainPlan, step: number) => plan.steps[step]?.staysAway.map(staysAwayText);
const namesIn = (plan: DrainPlan, step: number) =>
  plan.steps[step]?.hosts.flatMap((h) => h.items.map((i) => i.serverName)) ?? [];

describe('drain plan', () => {
  it('walks the hosts in order, moving again what an earlier step put on a later host', async () => {
    const plan = await drain({ hosts: ['compute1', 'compute2'] });
    expect(plan.hosts).toEqual(['compute1', 'compute2']);
    expect(plan.steps).toHaveLength(2);
    // compute3 runs an older QEMU and compute4 is disabled: live moves from compute1 can only go to compute2
    expect(item(plan, 0, 'server-x')).toMatchObject({ mode: 'live', destination: 'compute2' });
    expect(item(plan, 0, 'batch-7')).toMatchObject({ mode: 'cold' });
    expect(item(plan, 0, 'vault')).toMatchObject({ mode: null, note: 'locked ("PCI audit until Friday")' });
    // so step 2 moves server-x again, back to compute1 (in service again)
    expect(item(plan, 1, 'server-x')).toMatchObject({ mode: 'live', destination: 'compute1' });
    // web-1 and web-2 keep their anti-affinity: with the other member on the only newer host, neither moves live
    expect(missingLines(plan, 0)).toEqual([
      'web-1 (m1.medium): the hosts with room rule it out: ' +
        'compute3: QEMU 6.2.0 on compute3 is older than QEMU 8.2.0 on compute1 (live migration needs one not older); ' +
        'compute2: web-2 of anti-affinity group "web-anti-affinity" runs there; ' +
        'it could move cold (a restart) if you choose',
    ]);
    expect(plan.steps[0]?.fits).toBe(false);
    // what rules the hosts out is said as the checks found it: not "no room" (both hosts have room);
    // step 2 does not fit either: the check names both, not only the first
    expect(plan.steps[1]?.fits).toBe(false);
    const capacity = plan.checks.map(worded).find((c) => c.id === 'capacity');
    expect(capacity).toMatchObject({
      status: 'fail',
      reason:
        'Steps 1 and 2 do not fit: the hosts still in service cannot take 2 servers (an older or different hypervisor, anti-affinity).',
    });
    expect(capacity?.fix).not.toMatch(/^Free or add room/);
    expect(item(plan, 0, 'web-1')?.note).toBe('no host in service can take it in this step');
    expect(plan.ready).toBe(false);
  });

  it('brings nothing back to a host disabled before the drain: it stays disabled, and the plan says so', async () => {
    const compute2 = fx.sandbox.cloud.hosts.get('compute2') as {
      status: string;
      disabledReason: string | null;
    };
    compute2.status = 'disabled';
    compute2.disabledReason = 'RAID rebuild';
    const plan = await drain({ hosts: ['compute2'], returnHome: true });
    expect(plan.steps[0]?.hosts[0]).toMatchObject({ host: 'compute2', disabledBefore: true });
    const leaving = plan.steps[0]?.hosts[0]?.items.filter((i) => i.mode !== null && i.destination) ?? [];
    expect(leaving.length).toBeGreaterThan(0);
    expect(staysAwayLines(plan, 0)).toEqual(
      leaving
        .map(
          (i) =>
            `${i.serverName} cannot go back to compute2: compute2 was disabled before the drain and stays disabled`,
        )
        .sort(),
    );
    expect(plan.steps[0]?.hosts[0]?.staysAway).toBe(leaving.length);
  });

  it('names a group member on a host it does not drain by its name, not its UUID', async () => {
    const plan = await drain({ hosts: ['compute1'] });
    const missing = missingLines(plan, 0)?.find((line) => line.startsWith('web-1')) ?? '';
    expect(missing).toContain('compute2: web-2 of anti-affinity group "web-anti-affinity" runs there');
    expect(missing).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('prefers hosts the drain does not reach later, so a server moves once where it can', async () => {
    fx.sandbox.cloud.addHost({
      name: 'compute5',
      memoryMb: 40_960,
      vcpus: 16,
      diskGb: 900,
      hypervisorVersion: 8_002_000,
    });
    const plan = await drain({ hosts: ['compute1', 'compute2'] });
    // compute2 has more room, but is drained next
    expect(item(plan, 0, 'server-x')).toMatchObject({ mode: 'live', destination: 'compute5' });
    expect(namesIn(plan, 1)).not.toContain('server-x');
  });

  it('with --return, the servers of a step go home before the next one', async () => {
    const plan = await drain({ hosts: ['compute1', 'compute2'], returnHome: true });
    expect(namesIn(plan, 1)).not.toContain('server-x');
    expect(namesIn(plan, 1).sort()).toEqual(['cache-1', 'db-replica', 'legacy-app', 'web-2']);
  });

  it('names what is missing when the hosts still in service cannot hold a step', async () => {
    const compute2 = fx.sandbox.cloud.hosts.get('compute2') as { memoryMb: number };
    compute2.memoryMb = 20_000;
    const plan = await drain({ hosts: ['compute1'] });
    const step = plan.steps[0];
    expect(step?.fits).toBe(false);
    const ledger = missingLines(plan, 0)?.find((line) => line.startsWith('ledger (m1.xlarge)'));
    expect(ledger).toMatch(
      /needs 16384 MB, 8 vCPU, 160 GB disk; the roomiest host in service \(compute\d\) has \d+ MB/,
    );
    // ledger lacks room; the others have room only on compute3, whose older QEMU rules them out: both said
    expect(plan.checks.map(worded).find((c) => c.id === 'capacity')?.reason).toBe(
      'Step 1 does not fit: the hosts still in service cannot take 4 servers (room, an older or different hypervisor).',
    );
  });

  it('drains hosts together, and never two members of an anti-affinity group onto one host', async () => {
    const more = { memoryMb: 131_072, vcpus: 48, diskGb: 3_600, hypervisorVersion: 8_002_000 };
    fx.sandbox.cloud.addHost({ name: 'compute5', ...more });
    fx.sandbox.cloud.addHost({ name: 'compute6', ...more });
    const plan = await drain({ hosts: ['compute1', 'compute2'], hostsAtOnce: 2 });
    expect(plan.steps).toHaveLength(1);
    const web1 = item(plan, 0, 'web-1')?.destination;
    const web2 = item(plan, 0, 'web-2')?.destination;
    expect([web1, web2].sort()).toEqual(['compute5', 'compute6']);
    expect(plan.steps[0]?.fits).toBe(true);
    expect(plan.steps[0]?.stuck).toBe(1); // vault, locked
    expect(plan.checks.map(worded).find((c) => c.id === 'capacity')?.status).toBe('warn');
  });

  it('takes every compute host of a zone or an aggregate, and refuses names that do not exist', async () => {
    const zone = await drain({ zone: 'nova' });
    expect(zone.hosts).toEqual(['compute1', 'compute2', 'compute3', 'compute4']);
    const unknown = await drain({ hosts: ['compute1', 'compute9'] });
    expect(unknown.checks.map(worded).find((c) => c.id === 'destination')).toMatchObject({
      status: 'fail',
      reason: 'Not compute hosts of this cloud: compute9.',
    });
    // an aggregate's name given as a host points to --aggregate (operator trial: "Pick one of: compute1, …")
    const rackAsHost = await drain({ hosts: ['rack-a'] });
    expect(rackAsHost.checks.map(worded).find((c) => c.id === 'destination')).toMatchObject({
      reason: 'Not compute hosts of this cloud: rack-a.',
      fix: 'rack-a is an aggregate: /drain --aggregate rack-a drains its hosts.',
    });
    const noZone = await drain({ zone: 'az9' });
    expect(noZone.checks.map(worded).find((c) => c.id === 'destination')).toMatchObject({
      reason: 'No compute host of this cloud is in availability zone az9.',
      fix: 'Zones: nova.',
    });
    const rack = await drain({ aggregate: 'rack-b' });
    expect(rack.hosts).toEqual(['compute3', 'compute4']);
    // an aggregate that is not there is not worded as a host (operator trial)
    const noRack = await drain({ aggregate: 'rack-z' });
    expect(noRack.checks.map(worded).find((c) => c.id === 'destination')).toMatchObject({
      reason: 'This cloud has no aggregate rack-z.',
      // as near as each other: both named, not the first by the alphabet
      fix: 'Did you mean rack-a, rack-b? Aggregates: rack-a (2 hosts), rack-b (2 hosts).',
    });
    fx.sandbox.cloud.addAggregate('spare', []);
    const emptyRack = await drain({ aggregate: 'spare' });
    expect(emptyRack.checks.map(worded).find((c) => c.id === 'destination')?.reason).toBe(
      'Aggregate spare holds no compute hosts of this cloud.',
    );
  });

  it('judges nothing about the hosts of a zone or an aggregate that does not exist', async () => {
    for (const plan of [await drain({ zone: 'az9' }), await drain({ aggregate: 'rack-z' })]) {
      expect(plan.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
        'permission:pass',
        'destination:fail',
        'compute-services:skipped',
        'capacity:skipped',
      ]);
      expect(plan.checks.map(worded).find((c) => c.id === 'capacity')?.reason).toBe(
        'Not evaluated: the drain names no compute host of this cloud.',
      );
      expect(plan.steps).toEqual([]);
      expect(plan.ready).toBe(false);
    }
  });

  // operator trial: the room check named only the first step that does not fit
  it('names every step that does not fit in its room check, a long list bounded', () => {
    const reason = (steps: number[], step = steps[0] as number) =>
      worded({
        id: 'capacity',
        status: 'fail',
        fact: { code: 'drain-step-short', step, steps, servers: 9, blockedBy: ['capacity'] },
        evidence: {},
      }).reason;
    const noRoom = 'do not fit: 9 servers have no room on the hosts still in service.';
    expect(reason([3, 5, 7])).toBe(`Steps 3, 5 and 7 ${noRoom}`);
    expect(reason([2, 4])).toBe(`Steps 2 and 4 ${noRoom}`);
    expect(reason([1, 2, 3, 4, 5])).toBe(`Steps 1, 2, 3, 4 and 5 ${noRoom}`);
    expect(reason([1, 2, 3, 4, 5, 6, 9])).toBe(`Steps 1, 2, 3, 4 and 3 more ${noRoom}`);
    expect(reason([6])).toBe('Step 6 does not fit: 9 servers have no room on the hosts still in service.');
  });

  it('says which hosts have nova-compute down', async () => {
    fx.sandbox.cloud.setServiceDown('compute3', true);
    const plan = await drain({ hosts: ['compute3'] });
    expect(plan.checks.map(worded).find((c) => c.id === 'compute-services')).toMatchObject({
      status: 'fail',
      reason: 'nova-compute is down on compute3: its servers cannot be migrated away.',
    });
  });
});

describe('/drain grammar', () => {
  it('reads hosts, a zone and the options, and refuses what it cannot use', () => {
    expect(parseDrain('compute1 compute2 --hosts-at-once 2 --return')).toEqual({
      kind: 'plan',
      hosts: ['compute1', 'compute2'],
      hostsAtOnce: 2,
      concurrency: 2,
      returnHome: true,
      dryRun: false,
    });
    expect(parseDrain('compute1 --window w-1a2b3c --dry-run')).toMatchObject({
      kind: 'plan',
      windowId: 'w-1a2b3c',
      dryRun: true,
    });
    expect(parseDrain('compute1 --window tomorrow')).toMatchObject({
      kind: 'error',
      message: /--window takes a maintenance window ID/,
    });
    expect(parseDrain('list')).toEqual({ kind: 'list' });
    expect(parseDrain('d-0a1b2c')).toEqual({ kind: 'show', id: 'd-0a1b2c' });
    expect(parseDrain('d-0a1b2c skip compute7')).toEqual({ kind: 'skip', id: 'd-0a1b2c', host: 'compute7' });
    expect(parseDrain('d-0a1b2c skip')).toMatchObject({
      kind: 'error',
      message: /Usage: \/drain d-0a1b2c skip <host>/,
    });
    expect(parseDrain('d-0a1b2c skip $(reboot)')).toMatchObject({
      kind: 'error',
      message: /Cannot skip that host/,
    });
    expect(parseDrain('--zone=az1 --concurrency 3')).toMatchObject({
      kind: 'plan',
      zone: 'az1',
      concurrency: 3,
    });
    expect(parseDrain('')).toEqual({ kind: 'help' });
    expect(parseDrain('--zone az1 compute1')).toMatchObject({
      kind: 'error',
      message: /one of them/,
    });
    expect(parseDrain('--aggregate rack-a')).toMatchObject({ kind: 'plan', aggregate: 'rack-a', hosts: [] });
    expect(parseDrain('--aggregate rack-a --zone az1')).toMatchObject({
      kind: 'error',
      message: /one of them/,
    });
    expect(parseDrain('compute1 --hosts-at-once 0')).toMatchObject({
      kind: 'error',
      message: /from 1 to 20/,
    });
    expect(parseDrain('compute1 --retrun')).toMatchObject({
      kind: 'error',
      message: /Did you mean --return\?/,
    });
    expect(parseDrain('compute1;rm')).toMatchObject({ kind: 'error', message: /cannot be in a host name/ });
    // the name in code, whole: typed as is, its * pair would turn part of the sentence bold in Slack
    const wildcard = parseDrain('compute* --return');
    expect(wildcard).toMatchObject({ kind: 'error' });
    const said = (wildcard as { message: string }).message;
    expect(said).toContain(
      '`compute*` contains `*`, which cannot be in a host name: Ferry takes no wildcards',
    );
    expect(said.split('\n')[0]?.replace(/`[^`]*`/g, '')).not.toMatch(/[*_~]/);
  });
});
