import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  gateHeldMessage,
  gatePassedLine,
  monitoringPlanLines,
  silenceNote,
  silenceTroubleLine,
} from '../../src/chat/drain-gates-view.ts';
import { answeredQuestion, hostSays, rebootAttentionText } from '../../src/chat/drain-host-view.ts';
import { drainReport } from '../../src/chat/drain-report-view.ts';
import type { DrainMonitoringPlan, HostSilence } from '../../src/core/model/drain-monitoring.ts';
import type {
  BootSeen,
  RebootFailure,
  RebootNews,
  RebootPlan,
  RebootSeen,
} from '../../src/core/model/reboot.ts';
import type { DrainHostState, DrainRecord } from '../../src/core/model/records.ts';
import type { GateResult } from '../../src/core/ports/health-gates.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import {
  rebootFailureText,
  rebootNewsText,
  rebootPlanLines,
  rebootReportText,
  rebootSeenText,
  rebootStateLine,
} from '../../src/messages/reboot.ts';
import { asciiPunctuationInChinese } from '../helpers/chinese.ts';

/**
 * `/drain --reboot`, its health gates and its silences keep facts on the drain's record: written while
 * the channel spoke English, every message made of them (the plan, the thread's news, the host lines,
 * the report) reads in Chinese to a zh-CN reader. A message without its Chinese falls back to English,
 * and this test names it.
 */

beforeEach(() => setChannelLanguage('en'));
afterEach(() => setChannelLanguage('en'));

const before: BootSeen = { bootId: 'a5adba1c-0000', kernel: '6.1.0-26-amd64', uptimeS: 86_400, at: 0 };
const after: BootSeen = { bootId: 'ca12d6dc-0000', kernel: '6.1.0-28-amd64', uptimeS: 12, at: 90_000 };
const SEEN: RebootSeen[] = [
  { code: 'unreachable', error: 'ECONNREFUSED' },
  { code: 'same-boot', bootId: before.bootId },
  { code: 'nova-compute-down' },
  { code: 'nova-compute-not-seen-again' },
  { code: 'hostcheck-failing', findings: ['libvirtd'] },
];
const FAILURES: RebootFailure[] = [
  { code: 'unreadable', error: 'ETIMEDOUT' },
  { code: 'not-sent', error: 'ETIMEDOUT' },
  { code: 'not-back', waitedMs: 600_000, seen: SEEN[0] as RebootSeen, bmcTried: true },
  { code: 'not-back', waitedMs: 600_000, seen: null, bmcTried: false },
  { code: 'kernel-mismatch', want: after.kernel, got: before.kernel },
];
const NEWS: RebootNews[] = [
  { code: 'sent', attempt: { via: 'ssh', at: 0 } },
  { code: 'sent', attempt: { via: 'bmc', at: 0 } },
  { code: 'verified', before, after },
  ...FAILURES.flatMap((failure): RebootNews[] => [
    { code: 'failed', failure, leftOut: false },
    { code: 'failed', failure, leftOut: true },
    { code: 'failed', failure, leftOut: true, silenced: true },
  ]),
  { code: 'breaker', breaker: { at: 0, max: 2, hosts: ['compute8', 'compute9'] } },
];
const PLANS: RebootPlan[] = (['none', 'fallback', 'first'] as const).map((bmc, i) => ({
  method: { command: 'systemctl reboot', bmc, timeoutMs: 600_000 },
  options: { maxFailures: 2, ...(i ? { kernel: after.kernel } : {}) },
  order: i ? 'uptime' : 'named',
  onKernel: i ? ['compute4'] : [],
  uptimeS: {},
}));
const MONITORING: DrainMonitoringPlan = {
  gates: ['ferry_test_unhealthy > 0'],
  silences: { alertmanager: 'http://am:9093', matchers: ['instance=~"{host}.*"'], leaseMs: 300_000 },
};
const GATES: GateResult[] = [
  {
    query: 'up == 0',
    verdict: 'fail',
    series: [{ labels: { instance: 'c1' }, value: '1' }],
    total: 3,
    tookMs: 1,
  },
  { query: 'ceph_health_status != 0', verdict: 'unknown', error: 'ECONNREFUSED', tookMs: 1 },
  { query: 'absent(up)', verdict: 'pass', tookMs: 1 },
];
const SILENCES: HostSilence[] = (['active', 'asking', 'failed', 'expired'] as const).map((state) => ({
  state,
  comment: 'c',
  id: 'f00d',
  error: 'ECONNREFUSED',
  at: 0,
}));

const host = (name: string, fields: Partial<DrainHostState>): DrainHostState => ({
  host: name,
  serviceId: 's',
  phase: 'empty',
  evacuationIds: [],
  ...fields,
});
/** A drain of a patch campaign as the store keeps it: one host rebooted, one held, one left out. */
const record = (): DrainRecord =>
  JSON.parse(
    JSON.stringify({
      id: 'd-000001',
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
          host('compute2', {
            phase: 'done',
            backBy: 'ferry',
            startedAt: 0,
            endedAt: 200_000,
            reboot: { before, after, attempts: [{ via: 'ssh', at: 0 }], verifiedAt: 100_000 },
            silence: SILENCES[3],
          }),
          host('compute4', { reboot: { before, attempts: [{ via: 'ssh', at: 0 }] }, silence: SILENCES[0] }),
          host('compute6', { reboot: { before, attempts: [], failure: FAILURES[4] }, silence: SILENCES[0] }),
          host('compute8', {
            phase: 'skipped',
            skipped: { by: 'ferry', enabledAgain: false },
            reboot: { before, attempts: [{ via: 'ssh', at: 0 }], failure: FAILURES[2] },
            silence: SILENCES[3],
          }),
        ],
        hostsAtOnce: 1,
        concurrency: 1,
        returnHome: false,
        fingerprint: 'f',
        step: 2,
        phase: 'done',
        startedAt: 0,
        endedAt: 400_000,
        reboot: { maxFailures: 2, kernel: after.kernel, order: 'uptime', onKernel: [] },
        breaker: { at: 0, max: 2, hosts: ['compute6', 'compute8'] },
      },
    }),
  ) as DrainRecord;

/** Every text a message shows: its fallback, its sections, its buttons and their confirmations. */
function shown(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(shown);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'text' && typeof inner === 'string' ? [inner] : shown(inner),
  );
}

/** Every text the reboot, gate and silence facts of `drain` are worded into, each alone. */
function texts(drain: DrainRecord): string[] {
  const [, held, failed, leftOut] = drain.drain.hosts as DrainHostState[];
  return [
    ...PLANS.flatMap((plan) =>
      rebootPlanLines(plan, ['compute2', 'compute4'], [{ host: 'compute4', reason: 'DIMM' }]),
    ),
    ...PLANS.map(
      (plan) =>
        rebootPlanLines(plan, ['compute2', 'compute4'], [{ host: 'compute4', reason: null }]).at(
          -2,
        ) as string,
    ),
    ...monitoringPlanLines(MONITORING),
    rebootStateLine(drain.drain) as string,
    ...SEEN.map(rebootSeenText),
    ...FAILURES.map((failure) => rebootFailureText('compute8', failure)),
    ...NEWS.map((news) => rebootNewsText('compute8', news)),
    ...drain.drain.hosts.map((h) => rebootReportText(h.reboot as never)),
    rebootReportText({ attempts: [] }),
    ...[held, failed, leftOut].map((h) => hostSays(h as DrainHostState)),
    ...SILENCES.map((silence) => silenceNote(host('compute2', { silence }))),
    silenceTroubleLine('compute2', 'ECONNREFUSED'),
    ...shown(gateHeldMessage(drain, GATES)),
    gatePassedLine(drain, 'U_BOB'),
    gatePassedLine(drain, undefined),
    rebootAttentionText(drain) as string,
    ...shown(answeredQuestion(drain, 'compute8')),
    ...shown(answeredQuestion(drain, 'compute2')),
    ...shown(drainReport(drain, () => undefined)),
  ];
}

/** English words left in a Chinese text: names, values and product words taken out first. */
function english(text: string): string[] {
  const kept =
    /`[^`]*`|<@[^>]*>|https?:\/\/\S+|systemctl reboot|\b(?:compute\d|ferry_\w+|ceph_\w+|instance|absent|up|ECONN\w+|ETIMEDOUT|libvirtd|SSH|BMC|ipmitool|chassis|power|cycle|Prometheus|Alertmanager|nova-compute|ID|Ferry|DIMM|d-000001|host|c1|f00d)\b/g;
  return [...text.replace(kept, ' ').matchAll(/\b[A-Za-z]{3,}\b/g)].map((m) => m[0]);
}

describe('the reboot, gate and silence facts of a drain, read in another language', () => {
  it('written while the channel spoke English, every message reads in Chinese to a zh-CN reader', () => {
    const drain = record();
    const en = texts(drain);
    expect(en.join('\n')).toContain('compute8 did not come back within 10m 00s (the BMC was tried)');
    const zh = inLanguage('zh-CN', () => texts(drain));
    expect(zh).toHaveLength(en.length);
    const wrong = zh.flatMap((text, i) => [
      ...(text === en[i] && english(text).length ? [`no Chinese: ${en[i]}`] : []),
      ...english(text).map((word) => `English "${word}" left in: ${text}`),
      ...asciiPunctuationInChinese(text).map((at) => `ASCII punctuation at "${at}" in: ${text}`),
    ]);
    expect(wrong).toEqual([]);
  });
});
