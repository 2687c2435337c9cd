import type { CheckFact } from '../core/model/checks.ts';
import type { CheckId, CheckResult } from '../core/model/types.ts';
import { t } from '../i18n/index.ts';
import type { CheckWords, WordsFor } from './check-words.ts';
import { CPU_CHECK_WORDS } from './cpu.ts';
import { EMPTYING_CHECK_WORDS } from './emptying-checks.ts';
import { IMPACT_CHECK_WORDS } from './impact.ts';
import { MOVE_CHECK_WORDS } from './move-checks.ts';
import { PLACEMENT_CHECK_WORDS } from './placement-checks.ts';
import { SHARED_CHECK_WORDS } from './shared-checks.ts';

/**
 * A check result in the reader's language, worded at render time from its fact: its title (from its
 * id, or its code where one id has several titles), its reason and its fix. A check a record kept
 * from before facts shows the sentences it stored.
 */

const WORDS: WordsFor<CheckFact> = {
  ...MOVE_CHECK_WORDS,
  ...PLACEMENT_CHECK_WORDS,
  ...SHARED_CHECK_WORDS,
  ...EMPTYING_CHECK_WORDS,
  ...IMPACT_CHECK_WORDS,
  ...CPU_CHECK_WORDS,
};

function titleOf(id: CheckId): string {
  switch (id) {
    case 'permission':
      return t`Permission`;
    case 'parameters':
      return t`Parameters`;
    case 'destination':
      return t`Destination exists`;
    case 'instance-state':
      return t`Server state`;
    case 'compute-services':
      return t`nova-compute up and enabled`;
    case 'distinct-hosts':
      return t`Destination differs from source`;
    case 'capacity':
      return t`Room on the destination`;
    case 'hypervisor':
      return t`Hypervisor type and version`;
    case 'storage':
      return t`Storage and block migration`;
    case 'server-groups':
      return t`Server group policy`;
    case 'host-config':
      return t`Host configuration`;
    case 'cpu':
      return t`CPU compatibility`;
    case 'claims':
      return t`No other operation holds them`;
    case 'impact':
      return t`What the move will do`;
    case 'availability-zone':
      return t`Availability zone`;
    case 'server-list':
      return t`Every server listed`;
  }
}

/** A drain's checks that were not evaluated keep the titles of its own lines. */
function notEvaluatedTitle(id: CheckId, fact: CheckFact): string | undefined {
  if (fact.code !== 'not-evaluated' || fact.because.why !== 'no-drain-hosts') return undefined;
  if (id === 'compute-services') return t`nova-compute on every host`;
  if (id === 'capacity') return t`Room at every step`;
  return undefined;
}

function wordsOf(fact: CheckFact): CheckWords {
  return (WORDS[fact.code] as (fact: CheckFact) => CheckWords)(fact);
}

/** A check's title, reason and fix, as its reader reads them now. */
export interface WordedCheck {
  title: string;
  reason: string;
  fix?: string;
}

export function wordCheck(check: CheckResult): WordedCheck {
  if (!check.fact) {
    // written by Ferry before facts: the sentences it stored
    return {
      title: check.title ?? titleOf(check.id),
      reason: check.reason ?? '',
      ...(check.fix ? { fix: check.fix } : {}),
    };
  }
  const words = wordsOf(check.fact);
  return {
    title: words.title ?? notEvaluatedTitle(check.id, check.fact) ?? titleOf(check.id),
    reason: words.reason,
    ...(words.fix ? { fix: words.fix } : {}),
  };
}

export const checkTitle = (check: CheckResult): string => wordCheck(check).title;
export const checkReason = (check: CheckResult): string => wordCheck(check).reason;
export const checkFix = (check: CheckResult): string | undefined => wordCheck(check).fix;

/** The reason of a check that may be absent (empty then). */
export const checkReasonOf = (check: CheckResult | undefined): string => (check ? checkReason(check) : '');
