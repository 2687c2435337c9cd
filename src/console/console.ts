import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandDefinition } from '../chat/command.ts';
import type { FakeSlack, FakeSlackEvent, StoredMessage } from '../chat/fake-slack.ts';
import type { RequestsPort } from '../core/ports/requests.ts';
import type { RunsPort } from '../core/ports/runs.ts';
import type { RunningFerry } from '../ferry.ts';
import { t, translated } from '../i18n/index.ts';
import type { SandboxCloud } from '../sandbox/cloud.ts';
import { messageToText } from './blocks-to-text.ts';
import { type Choice, nameOf, namesOf } from './button-board.ts';
import { ChannelView } from './channel-view.ts';
import { consoleFault } from './faults.ts';
import { answerChoices, hasChoices } from './forms.ts';
import { helpText } from './help.ts';
import { stillInFlight } from './in-flight.ts';
import { buttonPress, slashCommand, viewSubmission } from './payloads.ts';
import type { ConsoleReceiver } from './receiver.ts';
import { RunWaiter } from './waiting.ts';

/**
 * A terminal in place of Slack, like Hubot's shell adapter: typed lines become slash commands for the
 * same Bolt listeners, Ferry's messages come back through the fake Web API and are printed, and
 * buttons are pressed by number or label. Lines piped on stdin run in order, each settling first.
 */

export const CONSOLE_CHANNEL = 'C0CONSOLE';

export interface ConsoleUser {
  name: string;
  id: string;
  role: string;
}

export interface ConsoleOptions {
  ferry: RunningFerry;
  fake: FakeSlack;
  receiver: ConsoleReceiver;
  sandbox?: SandboxCloud;
  /** where /wait reads which migrations wait for a person, and the end of input what is in flight */
  store: Pick<RunsPort, 'activeRuns'> &
    Pick<RequestsPort, 'evacuations' | 'drains' | 'getDrain' | 'pendingRequests'>;
  /** FERRY_AUTO_CONFIRM: Ferry confirms cold moves itself, so none waits for a person */
  autoConfirm: boolean;
  /** the slash commands (commands/index.ts): the help and what may be typed */
  commands: CommandDefinition[];
  users: ConsoleUser[];
  banner: string[];
  input: Readable;
  output: Writable;
  interactive: boolean;
  color: boolean;
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const session = new ConsoleSession(options);
  await session.run();
}

class ConsoleSession {
  private user: ConsoleUser;
  private readonly names = new Map<string, string>();
  private readonly channel: ChannelView;
  private readonly lines: AsyncIterator<string>;
  private readonly rl;
  private readonly waiter: RunWaiter;

  constructor(private readonly options: ConsoleOptions) {
    this.user = options.users[0] as ConsoleUser;
    for (const user of options.users) this.names.set(user.id, user.name);
    this.names.set('U0FERRY', 'ferry');
    this.rl = createInterface({
      input: options.input,
      output: options.output,
      terminal: options.interactive,
    });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.waiter = new RunWaiter(options.ferry, options.store, options.autoConfirm);
    this.channel = new ChannelView({
      names: this.names,
      userId: () => this.user.id,
      print: (text) => this.print(text),
      color: options.color,
    });
    // After a restart the channel's history comes back from the journal: threads keep their labels and
    // buttons. Messages posted since start-up (e.g. "Ferry restarted") are shown once the banner is out.
    const { fake } = options;
    for (const message of fake.messages.slice(0, fake.restored)) this.channel.restored(message);
    this.early = fake.messages.slice(fake.restored);
    fake.on('event', (event: FakeSlackEvent) => this.channel.show(event));
  }

  private early: StoredMessage[];

  async run(): Promise<void> {
    for (const line of this.options.banner) this.print(line);
    if (this.options.fake.restored)
      this.print(
        this.options.fake.restored === 1
          ? t`Restored the console's channel: 1 message from before the restart.`
          : t`Restored the console's channel: ${this.options.fake.restored} messages from before the restart.`,
      );
    for (const message of this.early) this.channel.show({ kind: 'posted', message });
    this.early = [];
    this.print('');
    this.print(helpText(this.options.commands));
    this.print('');
    let stopping = false;
    const stop = async (waitForRuns: boolean) => {
      if (stopping) return;
      stopping = true;
      if (waitForRuns) await this.settle(true);
      // typed exit too says what is left running or waiting (piped input waited for the runs first)
      const lead = this.options.interactive ? t`Leaving` : t`Input ended`;
      for (const line of stillInFlight({ ...this.options, lead })) this.print(line);
      this.rl.close();
      await this.options.ferry.stop();
    };
    this.rl.on('SIGINT', () => {
      this.print(
        this.options.sandbox
          ? t`\nStopping; the built-in sandbox cloud stops too, so its migrations end with it.`
          : t`\nStopping; running migrations resume at the next start.`,
      );
      void stop(false).then(() => process.exit(0));
    });
    this.prompt();
    for (;;) {
      const next = await this.lines.next();
      if (next.done) break;
      const line = next.value.trim();
      if (!this.options.interactive && line) this.print(`${this.user.name}> ${line}`);
      if (line === 'exit' || line === 'quit') break;
      try {
        await this.handle(line);
      } catch (error) {
        this.print(`! ${(error as Error).message}`);
      }
      this.prompt();
    }
    // Piped scripts end when their migrations end; a person leaving does not wait.
    await stop(!this.options.interactive);
  }

  private async handle(line: string): Promise<void> {
    if (!line) return;
    if (line === 'help' || line === '/help') return this.print(helpText(this.options.commands));
    const [word = '', ...args] = line.split(/\s+/);
    if (word === '/as') return this.switchUser(args.join(' '));
    if (line === '/buttons') return this.channel.listButtons(true);
    if (line === '/wait') return this.waitTyped();
    if (line === '/home') return this.home();
    if (word === '/fault') return this.fault(args.join(' '));
    if (line.startsWith('/')) return this.command(line);
    return this.press(line);
  }

  /** App Home as Slack would show it to the current person (its buttons are pressed in the channel here). */
  private async home(): Promise<void> {
    const view = await this.options.ferry.home.render(this.user.id);
    const rendered = messageToText(view.blocks, 'Home', this.names, this.options.color);
    for (const line of rendered.lines) this.print(`home │ ${line}`);
  }

  private switchUser(name: string): void {
    const user = this.options.users.find((candidate) => candidate.name === name.toLowerCase());
    if (!user) {
      this.print(t`No one called "${name}". Roster: ${this.options.users.map((u) => u.name).join(t`, `)}.`);
      return;
    }
    this.user = user;
    this.print(t`You are now ${user.name} (${translated(user.role)}).`);
    this.rl.setPrompt(`${user.name}> `);
  }

  private async command(line: string): Promise<void> {
    const [command, ...rest] = line.split(/\s+/);
    if (!this.options.commands.some((known) => known.name === command)) {
      this.print(t`Unknown command ${command}. Type help.`);
      return;
    }
    await this.options.receiver.send(
      slashCommand(
        this.user,
        command as string,
        rest.join(' '),
        this.options.fake.responseUrl({ channel: CONSOLE_CHANNEL, user: this.user.id }),
      ),
    );
    await this.settle(false);
  }

  private async press(typed: string): Promise<void> {
    const { board, views } = this.channel;
    const choices = board.choices();
    const wanted = typed.toLowerCase().replace(/^press\s+/, '');
    const byNumber = /^\d+$/.test(wanted)
      ? choices.find((choice) => choice.number === Number(wanted))
      : undefined;
    // a label alone ("approve"), or a label with the ID the button list shows ("confirm m-71b4f2")
    // either by the label shown or by its English (a console in Chinese takes "approve" too)
    const id = (choice: Choice) => choice.button.value.split('@')[0]?.toLowerCase();
    const withId = choices.filter((choice) =>
      namesOf(choice.button).some((name) => `${name} ${id(choice)}` === wanted),
    );
    const byLabel = withId.length
      ? withId
      : choices.filter((choice) => namesOf(choice.button).includes(wanted));
    if (!byNumber && byLabel.length > 1) {
      const which = byLabel.map((choice) => `[${choice.number}] ${nameOf(choice.button)}`);
      this.print(
        t`"${typed}" is ${byLabel.length} buttons: ${which.join('  ')}. Type its number, or the label with its ID.`,
      );
      return;
    }
    const choice = byNumber ?? byLabel[0];
    if (!choice) {
      this.print(
        choices.length
          ? t`No button "${typed}". ${board.list()}`
          : t`No button to press, and "${typed}" is not a command. Type help.`,
      );
      return;
    }
    const { button, message } = choice;
    if (button.confirm) {
      this.print(`${t`${button.confirm.title} ${button.confirm.text}`} [y/N]`);
      const answer = await this.lines.next();
      const typedThere = answer.done ? '' : answer.value.trim();
      if (!this.options.interactive && !answer.done) this.print(`${this.user.name}> ${typedThere}`);
      // a command typed at the question (a trial typed /fault there) closes it unanswered, and runs
      if (typedThere.startsWith('/')) {
        this.print(t`Closed the question without pressing ${nameOf(button)}. Running ${typedThere}.`);
        await this.handle(typedThere);
        return;
      }
      if (!/^y(es)?$/i.test(typedThere)) {
        this.print(t`Cancelled.`);
        return;
      }
    }
    const stored = this.options.fake.messages.find((m) => m.ts === message.ts);
    await this.options.receiver.send(
      buttonPress(this.user, button, {
        ts: message.ts,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        text: stored?.text ?? '',
        blocks: stored?.blocks ?? [],
        responseUrl: this.options.fake.responseUrl({
          channel: CONSOLE_CHANNEL,
          user: this.user.id,
          messageTs: message.ts,
        }),
      }),
    );
    await this.answerViews(views);
    await this.settle(false);
  }

  /** A modal (the reject reason) becomes a question on the next line. */
  private async answerViews(views: Record<string, unknown>[]): Promise<void> {
    while (views.length > 0) {
      const view = views.shift() as Record<string, unknown>;
      // a dialog with choices (Edit plan), input by input (forms.ts); closed: nothing more to answer
      const io = { print: (line: string) => this.print(line), next: () => this.lines.next() };
      const submit = (values: Record<string, Record<string, unknown>>) =>
        this.options.receiver.send(viewSubmission(this.user, view, values));
      const echo = this.options.interactive ? null : this.user.name;
      const run = (command: string) => this.handle(command);
      if (hasChoices(view) && !(await answerChoices(view, { ...io, echo, submit, views, run }))) return;
      if (hasChoices(view)) continue;
      const input = ((view.blocks as Record<string, unknown>[] | undefined) ?? []).find(
        (block) => block.type === 'input',
      );
      const label = (input?.label as { text?: string } | undefined)?.text ?? t`Your answer`;
      this.print(t`${label} (a line; empty for none)`);
      const answer = await this.lines.next();
      const value = answer.done ? '' : answer.value.trim();
      if (!this.options.interactive && !answer.done) this.print(`${this.user.name}> ${value}`);
      // a command typed at the question (operator trial: a rejection's reason read "/evacuate …"):
      // the dialog is closed unsent, as in Slack, and the command runs
      if (value.startsWith('/')) {
        this.print(t`Closed the dialog without sending it; nothing was submitted. Running ${value}.`);
        views.length = 0;
        await this.handle(value);
        return;
      }
      const blockId = String(input?.block_id ?? 'reason');
      const actionId = String((input?.element as { action_id?: string } | undefined)?.action_id ?? 'reason');
      const acked = (await this.options.receiver.send(
        viewSubmission(this.user, view, {
          [blockId]: { [actionId]: { type: 'plain_text_input', value: value || null } },
        }),
      )) as { response_action?: string; errors?: Record<string, string> } | undefined;
      if (acked?.response_action === 'errors') this.print(`! ${Object.values(acked.errors ?? {}).join(' ')}`);
    }
  }

  private fault(spec: string): void {
    if (!this.options.sandbox) {
      this.print(t`Faults exist only on the built-in sandbox cloud.`);
      return;
    }
    this.print(consoleFault(this.options.sandbox, spec));
  }

  /**
   * Lets posts already on their way arrive; with `runs`, also waits for every migration to end, or
   * to wait for a person (RunWaiter), and then says what it knows, with the buttons.
   */
  /**
   * `/wait` typed. On a terminal a line typed while it waits ends it (Ferry goes on; the line then runs
   * as typed): only Ctrl-C ended it before, which stops the console too (operator trial). Piped input
   * waits whatever follows, as a script's next line expects.
   */
  private async waitTyped(): Promise<void> {
    // said, where /wait printed nothing at all and a newcomer could not tell it had run (operator trial)
    if (this.waiter.nothingToWaitFor()) {
      this.print(this.waiter.nothingToWaitForText());
      return this.settle(false);
    }
    if (!this.options.interactive) return this.settle(true);
    const typed = new AbortController();
    const end = () => typed.abort();
    this.rl.once('line', end);
    if (this.waiter.stillSo()) this.print(t`Waiting; press Enter to stop waiting (Ferry goes on).`);
    try {
      await this.settle(true, typed.signal);
    } finally {
      this.rl.off('line', end);
    }
  }

  private async settle(runs: boolean, stop?: AbortSignal): Promise<void> {
    const { ferry } = this.options;
    const known = runs ? await this.waiter.untilSettled((line) => this.print(line), stop) : [];
    await ferry.reporter.idle();
    await ferry.poster.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // what it knew before the posts arrived, unless what it waited for ended meanwhile
    const still = known.length > 0 && this.waiter.stillSo();
    if (still) for (const line of known) this.print(line);
    else if (runs) {
      // nothing else to say: a drain that waits for a person is said, as it is now
      const people = this.waiter.waitingForPersonText();
      if (people) this.print(people);
    }
    this.channel.listButtons(still);
  }

  private prompt(): void {
    if (!this.options.interactive) return;
    this.rl.setPrompt(`${this.user.name}> `);
    this.rl.prompt();
  }

  /** Prints above the prompt without breaking what the person is typing. */
  private print(text: string): void {
    const output = this.options.output as Writable & { isTTY?: boolean };
    if (this.options.interactive && output.isTTY) {
      output.write('\r\u001b[K');
      output.write(`${text}\n`);
      this.rl.prompt(true);
    } else {
      output.write(`${text}\n`);
    }
  }
}
