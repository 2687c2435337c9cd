import type { HoldTrouble } from '../core/move/run-errors.ts';
import { t } from '../i18n/index.ts';

/** Why a host Ferry holds out of service could not be kept so (core/move/service-guard.ts). */
export function holdTroubleText(trouble: HoldTrouble): string {
  switch (trouble.code) {
    case 'no-nova-compute':
      return t`Nova lists no nova-compute on ${trouble.host}.`;
    case 'not-disabled-again':
      return t`${trouble.host} was enabled again outside Ferry, and Ferry could not disable it again: ${trouble.error}`;
  }
}
