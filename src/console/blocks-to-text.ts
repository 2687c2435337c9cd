import type { Block } from '../chat/render.ts';
import { t } from '../i18n/index.ts';

/** Block Kit as a terminal shows it: sections as text, context dimmed, buttons listed separately. */

export interface ConsoleButton {
  label: string;
  actionId: string;
  value: string;
  confirm?: { title: string; text: string };
}

export interface TextMessage {
  lines: string[];
  buttons: ConsoleButton[];
}

const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

export function messageToText(
  blocks: Block[],
  fallback: string,
  names: Map<string, string>,
  color: boolean,
): TextMessage {
  const lines: string[] = [];
  const buttons: ConsoleButton[] = [];
  const style = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  if (blocks.length === 0) lines.push(...mrkdwnToText(fallback, names, color).split('\n'));
  for (const block of blocks) {
    if (block.type === 'section' || block.type === 'header') {
      const text = (block.text as { text?: string } | undefined)?.text ?? '';
      lines.push(...mrkdwnToText(text, names, color).split('\n'));
    } else if (block.type === 'context') {
      const elements = (block.elements as { text?: string }[] | undefined) ?? [];
      for (const element of elements) lines.push(style(DIM, mrkdwnToText(element.text ?? '', names, false)));
    } else if (block.type === 'actions') {
      for (const element of (block.elements as Record<string, unknown>[] | undefined) ?? []) {
        if (element.type !== 'button') continue;
        const confirm = element.confirm as
          | { title?: { text?: string }; text?: { text?: string } }
          | undefined;
        buttons.push({
          label: String((element.text as { text?: string } | undefined)?.text ?? element.action_id),
          actionId: String(element.action_id),
          value: String(element.value ?? ''),
          ...(confirm
            ? {
                confirm: {
                  title: confirm.title?.text ?? t`Are you sure?`,
                  text: mrkdwnToText(confirm.text?.text ?? '', names, false),
                },
              }
            : {}),
        });
      }
    } else if (block.type === 'divider') {
      lines.push(style(DIM, '────────'));
    }
  }
  return { lines, buttons };
}

/**
 * mrkdwn to plain terminal text: mentions by name, a channel by its label or ID (`#C0CONSOLE`, not
 * Slack's `<#C0CONSOLE>`), entities decoded, control characters removed.
 */
export function mrkdwnToText(text: string, names: Map<string, string>, color: boolean): string {
  const decoded = text
    .replace(/<@([A-Z0-9_]+)(\|[^>]*)?>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(\|[^>]*)?>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(
      /<#([A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_, id: string, label?: string) => `#${label || names.get(id) || id}`,
    )
    // a code block's fences are Slack markup; the terminal shows its lines as they are
    .replace(/```\n?/g, '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: names from the cloud must not drive the terminal
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  return color
    ? decoded.replace(/\*([^*\n]+)\*/g, `${BOLD}$1${RESET}`)
    : decoded.replace(/\*([^*\n]+)\*/g, '$1');
}
