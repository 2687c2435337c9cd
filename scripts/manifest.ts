/**
 * Slack's app manifest: manifest.template.yaml with the slash commands of commands/index.ts, the one
 * list of commands. `npm run -s manifest > manifest.yaml` writes it for Slack's "From an app manifest".
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from '../commands/index.ts';
import { type CommandDefinition, usageHint } from '../src/chat/command.ts';

const TEMPLATE = new URL('../manifest.template.yaml', import.meta.url);
const SLOT = /^ {2}slash_commands: \[\].*$/m;

/** The manifest's text: the template's, its `slash_commands: []` line replaced by the commands. */
export function slackManifest(
  commands: CommandDefinition[] = COMMANDS,
  template = readFileSync(TEMPLATE, 'utf8'),
): string {
  if (!SLOT.test(template)) throw new Error('manifest.template.yaml has no `  slash_commands: []` line');
  const entries = commands.flatMap((command) => [
    `    - command: ${command.name}`,
    `      description: ${JSON.stringify(command.description)}`,
    `      usage_hint: ${JSON.stringify(usageHint(command))}`,
    '      should_escape: false',
    '      # url: https://ferry.example.com/slack/events',
  ]);
  return template.replace(SLOT, () => ['  slash_commands:', ...entries].join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(slackManifest());
