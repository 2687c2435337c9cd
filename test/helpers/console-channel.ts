import type { FakeSlackEvent } from '../../src/chat/fake-slack.ts';
import { ChannelView } from '../../src/console/channel-view.ts';
import type { SlackHarness } from './slack.ts';

/** The console's view of the channel (as `npm start` prints it), fed by the harness's fake Slack. */
export function consoleChannel(
  slack: SlackHarness,
  userId = 'U_BOB',
): { channel: ChannelView; printed: string[] } {
  const printed: string[] = [];
  const channel = new ChannelView({
    names: new Map(),
    userId: () => userId,
    print: (text) => printed.push(text),
    color: false,
  });
  slack.fake.on('event', (event: FakeSlackEvent) => channel.show(event));
  return { channel, printed };
}
