import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import type { DrainDeps } from '../../src/core/drain/hosts.ts';
import { DrainSilencing, silenceComment } from '../../src/core/drain/silencing.ts';
import { EventStream } from '../../src/core/events.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { AlertmanagerSilences } from '../../src/monitoring/alertmanager.ts';
import { parseSilenceMatchers } from '../../src/monitoring/settings.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { hasPrometheus, type RealService, startAlertmanager } from '../helpers/prometheus.ts';

/**
 * The store is the truth of a drain host's silence: one recorded as asked for, whose answer was lost
 * (Ferry died between the POST and writing its ID), is found by its comment, never made twice.
 */

const drainWith = (id: string, host: string, phase: 'empty' | 'done'): DrainRecord => ({
  id,
  kind: 'drain',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  decidedBy: 'U_BOB',
  status: 'approved',
  checks: [],
  ready: true,
  evaluatedAt: 0,
  drain: {
    hosts: [
      {
        host,
        serviceId: 's',
        phase,
        evacuationIds: [],
        silence: { state: 'asking', comment: silenceComment(id, host), at: 0 },
      },
    ],
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: false,
    fingerprint: 'f',
    step: 0,
    phase: 'running',
  },
});

describe.skipIf(!hasPrometheus)('a drain host silence whose create went unanswered', () => {
  let alertmanager: RealService;
  beforeAll(async () => {
    alertmanager = await startAlertmanager();
  }, 60_000);
  afterAll(() => alertmanager?.stop());

  const setup = async (drain: DrainRecord) => {
    const store = LowdbStore.memory();
    await store.addRequest(drain);
    const silences = new AlertmanagerSilences(
      alertmanager.url,
      parseSilenceMatchers('instance=~"{host}.*"'),
      60_000,
    );
    const deps = { store, clock: new FakeClock(), events: new EventStream(() => undefined), silences };
    return { store, silences, silencing: new DrainSilencing(deps as unknown as DrainDeps) };
  };
  const ofComment = async (comment: string) =>
    (
      (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as {
        id: string;
        comment: string;
        status: { state: string };
      }[]
    ).filter((s) => s.comment === comment);

  it('is found by its comment and kept, not made a second time; expired once the host is done', async () => {
    const drain = drainWith('d-lost01', 'compute9', 'empty');
    const { store, silences, silencing } = await setup(drain);
    const comment = silenceComment('d-lost01', 'compute9');
    // Alertmanager made it; Ferry never heard the answer
    const made = await silences.create('compute9', comment);
    await silencing.sync('d-lost01');
    expect(store.getDrain('d-lost01')?.drain.hosts[0]?.silence).toMatchObject({ state: 'active' });
    const active = (await ofComment(comment)).filter((s) => s.status.state === 'active');
    expect(active).toHaveLength(1);
    expect((await ofComment(comment)).map((s) => s.id)).toContain(made);

    await store.updateDrain('d-lost01', (d) => {
      (d.drain.hosts[0] as { phase: string }).phase = 'done';
    });
    await silencing.sync('d-lost01');
    expect(store.getDrain('d-lost01')?.drain.hosts[0]?.silence?.state).toBe('expired');
    expect((await ofComment(comment)).every((s) => s.status.state === 'expired')).toBe(true);
  });

  it('of a host already enabled again is looked up and expired, never created', async () => {
    const { store, silences, silencing } = await setup(drainWith('d-lost02', 'compute8', 'done'));
    const comment = silenceComment('d-lost02', 'compute8');
    await silences.create('compute8', comment);
    await silencing.sync('d-lost02');
    expect(store.getDrain('d-lost02')?.drain.hosts[0]?.silence?.state).toBe('expired');
    expect((await ofComment(comment)).map((s) => s.status.state)).toEqual(['expired']);
  });
});
