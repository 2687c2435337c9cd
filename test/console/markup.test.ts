import { describe, expect, it } from 'vitest';
import { mrkdwnToText } from '../../src/console/blocks-to-text.ts';

/** Slack's markup as the console prints it (operator trial h-fix28: /home showed "in <#C0CONSOLE>"). */

describe('the console reads Slack markup', () => {
  it('shows a channel reference by its label, else its ID, with a #', () => {
    const names = new Map([['U1', 'alice']]);
    expect(mrkdwnToText('waits · in <#C0CONSOLE>', names, false)).toBe('waits · in #C0CONSOLE');
    expect(mrkdwnToText('in <#C123ABC|ops-moves> for <@U1>', names, false)).toBe('in #ops-moves for @alice');
    // an escaped one is text, as Slack shows it
    expect(mrkdwnToText('&lt;#C1&gt;', names, false)).toBe('<#C1>');
  });
});
