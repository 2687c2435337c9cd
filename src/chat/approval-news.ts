import type { Clock } from '../clock.ts';
import type { ApprovalFact, ApprovalNews } from '../core/approvals.ts';
import type { ApprovedRequest } from '../core/approved-starts.ts';
import type { UnansweredTry } from '../core/cloud-tries.ts';
import { t } from '../i18n/index.ts';
import { checksCount } from '../messages/counted.ts';
import { explainInWords, serviceName } from './explain.ts';
import { windowSpan } from './maintenance-view.ts';
import { actorText, clockTime, code, escapeMrkdwn, section } from './render.ts';
import type { Threads } from './threads.ts';

/** What is said of a start that waits for the cloud, and of its end, per kind of request. */
const SAID = {
  move: {
    slow: (service: string, since: string, seconds: number) =>
      t`⏳ ${service} has not answered the re-check before the start since ${since} (no answer within ${seconds} s); Ferry keeps trying. Nothing was started; the approval stands.`,
    thread: (why: string) =>
      t`⚠️ The re-check before the start got no answer: ${why} Nothing was started. The approval stands: Ferry re-checks every few seconds and starts the move once the cloud answers and every check still passes.`,
    parent: (by: string, at: string, since: string) =>
      t`⏳ Approved by ${by} at ${at}. The re-check before the start got no answer from the cloud at ${since}; Ferry starts the move once the cloud answers and every check still passes.`,
    goes: (from: string) =>
      t`▶️ The cloud answers again (the re-check got no answer from ${from}): every check passes, so the approved move starts now.`,
    stays: (from: string) =>
      t`The cloud answers again (the re-check got no answer from ${from}), but a check fails now, so nothing is started.`,
  },
  evacuation: {
    slow: (service: string, since: string, seconds: number) =>
      t`⏳ ${service} has not answered the check that the plan still holds since ${since} (no answer within ${seconds} s); Ferry keeps trying. Nothing was started and no host was disabled; the approval stands.`,
    thread: (why: string) =>
      t`⚠️ The check that the plan still holds got no answer: ${why} Nothing was started and no host was disabled. The approval stands: Ferry checks again every few seconds and starts the evacuation once the cloud answers, if the plan still holds.`,
    parent: (by: string, at: string, since: string) =>
      t`⏳ Approved by ${by} at ${at}. The check that the plan still holds got no answer from the cloud at ${since}; Ferry starts the evacuation once the cloud answers and the plan still holds.`,
    goes: (from: string) =>
      t`▶️ The cloud answers again (the check of the plan got no answer from ${from}): the plan still holds, so the approved evacuation starts now.`,
    stays: (from: string) =>
      t`The cloud answers again (the check of the plan got no answer from ${from}), but the plan changed, so nothing is started: the new plan needs its own approval.`,
  },
} as const;

/**
 * The core's approval facts (Approvals) said in the request's message and thread: who approved, what
 * happens next, and a start that waits for the cloud (said once, and once more when it answers).
 */
export function approvalNews(deps: { threads: Threads; clock: Clock; timeZone: string }): ApprovalNews {
  const { threads, clock, timeZone: tz } = deps;
  const post = (request: ApprovedRequest, text: string) =>
    threads.threadPost(request, { text, blocks: [section(text)] });
  return {
    async approved(fact: ApprovalFact) {
      const by = `<@${escapeMrkdwn(fact.by)}>`;
      if (fact.kind === 'drain') {
        const { started } = fact;
        await threads.refreshParent(
          started.kind === 'started' ? started.request : fact.request,
          started.kind === 'waits-for-window'
            ? t`👍 Approved by ${by}; starts with window ${code(started.window.id)} (${windowSpan(started.window, tz)}).`
            : undefined,
        );
        return;
      }
      if (fact.kind === 'waits-for-window') {
        await threads.refreshParent(
          fact.request,
          t`👍 Approved by ${by}; starts with window ${code(fact.window.id)} (${windowSpan(fact.window, tz)}) if the plan still holds then.`,
        );
        return;
      }
      const at = clockTime(fact.request.decidedAt ?? clock.now(), tz);
      await threads.refreshParent(
        fact.request,
        fact.request.kind === 'evacuation'
          ? t`👍 Approved by ${by} at ${at}; checking the plan still holds…`
          : t`👍 Approved by ${by} at ${at}; re-checking before the start…`,
      );
    },
    slow: (request: ApprovedRequest, tried: UnansweredTry) =>
      post(
        request,
        SAID[request.kind].slow(
          serviceName(tried.service),
          clockTime(tried.sentAt, tz),
          Math.round(tried.waitedMs / 1000),
        ),
      ),
    async unanswered(request, error, since) {
      const said = SAID[request.kind];
      await post(request, said.thread(escapeMrkdwn(explainInWords(error))));
      const by = actorText(request.decidedBy ?? '?');
      const at = clockTime(request.decidedAt ?? since, tz);
      await threads.refreshParent(request, said.parent(by, at, clockTime(since, tz)));
    },
    async answered(request, ready, since) {
      const from = clockTime(since, tz);
      await post(request, ready ? SAID[request.kind].goes(from) : SAID[request.kind].stays(from));
    },
    async recheckFailed(request, plan) {
      // the message shows the re-check's checks, each failed one with its fix: the thread is told
      // (a reply notifies, an edit does not) without saying them again
      await threads.refreshParent(request);
      const failed = plan.checks.filter((check) => check.status === 'fail').length;
      const text = t`The re-check before the start failed: ${checksCount(failed)} failed, each shown with what to do on the request's message. Nothing was started.`;
      await threads.threadPost(request, { text, blocks: [section(text)] });
    },
  };
}
