import type { ConsoleButton } from './blocks-to-text.ts';

/**
 * The payloads Slack would send for what a person does in the console, shaped like the recorded ones
 * (test/fixtures/slack/), from the console's own workspace.
 */

const CHANNEL = 'C0CONSOLE';
const TEAM = { id: 'T0FERRY', domain: 'console' };
const APP = 'A0FERRY';

interface Person {
  id: string;
  name: string;
}

const userOf = (person: Person) => ({
  id: person.id,
  username: person.name,
  name: person.name,
  team_id: TEAM.id,
});

export function slashCommand(person: Person, command: string, text: string, responseUrl: string) {
  return {
    token: 'console',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: CHANNEL,
    channel_name: 'console',
    user_id: person.id,
    user_name: person.name,
    command,
    text,
    api_app_id: APP,
    response_url: responseUrl,
    trigger_id: `console-${Date.now()}`,
  };
}

export function buttonPress(
  person: Person,
  button: ConsoleButton,
  message: { ts: string; threadTs?: string; text: string; blocks: unknown[]; responseUrl: string },
) {
  return {
    type: 'block_actions',
    user: userOf(person),
    api_app_id: APP,
    token: 'console',
    team: TEAM,
    container: { type: 'message', message_ts: message.ts, channel_id: CHANNEL, is_ephemeral: false },
    channel: { id: CHANNEL, name: 'console' },
    message: {
      type: 'message',
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: `console:${button.value}`,
        value: button.value,
        action_ts: String(Date.now() / 1000),
        text: { type: 'plain_text', text: button.label },
      },
    ],
    response_url: message.responseUrl,
    trigger_id: `console-${Date.now()}`,
  };
}

export function viewSubmission(
  person: Person,
  view: Record<string, unknown>,
  values: Record<string, unknown>,
) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: userOf(person),
    api_app_id: APP,
    token: 'console',
    trigger_id: `console-${Date.now()}`,
    view: {
      id: `V${Date.now()}`,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      state: { values },
    },
  };
}
