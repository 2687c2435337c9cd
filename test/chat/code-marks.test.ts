import { describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { withoutCodeMarks } from '../../src/chat/command.ts';

// the operator trial: `/drain zone-a --skip \`cache-1\`,\`cache-2\`` (names copied from Ferry's own
// messages, each in inline code) was refused as "contains a backtick": a word typed as inline code is
// the word, in a comma-separated list as anywhere else in a command
describe('words typed as Slack inline code', () => {
  it('are the words, alone or in a comma-separated list', () => {
    expect(withoutCodeMarks('`compute1` --skip `cache-1`,`cache-2`')).toBe('compute1 --skip cache-1,cache-2');
    expect(withoutCodeMarks('compute1 --skip=`cache-1`,cache-2')).toBe('compute1 --skip=cache-1,cache-2');
    expect(withoutCodeMarks('compute1 --skip `cache-1,cache-2`')).toBe('compute1 --skip cache-1,cache-2');
    // a backtick inside a word is no code mark: the name is refused as typed
    expect(withoutCodeMarks('--skip ca`che')).toBe('--skip ca`che');
  });

  it('/drain and /evacuate take a --skip list of them', () => {
    expect(parseDrain(withoutCodeMarks('compute1 --skip `cache-1`,`cache-2`'))).toMatchObject({
      kind: 'plan',
      skip: ['cache-1', 'cache-2'],
    });
    expect(parseDrain(withoutCodeMarks('compute1 --skip=`cache-1`,`cache-2`'))).toMatchObject({
      skip: ['cache-1', 'cache-2'],
    });
    expect(
      parseEvacuate(withoutCodeMarks('compute1 --skip `cache-1`,`cache-2` --skip-project `web`,`batch`')),
    ).toMatchObject({ skip: ['cache-1', 'cache-2'], skipProjects: ['web', 'batch'] });
  });
});
