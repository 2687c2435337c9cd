import type { DrainInput, Drains } from '../core/drain/drains.ts';
import { t } from '../i18n/index.ts';
import type { FerryMetrics } from '../metrics.ts';
import { drainPlanMessage } from './drain-plan-view.ts';
import { drainLine } from './drain-view.ts';
import type { SlackPoster } from './poster.ts';
import { postedCause } from './recovery.ts';
import { escapeMrkdwn, section } from './render.ts';
import type { Threads } from './threads.ts';

/** The conversation around a rolling drain: its message, its plan, and on-call's controls. */
export class DrainFlow {
  constructor(
    private readonly deps: {
      threads: Threads;
      drains: Drains;
      poster: SlackPoster;
      settings: { timeZone: string };
      metrics?: FerryMetrics;
    },
  ) {}

  /** Times a drain's checks for GET /metrics (when metrics are kept). */
  private timed<T>(evaluate: () => Promise<T>): Promise<T> {
    return this.deps.metrics ? this.deps.metrics.timePreconditions('/drain', evaluate) : evaluate();
  }

  /**
   * A rolling drain: a dry run's plan is posted alone; a request gets its one message (status and
   * buttons, updated in place until the end) with the plan as the first post of its thread.
   */
  async submit(
    input: DrainInput & { channel: string; reply(say: () => string): Promise<void> },
  ): Promise<void> {
    const { channel, reply, ...ask } = input;
    const { request, plan } = await this.timed(() => this.deps.drains.ask(ask));
    const notPosted = () =>
      reply(
        () =>
          t`Ferry could not post the drain in this channel. Is the Ferry app a member of it? (/invite @ferry)`,
      );
    if (request.status === 'dry-run') {
      if (!(await this.deps.poster.post(channel, drainPlanMessage(plan, ask.user)))) await notPosted();
      return;
    }
    const posted = this.deps.poster.post(channel, this.deps.threads.requestView(request), {
      remember: { subject: request.id, field: 'ts' },
      cause: postedCause(request.id),
    });
    // the plan is written now, to follow the drain's message once that is sent: a Ferry killed before
    // it read Slack's answer to that message still leaves the plan for the next one to send
    const planned = this.deps.poster.post(channel, drainPlanMessage(plan, ask.user, true), {
      threadOf: request.id,
    });
    if (!(await posted)) return notPosted();
    await planned;
  }

  /** On-call's controls of a running drain; each is said in its thread and shown in its message. */
  async control(
    kind: 'pause' | 'resume' | 'stop' | 'host-back' | 'skip' | 'continue',
    value: string,
    user: string,
  ): Promise<void> {
    const { drains } = this.deps;
    const [id = '', host = ''] = value.split(':');
    const by = `<@${escapeMrkdwn(user)}>`;
    const act = {
      pause: () => drains.pause(id, user),
      resume: () => drains.resume(id, user),
      stop: () => drains.stop(id, user),
      'host-back': () => drains.hostBack(id, host, user),
      skip: () => drains.skip(id, host, user),
      continue: () => drains.continueHost(id, host, user),
    }[kind];
    const drain = await act();
    const said = {
      pause: t`⏸️ Paused by ${by}: moves in flight finish, no new server or host starts.`,
      resume: t`▶️ Resumed by ${by}.`,
      stop: t`⏹️ Stopped by ${by}: no new host starts; moves in flight finish.`,
      // told by the reporter from the journaled drain.host-back
      'host-back': undefined,
      // told by the reporter from the journaled drain.host-skipped and drain.host-continue, in order
      // with what they cause
      skip: undefined,
      continue: undefined,
    }[kind];
    if (said) await this.deps.threads.threadPost(drain, { text: said, blocks: [section(said)] });
    await this.deps.threads.refreshParent(this.deps.drains.get(id));
  }

  /** "Approve new plan" on a held drain: `value` is the drain ID @ the new plan's fingerprint. */
  async reapprove(value: string, user: string): Promise<void> {
    const [id = '', fingerprint = ''] = value.split('@');
    const drain = await this.deps.drains.reapprove(id, user, fingerprint);
    const said = t`👍 <@${escapeMrkdwn(user)}> approved the new plan; the drain goes on with step ${drain.drain.step + 1}.`;
    await this.deps.threads.threadPost(drain, { text: said, blocks: [section(said)] });
    await this.deps.threads.refreshParent(drain);
  }

  list(): string {
    const drains = this.deps.drains.list().slice(0, 20);
    if (drains.length === 0) return t`No drain has been asked for.`;
    return t`*Drains*\n${drains.map((d) => drainLine(d, this.deps.settings.timeZone)).join('\n')}`;
  }

  detail(id: string): ReturnType<Threads['requestView']> {
    return this.deps.threads.requestView(this.deps.drains.get(id));
  }
}
