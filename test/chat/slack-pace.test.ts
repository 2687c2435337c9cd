import { describe, expect, it } from 'vitest';
import { EDITS_PER_MINUTE, SlackPace } from '../../src/chat/slack-pace.ts';

const post = (channel: string) => ({ kind: 'post' as const, channel });
const edit = (channel: string) => ({ kind: 'update' as const, channel });

describe('SlackPace: Slack’s documented limits (posts ~1/s per channel, chat.update Tier 3 per workspace)', () => {
  it('spaces a channel’s posts by the gap, not another channel’s, and not behind its edits', () => {
    const pace = new SlackPace(1_000);
    pace.calling(post('C1'), 0)(true, 0);
    expect(pace.waitMs(post('C1'), 200)).toBe(800);
    expect(pace.waitMs(post('C2'), 200)).toBeLessThanOrEqual(0);
    expect(pace.waitMs(edit('C1'), 200)).toBeLessThanOrEqual(0);
    // its edits keep a gap of their own
    pace.calling(edit('C1'), 200)(true, 200);
    expect(pace.waitMs(edit('C1'), 500)).toBe(700);
    // a post Slack did not take does not count
    pace.calling(post('C2'), 300)(false, 300);
    expect(pace.waitMs(post('C2'), 300)).toBeLessThanOrEqual(0);
  });

  it('counts a post’s gap from Slack’s answer, so the next cannot reach Slack sooner however slow this one was', () => {
    const pace = new SlackPace(1_000);
    // sent at 0 (a lookup first, or a loaded loop), answered at 300: Slack may have seen it at 299
    pace.calling(post('C1'), 0)(true, 300);
    expect(pace.waitMs(post('C1'), 1_000)).toBe(300);
    // an edit's gap still counts from its sending
    pace.calling(edit('C1'), 0)(true, 300);
    expect(pace.waitMs(edit('C1'), 1_000)).toBeLessThanOrEqual(0);
  });

  it('lets edits burst up to the minute’s budget across channels, then waits for the oldest to age out', () => {
    const pace = new SlackPace(1_000);
    for (let i = 0; i < EDITS_PER_MINUTE - 1; i++) pace.calling(edit(`C${i}`), i)(true, i);
    // a failed edit gives its place back
    const failed = pace.calling(edit('Cx'), 100);
    expect(pace.waitMs(edit('Cy'), 100)).toBe(60_000 - 100);
    failed(false, 100);
    expect(pace.waitMs(edit('Cy'), 100)).toBeLessThanOrEqual(0);
    pace.calling(edit('Cy'), 100)(true, 100);
    expect(pace.waitMs(edit('Cz'), 30_000)).toBe(30_000);
    expect(pace.waitMs(edit('Cz'), 60_000)).toBeLessThanOrEqual(0);
  });
});
