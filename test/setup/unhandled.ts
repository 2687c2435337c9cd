import { afterAll, afterEach } from 'vitest';

/**
 * A promise rejected with nobody listening is work that stopped without a word (issue 24): the test
 * that was running when it happened fails, naming what was thrown, instead of passing.
 */
const unhandled: unknown[] = [];

process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
});

async function failOnUnhandled(): Promise<void> {
  // a rejection of the test's last step surfaces on the next turn of the event loop
  await new Promise((resolve) => setImmediate(resolve));
  const found = unhandled.splice(0);
  if (found.length === 0) return;
  const described = found.map((reason) =>
    reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason),
  );
  throw new Error(`${found.length} unhandled rejection(s) during this test:\n${described.join('\n---\n')}`);
}

afterEach(failOnUnhandled);
// what rejects while a file's servers stop counts too
afterAll(failOnUnhandled);
