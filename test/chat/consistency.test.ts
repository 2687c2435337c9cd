import { describe, expect, it } from 'vitest';
import { contradictionsIn } from '../helpers/consistency.ts';

describe('the contradiction check itself', () => {
  it('catches what the first version said', () => {
    expect(
      contradictionsIn(
        [
          '❌ *Destination exists*: compute9 is not a compute host of this cloud.',
          '✅ *nova-compute up and enabled*: nova-compute is up on compute1 and up and enabled on compute9.',
        ].join('\n'),
      ),
    ).toEqual([expect.stringMatching(/^compute9 is unknown, yet passed/)]);
    expect(
      contradictionsIn('⚠️ *Storage*: forced.\n🔍 *Dry run*: nothing was requested. Every check passed.'),
    ).toHaveLength(1);
    expect(
      contradictionsIn('✅ *Host configuration (a)*: fine\n❌ *Host configuration (a)*: broken'),
    ).toEqual(['Host configuration (a) shown as ✅ and ❌']);
    expect(contradictionsIn('✅ *Permission*: ok\n⚠️ *Storage*: forced\n1 warning(s).')).toEqual([]);
  });
});
