import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `/evacuate <e-…>` shows that evacuation, as `/drain <d-…>` shows a drain (operator trial h-grammar28:
 * it answered "not a compute host"): its message, to the one who asked, without the buttons that act in
 * the channel's message.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  slack = await slackHarness(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const privateTo = (user: string) => slack.fake.messages.filter((m) => m.ephemeralTo === user);

describe('/evacuate <e-…>', () => {
  it('shows the evacuation to whoever asks, without its buttons, and posts nothing', async () => {
    await slack.command('U_ALICE', '/evacuate', 'compute1');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.ephemeralTo && !m.threadTs && m.text.startsWith('Evacuation')),
      'the evacuation message',
    );
    const [evacuation] = slack.store.evacuations();
    const id = evacuation?.id as string;
    expect(parent.blocks.some((block) => block.type === 'actions')).toBe(true);
    const publicBefore = slack.fake.messages.filter((m) => !m.ephemeralTo).length;

    await slack.command('U_CAROL', '/evacuate', id.toUpperCase());
    const shown = await waitFor(() => privateTo('U_CAROL')[0], 'the evacuation shown');
    expect(textOf(shown)).toContain(`\`${id}\``);
    expect(textOf(shown)).toContain('asks to empty `compute1`');
    expect(textOf(shown)).not.toContain('not a compute host');
    expect(shown.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toHaveLength(publicBefore);

    await slack.command('U_CAROL', '/evacuate', 'e-abcdef');
    await waitFor(() => slack.privately('U_CAROL').includes('No evacuation e-abcdef.'), 'the unknown ID');
    expect(slack.store.evacuations()).toHaveLength(1);
  });
});
