import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', 'portal/**', 'test-artifacts/**'],
    // One embedded PostgreSQL and one Temporal dev server per run, on free ports.
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-runtime.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
