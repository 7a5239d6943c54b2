import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', '.data/**', 'portal/**', 'test-artifacts/**'],
          // One embedded PostgreSQL and one Temporal dev server per run, on free ports.
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // After the portal's tests, never beside them: on two cores the process-spawning tests
          // (npm start, the CLI) must not compete with happy-dom for the CPU.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The portal's component and store tests: a browser-like DOM, the Vue plugin, no services.
        extends: './portal/vite.config.ts',
        test: {
          name: 'portal',
          environment: 'happy-dom',
          include: ['portal/src/**/*.test.ts'],
          setupFiles: ['portal/src/test-support/setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
