import { type Logger, LogLevel } from '@slack/bolt';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

/** A Bolt logger that keeps what Ferry logged, so a test can read it. */
export function recordingLogger(lines: LogLine[]): Logger {
  let level = LogLevel.WARN;
  const keep =
    (kind: LogLine['level']) =>
    (...message: unknown[]) => {
      const text = message
        .map((part) => (part instanceof Error ? (part.stack ?? part.message) : String(part)))
        .join(' ');
      lines.push({ level: kind, text });
    };
  return {
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
