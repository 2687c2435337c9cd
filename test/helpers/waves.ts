import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { SandboxCloud } from '../../src/sandbox/cloud.ts';
import { holdRequests } from '../../src/sandbox/http-server.ts';

/**
 * Runs `work` while the sandbox holds every answer until Ferry's client can send nothing more, then
 * gives all it holds at once: each such round is one wave (requests sent together count one wave,
 * requests that wait for an answer one wave each). No clock decides: a wave ends when every request
 * the client began (undici's diagnostics channels) is held by the sandbox or fully answered, and a
 * whole turn of the event loop passed without a new one.
 */
export async function countWaves<T>(
  cloud: SandboxCloud,
  work: () => Promise<T>,
): Promise<{ result: T; waves: number; requests: number[] }> {
  let begun = 0;
  let ended = 0;
  let held: (() => void)[] = [];
  const onBegun = () => {
    begun += 1;
  };
  const onEnded = () => {
    ended += 1;
  };
  subscribe('undici:request:create', onBegun);
  subscribe('undici:request:trailers', onEnded);
  subscribe('undici:request:error', onEnded);
  holdRequests(cloud, () => new Promise<void>((answer) => held.push(answer)));
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  running.catch(() => {}); // awaited below
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const requests: number[] = [];
  try {
    for (;;) {
      // until the client is waiting on held answers alone: nothing in flight, nothing new for a turn
      for (;;) {
        const before = begun;
        await turn();
        if (settled || (begun === before && ended + held.length === begun)) break;
        if (ended + held.length !== begun) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (settled) break;
      if (held.length === 0) throw new Error('the work waits on something other than the cloud');
      requests.push(held.length);
      const answering = held;
      held = [];
      for (const answer of answering) answer();
    }
    return { result: await running, waves: requests.length, requests };
  } finally {
    holdRequests(cloud, null);
    for (const answer of held) answer();
    unsubscribe('undici:request:create', onBegun);
    unsubscribe('undici:request:trailers', onEnded);
    unsubscribe('undici:request:error', onEnded);
  }
}
