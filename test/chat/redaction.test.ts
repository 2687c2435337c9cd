import { readFileSync } from 'node:fs';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/chat/explain.ts';
import { redactingLogger } from '../../src/chat/redacting-logger.ts';
import { CloudActionError, RunActionError } from '../../src/core/move/run-errors.ts';
import { ApprovalError, NotAllowedError } from '../../src/core/requests.ts';

const slashCommand = JSON.parse(
  readFileSync(new URL('../fixtures/slack/slash-command.decoded.json', import.meta.url), 'utf8'),
) as Record<string, string>;

describe('what Ferry writes to its log', () => {
  it('cuts tokens, response URLs and the WebSocket ticket out of Socket Mode debug lines', () => {
    const lines: unknown[][] = [];
    const logger = redactingLogger({
      debug: (...parts) => lines.push(parts),
      info: (...parts) => lines.push(parts),
      warn: (...parts) => lines.push(parts),
      error: (...parts) => lines.push(parts),
      setLevel: () => {},
      getLevel: () => LogLevel.DEBUG,
      setName: () => {},
    });
    const envelope = JSON.stringify({
      envelope_id: 'e1',
      type: 'slash_commands',
      payload: {
        ...slashCommand,
        token: 'legacyVerificationToken123',
        response_url: 'https://hooks.slack.com/commands/T0001/123/AbCdEfSecret',
      },
    });
    // as @slack/socket-mode logs them (JSON, with its escaped slashes)
    logger.debug(`Received a message on the WebSocket: ${envelope.replaceAll('/', '\\/')}`);
    logger.debug('Connecting to wss://wss-primary.slack.com/link/?ticket=0123-secret-ticket&app_id=A1');
    logger.info({ token: 'xoxb-123-456-abcdef', nested: { url: 'https://hooks.slack.com/actions/T/1/zz' } });
    logger.error(new Error('failed with xapp-1-A1-123-secret'));
    const written = JSON.stringify(lines);
    for (const secret of [
      'legacyVerificationToken123',
      'AbCdEfSecret',
      'secret-ticket',
      'xoxb-123',
      'zz',
      'xapp-1-A1',
    ])
      expect(written).not.toContain(secret);
    expect(written).toContain('slash_commands');
  });
});

describe('what Ferry tells people', () => {
  it("escapes the cloud's words in a refused operator action, so they ping nobody", () => {
    const said = explain(
      new CloudActionError('abort', 'refused', '<!channel> see <https://evil.example|here>'),
    );
    expect(said).toBe('Nova refused to abort: &lt;!channel&gt; see &lt;https://evil.example|here&gt;');
  });

  it('escapes refusals like every other text, keeping only the mentions of who may act', () => {
    const hostile = '<!channel> <https://evil.example|click> & co';
    const escaped = '&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co';
    expect(
      explain(new RunActionError(() => `${hostile} is not waiting for a decision in drain d-1a2b3c.`)),
    ).toBe(`${escaped} is not waiting for a decision in drain d-1a2b3c.`);
    expect(explain(new ApprovalError(() => `Request ${hostile} has expired.`))).toBe(
      `Request ${escaped} has expired.`,
    );
    expect(
      explain(
        new NotAllowedError(() => `Only on-call staff may skip ${hostile}: <!subteam^S0ONCALL>, <@U_BOB>.`),
      ),
    ).toBe(`Only on-call staff may skip ${escaped}: <!subteam^S0ONCALL>, <@U_BOB>.`);
    expect(explain(new NotAllowedError(() => 'Only on-call staff may stop it: <@U0BOB>, <@W0CAROL>.'))).toBe(
      'Only on-call staff may stop it: <@U0BOB>, <@W0CAROL>.',
    );
  });
});
