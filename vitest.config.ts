import { defineConfig } from 'vitest/config';

// One run for every package. Store suites talk to real engines; browser suites drive the
// system Chromium. Files run in parallel across 2 workers (the machine has 2 cores).
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'scripts/**/*.test.ts',
      'docs/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
