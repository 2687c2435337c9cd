import { describe, expect, it } from 'vitest';
import { parseMigrations } from '../../commands/migrations.ts';

const USAGE = 'Usage: /migrations [<id> | abort <id> | force <id> | help]';

// the operator trial: `/migrations r-zzz` answered 'Unknown "r-zzz".', where `/drain d-zzzzzz skip …` and
// `/migrations abort …` say that what was typed is not an ID, and what one looks like
describe('/migrations with an ID that is not one', () => {
  it.each([
    ['r-zzz', 'r-zzz is not a request ID (r- and 6 hex digits; /migrations <r-…> shows one).'],
    ['e-12', 'e-12 is not an evacuation ID (e- and 6 hex digits; /migrations <e-…> shows one).'],
    ['m-abcdefg', 'm-abcdefg is not a migration ID (m- and 6 hex digits; /migrations lists them).'],
    ['abort m-zz', 'm-zz is not a migration ID (m- and 6 hex digits; /migrations lists them).'],
    ['force x', 'x is not a migration ID (m- and 6 hex digits; /migrations lists them).'],
  ])('%s says so, with what an ID looks like', (typed, said) => {
    expect(parseMigrations(typed)).toEqual({ kind: 'error', message: `${said}\n${USAGE}` });
  });

  it('still shows an ID of the right form, and guesses a verb for other words', () => {
    expect(parseMigrations('r-1a2b3c')).toEqual({ kind: 'show', id: 'r-1a2b3c' });
    expect(parseMigrations('abrot')).toMatchObject({
      message: expect.stringContaining('Did you mean abort?'),
    });
  });
});

// the operator trial: `/migrations r-560a96 extra` answered 'Unknown "r-560a96".' of a request that exists
describe('/migrations with a word after an ID', () => {
  it.each(['r-560a96 extra', 'm-1a2b3c now', 'e-1a2b3c x', 'r-zzz x'])(
    '%s says the words are too many',
    (typed) => {
      expect(parseMigrations(typed)).toEqual({ kind: 'error', message: `Too many words.\n${USAGE}` });
    },
  );
});
