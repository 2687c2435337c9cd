import type { ItemReason } from '../../src/core/model/evacuation.ts';
import type { DrainHostReason } from '../../src/core/model/records.ts';
import { drainHostNote } from '../../src/messages/drain.ts';
import { itemNote, notBackNote } from '../../src/messages/evacuation.ts';

/**
 * An evacuation or drain item with its note worded as the chat edge words it (src/messages), so a
 * test asserts the same sentence it asserted when the core stored sentences.
 */
export function noted<
  T extends { reason?: ItemReason; note?: string; notBackReason?: ItemReason; notBack?: string },
>(item: T | undefined): (T & { note?: string; notBack?: string }) | undefined {
  if (!item) return item;
  const note = itemNote(item);
  const notBack = notBackNote(item);
  return { ...item, ...(note !== undefined ? { note } : {}), ...(notBack !== undefined ? { notBack } : {}) };
}

/** A drain host with its note worded as the chat edge words it. */
export function hostNoted<T extends { reason?: DrainHostReason; note?: string }>(host: T | undefined) {
  if (!host) return host;
  const note = drainHostNote(host);
  return { ...host, ...(note !== undefined ? { note } : {}) };
}
