import type { ApprovalRefusal, RequestKindWord } from '../core/requests.ts';
import { t } from '../i18n/index.ts';
import { heldText } from './shared-checks.ts';
import { stateWord } from './states.ts';

/** Why a decision on a request is refused, in the words of whoever pressed the button. Not escaped. */
export function approvalRefusalText(refusal: ApprovalRefusal): string {
  switch (refusal.code) {
    case 'no-request':
      return t`There is no request ${refusal.requestId}.`;
    case 'expired':
      return t`Request ${refusal.requestId} has expired; ask again to get fresh checks.`;
    case 'own-request':
      return t`You asked for this ${kindWord(refusal.requestKind)}, so someone else must ${verbWord(refusal.verb)} it (four-eyes rule): ${refusal.approvers}.`;
    case 'not-on-call':
      return t`Only on-call staff may ${verbWord(refusal.verb)} moves: ${refusal.approvers}.`;
    case 'already-decided': {
      const by = refusal.by ? t` by ${refusal.by}` : '';
      return t`Request ${refusal.requestId} is already ${stateWord(refusal.status)}${by}.`;
    }
    case 'held':
      return t`Nothing was approved: ${heldText(refusal.held)}. Approve again once ${refusal.held.holder} has ended.`;
    case 'plan-changed':
      return t`The plan of ${refusal.requestId} changed after it was shown to you; nothing was approved. Read the updated plan, then approve again.`;
  }
}

function verbWord(verb: 'approve' | 'reject'): string {
  return verb === 'approve' ? t`approve` : t`reject`;
}

function kindWord(kind: RequestKindWord): string {
  switch (kind) {
    case 'move':
      return t`move`;
    case 'evacuation':
      return t`evacuation`;
    case 'move-back':
      return t`move back`;
    case 'drain':
      return t`drain`;
  }
}
