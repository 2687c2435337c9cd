import type { App, SlashCommand } from '@slack/bolt';
import { escapeMrkdwn } from './render.ts';
import type { FerryServices } from './services.ts';

export type Parsed<T> = T | { kind: 'help' } | { kind: 'error'; message: string };

/**
 * The part every slash command shares: acknowledge at once (Slack allows three seconds), answer
 * help and malformed input privately, and turn any failure into a sentence instead of silence.
 */
export function registerCommand<T extends { kind: string }>(
  app: App,
  services: FerryServices,
  spec: {
    name: string;
    parse(text: string): Parsed<T>;
    help(): string;
    run(parsed: T, command: SlashCommand, reply: (text: string) => Promise<void>): Promise<void>;
  },
): void {
  app.command(spec.name, async ({ command, ack, respond, logger }) => {
    await ack();
    const reply = async (text: string) => {
      await respond({ response_type: 'ephemeral', text });
    };
    try {
      const parsed = spec.parse(command.text);
      if (parsed.kind === 'help') return await reply(`\`\`\`${spec.help()}\`\`\``);
      if (parsed.kind === 'error' && 'message' in parsed) return await reply(escapeMrkdwn(parsed.message));
      await spec.run(parsed as T, command, reply);
    } catch (error) {
      await reply(services.explain(error, logger, `${spec.name} ${command.text}`)).catch(() => undefined);
    }
  });
}
