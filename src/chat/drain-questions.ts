import type { DrainRecord } from '../core/model/records.ts';
import type { Places } from '../core/ports/places.ts';
import { answeredQuestion } from './drain-host-view.ts';
import type { SlackPoster } from './poster.ts';
import type { Threads } from './threads.ts';

/** Where a drain's question is remembered: one per host (Host is back, not empty), one for a held plan. */
const keyOf = (drainId: string, host: string | null) => `${drainId}:${host ?? 'held'}`;

/** A question still waits for its answer while the host (or the drain) is where it was asked. */
function stillAsks(drain: DrainRecord, host: string | null): boolean {
  if (drain.drain.phase === 'done') return false;
  if (host === null) return drain.drain.phase === 'held';
  const phase = drain.drain.hosts.find((h) => h.host === host)?.phase;
  return phase === 'empty' || phase === 'not-empty';
}

/**
 * The buttons a drain asks with in its thread live as long as the question: once the host is back,
 * skipped or emptied again, the plan approved again, or the drain finished, the message says so and
 * its buttons go, so nobody presses Host is back on a drain that has ended.
 */
export class DrainQuestions {
  constructor(private readonly deps: { places: Places; poster: SlackPoster; threads: Threads }) {}

  async asked(drain: DrainRecord, host: string | null, ts: string | undefined): Promise<void> {
    const channel = this.deps.threads.placeOf(drain)?.channel;
    if (!ts || !channel) return;
    // a question asked again of the same host (not empty again after Continue, or found not empty while
    // it waited for its maintenance) answers the one before: that one is closed first, never forgotten
    const before = this.deps.places.placeOf(keyOf(drain.id, host));
    if (before?.ts && before.channel && !before.answered && before.ts !== ts)
      await this.deps.poster.update(before.channel, before.ts, answeredQuestion(drain, host));
    await this.deps.places.setPlace(keyOf(drain.id, host), { channel, ts, answered: false });
  }

  async closeAnswered(drain: DrainRecord): Promise<void> {
    for (const host of [null, ...drain.drain.hosts.map((h) => h.host)]) {
      const key = keyOf(drain.id, host);
      const place = this.deps.places.placeOf(key);
      if (!place?.ts || !place.channel || place.answered || stillAsks(drain, host)) continue;
      // the edit is in the outbox before the question is marked answered: a kill between the two
      // sends the edit again (it is idempotent), never loses it
      await this.deps.poster.update(place.channel, place.ts, answeredQuestion(drain, host));
      await this.deps.places.setPlace(key, { answered: true });
    }
  }
}
