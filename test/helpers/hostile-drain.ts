import type { DrainPlan } from '../../src/core/model/drain.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { check, HOST, hostileFinding, item, outcome, REASON, SERVER } from './hostile.ts';

/** A drain's plan and record carrying the hostile names and reasons of hostile.ts, in every field Ferry says. */

export const plan: DrainPlan = {
  request: {
    hosts: [HOST],
    zone: HOST,
    aggregate: HOST,
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: true,
    requestedBy: 'U_ALICE',
  },
  hosts: [HOST],
  steps: [
    {
      hosts: [
        {
          host: HOST,
          serviceId: 's',
          items: [
            { ...item('waiting'), mode: null },
            { ...item('waiting'), mode: 'cold' },
          ],
        },
      ],
      fits: false,
      missing: [
        {
          server: SERVER,
          flavor: HOST,
          why: {
            code: 'ruled-out',
            hosts: [{ host: HOST, blockers: [{ kind: 'anti-affinity', member: SERVER, group: REASON }] }],
            more: 0,
          },
          coldWould: true,
        },
      ],
      stuck: 1,
      blockedBy: ['capacity'],
      staysAway: [
        {
          server: SERVER,
          home: HOST,
          why: { code: 'blocked', blockers: [{ kind: 'host-config', finding: hostileFinding }] },
        },
      ],
    },
  ],
  checks: [check('fail')],
  ready: false,
  fingerprint: 'f',
  evaluatedAt: 0,
};

export const drain = (status: DrainRecord['status'], phase: DrainRecord['drain']['phase']): DrainRecord => ({
  id: 'd-000001',
  kind: 'drain',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  decidedBy: 'U_BOB',
  status,
  checks: [check('fail')],
  ready: true,
  evaluatedAt: 0,
  drain: {
    hosts: [
      {
        host: HOST,
        serviceId: 's',
        phase: 'done',
        evacuationIds: ['e-000001'],
        returnId: 'e-000002',
        startedAt: 0,
        emptyAt: 1,
        backBy: 'U_BOB',
        backAt: 2,
        endedAt: 3,
        note: `${SERVER} stayed`,
        planned: { disabledBefore: false, servers: 2, leaving: 2, staysAway: 1 },
      },
      {
        host: HOST,
        serviceId: 's',
        phase: 'not-empty',
        evacuationIds: [],
        reason: { code: 'not-moved', failed: [{ server: SERVER, outcome: outcome('failed') }] },
        planned: { disabledBefore: true, servers: 0, leaving: 0, staysAway: 0 },
      },
    ],
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: true,
    zone: HOST,
    fingerprint: 'f',
    step: 0,
    phase,
    held: { at: 0, fingerprint: 'g', missing: [`${SERVER} needs room`], reason: `${HOST} is full` },
    // the plan's warnings kept for the approval: a gate named by a hostile query, troubles in hostile words
    warnings: {
      unanswered: [{ query: HOST, verdict: 'unknown', error: REASON, tookMs: 1 }],
      silencesTrouble: REASON,
      checkFailing: { [HOST]: [REASON] },
    },
    windowId: 'w-000001',
    startedAt: 0,
    endedAt: 4,
    stoppedBy: `window of ${HOST} ended`,
  },
});

/** A drain whose hosts Ferry left out after a failed reboot; `silenced`: their silence has ended. */
export function leftOutDrain(silenced: boolean): DrainRecord {
  const request = drain('approved', 'done');
  for (const h of request.drain.hosts) {
    h.phase = 'skipped';
    h.skipped = { by: 'ferry', enabledAgain: false };
    h.reboot = { attempts: [], failure: { code: 'not-sent', error: REASON } };
    if (silenced) h.silence = { state: 'expired', comment: REASON, at: 0 };
  }
  return request;
}
