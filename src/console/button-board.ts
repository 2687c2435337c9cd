import type { StoredMessage } from '../chat/fake-slack.ts';
import { t } from '../i18n/index.ts';
import type { ConsoleButton } from './blocks-to-text.ts';

export interface ActiveButtons {
  ts: string;
  threadTs?: string;
  buttons: ConsoleButton[];
}

export interface Choice {
  button: ConsoleButton;
  message: ActiveButtons;
}

/** A button as the list shows it: its label and what it acts on, without the plan's fingerprint after `@`. */
export function nameOf(button: ConsoleButton): string {
  return `${button.label} ${button.value.split('@')[0]}`;
}

/** The buttons of the channel's messages as they are now: what the console lists and presses. */
export class ButtonBoard {
  private readonly active = new Map<string, ActiveButtons>();

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
   * Every button to press, each action once: a drain's Stop is on its message and on its question in
   * the thread (Slack shows them apart), and one list must not offer it twice.
   */
  choices(): Choice[] {
    const seen = new Set<string>();
    return [...this.active.values()]
      .flatMap((message) => message.buttons.map((button) => ({ button, message })))
      .filter(({ button }) => {
        const action = `${button.actionId} ${button.value}`;
        if (seen.has(action)) return false;
        seen.add(action);
        return true;
      });
  }

  list(): string {
    return t`Buttons: ${this.choices()
      .map((choice, index) => `[${index + 1}] ${nameOf(choice.button)}`)
      .join('  ')}`;
  }
}
