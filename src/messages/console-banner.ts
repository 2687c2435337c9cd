import { t, translated } from '../i18n/index.ts';

/**
 * The console's banner, in the language it is shown in: each bracket of a Chinese line full-width, as
 * its catalogue writes it (operator trial h-words29: "alice (值班中，可以审批)" with ASCII brackets).
 */

export interface BannerFacts {
  /** the cloud line (cloudText) */
  cloud: string;
  database: string;
  language: string;
  /** moves in flight the built-in sandbox forgot when it started afresh */
  forgotten: number;
  /** each console user with their role, a k`…` key */
  users: { name: string; role: string }[];
}

/** Where the cloud is: the built-in sandbox (its address, speed), or the real one's settings source. */
export function cloudText(
  cloud: { sandbox: { url: string; speed: number } } | { source: string },
  microversion: string,
): string {
  return 'sandbox' in cloud
    ? t`built-in sandbox cloud at ${cloud.sandbox.url} (speed ${cloud.sandbox.speed}; compute API ${microversion}); set OS_CLOUD or OS_AUTH_URL… for a real cloud`
    : t`${cloud.source} (compute API ${microversion})`;
}

export function consoleBanner(facts: BannerFacts): string[] {
  const { forgotten } = facts;
  return [
    t`Ferry — console mode (no SLACK_BOT_TOKEN set: this terminal stands in for Slack channel #console)`,
    t`Cloud:    ${facts.cloud}`,
    t`Database: ${facts.database}`,
    t`Language: ${facts.language} (FERRY_LANG)`,
    ...(forgotten === 1
      ? [
          t`Sandbox:  the built-in sandbox cloud started afresh with this process and has no record of the move in flight before the restart; its thread says what Nova shows of it.`,
        ]
      : forgotten > 1
        ? [
            t`Sandbox:  the built-in sandbox cloud started afresh with this process and has no record of the ${forgotten} moves in flight before the restart; each one's thread says what Nova shows of it.`,
          ]
        : []),
    t`People:   ${facts.users.map((u) => t`${u.name} (${translated(u.role)})`).join(t`, `)}. You are ${facts.users[0]?.name}; /as bob to switch.`,
    t`Real Slack: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP); see README.`,
  ];
}
