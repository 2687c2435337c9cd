import { describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { parseMigrate } from '../../commands/migrate.ts';

// the operator trial: `/evacuate compute1 --cold-fallback --cold-fallback` and `/migrate … --cold --cold`
// were accepted, where /drain refused an option given twice
describe('an option given twice, in every command', () => {
  it.each([
    ['/migrate', () => parseMigrate('server-x to compute2 --cold --cold'), '--cold'],
    ['/migrate', () => parseMigrate('server-x --max-copy 10 --max-copy=20'), '--max-copy'],
    ['/evacuate', () => parseEvacuate('compute1 --cold-fallback --cold-fallback'), '--cold-fallback'],
    ['/evacuate', () => parseEvacuate('compute1 --concurrency 2 --concurrency=3'), '--concurrency'],
    ['/drain', () => parseDrain('compute1 --reboot --reboot'), '--reboot'],
  ])('%s refuses %#', (command, parse, flag) => {
    expect(parse()).toEqual({
      kind: 'error',
      message: expect.stringMatching(
        new RegExp(`^${flag} is given twice: give it once\\.\\nUsage: ${command} `),
      ),
    });
  });

  it('asks for one --skip with the names comma-separated', () => {
    expect(parseEvacuate('compute1 --skip a --skip b')).toMatchObject({
      message: expect.stringContaining(
        '--skip is given twice: give it once, with the names comma-separated.',
      ),
    });
  });

  it('still takes each option once, and leaves an unknown one to its "did you mean"', () => {
    expect(parseEvacuate('compute1 --cold-fallback --concurrency 3')).toMatchObject({ kind: 'evacuate' });
    expect(parseMigrate('server-x --cold --dry-run')).toMatchObject({ kind: 'move', mode: 'cold' });
    expect(parseEvacuate('compute1 --cold --cold')).toMatchObject({
      message: expect.stringContaining('Unknown option --cold. Did you mean --cold-fallback?'),
    });
  });
});
