import type { FakeSlackEvent, StoredMessage } from '../chat/fake-slack.ts';
import { t } from '../i18n/index.ts';
import { messageToText } from './blocks-to-text.ts';
import { ButtonBoard } from './button-board.ts';
import { ShownLines } from './edits.ts';

/**
 * What the console shows of the channel: each message as it is posted, an edit by the lines it changed,
 * thread posts under their request's label, the buttons to press (listed as they appear), and the
 * dialogs Ferry opens, queued for the session to ask on the next line.
 */
export class ChannelView {
  readonly board = new ButtonBoard();
  /** dialogs opened (a rejection's reason, Edit plan), asked in turn after the press that opened them */
  readonly views: Record<string, unknown>[] = [];
  private readonly shownLines = new ShownLines();
  private readonly threadLabels = new Map<string, string>();
  private lastButtonList = '';

  constructor(
    private readonly options: {
      /** user IDs by the names the console shows */
      names: Map<string, string>;
      /** the one being typed as: another's private answers are not shown */
      userId: () => string;
      print: (text: string) => void;
      color: boolean;
    },
  ) {}

  /** A message from before a restart: its buttons and thread label kept, and an edit compared with it. */
  restored(message: StoredMessage): void {
    this.shownLines.restored(message.ts, this.remember(message).lines);
  }

  show(event: FakeSlackEvent): void {
    if (event.kind === 'view') {
      // a view that asks nothing (a drain's dialog while its plan is read) is not a question: the
      // view that replaces it (views.update) is
      if (event.view.submit) this.views.push(event.view);
      return;
    }
    const { message } = event;
    if (message.ephemeralTo && message.ephemeralTo !== this.options.userId()) return;
    const before = this.board.list();
    const rendered = this.remember(message);
    // a button that appears while nobody typed (Host is back once a host is empty) is listed at once
    const appeared = this.board.list() !== before && rendered.buttons.length > 0;
    this.showMessage(event, rendered);
    if (appeared) this.listButtons(false);
  }

  /** The buttons to press: `always`, or when the list changed since it was last printed. */
  listButtons(always: boolean): void {
    const list = this.board.choices().length ? this.board.list() : t`No buttons to press.`;
    if (always || (list !== this.lastButtonList && this.board.choices().length > 0)) this.options.print(list);
    this.lastButtonList = list;
  }

  private showMessage(
    event: FakeSlackEvent & { kind: 'posted' | 'updated' },
    rendered: ReturnType<typeof messageToText>,
  ): void {
    const { message } = event;
    if (event.kind === 'updated') {
      // an edit prints what it changed (progress edits the status line often), not the whole message
      const changed = this.shownLines.edited(message.ts, rendered.lines);
      if (changed.length) this.emit(changed, message);
      return;
    }
    const said = this.shownLines.posted(message, rendered.lines);
    const lines = message.ephemeralTo
      ? said.map((line, i) => (i === 0 ? t`(only you) ${line}` : `  ${line}`))
      : said;
    if (lines.length) this.emit(lines, message);
  }

  /** Keeps a message's buttons and its thread label; answers how it renders. */
  private remember(message: StoredMessage): ReturnType<typeof messageToText> {
    const rendered = messageToText(message.blocks, message.text, this.options.names, this.options.color);
    this.board.track(message, rendered.buttons);
    const label = /`([red]-[0-9a-f]{6})`/.exec(JSON.stringify(message.blocks[0] ?? ''))?.[1];
    if (label && !message.threadTs) this.threadLabels.set(message.ts, label);
    return rendered;
  }

  private emit(lines: string[], message: StoredMessage): void {
    const thread = message.threadTs ? `  ${this.threadLabels.get(message.threadTs) ?? 'thread'} │ ` : '';
    const prefix = thread || 'ferry: ';
    const rest = thread || '       ';
    lines.forEach((line, index) => {
      this.options.print(`${index === 0 ? prefix : rest}${line}`);
    });
  }
}
