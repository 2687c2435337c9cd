import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // needs a real OpenStack control plane: npm run test:real-cloud
    exclude: ['test/real-cloud/**', 'node_modules/**'],
    // a rejection nobody handles fails the test it happened in
    setupFiles: ['test/setup/unhandled.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
