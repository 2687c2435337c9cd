import { approvalNews } from '../../src/chat/approval-news.ts';
import type { Reply } from '../../src/chat/command.ts';
import { explainFailure } from '../../src/chat/explain.ts';
import { UserLanguages } from '../../src/chat/languages.ts';
import { wiredPoster } from '../../src/chat/poster-wiring.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import { Threads } from '../../src/chat/threads.ts';
import type { Clock } from '../../src/clock.ts';
import type { Core } from '../../src/core/create-core.ts';
import { FerryMetrics } from '../../src/metrics.ts';
import type { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { onCall } from './core.ts';
import { silentLogger } from './silent-logger.ts';

/**
 * What createSlackEdge hands a command, built without Bolt: the core, and an edge whose poster is
 * never started (a read-only command posts nothing; Slack's address answers nobody).
 */
export function commandServices(core: Core, store: LowdbStore, clock: Clock): FerryServices {
  const log = () => undefined;
  const poster = wiredPoster({
    slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    metrics: new FerryMetrics({ store, clock: clock }),
    logger: silentLogger,
    store,
    clock: clock,
    gapMs: 0,
    log,
  });
  const threads = new Threads({
    store,
    places: store,
    poster,
    approvers: onCall,
    book: core.book,
    timeZone: 'UTC',
    clock: clock,
  });
  return {
    core,
    poster,
    threads,
    approvers: onCall,
    news: approvalNews({ threads, clock: clock, timeZone: 'UTC' }),
    clock,
    timeZone: 'UTC',
    language: 'en',
    languages: new UserLanguages({ localeOf: async () => undefined, channelLanguage: 'en', clock: clock }),
    explain: explainFailure,
    log,
  };
}

/** A reply that keeps what the command answered, as the person would read it. */
export function recordedReply(): Reply & { said: string[] } {
  const said: string[] = [];
  const reply = async (say: Parameters<Reply>[0]) => {
    const made = typeof say === 'function' ? say() : say;
    said.push(typeof made === 'string' ? made : made.text);
  };
  return Object.assign(reply, { said });
}
