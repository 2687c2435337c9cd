import { defineConfig } from 'vitest/config';

/** `npm run test:real-cloud`: Ferry against the lab's real Nova and QEMU guests (scripts/test-real-cloud.sh brings it up). */
export default defineConfig({
  test: {
    include: ['test/real-cloud/**/*.test.ts'],
    // real moves on two loaded cores, each test checking its guests before and after: minutes, not seconds
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // a failed test runs once more (its guests checked again first, a hung one hard-rebooted): a load
    // spike or a guest the lab's QEMU 7.2 corrupted in a live move (README "A lab fault, not Ferry's")
    // should not fail CI; a failure of Ferry fails twice
    retry: 1,
  },
});
