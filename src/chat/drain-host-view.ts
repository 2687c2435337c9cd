import type { DrainRecord } from '../core/model.ts';
import { t } from '../i18n/index.ts';
import { DRAIN_ACTIONS } from './drain-view.ts';
import { button, code, escapeMrkdwn, type Rendered, section } from './render.ts';

/**
 * In the drain's thread: a host is empty; on-call says when it is back. Whether it is disabled, and
 * whether Ferry enables it afterwards, is what nova-compute said when it was found empty.
 */
export function hostEmptyMessage(drain: DrainRecord, host: string, onCall: string): Rendered {
  const returnHome = drain.drain.returnHome;
  const before = drain.drain.hosts.find((h) => h.host === host)?.service === 'disabled-before';
  return {
    text: escapeMrkdwn(t`${host} is empty`),
    blocks: [
      section(
        before
          ? t`🔧 ${code(host)} is empty; nova-compute on it was disabled before the drain and stays disabled: Ferry does not enable it${returnHome ? t`, so its servers stay where they went` : ''}. Do the maintenance, then press *Host is back* (${onCall}) for the drain to go on. A reboot is noticed without the button: nova-compute going down and up again counts as back.`
          : t`🔧 ${code(host)} is empty and disabled: do the maintenance, then press *Host is back* (${onCall}). Ferry waits for nova-compute to report up, enables it${returnHome ? t`, moves its servers back` : ''} and goes on. A reboot is noticed without the button: nova-compute going down and up again counts as back.`,
      ),
      {
        type: 'actions',
        block_id: `drain-host:${drain.id}:${host}`,
        elements: [
          button(t`Host is back`, DRAIN_ACTIONS.hostBack, `${drain.id}:${host}`, {
            style: 'primary',
            confirm: {
              title: t`Is ${host} back?`,
              text: before
                ? t`Ferry waits for nova-compute on ${code(host)} to report up and goes on; the host stays disabled.`
                : t`Ferry enables nova-compute on ${code(host)} once it reports up${returnHome ? t` and moves its servers back` : ''}.`,
              confirm: t`It is back`,
            },
          }),
          button(t`Skip host`, DRAIN_ACTIONS.skip, `${drain.id}:${host}`, {
            confirm: {
              title: t`Skip ${host}?`,
              text: before
                ? t`Ferry leaves ${code(host)} disabled as it was before the drain and goes on.`
                : t`Ferry enables ${code(host)} again as it is${returnHome ? t`; its servers stay where they went` : ''}, and goes on.`,
              confirm: t`Skip`,
            },
          }),
        ],
      },
    ],
  };
}
