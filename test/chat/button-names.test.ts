import { describe, expect, it } from 'vitest';
import { inLanguage, t } from '../../src/i18n/index.ts';
import { BUILDERS } from './hostile-builders.ts';

/**
 * A drain's question names its own buttons as they read (operator trial h-words29: "*Stop* ends the
 * drain" beside a button labelled "Stop drain"): every button label named in a host's question (empty,
 * not empty) or a held drain's is one of that message's labels, in English and in Chinese. A label with
 * a value ("Continue with compute1") is named by its words before the value ("Continue").
 */

/** The questions that tell what each of their buttons does. */
const QUESTIONS = ['hostEmptyMessage', 'hostNotEmptyMessage', 'drainHeldMessage'];

interface Shown {
  texts: string[];
  labels: string[];
}

/** Each built message with buttons: the texts of its sections and context, and its buttons' labels. */
function messagesWithButtons(): Shown[] {
  const shown: Shown[] = [];
  for (const builders of Object.values(BUILDERS))
    for (const [name, build] of Object.entries(builders))
      for (const output of build()) {
        if (!QUESTIONS.includes(name)) continue;
        if (!output || typeof output !== 'object' || !('blocks' in output)) continue;
        const texts: string[] = [];
        const labels: string[] = [];
        const walk = (node: unknown, inButton: boolean) => {
          if (Array.isArray(node)) for (const item of node) walk(item, inButton);
          else if (node && typeof node === 'object') {
            const record = node as Record<string, unknown>;
            if (record.type === 'button') {
              const text = (record.text as { text?: string } | undefined)?.text;
              if (text) labels.push(text);
              return;
            }
            if (record.type === 'mrkdwn' && typeof record.text === 'string' && !inButton)
              texts.push(record.text);
            for (const value of Object.values(record)) walk(value, inButton);
          }
        };
        walk((output as { blocks: unknown }).blocks, false);
        if (labels.length) shown.push({ texts, labels });
      }
  return shown;
}

/** The drain message's own Stop (its controls): named in a question, it is not that question's button. */
const translatedStop = () => t`Stop`;

/** A label as a text names it: its words before a value ("Continue with `x`" → "Continue"). */
const named = (label: string) => label.replace(/ (with|to|for) .*$/, '').replace(/ \S*[`&<].*$/, '');

function misnamed(marks: RegExp): string[] {
  const messages = messagesWithButtons();
  expect(messages.length).toBeGreaterThan(3);
  const all = new Set(messages.flatMap((m) => m.labels.map(named)).concat(named(translatedStop())));
  const found = new Set<string>();
  for (const { texts, labels } of messages) {
    const own = new Set(labels.map(named));
    for (const text of texts)
      for (const match of text.matchAll(marks)) {
        const name = match[1] as string;
        if (all.has(name) && !own.has(name))
          found.add(`"${name}" in «${text.slice(0, 120)}…» (its buttons: ${[...own].join(', ')})`);
      }
  }
  return [...found];
}

describe('a message naming its buttons', () => {
  it('names them as their labels read (English, *Label*)', () => {
    expect(misnamed(/\*([^*\n]+)\*/g)).toEqual([]);
  });

  it('names them as their labels read (Chinese, “标签”)', () => {
    expect(inLanguage('zh-CN', () => misnamed(/“([^”\n]+)”/g))).toEqual([]);
  });
});
