import { clockTime } from '../chat/render.ts';
import { drainHolds } from '../core/drain/hosts.ts';
import type { RunRecord } from '../core/model/records.ts';
import type { RequestsPort } from '../core/ports/requests.ts';
import type { RunsPort } from '../core/ports/runs.ts';
import type { RunningFerry } from '../ferry.ts';
import { t } from '../i18n/index.ts';
import { stallActionWord, stallDecisionText } from '../messages/stall-policy.ts';
import { stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { drainsActing, drainsGateHeld, drainsInFlight, drainsWaitingForPerson } from './drain-waiting.ts';

/** How long /wait waits at most (real time) before it says what still runs and how to look again. */
export const WAIT_LIMIT_MS = 10 * 60_000;

/**
 * `/wait` (and the end of piped input): until every migration has ended, or every one still running
 * waits for a person: a cold move for Confirm or Revert, a live move Ferry said is not converging (it
 * ends only when someone forces or aborts it). While Ferry itself still acts it waits on, and says
 * once what it waits for: a stall policy that will act at its deadline, a drain's host Ferry reboots
 * or waits for to report up. A drain held by its health gates is said, and /wait returns. After
 * WAIT_LIMIT_MS it stops all the same. Answers what it knows then, as lines for the console (none
 * when everything ended).
 */
export class RunWaiter {
  /** runs Ferry said are not converging, until they end */
  private readonly notConverging = new Set<string>();

  constructor(
    private readonly ferry: Pick<RunningFerry, 'runner' | 'evacuator' | 'drainer' | 'events' | 'core'>,
    private readonly store: Pick<RunsPort, 'activeRuns'> &
      Pick<RequestsPort, 'drains' | 'evacuations' | 'getDrain' | 'pendingRequests'>,
    private readonly autoConfirm: boolean,
    private readonly limitMs = WAIT_LIMIT_MS,
  ) {
    ferry.events.subscribe((event) => {
      if (event.kind === 'run.not-converging') this.notConverging.add(event.run.id);
      else if (event.kind === 'run.outcome') this.notConverging.delete(event.run.id);
    });
  }

  /**
   * `tell`: a line said once while /wait waits on, for what Ferry itself is doing meanwhile; `stop`:
   * ends the wait early (a line typed on a terminal), answering what still runs
   */
  async untilSettled(tell: (line: string) => void = () => {}, stop?: AbortSignal): Promise<string[]> {
    const { ferry } = this;
    const started = Date.now();
    const told = new Set<string>();
    // once per thing waited for (a run's stall, a drain's host), not again as its countdown changes
    const say = (key: string, line: string) => {
      if (told.has(key)) return;
      told.add(key);
      tell(line);
    };
    const timeZone = ferry.core.settings.timeZone;
    // one listener for the whole wait, not one a turn
    const stopped = stop && new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    // an evacuation starts runs as others end, and a drain's look (at an evacuation's end) asks its
    // questions or starts the next evacuation: wait until none has anything left; a drain's host
    // Ferry reboots (or waits for to report up) is Ferry at work too
    for (;;) {
      const acting = drainsActing(this.store.drains());
      if (!(ferry.runner.busy() || this.evacuating() || !ferry.drainer.quiet() || acting.length)) break;
      const active = this.store.activeRuns();
      // with auto-confirm, Ferry confirms what waits in VERIFY_RESIZE itself: nobody need act
      const confirm = active.filter((run) => !this.autoConfirm && run.state === 'awaiting-confirmation');
      const now = ferry.core.ports.clock.now();
      const stuck = active.filter(
        (run) => this.notConverging.has(run.id) && !confirm.includes(run) && !policyActsNow(run),
      );
      if (active.length > 0 && confirm.length + stuck.length === active.length && acting.length === 0)
        return waitingForPersonLines(confirm, stuck);
      for (const run of active) {
        const stall = run.stall;
        // within its grace period the policy will act by itself: waited for, and said what it does when
        if (this.notConverging.has(run.id) && stall?.state === 'pending' && stall.deadline > now)
          say(
            `stall:${run.id}`,
            t`/wait waits on: ${run.id} (${run.serverName}) is not converging (its thread says so), and the stall policy will ${stallActionWord(stall.action)} at ${clockTime(stall.deadline, timeZone)} (in ${formatDuration(stall.deadline - now)}) unless on-call chooses otherwise in its thread or ends it first: /migrations force ${run.id} or /migrations abort ${run.id}.`,
          );
      }
      for (const line of acting) say(line, t`/wait waits on: ${line}.`);
      const running = () =>
        [...active.map((run) => `${run.id} (${run.serverName}, ${stateWord(run.state)})`), ...acting].join(
          t`, `,
        ) ||
        (this.evacuating()
          ? t`an evacuation between two moves`
          : t`a drain whose looks fail (its thread says why)`);
      const look = () => whereToLook(active.length > 0, drainsInFlight(this.store.drains()));
      if (stop?.aborted)
        return [
          t`Stopped waiting; still running: ${running()}. Ferry goes on with them; /wait waits again, ${look()}.`,
        ];
      if (Date.now() - started >= this.limitMs)
        return [
          t`Still running after ${formatDuration(this.limitMs)}: ${running()}. Type /wait to wait again; ${look()}.`,
        ];
      const moving = ferry.runner.busy() || this.evacuating();
      await Promise.race([
        ...(moving ? [Promise.all([ferry.evacuator.idle(), ferry.runner.idle()])] : []),
        new Promise((resolve) => setTimeout(resolve, moving || acting.length ? 100 : 20)),
        ...(stopped ? [stopped] : []),
      ]);
    }
    // nothing of Ferry's own runs: a drain its health gates hold goes on only once they pass
    const held = drainsGateHeld(this.store.drains());
    return held.length ? [...held, t`Type /wait to wait again.`] : [];
  }

  /**
   * Whether an evacuation of Ferry's is at work: not when each running one is held by its paused or
   * held drain with no move under way, as it then waits for a person (operator trial: /wait waited on
   * such a one for its 10 minutes, saying "an evacuation between two moves").
   */
  private evacuating(): boolean {
    if (!this.ferry.evacuator.busy()) return false;
    const running = this.store.evacuations().filter((r) => r.evacuation.phase === 'running');
    return (
      running.length === 0 ||
      running.some(
        (r) => !drainHolds(this.store, r) || r.evacuation.items.some((item) => item.state === 'running'),
      )
    );
  }

  /** Nothing for /wait to wait for: no move, evacuation or drain of Ferry's at work, none held by gates. */
  nothingToWaitFor(): boolean {
    const { ferry } = this;
    const drains = this.store.drains();
    return !(
      ferry.runner.busy() ||
      this.evacuating() ||
      !ferry.drainer.quiet() ||
      drainsActing(drains).length > 0 ||
      drainsGateHeld(drains).length > 0
    );
  }

  /**
   * What /wait says when nothingToWaitFor: a drain that waits for a person is said, with what it waits
   * for (operator trial: "Nothing is running" while a drain waited for Host is back).
   */
  nothingToWaitForText(): string {
    const people = this.waitingForPeople();
    return people.length
      ? t`/wait has nothing to wait for: Ferry itself is not at work now. Waiting for a person: ${people.join(t`; `)}.`
      : t`Nothing is running: /wait has nothing to wait for.`;
  }

  /**
   * What /wait says when it returns with nothing of Ferry's at work and nothing else to say: the drains
   * that wait for a person, with what for (operator trial: /wait on a paused drain returned without a
   * line once its move in flight ended); undefined when none waits.
   */
  waitingForPersonText(): string | undefined {
    const people = this.waitingForPeople();
    return people.length
      ? t`Ferry itself is not at work now. Waiting for a person: ${people.join(t`; `)}.`
      : undefined;
  }

  /**
   * What waits for a person: drains' questions, and requests waiting for approval (operator trial:
   * "Nothing is running" while a migration waited for on-call's approval).
   */
  private waitingForPeople(): string[] {
    const approvals = this.store.pendingRequests().map((request) => request.id);
    return [
      ...drainsWaitingForPerson(this.store.drains()),
      ...(approvals.length ? [t`approval of ${approvals.join(t`, `)}`] : []),
    ];
  }

  /**
   * Whether what untilSettled answered still holds: a move still runs, Ferry still acts on a drain's
   * host (a reboot it waits for: said at the time limit), or health gates still hold a drain.
   */
  stillSo(): boolean {
    const { ferry } = this;
    const drains = this.store.drains();
    return (
      ferry.runner.busy() ||
      this.evacuating() ||
      drainsActing(drains).length > 0 ||
      drainsGateHeld(drains).length > 0
    );
  }
}

/**
 * Whether the stall policy carries out (or was sent, or a person pressed) what ends this run, or will
 * at its deadline (pending: an action other than ask, within its grace period): it ends by itself, so
 * /wait waits on.
 */
function policyActsNow(run: RunRecord): boolean {
  const stall = run.stall;
  if (!stall) return false;
  return ['pending', 'acting', 'acted', 'moot'].includes(stall.state);
}

/** The commands that show what still runs: /migrations the moves, /drain a drain (operator trial). */
function whereToLook(moves: boolean, drains: string[]): string {
  const [drain] = drains;
  if (!drain) return t`/migrations shows where each stands`;
  const drainShown =
    drains.length === 1 ? t`/drain ${drain} shows the drain` : t`/drain list shows the drains`;
  return moves ? t`/migrations shows where each move stands, ${drainShown}` : drainShown;
}

/**
 * What /wait answers when every move still running waits for a person: cold moves for Confirm or
 * Revert (named by server), stalled live moves with what on-call asked of Nova or may ask.
 */
export function waitingForPersonLines(confirm: RunRecord[], stuck: RunRecord[]): string[] {
  const lines: string[] = [];
  if (confirm.length)
    lines.push(
      confirm.length === 1
        ? t`Waiting for a person: ${confirm.map((run) => t`${run.serverName} (${run.id})`).join(t`, `)} waits for Confirm or Revert.`
        : t`Waiting for a person: ${confirm.map((run) => t`${run.serverName} (${run.id})`).join(t`, `)} wait for Confirm or Revert.`,
    );
  // each with what on-call asked of Nova already, else what the stall policy will do, or the commands
  // that end it, ready to type
  for (const run of stuck) {
    const asked = askedOf(run);
    if (asked) {
      lines.push(asked);
      continue;
    }
    const stall = run.stall;
    const policy =
      stall?.state === 'failed'
        ? t`The stall policy could not ${stallActionWord(stall.action)}: it is left to on-call.`
        : stall
          ? stallDecisionText(stall)
          : t`The stall policy has not decided yet.`;
    lines.push(
      t`Waiting for a person: ${run.id} (${run.serverName}) is not converging (its thread says so) and ends only when on-call forces or aborts it: /migrations force ${run.id} or /migrations abort ${run.id}. ${policy}`,
    );
  }
  if (stuck.length) lines.push(t`Type /wait to wait again.`);
  return lines;
}

/**
 * A stalled move on-call already asked Nova to end (Force complete, Abort): what was asked, and that
 * Nova has not ended it yet (operator trial: /wait told them to force or abort it again).
 */
function askedOf(run: RunRecord): string | null {
  if (run.abortRequested)
    return t`Waiting for Nova: ${run.id} (${run.serverName}) is not converging; on-call asked Nova to abort it, and Nova has not ended it yet (its thread says when it does).`;
  if (run.forceRequested)
    return t`Waiting for Nova: ${run.id} (${run.serverName}) is not converging; on-call asked Nova to force-complete it, and Nova has not ended it yet (its thread says when it does).`;
  return null;
}
