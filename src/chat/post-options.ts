import type { OutboxMerge, OutboxRemember } from '../core/ports/outbox.ts';

/** How SlackPoster.post writes a post. */
export interface PostOptions {
  /** a reply in this message's thread */
  threadTs?: string;
  /** a reply in the thread of this subject's message, sent once that message is */
  threadOf?: string;
  /** the post's ts goes to this subject's place when it is sent */
  remember?: OutboxRemember;
  /** the state change it tells, so that after a restart Ferry knows it was said */
  cause?: string;
  /** posts of one group still waiting are merged into one: `parts` joined by `merge` */
  group?: { key: string; parts: string[]; merge: OutboxMerge };
  /** an edit will target the post by the ts this answers: it goes alone, never joined with others */
  alone?: boolean;
  /** a report: it begins its own post (later replies may ride in it), never inside another's */
  report?: boolean;
  /** told Slack's error code when Slack refuses the post for good (it is logged either way) */
  failed?: (code: string) => void;
  /** called once the outbox holds the post (before it is sent): the caller need not wait for Slack */
  written?: () => void;
}
