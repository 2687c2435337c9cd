import type { OnCallAction, OwnerAction, Refusal, RequesterAction } from '../core/permissions.ts';
import { t } from '../i18n/index.ts';
import { accessRefusalText } from './move-checks.ts';

/** How a refusal reads (core/permissions.ts): who may do it instead. `whoMay`: the people on call. */
export function refusalText(refusal: Refusal, whoMay: string): string {
  switch (refusal.code) {
    case 'not-a-reader':
      return t`Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.`;
    case 'not-a-requester':
      return t`${accessRefusalText(refusal.refusal)} Ask a Ferry admin to add you to FERRY_REQUESTERS.`;
    case 'not-on-call':
      return notOnCallText(refusal.action, whoMay);
    case 'not-owner-or-on-call':
      return ownerActionRefusal(refusal.action);
    case 'not-the-requester':
      return requesterActionRefusal(refusal.action, refusal.owner);
  }
}

function requesterActionRefusal(action: RequesterAction, owner: string): string {
  switch (action) {
    case 'edit-plan':
      return t`Only the requester (<@${owner}>) may edit the plan, before it is approved.`;
  }
}

/** What only on-call people may do: each refusal a whole sentence. */
function notOnCallText(action: OnCallAction, whoMay: string): string {
  switch (action) {
    case 'abort':
      return t`Only on-call staff may abort a migration: ${whoMay}.`;
    case 'force':
      return t`Only on-call staff may force a migration to complete: ${whoMay}.`;
    case 'confirm':
      return t`Only on-call staff may confirm a migration: ${whoMay}.`;
    case 'revert':
      return t`Only on-call staff may revert a migration: ${whoMay}.`;
    case 'stop-evacuation':
      return t`Only on-call staff may stop an evacuation: ${whoMay}.`;
    case 'move-back':
      return t`Only on-call staff may move servers back: ${whoMay}.`;
    case 'pause-drain':
      return t`Only on-call staff may pause a drain: ${whoMay}.`;
    case 'resume-drain':
      return t`Only on-call staff may resume a drain: ${whoMay}.`;
    case 'stop-drain':
      return t`Only on-call staff may stop a drain: ${whoMay}.`;
    case 'host-back':
      return t`Only on-call staff may say a host is back: ${whoMay}.`;
    case 'continue-drain':
      return t`Only on-call staff may continue a drain: ${whoMay}.`;
    case 'skip-drain-host':
      return t`Only on-call staff may skip a host of a drain: ${whoMay}.`;
    case 'override-gates':
      return t`Only on-call staff may resume a drain that health gates hold: ${whoMay}.`;
    case 'stall-choice':
      return t`Only on-call staff may choose what happens to a migration that does not converge: ${whoMay}.`;
  }
}

function ownerActionRefusal(action: OwnerAction): string {
  switch (action) {
    case 'change-evacuation-plan':
      return t`Only the requester or on-call staff may change the plan.`;
    case 'cancel-window':
      return t`Only whoever scheduled the window or on-call staff may cancel it.`;
  }
}
