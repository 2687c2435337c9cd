import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // needs a real OpenStack control plane: npm run test:real-cloud
    exclude: ['test/real-cloud/**', 'node_modules/**'],
    // a rejection nobody handles fails the test it happened in
    setupFiles: ['test/setup/unhandled.ts'],
    // a bound on a hang, not a claim about speed (those are `npm run bench`'s): on two loaded cores
    // a drain flow's real HTTP, real processes and real PostgreSQL took past 20 s in CI
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
