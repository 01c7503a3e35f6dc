import { defineConfig } from 'vitest/config';

// `npm test`: pure Node, fast. The real-Spark suite (test/spark-real/) has its own config,
// vitest.spark.config.ts, run by `npm run test:spark`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/spark-real/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
