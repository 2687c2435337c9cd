import type { Refusal } from '../core/permissions.ts';
import { t, translated } from '../i18n/index.ts';
import { accessRefusalText } from './move-checks.ts';

/** How a refusal reads (core/permissions.ts): who may do it instead. `whoMay`: the people on call. */
export function refusalText(refusal: Refusal, whoMay: string): string {
  switch (refusal.code) {
    case 'not-a-reader':
      return t`Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.`;
    case 'not-a-requester':
      return t`${accessRefusalText(refusal.refusal)} Ask a Ferry admin to add you to FERRY_REQUESTERS.`;
    case 'not-on-call':
      return t`Only on-call staff may ${translated(refusal.action)}: ${whoMay}.`;
    case 'not-owner-or-on-call':
      return translated(refusal.refusal);
  }
}
