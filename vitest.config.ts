import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['ola/**/*.test.ts', 'tests/**/*.test.ts', 'observer-ui/src/**/*.test.ts'],
    // isolated-vm needs --no-node-snapshot; forks keep native addons out of worker threads
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // the json feeds scripts/test-summary.mjs, which prints the 'N passed, N failed' line ci reads
    reporters: ['default', 'json'],
    outputFile: { json: 'storage/test-results/vitest.json' },
  },
});
