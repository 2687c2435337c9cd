import type { FakeSlack, FakeSlackEvent } from '../src/chat/fake-slack.ts';

/**
 * The fake Slack's own record of what it was asked and what it took, the yardstick of the outbox
 * bench (outside the code under test): every call by method, and the posts and edits it took by the
 * message they were about (a post's first line as posted, numbers and IDs masked; an edit counted
 * under the message it edits).
 */
export class SlackTally {
  private from: number;
  private readonly labels = new Map<string, string>();
  private readonly byMessage = new Map<string, { posts: number; edits: number }>();
  /** what each message showed after Slack last took it, to see edits that changed nothing */
  private readonly shown = new Map<string, string>();
  /** when Slack took each post and each edit of a message, by "channel ts", in order */
  readonly taken = new Map<string, { kind: 'posted' | 'updated'; at: number }[]>();
  /** edits Slack took that left the message exactly as it was (text and blocks) */
  unchangedEdits = 0;

  constructor(private readonly fake: FakeSlack) {
    this.from = fake.calls.length;
    fake.on('event', (event: FakeSlackEvent) => {
      if (event.kind === 'view' || event.message.ephemeralTo) return;
      const key = `${event.message.channel} ${event.message.ts}`;
      if (event.kind === 'posted') this.labels.set(key, label(event.message.text));
      const content = JSON.stringify([event.message.text, event.message.blocks]);
      const unchanged = event.kind === 'updated' && this.shown.get(key) === content;
      this.shown.set(key, content);
      this.taken.set(key, [...(this.taken.get(key) ?? []), { kind: event.kind, at: Date.now() }]);
      if (!this.counting) return;
      if (unchanged) this.unchangedEdits += 1;
      const counts = this.byMessage.get(this.labels.get(key) ?? '?') ?? { posts: 0, edits: 0 };
      if (event.kind === 'posted') counts.posts += 1;
      else counts.edits += 1;
      this.byMessage.set(this.labels.get(key) ?? '?', counts);
    });
  }

  private counting = false;

  /** Counts from now on (messages posted before are still known by their first line). */
  begin(): void {
    this.from = this.fake.calls.length;
    this.byMessage.clear();
    this.unchangedEdits = 0;
    this.counting = true;
  }

  /** Every call made since the tally began, by method (failed ones included). */
  calls(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.fake.calls.slice(this.from)) counts[call.method] = (counts[call.method] ?? 0) + 1;
    return counts;
  }

  /** The posts and edits Slack took since the tally began, by the message they were about. */
  messages(): Map<string, { posts: number; edits: number }> {
    return new Map(this.byMessage);
  }

  total(): number {
    return this.fake.calls.length - this.from;
  }

  print(limit = 14): void {
    const calls = Object.entries(this.calls())
      .map(([method, n]) => `${method} ${n}`)
      .join(', ');
    console.log(
      `  Slack calls by method (the fake Slack's count, failed ones included): ${calls || 'none'}; ` +
        `${this.unchangedEdits} edit(s) taken that changed nothing`,
    );
    const rows = [...this.byMessage].sort((a, b) => b[1].posts + b[1].edits - (a[1].posts + a[1].edits));
    for (const [message, { posts, edits }] of rows.slice(0, limit))
      console.log(
        `    ${String(posts).padStart(3)} post(s) ${String(edits).padStart(3)} edit(s) taken  ${message}`,
      );
    if (rows.length > limit) console.log(`    … and ${rows.length - limit} other message(s)`);
  }
}

/** A message's first line, numbers and IDs masked. */
export function label(text: string): string {
  return (text.split('\n')[0] ?? '')
    .replace(/\b[dem]-[0-9a-f]+/g, 'ID')
    .replace(/\d+/g, '#')
    .slice(0, 60);
}
