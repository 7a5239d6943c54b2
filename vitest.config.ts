import { defineConfig } from 'vitest/config';

// Run last and alone (see the 'image' project).
const imageTest = 'tests/docker-image.test.ts';

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', '.data/**', 'portal/**', 'test-artifacts/**', imageTest],
          // One embedded PostgreSQL and one Temporal dev server per run, on free ports.
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          // Generous: a test waiting on workflows can take a minute on two cores shared with the
          // suite's process-spawning tests; a wrong result still fails at once on its assertion.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // After the portal's tests, never beside them: on two cores the process-spawning tests
          // (npm start, the CLI) must not compete with happy-dom for the CPU.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The image test builds the project, installs production dependencies and runs the compiled
        // server and worker: alone at the end, where a minute does it, instead of beside the suite's
        // process-spawning tests, where it has run past fifteen.
        test: {
          name: 'image',
          include: [imageTest],
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
          sequence: { groupOrder: 2 },
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
