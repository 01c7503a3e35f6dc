import { defineConfig } from 'vitest/config';

// `npm test`: pure Node, fast. The real-Spark suite (test/spark-real/) has its own config,
// vitest.spark.config.ts, run by `npm run test:spark`; so have the installed-package suite
// (test/package/, vitest.package.config.ts, `npm run test:package`) and the headless-Chromium
// suite of the HTML report (test/browser/, vitest.browser.config.ts, `npm run test:browser`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/spark-real/**', 'test/package/**', 'test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
