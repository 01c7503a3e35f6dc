import { defineConfig } from 'vitest/config';

// `npm test`: pure Node, fast. The real-Spark suite (test/spark-real/) has its own config,
// vitest.spark.config.ts, run by `npm run test:spark`; so has the installed-package suite
// (test/package/, vitest.package.config.ts, `npm run test:package`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/spark-real/**', 'test/package/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
