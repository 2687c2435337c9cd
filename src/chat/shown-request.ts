import type { RequestRecord } from '../core/model/records.ts';
import type { Reply } from './command.ts';
import type { FerryServices } from './services.ts';

/**
 * `/drain <d-…>` and `/evacuate <e-…>`: the request's message as the channel shows it, answered to the
 * one who asked (anyone who may read). Its buttons act in the channel's message; here it is shown only.
 * `find` throws the core's refusal of an unknown ID, explained as any refusal is.
 */
export async function showRequest(
  services: FerryServices,
  user: string,
  reply: Reply,
  find: () => RequestRecord,
): Promise<void> {
  await services.core.permissions.mustRead(user);
  await reply(() => {
    const view = services.threads.requestView(find());
    return { text: view.text, blocks: view.blocks.filter((block) => block.type !== 'actions') };
  });
}
