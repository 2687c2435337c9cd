import type { Logger } from '@slack/web-api';

/** A WebClient logger that says nothing: the tests read what Slack took, not what the client logged. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};
