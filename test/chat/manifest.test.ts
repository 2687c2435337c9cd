import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../commands/index.ts';
import { slackManifest } from '../../scripts/manifest.ts';
import { usageHint } from '../../src/chat/command.ts';

/** The manifest (npm run manifest) is manifest.template.yaml with the commands Ferry registers. */
describe('the Slack manifest', () => {
  const template = readFileSync(new URL('../../manifest.template.yaml', import.meta.url), 'utf8');
  const manifest = parse(slackManifest()) as {
    features: { slash_commands: { command: string; description: string; usage_hint: string }[] };
    oauth_config: { scopes: { bot: string[] } };
  };

  it('declares every registered slash command, in order, with its description and usage hint', () => {
    expect(manifest.features.slash_commands.map((c) => [c.command, c.description, c.usage_hint])).toEqual(
      COMMANDS.map((command) => [command.name, command.description, usageHint(command)]),
    );
  });

  it('asks for the history scopes the poster reads with before posting again (slack-lookup.ts)', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['channels:history', 'groups:history']),
    );
  });

  it('lists no command of its own in the template: commands/index.ts is the only list', () => {
    expect((parse(template) as typeof manifest).features.slash_commands).toEqual([]);
  });

  it('keeps descriptions within Slack limits', () => {
    for (const command of COMMANDS) expect(command.description.length).toBeLessThanOrEqual(100);
  });
});
