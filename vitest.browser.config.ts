import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the HTML report (`--report OUT.html`) loaded in Debian's headless
// Chromium (/usr/bin/chromium, or $CHROMIUM), asserting on what it draws (issue 13 §5). One
// browser at a time on 2 cores.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
