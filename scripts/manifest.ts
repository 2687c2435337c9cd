/**
 * Slack's app manifest keeps its slash commands in step with commands/index.ts, the one list of
 * commands: `npm run manifest` rewrites manifest.yaml's `slash_commands` from it (name, description,
 * usage hint), and test/chat/manifest.test.ts fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from '../commands/index.ts';
import { type CommandDefinition, usageHint } from '../src/chat/command.ts';

export const MANIFEST = new URL('../manifest.yaml', import.meta.url);
/** the `slash_commands:` block: its line and every deeper-indented line after it */
const BLOCK = /^ {2}slash_commands:.*\n(?: {4,}.*\n)*/m;

/** The manifest's text with its `slash_commands` made from `commands`. */
export function slackManifest(
  commands: CommandDefinition[] = COMMANDS,
  manifest = readFileSync(MANIFEST, 'utf8'),
): string {
  if (!BLOCK.test(manifest)) throw new Error('manifest.yaml has no `  slash_commands:` block under features');
  const entries = commands.flatMap((command) => [
    `    - command: ${command.name}`,
    `      description: ${JSON.stringify(command.description)}`,
    `      usage_hint: ${JSON.stringify(usageHint(command))}`,
    '      should_escape: false',
    '      # url: https://ferry.example.com/slack/events',
  ]);
  return manifest.replace(BLOCK, () => `${['  slash_commands:', ...entries].join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  writeFileSync(MANIFEST, slackManifest());
