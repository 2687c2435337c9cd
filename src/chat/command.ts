import type { App, SlashCommand } from '@slack/bolt';
import type { OnButton } from './buttons.ts';
import type { ErrorLog } from './explain.ts';
import { escapeMrkdwn } from './render.ts';
import type { FerryServices } from './services.ts';

export type Parsed<T> = T | { kind: 'help' } | { kind: 'error'; message: string };

/**
 * An answer only the person who typed the command sees: text, or Block Kit with a text fallback.
 * Given as a function, it is made in that person's language.
 */
export type Reply = (
  say: string | (() => { text: string; blocks?: unknown[] } | string),
  blocks?: unknown[],
) => Promise<void>;

/**
 * One slash command: what Slack's manifest, the console's help and allow-list, and the Bolt listener
 * are all made from. `commands/index.ts` lists them; nothing else keeps a list of commands.
 */
export interface CommandDefinition {
  /** "/migrate" */
  name: string;
  /** the full usage line, starting with the name; the manifest's usage_hint is the rest */
  usage: string;
  /** one line (Slack allows 100 characters in the manifest) */
  description: string;
  /** registers the command's listener, and its buttons (on the messages it and its work post) */
  register(app: App, services: FerryServices, onButton: OnButton): void;
  /**
   * What the command does once acknowledged: help and malformed input answered, the work done, any
   * failure told as a sentence. The listener calls it; a test can too, with a reply of its own.
   */
  answer(input: CommandInput, reply: Reply, services: FerryServices, log: ErrorLog): Promise<void>;
}

/** What a command's handler reads of the slash command Slack sent. */
export type CommandInput = Pick<SlashCommand, 'text' | 'user_id' | 'channel_id'>;

export function usageHint(command: CommandDefinition): string {
  return command.usage.slice(command.name.length).trim();
}

/**
 * A word typed as Slack inline code (`cache-2`, as copied from Ferry's own messages) is that word: the
 * backticks are formatting, and no name Ferry takes can contain one. A word is one between spaces, or
 * one of a comma-separated list (`--skip \`a\`,\`b\``) or the value of `--flag=`: the same grammar.
 */
export function withoutCodeMarks(text: string): string {
  return text.replace(/(^|[\s,=])`([^`\s]+?)`(?=[\s,]|$)/g, '$1$2');
}

/**
 * The part every slash command shares: acknowledge at once (Slack allows three seconds), answer
 * help and malformed input privately, and turn any failure into a sentence instead of silence.
 */
export function defineCommand<T extends { kind: string }>(spec: {
  name: string;
  usage: string;
  description: string;
  parse(text: string): Parsed<T>;
  help(): string;
  run(parsed: T, command: CommandInput, reply: Reply, services: FerryServices): Promise<void>;
  /** the buttons of what this command posts (commands/<name>/buttons.ts) */
  buttons?: (onButton: OnButton, services: FerryServices) => void;
}): CommandDefinition {
  const answer = async (command: CommandInput, reply: Reply, services: FerryServices, log: ErrorLog) => {
    try {
      const text = withoutCodeMarks(command.text);
      const parsed = spec.parse(text);
      services.metrics?.command(spec.name, parsed.kind);
      if (parsed.kind === 'help') return await reply(() => `\`\`\`${spec.help()}\`\`\``);
      // a malformed command is told why in the person's language: the grammar says it again there
      if (parsed.kind === 'error' && 'message' in parsed)
        return await reply(() => escapeMrkdwn((spec.parse(text) as typeof parsed).message));
      await spec.run(parsed as T, command, reply, services);
    } catch (error) {
      await reply(() => services.explain(error, log, `${spec.name} ${command.text}`)).catch(() => undefined);
    }
  };
  return {
    name: spec.name,
    usage: spec.usage,
    description: spec.description,
    answer,
    register: (app, services, onButton) => {
      spec.buttons?.(onButton, services);
      app.command(spec.name, async ({ command, ack, respond, logger }) => {
        await ack();
        // the person's language is looked up only for an answer they alone see: most commands get none
        const reply: Reply = async (say, blocks) => {
          const made = typeof say === 'function' ? await services.languages.say(command.user_id, say) : say;
          const answer = typeof made === 'string' ? { text: made, blocks } : made;
          await respond({
            response_type: 'ephemeral',
            text: answer.text,
            ...(answer.blocks ? { blocks: answer.blocks as never } : {}),
          });
        };
        await answer(command, reply, services, logger);
      });
    },
  };
}
