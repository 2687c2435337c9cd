import { defineConfig } from 'vitest/config';

/** `npm run test:real-cloud`: Ferry against the lab's real Nova and QEMU guests (scripts/test-real-cloud.sh brings it up). */
export default defineConfig({
  test: {
    include: ['test/real-cloud/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
