import { describe, expect, it } from 'vitest';
import { closest, nearest } from '../../src/messages/closest.ts';

/**
 * "Did you mean": equally close names are offered all or none, never one picked by the alphabet
 * (operator trial: `/drain compute9` offered compute1 of four computeN hosts).
 */

const HOSTS = ['compute1', 'compute2', 'compute3', 'compute4'];

describe('did you mean', () => {
  it('names the nearest, every one of a few that tie, and none of many', () => {
    expect(nearest('comptue1', HOSTS)).toEqual(['compute1']);
    expect(nearest('rack-z', ['rack-a', 'rack-b'])).toEqual(['rack-a', 'rack-b']);
    expect(nearest('compute9', HOSTS)).toEqual([]);
    expect(nearest('zzzzzzzz', HOSTS)).toEqual([]);
  });

  // the operator trial: `/migrate CACHE-2` offered "cache-2, cache-1"
  it('offers only the name typed in another case when there is one', () => {
    expect(closest('CACHE-2', ['cache-1', 'cache-2', 'cache-3'])).toEqual(['cache-2']);
    expect(closest('Compute1', HOSTS)).toEqual(['compute1']);
  });

  it('never cuts a tie at the count', () => {
    expect(closest('compute9', HOSTS, 1)).toEqual([]);
    expect(closest('compute9', HOSTS, 3)).toEqual([]);
    expect(closest('compute9', HOSTS, 4)).toEqual(HOSTS);
    expect(closest('comptue1', HOSTS, 1)).toEqual(['compute1']);
    expect(closest('--cold', ['--cold-fallback', '--concurrency'], 1)).toEqual(['--cold-fallback']);
  });
});
