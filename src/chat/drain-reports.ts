import type { Clock } from '../clock.ts';
import type { DrainEvent } from '../core/events.ts';
import type { DrainRecord } from '../core/model/records.ts';
import type { Places } from '../core/ports/places.ts';
import type { StorePort } from '../core/ports/store.ts';
import type { ApproverPolicy } from '../core/requests.ts';
import { t } from '../i18n/index.ts';
import { rebootNewsText } from '../messages/reboot.ts';
import { gateHeldMessage, gatePassedLine, silenceTroubleLine } from './drain-gates-view.ts';
import {
  hostBackLine,
  hostCheckFailsLine,
  hostContinueLine,
  hostEmptyMessage,
  hostNotEmptyMessage,
  hostSkippedLine,
  stepDroppedLine,
} from './drain-host-view.ts';
import { DrainQuestions } from './drain-questions.ts';
import { drainReport, hostDoneLine } from './drain-report-view.ts';
import { drainHeldMessage } from './drain-view.ts';
import type { SlackPoster } from './poster.ts';
import { clockTime, code, escapeMrkdwn, type Rendered, section } from './render.ts';
import type { ReportSettings, Threads } from './threads.ts';

/** What reporting the core's events needs: the store, where messages are, the poster, the policy. */
export interface ReportDeps {
  clock: Clock;
  store: StorePort;
  /** a run's own messages (its controls, its confirm prompt), a drain's questions */
  places: Places;
  poster: SlackPoster;
  approvers: ApproverPolicy;
  threads: Threads;
  settings: ReportSettings;
}

/** A drain's events become its message and its thread's lines; its questions lose their buttons once answered. */
export class DrainReports {
  /** the last trouble said in each drain's thread */
  private readonly lastTrouble = new Map<string, string>();
  private readonly questions: DrainQuestions;

  constructor(private readonly deps: ReportDeps) {
    this.questions = new DrainQuestions(deps);
  }

  /** A drain's events: its one message re-rendered, the steps' news and decisions in its thread. */
  async report(event: DrainEvent, told: string | undefined): Promise<void> {
    const { threads, approvers } = this.deps;
    const lookup = (id: string) => this.deps.store.getEvacuation(id);
    const say = (text: string, cause = told) =>
      threads.threadPost(event.request, { text, blocks: [section(text)] }, cause ? { cause } : {});
    const id = event.request.id;
    // a question with buttons: they go once it is answered (DrainQuestions)
    const ask = async (host: string | null, message: Rendered, cause = told) =>
      this.questions.asked(
        event.request,
        host,
        // edited by its ts once answered: posted alone
        await threads.threadPost(event.request, message, { alone: true, ...(cause ? { cause } : {}) }),
      );
    switch (event.kind) {
      case 'drain.started':
        await say(
          t`▶️ The drain started at ${clockTime(this.deps.clock.now(), this.deps.settings.timeZone)}.`,
        );
        break;
      case 'drain.host-started': {
        const { hosts, hostsAtOnce } = event.request.drain;
        const step = Math.floor(hosts.findIndex((h) => h.host === event.host) / Math.max(1, hostsAtOnce)) + 1;
        await say(
          t`🚚 Step ${step}: emptying ${code(event.host)} (evacuation ${code(event.evacuation.id)}, its servers in its own thread).`,
          `drain.host-started:${id}:${event.evacuation.id}`,
        );
        break;
      }
      case 'drain.host-empty':
        await ask(
          event.host,
          hostEmptyMessage(event.request, event.host, approvers.describe(), lookup),
          questionCause(event.request, event.host),
        );
        break;
      case 'drain.host-disabled-again':
        await say(
          t`🔒 ${code(event.host)} was enabled again outside Ferry; Ferry disabled it again (drain ${code(id)}).`,
        );
        break;
      case 'drain.host-not-empty':
        await ask(
          event.host,
          hostNotEmptyMessage(event.request, event.host, event.remaining, event.why, approvers.describe()),
        );
        break;
      case 'drain.host-back':
        // said from the journal, not by the button's handler: a press taken is said even when the
        // store stops writing right after it (the journal tells it once it writes again)
        // a host Ferry rebooted and verified was said back by the reboot's own line (✅ … came back)
        if (event.by === 'ferry' && rebootedByFerry(event.request, event.host)) break;
        await say(
          event.by === 'ferry'
            ? t`🔌 nova-compute on ${code(event.host)} went down and came back up: Ferry takes the host as back.`
            : hostBackLine(event.request, event.host, event.by),
        );
        break;
      case 'drain.host-check-fails':
        await say(hostCheckFailsLine(event.host, event.failing));
        break;
      case 'drain.host-continue':
        await say(hostContinueLine(event.host, event.by, event.approvedBy));
        break;
      case 'drain.host-skipped':
        await say(hostSkippedLine(event.request, event.host));
        break;
      case 'drain.host-done':
        await say(hostDoneLine(event.request, event.host, lookup), `drain.host-done:${id}:${event.host}`);
        break;
      case 'drain.host-reboot':
        await say(escapeMrkdwn(rebootNewsText(event.host, event.news)));
        break;
      case 'drain.held':
        await ask(null, drainHeldMessage(event.request, event.plan));
        break;
      case 'drain.reapproved':
        // the question loses its buttons first: nothing shown after the answer offers it again (a
        // console lists the buttons as the drain's own appear)
        await this.questions.closeAnswered(this.deps.store.getDrain(id) ?? event.request);
        await say(
          t`👍 <@${escapeMrkdwn(event.by)}> approved the new plan; the drain goes on with step ${event.request.drain.step + 1}.`,
        );
        break;
      case 'drain.step-dropped':
        await say(stepDroppedLine(event.step, event.last));
        break;
      case 'drain.trouble':
        // said once per distinct trouble, not every few seconds while it lasts
        if (this.lastTrouble.get(event.request.id) === event.message) return;
        this.lastTrouble.set(event.request.id, event.message);
        await say(
          t`⚠️ The drain could not go on for a moment: ${escapeMrkdwn(event.message)} Ferry tries again every few seconds.`,
        );
        return;
      case 'drain.trouble-over':
        this.lastTrouble.delete(event.request.id);
        await say(
          t`▶️ The drain goes on: Ferry's looks go through again (they failed from ${clockTime(event.since, this.deps.settings.timeZone)}).`,
        );
        return;
      case 'drain.finished': {
        this.lastTrouble.delete(event.request.id);
        // the drain's message says it ended, its questions closed, before its report: a skip that
        // dropped the last step is shown by this reporter, not by the skip's handler (controlDrain)
        const ended = this.deps.store.getDrain(id) ?? event.request;
        await this.questions.closeAnswered(ended);
        await threads.refreshParent(ended);
        const steps = event.request.drain.hosts.flatMap((h) => [
          ...h.evacuationIds,
          ...(h.returnId ? [h.returnId] : []),
        ]);
        await threads.threadPost(event.request, drainReport(event.request, lookup, threads.stallsOf(steps)), {
          cause: `drain.finished:${id}`,
          report: true,
        });
        break;
      }
      case 'drain.gate-held':
      case 'drain.gate-passed':
        await reportGate(this.deps, event, say);
        break;
      case 'drain.silence-trouble':
        await say(silenceTroubleLine(event.host, event.error));
        break;
      case 'drain.changed':
        break;
    }
    const drain = this.deps.store.getDrain(event.request.id) ?? event.request;
    await this.questions.closeAnswered(drain);
    if (drain.drain.phase === 'stopping' || drain.drain.phase === 'done') await closeGate(this.deps, drain);
    await threads.refreshParent(drain);
  }
}

/** #30: a step held by health gates (its question with Resume anyway), and its end, which closes it. */
async function reportGate(
  deps: ReportDeps,
  event: Extract<DrainEvent, { kind: 'drain.gate-held' | 'drain.gate-passed' }>,
  say: (text: string) => Promise<unknown>,
): Promise<void> {
  const { threads, places, poster } = deps;
  const key = `${event.request.id}:gates`;
  const before = places.placeOf(key);
  const close = async (text: string) => {
    if (before?.ts && before.channel && !before.answered)
      await poster.update(before.channel, before.ts, { text, blocks: [section(text)] });
  };
  if (event.kind === 'drain.gate-passed') {
    const line = gatePassedLine(event.request, event.by);
    await close(line);
    await places.setPlace(key, { answered: true });
    await say(line);
    return;
  }
  await close(t`🚦 Health gates still hold the drain; see below.`);
  const ts = await threads.threadPost(event.request, gateHeldMessage(event.request, event.results), {
    alone: true,
  });
  const channel = threads.placeOf(event.request)?.channel;
  if (ts && channel) await places.setPlace(key, { channel, ts, answered: false });
}

/** A drain stopped or ended while its gates held it: the gate post loses Resume anyway. */
async function closeGate(deps: ReportDeps, drain: DrainRecord): Promise<void> {
  const key = `${drain.id}:gates`;
  const place = deps.places.placeOf(key);
  if (!place?.ts || !place.channel || place.answered) return;
  const text = t`🚦 Drain ${drain.id} is stopped; its health gates no longer matter.`;
  await deps.poster.update(place.channel, place.ts, { text, blocks: [section(text)] });
  await deps.places.setPlace(key, { answered: true });
}

/** The cause of a drain's question "is the host back?" for one host: asked once per emptying. */
function questionCause(drain: DrainRecord, host: string): string {
  const evacuations = drain.drain.hosts.find((h) => h.host === host)?.evacuationIds ?? [];
  return `drain.host-empty:${drain.id}:${host}:${evacuations[evacuations.length - 1] ?? ''}`;
}

/** The host was rebooted by Ferry and verified (`--reboot`): that is how it came back. */
function rebootedByFerry(drain: DrainRecord, host: string): boolean {
  return drain.drain.hosts.find((h) => h.host === host)?.reboot?.verifiedAt !== undefined;
}
