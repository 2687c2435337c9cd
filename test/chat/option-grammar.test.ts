import { describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { parseMaintenance } from '../../commands/maintenance.ts';
import { parseMigrate } from '../../commands/migrate.ts';
import { withoutCodeMarks } from '../../src/chat/command.ts';
import { inLanguage } from '../../src/i18n/index.ts';

// the operator trial (h-grammar28): `/drain compute1 --skip a, b` took `b` for a host to drain (a
// blocked drain posted to the channel, `b` not skipped); `/evacuate` refused `--concurrency=3` that
// /drain took. One grammar reads every command's options.
const parsed = (text: string) => [parseDrain(withoutCodeMarks(text)), parseEvacuate(withoutCodeMarks(text))];

describe('a comma-separated option value, spaced beside its commas', () => {
  it.each([
    'compute1 --skip a, b',
    'compute1 --skip a ,b',
    'compute1 --skip a , b',
    'compute1 --skip=a, b',
    'compute1 --skip `a`, `b`',
    'compute1 --skip `a` ,`b`',
  ])('%s skips a and b, and drains or empties compute1 alone', (text) => {
    const [drain, evacuate] = parsed(text);
    expect(drain).toMatchObject({ kind: 'plan', hosts: ['compute1'], skip: ['a', 'b'] });
    expect(evacuate).toMatchObject({ kind: 'evacuate', host: 'compute1', skip: ['a', 'b'] });
  });

  it('reads --skip-project the same way, and the words after the list as before', () => {
    const [drain, evacuate] = parsed('compute1 --skip-project web, batch --skip x,  y --dry-run');
    expect(drain).toMatchObject({ hosts: ['compute1'], skipProjects: ['web', 'batch'], skip: ['x', 'y'] });
    expect(drain).toMatchObject({ dryRun: true });
    expect(evacuate).toMatchObject({ host: 'compute1', skipProjects: ['web', 'batch'], skip: ['x', 'y'] });
    expect(parseDrain('compute1 --skip a, b compute2')).toMatchObject({
      hosts: ['compute1', 'compute2'],
      skip: ['a', 'b'],
    });
    expect(parseEvacuate('compute1 --skip a, b to compute2')).toMatchObject({
      host: 'compute1',
      destination: 'compute2',
      skip: ['a', 'b'],
    });
  });

  it('refuses a comma with no name after it: bad input changes nothing', () => {
    for (const text of ['compute1 --skip a,', 'compute1 --skip a, --dry-run', 'compute1 --skip a,,b']) {
      for (const answer of parsed(text))
        expect(answer).toMatchObject({
          kind: 'error',
          message: expect.stringContaining(
            '--skip takes server names or IDs separated by commas; a name is missing in',
          ),
        });
    }
  });

  // operator trial h-words29: "takes names or IDs with one between each two commas" was said plainly
  it('says plainly what the list takes and that a name is missing', () => {
    expect(parseDrain('compute1 --skip a,,b')).toMatchObject({
      message: expect.stringContaining(
        '--skip takes server names or IDs separated by commas; a name is missing in "a,,b".',
      ),
    });
    expect(parseEvacuate('compute1 --skip-project web,')).toMatchObject({
      message: expect.stringContaining(
        '--skip-project takes project names or IDs separated by commas; a name is missing in "web,".',
      ),
    });
    expect(inLanguage('zh-CN', () => parseDrain('compute1 --skip a,,b'))).toMatchObject({
      message: expect.stringContaining('--skip 接受用逗号分隔的云主机名称或 ID；“a,,b”中缺少一个名称。'),
    });
  });

  it('leaves free text alone: a reason keeps its commas and spaces', () => {
    expect(parseMaintenance('compute1 saturday 02:00 for 2h kernel, then firmware')).toMatchObject({
      kind: 'schedule',
      host: 'compute1',
      reason: 'kernel, then firmware',
    });
  });
});

describe('--flag=value, in every command with options', () => {
  it('/evacuate takes it for each option with a value, as /drain does', () => {
    expect(
      parseEvacuate('compute1 --concurrency=3 --max-copy=50 --window=w-1a2b3c --skip=a,b --skip-project=web'),
    ).toMatchObject({
      kind: 'evacuate',
      concurrency: 3,
      maxCopyGb: 50,
      windowId: 'w-1a2b3c',
      skip: ['a', 'b'],
      skipProjects: ['web'],
    });
    expect(parseDrain('compute1 --concurrency=3 --max-copy=50 --window=w-1a2b3c')).toMatchObject({
      concurrency: 3,
      maxCopyGb: 50,
      windowId: 'w-1a2b3c',
    });
    expect(parseMigrate('server-x --max-copy=50')).toMatchObject({ kind: 'move', maxCopyGb: 50 });
    expect(parseEvacuate('compute1 --concurrency=11')).toMatchObject({
      message: expect.stringContaining('--concurrency takes a whole number from 1 to 10, got "11".'),
    });
  });

  it('refuses a value given to an option that takes none, in each command', () => {
    expect(parseDrain('compute1 --dry-run=no')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('--dry-run takes no value: got "--dry-run=no".'),
    });
    expect(parseEvacuate('compute1 --reenable=no')).toMatchObject({
      message: expect.stringContaining('--reenable takes no value: got "--reenable=no".'),
    });
    expect(parseMigrate('server-x --cold=yes')).toMatchObject({
      message: expect.stringContaining('--cold takes no value: got "--cold=yes".'),
    });
  });
});

describe('/evacuate <e-…>', () => {
  it('shows that evacuation, as /drain <d-…> shows a drain; a word after the ID is refused', () => {
    expect(parseEvacuate('E-1A2B3C')).toEqual({ kind: 'show', id: 'e-1a2b3c' });
    expect(parseDrain('D-1A2B3C')).toEqual({ kind: 'show', id: 'd-1a2b3c' });
    expect(parseEvacuate('e-1a2b3c --dry-run')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining("e-1a2b3c is an evacuation's ID: /evacuate e-1a2b3c shows it"),
    });
    // a host whose name only starts like one is a host
    expect(parseEvacuate('e-rack1')).toMatchObject({ kind: 'evacuate', host: 'e-rack1' });
  });
});
