import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../commands/index.ts';
import { MANIFEST, slackManifest } from '../../scripts/manifest.ts';
import { usageHint } from '../../src/chat/command.ts';

/** manifest.yaml declares the commands Ferry registers (npm run manifest writes them from commands/index.ts). */
describe('the Slack manifest', () => {
  const written = readFileSync(MANIFEST, 'utf8');
  const manifest = parse(written) as {
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

  it('is what npm run manifest writes: run it after changing commands/index.ts', () => {
    expect(written).toBe(slackManifest());
  });

  it('takes every command from the list: a manifest without them gets them all back', () => {
    const bare = written.replace(/^ {2}slash_commands:.*\n(?: {4,}.*\n)*/m, '  slash_commands: []\n');
    expect((parse(bare) as typeof manifest).features.slash_commands).toEqual([]);
    expect(slackManifest(COMMANDS, bare)).toBe(written);
  });

  it('keeps descriptions within Slack limits', () => {
    for (const command of COMMANDS) expect(command.description.length).toBeLessThanOrEqual(100);
  });
});
