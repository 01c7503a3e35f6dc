import { defineConfig } from 'vitest/config';

// `npm run test:package`: the package as a user installs it (issue 13 §1). It packs the project,
// installs the tarball into a temporary project (npm's cache first, the registry for package
// metadata) and runs the README's example there: about 30 s, and it needs the npm registry,
// so it is not part of `npm test`. .ci/run runs it after the other suites.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
