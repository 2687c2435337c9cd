import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../commands/index.ts';
import { usageHint } from '../../src/chat/command.ts';

/** manifest.yaml is written by hand for Slack; it must declare exactly the commands Ferry registers. */
describe('manifest.yaml', () => {
  const manifest = parse(readFileSync(new URL('../../manifest.yaml', import.meta.url), 'utf8')) as {
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

  it('keeps descriptions within Slack limits', () => {
    for (const command of COMMANDS) expect(command.description.length).toBeLessThanOrEqual(100);
  });
});
