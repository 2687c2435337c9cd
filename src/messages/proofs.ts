import {
  OPTIONAL_PROOFS,
  type ProbeSetting,
  type ProofFact,
  type ProofName,
  proofResult,
  proofsFailed,
} from '../core/model/proof-facts.ts';
import type { Outcome } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { formatDuration } from './units.ts';

/**
 * What Ferry proved of a server after its move, in the reader's language: each proof that passed, the
 * ones that failed with what was seen, and the ones not available with why.
 */

/** One proof, in a few words. */
export function proofText(fact: ProofFact): string {
  switch (fact.code) {
    case 'nova-running':
      return t`Nova shows it ${fact.status} on ${fact.host}`;
    case 'nova-not-running':
      return t`Nova shows it ${fact.status} on ${fact.host ?? '?'} (power state ${fact.powerState}), not running on ${fact.destination}`;
    case 'ports-bound':
      return fact.count > 1 ? t`${fact.count} ports bound` : t`port bound`;
    case 'ports-unbound':
      return t`after ${formatDuration(fact.waitedMs)}, ${fact.ports.map((port) => portText(port, fact.host)).join(t`; `)}`;
    case 'no-ports':
      return t`no ports to prove`;
    case 'ports-unknown':
      return fact.status === undefined
        ? t`ports unknown (no network service)`
        : t`ports unreadable (Neutron answered ${fact.status})`;
    case 'console-alive':
      return t`console alive`;
    case 'console-still':
      return t`console output unchanged for ${formatDuration(fact.waitedMs)}`;
    case 'no-console':
      return fact.status === undefined
        ? t`no console available`
        : t`console unreadable (Nova answered ${fact.status})`;
    case 'agent-pong':
      return t`guest agent answers`;
    case 'agent-failed':
      return t`guest agent on ${fact.host} does not answer: ${fact.error}`;
    case 'agent-absent':
      return t`no guest agent in the guest`;
    case 'agent-unreachable':
      return agentUnreachableText(fact);
    case 'guest-stopped':
      return t`the server is stopped: its guest is not asked`;
    case 'guest-paused':
      return t`the server is paused: its guest is not asked`;
    case 'probe-reached':
      return t`probe reached ${fact.addresses.join(', ')} ${probeHow(fact.probe)}`;
    case 'probe-unreached':
      return t`probe reached none of ${fact.addresses.join(', ')} ${probeHow(fact.probe)} in ${formatDuration(fact.waitedMs)}`;
    case 'probe-unavailable':
      return probeUnavailableText(fact);
    case 'proof-off':
      return proofOffText(fact.proof);
  }
}

/** A proof the operator turned off: "console not asked (turned off by FERRY_PROOFS_OFF)". */
function proofOffText(proof: ProofName): string {
  switch (proof) {
    case 'ports':
      return t`ports not asked (turned off by FERRY_PROOFS_OFF)`;
    case 'console':
      return t`console not asked (turned off by FERRY_PROOFS_OFF)`;
    case 'agent':
      return t`guest agent not asked (turned off by FERRY_PROOFS_OFF)`;
    case 'probe':
      return t`probe not asked (turned off by FERRY_PROOFS_OFF)`;
  }
}

function proofNameWord(proof: ProofName): string {
  switch (proof) {
    case 'ports':
      return t`ports`;
    case 'console':
      return t`console`;
    case 'agent':
      return t`guest agent`;
    case 'probe':
      return t`probe`;
  }
}

/**
 * The caveat beside a ✅ whose move had proofs turned off (FERRY_PROOFS_OFF): "console not proven:
 * turned off by FERRY_PROOFS_OFF". null when none of these moves had one off.
 */
export function proofsOffCaveat(outcomes: readonly (Pick<Outcome, 'fact'> | undefined)[]): string | null {
  const off = new Set<ProofName>();
  for (const outcome of outcomes) {
    const fact = outcome?.fact;
    if (fact?.code !== 'moved') continue;
    for (const proof of fact.proofs ?? []) if (proof.code === 'proof-off') off.add(proof.proof);
  }
  if (off.size === 0) return null;
  const names = OPTIONAL_PROOFS.filter((proof) => off.has(proof))
    .map(proofNameWord)
    .join(t`, `);
  return t`${names} not proven: turned off by FERRY_PROOFS_OFF`;
}

/** How and from where the probe went: "(TCP 22 from jumphost)", "(ICMP from Ferry's host)". */
function probeHow(probe: ProbeSetting): string {
  if (probe.from === null)
    return probe.how === 'tcp' ? t`(TCP ${probe.port} from Ferry's host)` : t`(ICMP from Ferry's host)`;
  return probe.how === 'tcp' ? t`(TCP ${probe.port} from ${probe.from})` : t`(ICMP from ${probe.from})`;
}

function probeUnavailableText(fact: Extract<ProofFact, { code: 'probe-unavailable' }>): string {
  switch (fact.why) {
    case 'no-ssh':
      return t`probe not made ${probeHow(fact.probe)}: no SSH to the hosts configured`;
    case 'no-address':
      return t`probe not made ${probeHow(fact.probe)}: Nova shows no fixed IP address for the server`;
    case 'ssh-failed':
      return t`probe not made ${probeHow(fact.probe)}: SSH failed: ${fact.error ?? '?'}`;
  }
}

function agentUnreachableText(fact: Extract<ProofFact, { code: 'agent-unreachable' }>): string {
  switch (fact.why) {
    case 'no-ssh':
      return t`guest agent not asked (no SSH to the hosts configured)`;
    case 'no-domain':
      return t`guest agent not asked (Nova shows no domain name)`;
    case 'ssh-failed':
      return t`guest agent not asked (SSH failed: ${fact.error ?? '?'})`;
  }
}

function portText(
  port: { id: string; name: string; boundTo: string | null; status: string | null },
  host: string,
) {
  const name = port.name || port.id;
  return t`port ${name} bound to ${port.boundTo ?? t`no host`} (${port.status ?? '?'}), not to ${host}`;
}

/**
 * The proofs as sentences: failed first, then passed, then not available. `nova` false leaves out
 * Nova's "running there" when the sentence before says it already.
 */
export function proofsText(proofs: readonly ProofFact[], options: { nova?: boolean } = {}): string {
  const shown = proofs.filter((fact) => options.nova !== false || fact.code !== 'nova-running');
  const of = (result: 'passed' | 'failed' | 'not-available') =>
    shown
      .filter((fact) => proofResult(fact) === result)
      .map(proofText)
      .join(t`; `);
  const failed = of('failed');
  const passed = of('passed');
  const absent = of('not-available');
  return sentences([
    failed ? t`⚠️ Proof failed: ${failed}.` : '',
    passed ? t`Proven: ${passed}.` : '',
    absent ? t`Not proven: ${absent}.` : '',
  ]);
}

/** The proofs that failed, in a few words each ('' when none did). */
export function failedProofsText(proofs: readonly ProofFact[] | undefined): string {
  return (proofs ?? [])
    .filter((fact) => proofResult(fact) === 'failed')
    .map(proofText)
    .join(t`; `);
}

/** Sentences one after another: a space between them in English, none after Chinese 。 */
export function sentences(parts: readonly string[]): string {
  return parts.filter(Boolean).reduce((said, next) => (said ? t`${said} ${next}` : next), '');
}

/** A completed move one of whose proofs failed: said with ⚠️, never ✅. */
export function outcomeUnproven(outcome: Pick<Outcome, 'kind' | 'fact'>): boolean {
  return outcome.kind === 'completed' && outcome.fact?.code === 'moved' && proofsFailed(outcome.fact.proofs);
}

/** The outcome's proofs after its sentence ('' when it has none). */
export function outcomeProofsText(outcome: Pick<Outcome, 'fact'>): string {
  const fact = outcome.fact;
  if (fact?.code === 'moved' && fact.proofs) return proofsText(fact.proofs, { nova: false });
  if (fact?.code === 'back' && fact.proofs) {
    // the proofs were made on the destination, in VERIFY_RESIZE: said as such, not as the source's
    const there = provenOn(fact.proofs);
    const made = proofsText(fact.proofs, { nova: false });
    return there
      ? sentences([
          t`Ferry reverted it because a proof failed on ${there}, where it waited for confirmation: it runs on its source again.`,
          t`What Ferry saw on ${there} before the revert: ${made}`,
        ])
      : sentences([
          t`Ferry reverted it because a proof failed on the destination: it runs on its source again.`,
          t`What Ferry saw there before the revert: ${made}`,
        ]);
  }
  return '';
}

/** The host the proofs were made on: Nova's proof names it. */
function provenOn(proofs: readonly ProofFact[]): string | null {
  for (const fact of proofs) {
    if (fact.code === 'nova-running') return fact.host;
    if (fact.code === 'nova-not-running') return fact.destination;
    if (fact.code === 'ports-unbound') return fact.host;
  }
  return null;
}
