import { t } from '../i18n/index.ts';

/**
 * A dialog with choices (the Edit plan dialog) in the terminal: each input asked on a line of its own,
 * its choices numbered; an empty line keeps what the dialog shows, "-" clears it. The answers are
 * what Slack would send as the view's state.
 */

interface Option {
  text: { text: string };
  value: string;
}
interface InputElement {
  type: string;
  action_id: string;
  options?: Option[];
  initial_option?: Option;
  initial_options?: Option[];
}
interface InputBlock {
  type: 'input';
  block_id: string;
  label: { text: string };
  element: InputElement;
}

/** Whether the dialog asks for choices, not just a line of text (the reject reason). */
export function hasChoices(view: Record<string, unknown>): boolean {
  return inputsOf(view).some((block) => block.element.options !== undefined);
}

function inputsOf(view: Record<string, unknown>): InputBlock[] {
  return ((view.blocks as Record<string, unknown>[] | undefined) ?? []).filter(
    (block): block is InputBlock & Record<string, unknown> => block.type === 'input',
  ) as InputBlock[];
}

/** The option a typed answer names: its number, its value or its text. */
function pick(options: Option[], typed: string): Option | undefined {
  const index = Number(typed);
  if (Number.isInteger(index) && index >= 1 && index <= options.length) return options[index - 1];
  return options.find((o) => o.value === typed || o.text.text.toLowerCase() === typed.toLowerCase());
}

/**
 * Asks every input of the dialog (`ask` prints a question and answers the line typed, undefined at the
 * end of input) and answers the view's state as Slack sends it.
 */
export async function answerForm(
  view: Record<string, unknown>,
  ask: (question: string) => Promise<string | undefined>,
): Promise<Record<string, Record<string, unknown>> | undefined> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of inputsOf(view)) {
    const { element } = block;
    const options = element.options ?? [];
    const multi = element.type === 'multi_static_select';
    const shown = multi
      ? (element.initial_options ?? []).map((o) => o.text.text).join(', ')
      : (element.initial_option?.text.text ?? '');
    const choices = options.map((o, i) => `${i + 1}) ${o.text.text}`).join('  ');
    const typed = await ask(
      t`${block.label.text} — ${choices} (now: ${shown || '—'}; empty keeps it, - clears it${multi ? t`, several with commas` : ''})`,
    );
    if (typed === undefined) return undefined;
    const answer = typed.trim();
    const keep = answer === '';
    if (multi) {
      const chosen = keep
        ? (element.initial_options ?? [])
        : answer === '-'
          ? []
          : answer.split(',').flatMap((part) => pick(options, part.trim()) ?? []);
      values[block.block_id] = {
        [element.action_id]: { type: element.type, selected_options: chosen.map(({ value }) => ({ value })) },
      };
      continue;
    }
    const chosen = keep ? element.initial_option : answer === '-' ? undefined : pick(options, answer);
    values[block.block_id] = {
      [element.action_id]: { type: element.type, selected_option: chosen ? { value: chosen.value } : null },
    };
  }
  return values;
}

/**
 * The dialog answered in the terminal and submitted; a command typed at a question closes it unsent and
 * runs. Its errors are shown and it is asked again; a next page (Slack's `update`) is asked next.
 * False when it was closed.
 */
export async function answerChoices(
  view: Record<string, unknown>,
  io: {
    print(line: string): void;
    next(): Promise<IteratorResult<string>>;
    /** who is typing, when the lines come from a pipe (they are shown as typed) */
    echo: string | null;
    submit(values: Record<string, Record<string, unknown>>): Promise<unknown>;
    /** the dialogs still to answer */
    views: Record<string, unknown>[];
    run(command: string): Promise<void>;
  },
): Promise<boolean> {
  let command: string | undefined;
  const values = await answerForm(view, async (question) => {
    io.print(question);
    const answer = await io.next();
    if (answer.done) return undefined;
    if (io.echo) io.print(`${io.echo}> ${answer.value.trim()}`);
    if (!answer.value.trim().startsWith('/')) return answer.value;
    command = answer.value.trim();
    return undefined;
  });
  if (!values) {
    io.views.length = 0;
    if (command) {
      io.print(t`Closed the dialog without sending it; nothing was submitted. Running ${command}.`);
      await io.run(command);
    }
    return false;
  }
  const acked = (await io.submit(values)) as
    | { response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> }
    | undefined;
  if (acked?.response_action === 'errors') {
    io.print(`! ${Object.values(acked.errors ?? {}).join(' ')}`);
    io.views.unshift(view);
  } else if (acked?.response_action === 'update' && acked.view) io.views.unshift(acked.view);
  return true;
}
