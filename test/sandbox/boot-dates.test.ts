import { afterEach, beforeEach, expect, it } from 'vitest';
import { consoleOutput } from '../../src/sandbox/console-output.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

// A bigger cloud (benchmarks, the large profile) adds servers past the 30th: each must have booted
// already, or its console prints nothing and every console proof of it waits its whole deadline.
it('boots every added server in the past, however many there are, so its console ticks', () => {
  const { cloud } = fx.sandbox;
  const added = Array.from({ length: 40 }, (_, i) =>
    cloud.addServer({
      name: `many-${i}`,
      host: 'compute3',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    }),
  );
  for (const server of added) {
    expect(server.created).toBeLessThan(fx.clock.now());
    const { output } = consoleOutput(cloud, server, { length: 3 }).body as { output: string };
    expect(output).toMatch(/^tick \d+\ntick \d+\ntick \d+\n$/);
  }
});
