import type { Logger } from '@slack/bolt';

/**
 * Bolt and its Socket Mode client log whole envelopes at debug level: the legacy verification token,
 * response_url capability URLs, the WebSocket ticket URL. Every line passes through here first.
 */
const SECRETS: [RegExp, string][] = [
  [/xox[a-z]-[A-Za-z0-9-]+/g, 'xox…[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-…[redacted]'],
  [/("token"\s*:\s*")[^"]*"/g, '$1[redacted]"'],
  [/(token=)[^&\s"]+/g, '$1[redacted]'],
  [/https?:(?:\\?\/){2}hooks\.slack\.com[^\s"',)]*/g, 'https://hooks.slack.com/[redacted]'],
  [/wss?:(?:\\?\/){2}[^\s"',)]+/g, 'wss://[redacted]'],
];

export function redactLine(text: string): string {
  return SECRETS.reduce((line, [pattern, replacement]) => line.replace(pattern, replacement), text);
}

function clean(part: unknown): unknown {
  if (typeof part === 'string') return redactLine(part);
  if (part instanceof Error) return redactLine(part.stack ?? part.message);
  if (part && typeof part === 'object') {
    try {
      return redactLine(JSON.stringify(part));
    } catch {
      return '[unprintable]';
    }
  }
  return part;
}

export function redactingLogger(base: Logger): Logger {
  return {
    debug: (...parts) => base.debug(...parts.map(clean)),
    info: (...parts) => base.info(...parts.map(clean)),
    warn: (...parts) => base.warn(...parts.map(clean)),
    error: (...parts) => base.error(...parts.map(clean)),
    setLevel: (level) => base.setLevel(level),
    getLevel: () => base.getLevel(),
    setName: (name) => base.setName(name),
  };
}
