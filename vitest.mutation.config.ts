import { defineConfig } from 'vitest/config';

// The test set of `npm run mutation` (StrykerJS, stryker.config.json; issue 11 §1): the property
// campaigns of test/mutation/, the simulator's own unit tests, and the event-log tests that read
// real and written logs (the only tests that reach src/trace's reader and writer). Not `npm test`'s
// config: that one runs everything.
export default defineConfig({
  test: {
    include: [
      'test/mutation/**/*.test.ts',
      'test/spark/**/*.test.ts',
      'test/streaming/**/*.test.ts',
      'test/trace/**/*.test.ts',
      'test/invariants/real-event-logs.test.ts',
    ],
    testTimeout: 120_000,
    // One module graph for all files and all of StrykerJS's runs: mutants are switched at run time
    // (mutant schemata), so nothing needs re-importing between them, and the JIT stays warm.
    isolate: false,
  },
});
