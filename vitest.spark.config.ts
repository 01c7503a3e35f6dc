import { defineConfig } from 'vitest/config';

// `npm run test:spark`: the real-Spark suite (issue 10). It needs Java 17 and the runner built by
// `npm run build:spark`; files run one after another (one runner JVM at a time on 2 cores).
export default defineConfig({
  test: {
    include: ['test/spark-real/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
