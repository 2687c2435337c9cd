import type { Clock } from '../clock.ts';
import type { StorePort } from '../core/ports/store.ts';
import type { WriteTrouble } from '../core/replica/replica.ts';
import { t } from '../i18n/index.ts';
import { clockTime, escapeMrkdwn, section } from './render.ts';
import type { Threads } from './threads.ts';

/**
 * Tells the thread of everything this process watches when the store stops taking writes (nothing
 * new starts, what runs is still watched) and when it takes them again. Posted straight to Slack: the
 * store that cannot write cannot hold these posts.
 */
export class StoreNotices {
  /** the subjects told that Ferry cannot write, told again when it can */
  private told = new Set<string>();

  constructor(
    private readonly deps: {
      store: StorePort;
      threads: Threads;
      clock: Clock;
      timeZone: string;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  async announce(
    change: { failed?: WriteTrouble; back?: WriteTrouble },
    watching: { runs: string[]; evacuations: string[]; drains: string[] },
  ): Promise<void> {
    const { failed, back } = change;
    const message = failed
      ? {
          text: t`Ferry cannot write its database`,
          blocks: [
            section(
              t`⚠️ Ferry cannot write its database: ${escapeMrkdwn(failed.error)} (still watching, no new moves)`,
            ),
          ],
        }
      : back
        ? {
            text: t`Ferry writes its database again`,
            blocks: [
              section(
                t`✅ Ferry writes its database again (it could not from ${clockTime(back.since, this.deps.timeZone)} to ${clockTime(this.deps.clock.now(), this.deps.timeZone)}); carrying on from what it holds.`,
              ),
            ],
          }
        : undefined;
    if (!message) return;
    const { store, threads } = this.deps;
    const ids = new Set([...watching.drains, ...watching.evacuations, ...watching.runs]);
    // what ended meanwhile is told too: its thread heard that Ferry could not write
    if (back) for (const id of this.told) ids.add(id);
    this.told = failed ? new Set(ids) : new Set();
    const subjects = [...ids].flatMap((id) => {
      const subject = store.getRequest(id) ?? store.getRun(id);
      // a move inside an evacuation reports in the evacuation's thread
      if (!subject || ('requestId' in subject && store.getMove(subject.requestId)?.parentId)) return [];
      return [subject];
    });
    for (const subject of subjects)
      await threads
        .threadPostDirect(subject, message)
        .catch((error) => this.deps.log(`telling ${subject.id}'s thread about the store failed`, error));
  }
}
