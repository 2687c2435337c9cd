import type { StoredMessage } from '../chat/fake-slack.ts';
import { englishOf, t } from '../i18n/index.ts';
import type { ConsoleButton } from './blocks-to-text.ts';

export interface ActiveButtons {
  ts: string;
  threadTs?: string;
  buttons: ConsoleButton[];
}

export interface Choice {
  /** the number the console shows for it, kept while the button lasts */
  number: number;
  button: ConsoleButton;
  message: ActiveButtons;
}

/** A button as the list shows it: its label and what it acts on, without the plan's fingerprint after `@`. */
export function nameOf(button: ConsoleButton): string {
  return `${button.label} ${button.value.split('@')[0]}`;
}

/**
 * What a button may be pressed by, besides its number: its label as shown, the English it reads as (a
 * console in Chinese takes `approve`, as the README says), and its action ID (`ferry_approve`, `approve`).
 */
export function namesOf(button: ConsoleButton): string[] {
  const names = [
    button.label,
    ...englishOf(button.label),
    button.actionId,
    button.actionId.replace(/^ferry_/, ''),
  ];
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/**
 * The buttons of the channel's messages as they are now: what the console lists and presses. A list
 * once printed stays true: a button keeps its number while it lasts, so a message losing its buttons
 * shifts no other. A new button takes the smallest free number, and the console lists the buttons
 * again as one appears.
 */
export class ButtonBoard {
  private readonly active = new Map<string, ActiveButtons>();
  private readonly numbers = new Map<string, number>();

  /** A message posted or edited: its buttons now (none: it has none left). */
  track(message: StoredMessage, buttons: ConsoleButton[]): void {
    if (buttons.length === 0) this.active.delete(message.ts);
    else
      this.active.set(message.ts, {
        ts: message.ts,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        buttons,
      });
  }

  /**
   * Every button to press, each action once, by number: a drain's Stop is on its message and on its
   * question in the thread (Slack shows them apart), and one list must not offer it twice.
   */
  choices(): Choice[] {
    const current = new Map<string, Omit<Choice, 'number'>>();
    for (const message of this.active.values())
      for (const button of message.buttons) {
        const action = `${button.actionId} ${button.value}`;
        if (!current.has(action)) current.set(action, { button, message });
      }
    for (const action of this.numbers.keys()) if (!current.has(action)) this.numbers.delete(action);
    return [...current].map(([action, choice]) => {
      let number = this.numbers.get(action);
      if (number === undefined) {
        const taken = new Set(this.numbers.values());
        number = 1;
        while (taken.has(number)) number++;
        this.numbers.set(action, number);
      }
      return { number, ...choice };
    });
  }

  list(): string {
    return t`Buttons: ${this.choices()
      .sort((a, b) => a.number - b.number)
      .map((choice) => `[${choice.number}] ${nameOf(choice.button)}`)
      .join('  ')}`;
  }
}
